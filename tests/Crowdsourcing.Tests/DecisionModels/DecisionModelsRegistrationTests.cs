using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.DecisionModels;

public sealed class DecisionModelsRegistrationTests : IDisposable
{
    private const string PrintedTablesJson = """
        {
          "states": ["poor", "fair", "good"],
          "actions": ["leave-out", "invite"],
          "utility": [[0, -15], [0, 10], [0, 40]],
          "transition": [[0.85, 0.1, 0.05], [0.05, 0.85, 0.1], [0.1, 0.05, 0.8]],
          "interventions": [
            { "name": "email-campaign", "transition": [[0.8, 0.05, 0.15], [0.05, 0.8, 0.15], [0.05, 0.15, 0.9]], "cost": 3, "responseRate": 0.2 }
          ]
        }
        """;

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("crowdsourcing-engine-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_preset_registers_the_paper_model_with_its_prior_and_invite_action()
    {
        using var provider = Build(engine => engine.AddPreset("crowdarb-paper"));

        var registry = provider.GetRequiredService<IDecisionModelRegistry>();
        var model = registry.GetModel("crowdarb-paper");

        Assert.Equal(["crowdarb-paper"], registry.Names);
        Assert.Same(DecisionPresets.Get("crowdarb-paper").Model, model.Model);
        Assert.Equal([0.6, 0.3, 0.1], model.InitialBelief.AsSpan().ToArray());
        Assert.Equal("invite", model.InviteAction);
        Assert.Equal(1, model.InviteActionIndex);
        Assert.Equal("preset 'crowdarb-paper'", model.Source);
    }

    [Fact]
    public void A_preset_can_be_registered_under_another_name_and_names_are_case_insensitive()
    {
        using var provider = Build(engine => engine.AddPreset("CrowdArb-Paper", "sales"));

        var model = provider.GetRequiredService<IDecisionModelRegistry>().GetModel("SALES");

        Assert.Equal("sales", model.Name);
        Assert.Equal(3, model.Model.StateCount);
    }

    [Fact]
    public void A_model_from_code_gets_a_uniform_prior_unless_one_is_given()
    {
        var paper = DecisionPresets.Get("crowdarb-paper").Model;
        using var provider = Build(engine => engine
            .AddModel("plain", paper)
            .AddModel("primed", paper, [0.2, 0.3, 0.5]));

        var registry = provider.GetRequiredService<IDecisionModelRegistry>();

        Assert.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0], registry.GetModel("plain").InitialBelief.AsSpan().ToArray());
        Assert.Equal([0.2, 0.3, 0.5], registry.GetModel("primed").InitialBelief.AsSpan().ToArray());
        Assert.Equal("code", registry.GetModel("plain").Source);
        Assert.Equal(["plain", "primed"], registry.Names);
    }

    [Fact]
    public void Models_come_from_configuration_by_preset_and_by_file()
    {
        var path = Path.Combine(_directory, "paper.json");
        File.WriteAllText(path, DecisionModelJson.Serialize(DecisionPresets.Get("crowdarb-paper")));
        using var provider = Build(
            configuration: Configuration(
                ("Crowdsourcing:DecisionModels:Models:by-preset:Preset", "crowdarb-paper"),
                ("Crowdsourcing:DecisionModels:Models:by-file:Path", path),
                ("Crowdsourcing:DecisionModels:Models:by-file:InitialBelief:0", "0.5"),
                ("Crowdsourcing:DecisionModels:Models:by-file:InitialBelief:1", "0.5"),
                ("Crowdsourcing:DecisionModels:Models:by-file:InitialBelief:2", "0"),
                ("Crowdsourcing:DecisionCycles:ContactPolicy", "response-aware")));

        var registry = provider.GetRequiredService<IDecisionModelRegistry>();
        var options = provider.GetRequiredService<IOptions<DecisionCycleOptions>>().Value;

        Assert.Equal(["by-file", "by-preset"], registry.Names);
        Assert.Equal($"file '{path}'", registry.GetModel("by-file").Source);
        Assert.Equal([0.5, 0.5, 0], registry.GetModel("by-file").InitialBelief.AsSpan().ToArray());
        Assert.Equal([0.6, 0.3, 0.1], registry.GetModel("by-preset").InitialBelief.AsSpan().ToArray());
        Assert.Equal("response-aware", options.ContactPolicy);
    }

    [Fact]
    public async Task Decision_cycle_settings_are_validated_at_start_against_the_registered_policies_and_channels()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:DecisionCycles:ContactPolicy"] = "greedy",
            ["Crowdsourcing:DecisionCycles:ContactChannel"] = "sms",
        });
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddWebhookNotifications(o => { o.Endpoint = new Uri("https://hooks.example.com/x"); o.Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; }));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "Crowdsourcing:DecisionCycles:ContactPolicy: no policy is registered as 'greedy'; registered policies: least-spend, myopic, none, planned, response-aware.",
                "Crowdsourcing:DecisionCycles:ContactChannel: no notification channel is named 'sms'; registered channels: webhook.",
            ],
            ex.Failures);
    }

    [Fact]
    public void A_model_file_without_a_scenario_gets_a_uniform_prior()
    {
        var path = Path.Combine(_directory, "plain.json");
        File.WriteAllText(path, DecisionModelJson.Serialize(DecisionPresets.Get("crowdarb-paper").Model));
        using var provider = Build(engine => engine.AddModelFile("plain", path));

        Assert.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0], provider.GetRequiredService<IDecisionModelRegistry>().GetModel("plain").InitialBelief.AsSpan().ToArray());
    }

    [Fact]
    public void A_model_registered_in_code_replaces_a_configured_one_of_the_same_name()
    {
        var model = DecisionPresets.Get("crowdarb-paper").Model;
        using var provider = Build(
            engine => engine.AddModel("paper", model, [1, 0, 0]),
            Configuration(("Crowdsourcing:DecisionModels:Models:paper:Preset", "crowdarb-paper")));

        var registered = provider.GetRequiredService<IDecisionModelRegistry>().GetModel("paper");

        Assert.Equal("code", registered.Source);
        Assert.Equal([1, 0, 0], registered.InitialBelief.AsSpan().ToArray());
    }

    [Fact]
    public void The_defaults_are_the_myopic_policy_the_email_channel_and_the_intervention_dynamics_for_silent_participants()
    {
        using var provider = Build();

        var options = provider.GetRequiredService<IOptions<DecisionCycleOptions>>().Value;

        Assert.Equal("myopic", options.ContactPolicy);
        Assert.Null(options.ContactChannel);
        Assert.Equal(NonResponderUpdate.InterventionDynamics, options.NonResponderUpdate);
        Assert.Empty(provider.GetRequiredService<IDecisionModelRegistry>().Names);
    }

    [Fact]
    public void The_contact_policy_can_be_chosen_in_code()
    {
        using var provider = Build(services: s => s.Configure<DecisionCycleOptions>(o => o.ContactPolicy = "none"));

        Assert.Equal("none", provider.GetRequiredService<IOptions<DecisionCycleOptions>>().Value.ContactPolicy);
    }

    [Fact]
    public void An_unknown_name_throws_naming_it_and_the_registered_ones()
    {
        using var provider = Build(engine => engine.AddPreset("crowdarb-paper").AddPreset("crowdarb-paper", "sales"));
        var registry = provider.GetRequiredService<IDecisionModelRegistry>();

        var ex = Assert.Throws<DecisionModelNotFoundException>(() => registry.GetModel("marketing"));

        Assert.Equal("No decision model is registered as 'marketing'; registered models: crowdarb-paper, sales.", ex.Message);
        Assert.Equal("marketing", ex.RecordId);
        Assert.Equal(["crowdarb-paper", "sales"], ex.KnownNames);
        Assert.False(registry.TryGetModel("marketing", out _));
        Assert.True(registry.TryGetModel("Sales", out var found));
        Assert.Equal("sales", found.Name);
    }

    [Fact]
    public void An_unknown_name_with_nothing_registered_says_how_to_register_one()
    {
        using var provider = Build();

        var ex = Assert.Throws<DecisionModelNotFoundException>(() => provider.GetRequiredService<IDecisionModelRegistry>().GetModel("paper"));

        Assert.Contains("none is registered", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddPreset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_calls_with_bad_arguments_fail_at_once()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(crowd => crowd.AddDecisionModels(engine =>
        {
            Assert.Contains($"known presets: {string.Join(", ", DecisionPresets.Names)}", Assert.Throws<NotFoundException>(() => engine.AddPreset("paper")).Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => engine.AddModel(" ", DecisionPresets.Get("crowdarb-paper").Model));
            Assert.Throws<ArgumentNullException>(() => engine.AddModel("x", null!));
            Assert.Throws<ArgumentException>(() => engine.AddModelFile("x", ""));
            Assert.Throws<ArgumentNullException>(() => engine.Configure(null!));
        }));
        Assert.Throws<ArgumentNullException>(() => ((CrowdsourcingBuilder)null!).AddDecisionModels());
    }

    [Fact]
    public async Task Every_configuration_failure_is_listed_at_start()
    {
        var invalid = Path.Combine(_directory, "printed.json");
        File.WriteAllText(invalid, PrintedTablesJson);
        var missing = Path.Combine(_directory, "missing.json");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:DecisionModels:Models:unknown:Preset"] = "crowdarb",
            ["Crowdsourcing:DecisionModels:Models:missing:Path"] = missing,
            ["Crowdsourcing:DecisionModels:Models:printed:Path"] = invalid,
            ["Crowdsourcing:DecisionModels:Models:both:Preset"] = "crowdarb-paper",
            ["Crowdsourcing:DecisionModels:Models:both:Path"] = invalid,
            ["Crowdsourcing:DecisionModels:Models:neither:InviteAction"] = "invite",
            ["Crowdsourcing:DecisionModels:Models:short-prior:Preset"] = "crowdarb-paper",
            ["Crowdsourcing:DecisionModels:Models:short-prior:InitialBelief:0"] = "1",
            ["Crowdsourcing:DecisionModels:Models:bad-prior:Preset"] = "crowdarb-paper",
            ["Crowdsourcing:DecisionModels:Models:bad-prior:InitialBelief:0"] = "0.5",
            ["Crowdsourcing:DecisionModels:Models:bad-prior:InitialBelief:1"] = "0.5",
            ["Crowdsourcing:DecisionModels:Models:bad-prior:InitialBelief:2"] = "0.5",
            ["Crowdsourcing:DecisionModels:Models:bad-invite:Preset"] = "crowdarb-paper",
            ["Crowdsourcing:DecisionModels:Models:bad-invite:InviteAction"] = "welcome",
        });
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddDecisionModels());
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        string[] expected =
        [
            "Crowdsourcing:DecisionModels:Models:bad-invite:InviteAction: the model has no action 'welcome'; actions: leave-out, invite.",
            "Crowdsourcing:DecisionModels:Models:bad-prior:InitialBelief is not a probability distribution over the states (poor, fair, good): ",
            $"Crowdsourcing:DecisionModels:Models:both sets Preset 'crowdarb-paper' and Path '{invalid}'; set exactly one source.",
            $"Crowdsourcing:DecisionModels:Models:missing:Path: the model file '{missing}' does not exist.",
            "Crowdsourcing:DecisionModels:Models:neither sets neither Preset nor Path; set exactly one (or register the model in code with AddModel).",
            $"Crowdsourcing:DecisionModels:Models:printed:Path: the model file '{invalid}' is invalid: ",
            "Crowdsourcing:DecisionModels:Models:short-prior:InitialBelief has 1 entries; the model has 3 states (poor, fair, good).",
            $"Crowdsourcing:DecisionModels:Models:unknown:Preset: unknown preset 'crowdarb'; known presets: {string.Join(", ", DecisionPresets.Names)}.",
        ];
        var failures = ex.Failures.ToArray();
        Assert.Equal(expected.Length, failures.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], failures[i], StringComparison.Ordinal);
        }

        Assert.Contains("row 'good' sums to 0.95", failures[5], StringComparison.Ordinal);
        Assert.Contains("sum", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_without_an_invite_action_must_name_one()
    {
        var model = new DecisionModel(
            ["low", "high"],
            ["skip", "include"],
            DecisionMatrix.FromRows([0, -1], [0, 1]),
            DecisionMatrix.FromRows([0.9, 0.1], [0.1, 0.9]),
            [new Intervention("call", DecisionMatrix.FromRows([0.5, 0.5], [0, 1]), cost: 0.1, responseRate: 0.5)]);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddDecisionModels(engine => engine.AddModel("two-state", model)));
        using var failing = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => failing.StartAsync());

        Assert.Equal(["Crowdsourcing:DecisionModels:Models:two-state:InviteAction is not set and the model has no action named 'invite'; name the invite action (actions: skip, include)."], ex.Failures);

        using var provider = Build(engine => engine.AddModel("two-state", model, inviteAction: "include"));
        Assert.Equal(1, provider.GetRequiredService<IDecisionModelRegistry>().GetModel("two-state").InviteActionIndex);
    }

    [Fact]
    public async Task A_valid_configuration_starts_and_stops()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Crowdsourcing:DecisionModels:Models:paper:Preset"] = "crowdarb-paper" });
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddDecisionModels());
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(["paper"], host.Services.GetRequiredService<IDecisionModelRegistry>().Names);
    }

    [Fact]
    public void Calling_it_twice_registers_nothing_twice_and_keeps_both_registrations()
    {
        var once = new ServiceCollection();
        once.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddDecisionModels());
        var twice = new ServiceCollection();
        twice.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddDecisionModels().AddDecisionModels());
        Assert.Equal(Describe(once), Describe(twice));

        var services = new ServiceCollection();
        services.AddCrowdsourcing(crowd => crowd
            .UseInMemoryStore()
            .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper", "a"))
            .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper", "b")));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["a", "b"], provider.GetRequiredService<IDecisionModelRegistry>().Names);
        Assert.NotNull(provider.GetRequiredService<IDecisionCycleService>());
    }

    [Fact]
    public void Calling_it_twice_reports_each_failure_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration(("Crowdsourcing:DecisionModels:Models:x:Preset", "greedy")));
        services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddDecisionModels().AddDecisionModels());
        services.AddCrowdsourcing(crowd => crowd.AddDecisionModels());
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DecisionModelsOptions>>().Value);

        Assert.Single(ex.Failures);
    }

    [Fact]
    public void Registering_a_model_is_logged()
    {
        using var host = Support.TestHost.Create(crowd: crowd => crowd.AddDecisionModels(engine => engine.AddPreset("crowdarb-paper")));

        _ = host.Get<IDecisionModelRegistry>().GetModel("crowdarb-paper");

        var entry = Assert.Single(host.Logs.WithEvent(6000));
        Assert.Equal("Decision model 'crowdarb-paper' registered from preset 'crowdarb-paper': 3 states, 2 actions, 1 interventions", entry.Message);
    }

    private static ServiceProvider Build(Action<DecisionModelsBuilder>? engine = null, IConfiguration? configuration = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        return Build(collection, engine, configuration);
    }

    private static ServiceProvider Build(ServiceCollection services, Action<DecisionModelsBuilder>? engine, IConfiguration? configuration)
    {
        if (configuration is not null)
        {
            services.AddSingleton(configuration);
        }

        services.AddLogging();
        services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddDecisionModels(engine));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static string[] Describe(IServiceCollection services) =>
        [.. services.Select(d => $"{d.ServiceType.FullName}|{d.Lifetime}|{d.ImplementationType?.FullName}")];
}
