using System.Collections.Concurrent;
using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Hosting;
using Crowdsourcing.Notifications;
using Crowdsourcing.Reminders;
using Crowdsourcing.Tests.DecisionCycles;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.Hosting;

public sealed class BackgroundProcessingTests
{
    [Fact]
    public async Task A_run_enqueues_reminders_runs_the_due_cycles_and_delivers_what_they_enqueued()
    {
        var channel = new RecordingChannel();
        using var world = await CycleWorld.CreateAsync(
            more: b => b.AddBackgroundProcessing(),
            services: s => s.AddSingleton<INotificationChannel>(channel));
        await world.BeliefsAsync(0, ("p1", [1, 0, 0]), ("p2", [0.67, 0, 0.33]), ("p3", [0.67, 0, 0.33]));
        await world.Store.Assignments.InsertAsync(new Assignment("a-1", CycleWorld.CampaignId, "t", "q", new Subject("acme", "ACME"), ["p1"], AssignmentStatus.Draft, world.Start));
        var service = world.Host.Get<CrowdsourcingBackgroundService>();

        var early = await service.RunOnceAsync();
        world.At(1);
        var due = await service.RunOnceAsync();

        Assert.Empty(early.Cycles!.Outcomes);
        Assert.Equal(0, early.Reminders!.RemindersEnqueued);
        Assert.Equal(world.Host.Time.GetUtcNow(), due.At);
        Assert.Empty(due.Errors);
        Assert.Equal([1], due.Cycles!.Outcomes.Select(o => o.Cycle));
        Assert.Equal(1, due.Reminders!.RemindersEnqueued);
        var contacts = due.Cycles.Outcomes[0].Contacts.Select(c => c.ParticipantId).ToArray();
        Assert.Equal(["p2", "p3"], contacts.Order(StringComparer.Ordinal));
        Assert.Equal(contacts.Length + 1, due.Deliveries!.Delivered);
        Assert.Equal(contacts.Length, channel.Delivered.Count(n => n.Kind == "contact"));
        Assert.Single(channel.Delivered, n => n.Kind == NotificationKinds.Reminder && n.RecipientId == "p1");
        Assert.Equal(2, service.CompletedRuns);
        Assert.Equal(2, world.Host.Logs.WithEvent(6201).Count);
        Assert.Contains("Crowdsourcing.Background.Run", world.Host.Metrics.Activities);
    }

    [Fact]
    public async Task A_failing_step_is_logged_and_the_other_steps_still_run()
    {
        var channel = new RecordingChannel();
        using var world = await CycleWorld.CreateAsync(
            more: b => b.AddBackgroundProcessing(),
            services: s => s.AddSingleton<INotificationChannel>(channel).Replace(ServiceDescriptor.Singleton<IReminderService>(new ThrowingReminders())));
        await world.Store.Campaigns.InsertAsync(CycleWorld.Campaign(id: "b-broken", model: "missing"));
        await world.BeliefsAsync(0, ("p2", [0.67, 0, 0.33]));
        world.At(1);

        var run = await world.Host.Get<CrowdsourcingBackgroundService>().RunOnceAsync();

        Assert.Null(run.Reminders);
        Assert.Equal(
        [
            "reminders: The reminder store is unavailable.",
            "decision-cycles: cycle 1 of campaign 'b-broken': No decision model is registered as 'missing'; registered models: crowdarb-paper.",
        ],
        run.Errors);
        Assert.Single(run.Cycles!.Outcomes);
        Assert.Equal(run.Cycles.Outcomes[0].Contacts.Count, run.Deliveries!.Delivered);
        var logged = Assert.Single(world.Host.Logs.WithEvent(6202));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("Crowdsourcing background step 'reminders' failed; the run goes on", logged.Message);
    }

