using Crowdsourcing.Roadmap.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crowdsourcing.Roadmap;

/// <summary>Composes the runtime's catalogue: the base, the configured files, then the registered extensions.</summary>
internal static class RoadmapCatalogComposer
{
    public static RoadmapCatalog? Compose(RoadmapOptions options, IEnumerable<RoadmapCatalogExtension> extensions, IServiceProvider services, List<string> failures)
    {
        var baseDirectory = services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root ? root : AppContext.BaseDirectory;
        var catalog = options.UseDefaultCatalog ? RoadmapCatalog.Default : RoadmapCatalog.Empty;
        var failed = failures.Count;
        for (var i = 0; i < options.CatalogFiles.Count; i++)
        {
            var key = $"{RoadmapOptions.SectionName}:CatalogFiles:{i}";
            var file = options.CatalogFiles[i];
            if (string.IsNullOrWhiteSpace(file))
            {
                failures.Add($"{key} is empty.");
                continue;
            }

            var path = Path.GetFullPath(file, baseDirectory);
            if (!File.Exists(path))
            {
                failures.Add($"{key}: the catalogue file '{path}' does not exist.");
                continue;
            }

            try
            {
                catalog = catalog.Extend(RoadmapCatalog.Parse(File.ReadAllText(path), path));
            }
            catch (RoadmapCatalogException ex)
            {
                failures.Add($"{key}: the catalogue file '{path}' cannot be applied: {ex.Message}");
            }
            catch (IOException ex)
            {
                failures.Add($"{key}: the catalogue file '{path}' cannot be read: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                failures.Add($"{key}: the catalogue file '{path}' cannot be read: {ex.Message}");
            }
        }

        var n = 0;
        foreach (var extension in extensions)
        {
            n++;
            try
            {
                catalog = catalog.Extend(extension.Catalog);
            }
            catch (RoadmapCatalogException ex)
            {
                failures.Add($"{RoadmapOptions.SectionName}: the catalogue registered in code (extension {n}) cannot be applied: {ex.Message}");
            }
        }

        if (failures.Count > failed)
        {
            return null;
        }

        try
        {
            catalog.EnsureComplete();
        }
        catch (RoadmapCatalogException ex)
        {
            failures.Add($"{RoadmapOptions.SectionName}: the composed catalogue cannot drive a planner: {ex.Message}");
            return null;
        }

        return catalog;
    }
}
