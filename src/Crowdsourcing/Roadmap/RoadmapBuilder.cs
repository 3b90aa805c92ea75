using Crowdsourcing.Roadmap.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Roadmap;

/// <summary>Adds catalogues to the roadmap planner. Given to the callback of <c>CrowdsourcingBuilder.AddRoadmap(...)</c>.</summary>
public sealed class RoadmapBuilder
{
    internal RoadmapBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a catalogue that extends the composed one (applied after those added before it).</summary>
    /// <param name="catalog">The extension.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public RoadmapBuilder AddCatalog(RoadmapCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Services.AddSingleton(new RoadmapCatalogExtension(catalog));
        return this;
    }

    /// <summary>Adds a catalogue created from services when the catalogue is first needed.</summary>
    /// <param name="factory">Creates the extension.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public RoadmapBuilder AddCatalog(Func<IServiceProvider, RoadmapCatalog> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(sp => new RoadmapCatalogExtension(factory(sp)));
        return this;
    }

    /// <summary>Adds a catalogue JSON file, read and validated at start (see <see cref="RoadmapOptions.CatalogFiles"/>).</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public RoadmapBuilder AddCatalogFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Services.Configure<RoadmapOptions>(o => o.CatalogFiles.Add(path));
        return this;
    }

    /// <summary>Starts the composition from <see cref="RoadmapCatalog.Empty"/> instead of <see cref="RoadmapCatalog.Default"/>.</summary>
    /// <returns>This builder.</returns>
    public RoadmapBuilder WithoutDefaultCatalog()
    {
        Services.Configure<RoadmapOptions>(o => o.UseDefaultCatalog = false);
        return this;
    }
}
