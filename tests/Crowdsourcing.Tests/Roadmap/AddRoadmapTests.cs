using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Roadmap;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.Roadmap;

public sealed class AddRoadmapTests : IDisposable
{
    private const string InitiativeSpec = """
        {
          "name": "Product catalogue tagging",
          "goal": "production-work",
          "taskKind": "micro-task",
          "sensitivity": "internal",
          "problemDistance": "adjacent",
          "needs": { "insight": "low", "capability": "low", "expertise": "low", "volume": "high" },
          "market": "b2b",
          "platform": "either"
        }
        """;

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("crowdsourcing-roadmap-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Without_extensions_the_catalogue_is_the_default_and_the_planner_plans_with_it()
    {
        using var provider = Build();

        var catalog = provider.GetRequiredService<RoadmapCatalog>();
        var planner = provider.GetRequiredService<IRoadmapPlanner>();
        var initiative = InitiativeJson.Parse(InitiativeSpec);

        Assert.Equal(RoadmapCatalog.Default.Ids, catalog.Ids);
        Assert.Same(catalog, ((RoadmapPlanner)planner).Catalog);
        Assert.Equal(RoadmapJson.Write(new RoadmapPlanner().Plan(initiative)), RoadmapJson.Write(planner.Plan(initiative)));
    }

    [Fact]
    public void Extensions_from_the_builder_and_from_the_service_collection_apply_in_order()
    {
        var first = RoadmapCatalog.Default.Recommendations[0].Id;
        var second = RoadmapCatalog.Default.Recommendations[1].Id;
        var services = new ServiceCollection();
        services.AddCrowdsourcing(crowd => crowd.AddRoadmap(roadmap => roadmap.AddCatalog(new RoadmapCatalog(removals: [first]))));
        services.AddSingleton(new RoadmapCatalogExtension(new RoadmapCatalog(removals: [second])));
        using var provider = services.BuildServiceProvider();

        var catalog = provider.GetRequiredService<RoadmapCatalog>();

        Assert.DoesNotContain(first, catalog.Ids);
        Assert.DoesNotContain(second, catalog.Ids);
        Assert.Equal(RoadmapCatalog.Default.Ids.Count() - 2, catalog.Ids.Count());
        Assert.DoesNotContain(provider.GetRequiredService<IRoadmapPlanner>().Plan(InitiativeJson.Parse(InitiativeSpec)).Stages.SelectMany(s => s.Recommendations), r => r.Id == first || r.Id == second);
    }

    [Fact]
    public void A_factory_extension_is_created_from_services()
    {
        var removed = RoadmapCatalog.Default.Recommendations[0].Id;
        using var provider = Build(roadmap => roadmap.AddCatalog(sp => new RoadmapCatalog(removals: [sp.GetRequiredService<string>()])), services => services.AddSingleton(removed));

        Assert.DoesNotContain(removed, provider.GetRequiredService<RoadmapCatalog>().Ids);
    }

    [Fact]
    public void Catalogue_files_from_configuration_apply_before_code_extensions()
    {
        var removed = RoadmapCatalog.Default.Recommendations[0].Id;
        var path = Path.Combine(_directory, "ours.json");
        File.WriteAllText(path, $$"""{ "remove": ["{{removed}}"] }""");
        using var provider = Build(configuration: new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Crowdsourcing:Roadmap:CatalogFiles:0"] = path }).Build());

        Assert.DoesNotContain(removed, provider.GetRequiredService<RoadmapCatalog>().Ids);
        Assert.Equal([path], provider.GetRequiredService<IOptions<RoadmapOptions>>().Value.CatalogFiles);
    }

    [Fact]
    public async Task A_bad_composition_fails_at_start_listing_every_failure()
    {
        var missing = Path.Combine(_directory, "missing.json");
        var broken = Path.Combine(_directory, "broken.json");
        File.WriteAllText(broken, "{ not json");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddRoadmap(roadmap => roadmap
            .AddCatalogFile(missing)
            .AddCatalogFile(broken)
            .AddCatalog(new RoadmapCatalog(removals: ["no.such.rule"]))));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failures = ex.Failures.ToArray();
        Assert.Equal(3, failures.Length);
        Assert.Equal($"Crowdsourcing:Roadmap:CatalogFiles:0: the catalogue file '{missing}' does not exist.", failures[0]);
        Assert.StartsWith($"Crowdsourcing:Roadmap:CatalogFiles:1: the catalogue file '{broken}' cannot be applied: ", failures[1], StringComparison.Ordinal);
        Assert.Equal("Crowdsourcing:Roadmap: the catalogue registered in code (extension 1) cannot be applied: The extension removes rule 'no.such.rule', which the catalogue does not have.", failures[2]);
    }

    [Fact]
    public async Task Without_the_default_catalogue_the_extensions_must_define_every_stage()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddRoadmap(roadmap => roadmap.WithoutDefaultCatalog()));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Crowdsourcing:Roadmap: the composed catalogue cannot drive a planner: The catalogue does not define stages ", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_composition_is_logged()
    {
        using var host = Support.TestHost.Create(crowd: crowd => crowd.AddRoadmap());

        var catalog = host.Get<RoadmapCatalog>();

        var entry = Assert.Single(host.Logs.WithEvent(6300));
        Assert.Equal($"Roadmap catalogue composed from the default catalogue, 0 file(s) and 0 extension(s): {catalog.Ids.Count()} rules in 6 stages", entry.Message);
    }

