using Crowdsourcing.Roadmap;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the roadmap planner.</summary>
public static class RoadmapCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Adds the roadmap planner: a singleton <see cref="RoadmapCatalog"/> composed from <see cref="RoadmapCatalog.Default"/>,
    /// the catalogue files of <see cref="RoadmapOptions.CatalogFiles"/> (bound from <c>Crowdsourcing:Roadmap</c>) and the
    /// <see cref="RoadmapCatalogExtension"/>s registered (<see cref="RoadmapBuilder.AddCatalog(RoadmapCatalog)"/> or directly
    /// in the service collection), in that order; and a singleton <see cref="IRoadmapPlanner"/> over it. The composition is
    /// validated at start. Safe to call more than once: later calls register nothing twice and only run
    /// <paramref name="configure"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(crowd => crowd
    ///     .UseInMemoryStore()
    ///     .AddRoadmap(roadmap => roadmap.AddCatalog(RoadmapCatalog.Parse(File.ReadAllText("our-rules.json")))));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Adds catalogues.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddRoadmap(this CrowdsourcingBuilder builder, Action<RoadmapBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(RoadmapMarker)))
        {
            services.AddSingleton<RoadmapMarker>();
            builder.AddValidatedOptions<RoadmapOptions, RoadmapOptionsValidator>(RoadmapOptions.SectionName);
            services.TryAddSingleton(CreateCatalog);
            services.TryAddSingleton<IRoadmapPlanner>(sp => new RoadmapPlanner(sp.GetRequiredService<RoadmapCatalog>()));
        }

        configure?.Invoke(new RoadmapBuilder(services));
        return builder;
    }

    private static RoadmapCatalog CreateCatalog(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RoadmapOptions>>().Value;
        var extensions = services.GetServices<RoadmapCatalogExtension>().ToList();
        var failures = new List<string>();
        var catalog = RoadmapCatalogComposer.Compose(options, extensions, services, failures)
            ?? throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(RoadmapOptions), failures);
        var logger = services.GetRequiredService<ILogger<RoadmapCatalog>>();
        var rules = catalog.Ids.Count();
        RoadmapLog.CatalogComposed(logger, options.UseDefaultCatalog ? "default" : "empty", options.CatalogFiles.Count, extensions.Count, rules, catalog.Stages.Count);

        return catalog;
    }

    /// <summary>Marks a service collection that <c>AddRoadmap()</c> has configured.</summary>
    private sealed class RoadmapMarker;

}
