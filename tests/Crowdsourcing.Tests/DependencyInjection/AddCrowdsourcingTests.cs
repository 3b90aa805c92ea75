using System.Diagnostics;
using System.Diagnostics.Metrics;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.DependencyInjection;

public sealed class AddCrowdsourcingTests
{
    [Fact]
    public void Returns_a_builder_over_the_same_service_collection()
    {
        var services = new ServiceCollection();

        var builder = services.AddCrowdsourcing();

        Assert.Same(services, builder.Services);
    }

    [Fact]
    public void Runs_the_configure_callback_with_the_builder()
    {
        var services = new ServiceCollection();
        CrowdsourcingBuilder? seen = null;

        var returned = services.AddCrowdsourcing(b => seen = b);

        Assert.Same(returned, seen);
    }

    [Fact]
    public void Calling_it_twice_registers_nothing_twice()
    {
        var once = new ServiceCollection();
        once.AddCrowdsourcing(b => b.UseInMemoryStore());
        var twice = new ServiceCollection();
        twice.AddCrowdsourcing(b => b.UseInMemoryStore());
        twice.AddCrowdsourcing(b => b.UseInMemoryStore());

        Assert.Equal(Describe(once), Describe(twice));
    }

    [Fact]
    public void Calling_it_twice_still_validates_once_and_reports_each_failure_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration(("Crowdsourcing:PageSize", "0")));
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrowdsourcingOptions>>().Value);

        Assert.Single(ex.Failures);
    }

    [Fact]
    public void Binds_options_from_the_Crowdsourcing_section()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration(
            ("Crowdsourcing:InstanceName", "host-a"),
            ("Crowdsourcing:PageSize", "250"),
            ("Crowdsourcing:Notifications:RetryFor", "7.00:00:00"),
            ("Crowdsourcing:Notifications:InitialRetryDelay", "00:00:10")));
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CrowdsourcingOptions>>().Value;

        Assert.Equal("host-a", options.InstanceName);
        Assert.Equal(250, options.PageSize);
        Assert.Equal(TimeSpan.FromDays(7), options.Notifications.RetryFor);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Notifications.InitialRetryDelay);
    }

    [Fact]
    public void Works_without_a_registered_configuration_using_the_defaults()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CrowdsourcingOptions>>().Value;

        Assert.Equal(1000, options.PageSize);
        Assert.Equal(TimeSpan.FromDays(3), options.Notifications.RetryFor);
        Assert.Equal(TimeSpan.FromHours(1), options.Notifications.MaxRetryDelay);
        Assert.Equal((5, TimeSpan.FromMinutes(1)), (options.Notifications.BreakAfterFailures, options.Notifications.BreakDuration));
        Assert.False(string.IsNullOrWhiteSpace(options.InstanceName));
    }

    [Fact]
    public async Task A_host_without_a_store_does_not_start_and_says_which_call_is_missing()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        var resolved = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<Storage.ICampaignStore>());

        Assert.StartsWith("No Crowdsourcing store is configured: call UseInMemoryStore(), UseSqlite(", Assert.Single(ex.Failures), StringComparison.Ordinal);
        Assert.Equal(Assert.Single(ex.Failures), resolved.Message);
    }

    [Fact]
    public async Task With_one_channel_it_is_the_default_and_a_default_naming_an_unregistered_channel_fails_at_start()
    {
        using (var one = new ServiceCollection().AddLogging().AddCrowdsourcing(b => b.UseInMemoryStore().AddWebhookNotifications(o => { o.Endpoint = new Uri("https://hooks.example.com/x"); o.Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; })).Services.BuildServiceProvider())
        {
            var composer = one.GetRequiredService<Crowdsourcing.Notifications.NotificationComposer>();
            Assert.Equal("webhook", composer.DefaultChannel);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(b => b.UseInMemoryStore().AddWebhookNotifications(o => { o.Endpoint = new Uri("https://hooks.example.com/x"); o.Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; }));
        builder.Services.Configure<Crowdsourcing.Notifications.NotificationRoutingOptions>(o => o.DefaultChannel = "email");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Crowdsourcing:NotificationRouting:DefaultChannel is 'email', but no notification channel of that name is registered (registered: webhook).", Assert.Single(ex.Failures));
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_with_every_failure_listed()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:InstanceName"] = " ",
            ["Crowdsourcing:PageSize"] = "-1",
            ["Crowdsourcing:Notifications:RetryFor"] = "00:00:00",
            ["Crowdsourcing:Notifications:MaxRetryDelay"] = "2.00:00:00",
            ["Crowdsourcing:Notifications:BreakAfterFailures"] = "0",
            ["Crowdsourcing:Notifications:BreakDuration"] = "-00:00:01",
            ["Crowdsourcing:Notifications:InitialRetryDelay"] = "-00:00:01",
            ["Crowdsourcing:Notifications:LeaseDuration"] = "00:00:00",
            ["Crowdsourcing:Notifications:BatchSize"] = "20000",
        });
        builder.Services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(9, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:Notifications:RetryFor", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:Notifications:MaxRetryDelay", StringComparison.Ordinal) && f.Contains("1 day", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:Notifications:BreakAfterFailures", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:Notifications:BreakDuration", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:InstanceName", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:PageSize", StringComparison.Ordinal) && f.Contains("-1", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:Notifications:InitialRetryDelay", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:Notifications:LeaseDuration", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Crowdsourcing:Notifications:BatchSize", StringComparison.Ordinal) && f.Contains("20000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_options_let_the_host_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void Uses_the_system_clock_unless_the_host_registered_one()
    {
        var custom = new FixedTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var withCustom = new ServiceCollection();
        withCustom.AddSingleton<TimeProvider>(custom);
        withCustom.AddCrowdsourcing();
        var withDefault = new ServiceCollection();
        withDefault.AddCrowdsourcing();

        using var a = withCustom.BuildServiceProvider();
        using var b = withDefault.BuildServiceProvider();

        Assert.Same(custom, a.GetRequiredService<TimeProvider>());
        Assert.Same(TimeProvider.System, b.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Store_interfaces_resolve_to_the_registered_store()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ICrowdsourcingStore>();

        Assert.Same(store.Campaigns, provider.GetRequiredService<ICampaignStore>());
        Assert.Same(store.Tasks, provider.GetRequiredService<ITaskStore>());
        Assert.Same(store.Participants, provider.GetRequiredService<IParticipantStore>());
        Assert.Same(store.Questionnaires, provider.GetRequiredService<IQuestionnaireStore>());
        Assert.Same(store.Assignments, provider.GetRequiredService<IAssignmentStore>());
        Assert.Same(store.Responses, provider.GetRequiredService<IResponseStore>());
        Assert.Same(store.Beliefs, provider.GetRequiredService<IBeliefStore>());
        Assert.Same(store.Cycles, provider.GetRequiredService<IDecisionCycleStore>());
        Assert.Same(store.Outbox, provider.GetRequiredService<INotificationOutbox>());
        Assert.Same(store, provider.GetRequiredService<ICrowdsourcingStore>());
    }

    [Fact]
    public void Diagnostics_use_an_activity_source_and_a_meter_named_Crowdsourcing()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing();
        using var provider = services.BuildServiceProvider();
        var diagnostics = provider.GetRequiredService<CrowdsourcingDiagnostics>();
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this provider's meter: other tests running in parallel count on meters of the same name.
            if (instrument.Meter.Name == "Crowdsourcing" && ReferenceEquals(instrument.Meter, diagnostics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Crowdsourcing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(activityListener);

        diagnostics.StateChanges.Add(2, new KeyValuePair<string, object?>("record", "Assignment"));
        using var activity = diagnostics.ActivitySource.StartActivity("test");

        Assert.Equal("Crowdsourcing", diagnostics.ActivitySource.Name);
        Assert.Equal("Crowdsourcing", diagnostics.Meter.Name);
        Assert.Equal(2, counted);
        Assert.NotNull(activity);
    }

    [Fact]
    public void Null_services_are_refused()
    {
        IServiceCollection services = null!;

        var ex = Assert.Throws<ArgumentNullException>(() => services.AddCrowdsourcing());

        Assert.Equal("services", ex.ParamName);
    }

    private static string Describe(IServiceCollection services) =>
        string.Join("\n", services.Select(d => $"{d.ServiceType.FullName}|{d.Lifetime}|{d.ImplementationType?.FullName}").Order(StringComparer.Ordinal));

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