    [Fact]
    public void Calling_it_twice_registers_nothing_twice_and_keeps_both_extensions()
    {
        var once = new ServiceCollection();
        once.AddCrowdsourcing(crowd => crowd.AddRoadmap());
        var twice = new ServiceCollection();
        twice.AddCrowdsourcing(crowd => crowd.AddRoadmap().AddRoadmap());
        Assert.Equal(Describe(once), Describe(twice));

        var first = RoadmapCatalog.Default.Recommendations[0].Id;
        var second = RoadmapCatalog.Default.Recommendations[1].Id;
        using var provider = Build(roadmap => roadmap.AddCatalog(new RoadmapCatalog(removals: [first])), services => services.AddCrowdsourcing(crowd => crowd.AddRoadmap(roadmap => roadmap.AddCatalog(new RoadmapCatalog(removals: [second])))));
        var catalog = provider.GetRequiredService<RoadmapCatalog>();
        Assert.DoesNotContain(first, catalog.Ids);
        Assert.DoesNotContain(second, catalog.Ids);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(crowd => crowd.AddRoadmap(roadmap =>
        {
            Assert.Throws<ArgumentNullException>(() => roadmap.AddCatalog((RoadmapCatalog)null!));
            Assert.Throws<ArgumentNullException>(() => roadmap.AddCatalog((Func<IServiceProvider, RoadmapCatalog>)null!));
            Assert.Throws<ArgumentException>(() => roadmap.AddCatalogFile(" "));
        }));
        Assert.Throws<ArgumentNullException>(() => ((CrowdsourcingBuilder)null!).AddRoadmap());
        Assert.Throws<ArgumentNullException>(() => new RoadmapCatalogExtension(null!));
    }

    private static ServiceProvider Build(Action<RoadmapBuilder>? roadmap = null, Action<IServiceCollection>? more = null, IConfiguration? configuration = null)
    {
        var services = new ServiceCollection();
        if (configuration is not null)
        {
            services.AddSingleton(configuration);
        }

        services.AddCrowdsourcing(crowd => crowd.AddRoadmap(roadmap));
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static string[] Describe(IServiceCollection services) =>
        [.. services.Select(d => $"{d.ServiceType.FullName}|{d.Lifetime}|{d.ImplementationType?.FullName}")];
}