    [Fact]
    public async Task Steps_can_be_switched_off()
    {
        using var host = TestHost.Create(crowd: b => b.AddBackgroundProcessing(o => { o.DeliverNotifications = false; o.RunDecisionCycles = false; }));
        var service = host.Get<CrowdsourcingBackgroundService>();

        var run = await service.RunOnceAsync();

        Assert.NotNull(run.Reminders);
        Assert.Null(run.Cycles);
        Assert.Null(run.Deliveries);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task The_hosted_service_runs_on_the_TimeProviders_schedule_and_survives_failures()
    {
        var time = new ManualTimeProvider();
        var logs = new RecordingLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddCrowdsourcing(b => b.UseInMemoryStore().AddBackgroundProcessing(o =>
        {
            o.Interval = TimeSpan.FromHours(1);
            o.InitialDelay = TimeSpan.FromMinutes(5);
        }));
        builder.Services.Replace(ServiceDescriptor.Singleton<IReminderService>(new ThrowingReminders()));
        using var host = builder.Build();
        var service = host.Services.GetRequiredService<CrowdsourcingBackgroundService>();

        await host.StartAsync();
        await WaitUntilAsync(() => logs.WithEvent(6200).Count == 1);
        Assert.Equal(0, service.CompletedRuns);
        time.Advance(TimeSpan.FromMinutes(5));
        await WaitUntilAsync(() => service.CompletedRuns == 1);
        time.Advance(TimeSpan.FromHours(1));
        await WaitUntilAsync(() => service.CompletedRuns == 2);
        time.Advance(TimeSpan.FromMinutes(59));
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => service.CompletedRuns == 3);
        await host.StopAsync();

        Assert.Equal(3, logs.WithEvent(6202).Count);
        Assert.Single(logs.WithEvent(6203));
    }

    [Fact]
    public async Task Options_are_validated_at_start_listing_every_failure()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(b => b.UseInMemoryStore().AddBackgroundProcessing(o =>
        {
            o.Interval = TimeSpan.Zero;
            o.InitialDelay = TimeSpan.FromSeconds(-1);
            o.MaxCyclesPerCampaign = 0;
            o.RunReminders = false;
            o.RunDecisionCycles = false;
            o.DeliverNotifications = false;
        }));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
        [
            "Crowdsourcing:BackgroundProcessing:Interval must be from 00:00:01 to 1.00:00:00 (value: 00:00:00).",
            "Crowdsourcing:BackgroundProcessing:InitialDelay must be from 00:00:00 to 1.00:00:00 (value: -00:00:01).",
            "Crowdsourcing:BackgroundProcessing:MaxCyclesPerCampaign must be from 1 to 1000 (value: 0).",
            "Crowdsourcing:BackgroundProcessing: RunReminders, RunDecisionCycles and DeliverNotifications are all false; enable at least one, or do not add the background processing.",
        ],
        ex.Failures);
    }

    [Fact]
    public void Options_bind_from_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Crowdsourcing:BackgroundProcessing:Interval"] = "00:10:00", ["Crowdsourcing:BackgroundProcessing:RunReminders"] = "false" })
            .Build());
        services.AddCrowdsourcing(b => b.AddBackgroundProcessing(o => o.MaxCyclesPerCampaign = 3));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BackgroundProcessingOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(10), options.Interval);
        Assert.False(options.RunReminders);
        Assert.Equal(3, options.MaxCyclesPerCampaign);
    }

    [Fact]
    public void Calling_it_twice_adds_one_hosted_service()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore().AddBackgroundProcessing().AddBackgroundProcessing(o => o.Interval = TimeSpan.FromSeconds(30)));

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(CrowdsourcingBackgroundService));
        Assert.Throws<ArgumentNullException>(() => ((CrowdsourcingBuilder)null!).AddBackgroundProcessing());
        using var provider = services.BuildServiceProvider();
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<BackgroundProcessingOptions>>().Value.Interval);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class RecordingChannel : INotificationChannel
    {
        private readonly ConcurrentQueue<Notification> _delivered = new();

        public string Name => "email";

        public IReadOnlyList<Notification> Delivered => _delivered.ToArray();

        public ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
        {
            _delivered.Enqueue(notification);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingReminders : IReminderService
    {
        public ValueTask<ReminderRunSummary> RunAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The reminder store is unavailable.");

        public ValueTask<ReminderRunSummary> RunCampaignAsync(string campaignId, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The reminder store is unavailable.");

        public ValueTask<IReadOnlyList<Escalation>> ListEscalationsAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The reminder store is unavailable.");
    }
}
