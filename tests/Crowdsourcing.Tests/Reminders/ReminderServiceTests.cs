using Crowdsourcing.Campaigns;
using Crowdsourcing.Notifications;
using Crowdsourcing.Reminders;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Tests.Reminders;

public sealed class ReminderServiceTests
{
    private static readonly ReminderPolicy Weekly = new(TimeSpan.FromDays(7), TimeSpan.FromDays(21), 3);

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(6.9, 0, false)]
    [InlineData(7, 1, false)]
    [InlineData(13, 1, false)]
    [InlineData(14, 2, false)]
    [InlineData(21, 3, true)]
    [InlineData(100, 3, true)]
    public void The_schedule_reports_the_latest_reminder_due_and_whether_the_escalation_is_due(double days, int reminder, bool escalation)
    {
        var since = ManualTimeProvider.DefaultStart;

        var due = ReminderDue.At(Weekly, since, since + TimeSpan.FromDays(days));

        Assert.Equal(reminder, due.Reminder);
        Assert.Equal(since + TimeSpan.FromDays(7 * reminder), due.ReminderDueAt);
        Assert.Equal(escalation, due.EscalationDue);
        Assert.Equal(since + TimeSpan.FromDays(21), due.EscalationDueAt);
    }

    [Fact]
    public async Task Reminders_come_every_interval_up_to_the_maximum_and_the_manager_is_escalated_to_after_the_delay_never_twice()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var created = await Scenario.AssignAsync(host, "a-1", "alice", "bob");
        var reminders = host.Get<IReminderService>();
        var ticks = created.CreatedAt.UtcTicks;
        var counts = new List<ReminderRunSummary>();

        foreach (var day in new[] { 6, 7, 7, 10, 14, 21, 21, 28, 60 })
        {
            host.Time.SetUtcNow(created.CreatedAt + TimeSpan.FromDays(day));
            counts.Add(await reminders.RunAsync());
        }

        Assert.Equal([0, 2, 0, 0, 2, 2, 0, 0, 0], counts.Select(c => c.RemindersEnqueued));
        Assert.Equal([0, 0, 0, 0, 0, 2, 0, 0, 0], counts.Select(c => c.EscalationsEnqueued));
        Assert.All(counts, c => Assert.Equal(1, c.PendingAssignments));
        var outbox = await host.OutboxAsync();
        var sent = outbox.Where(n => n.Kind == NotificationKinds.Reminder).ToArray();
        Assert.Equal(6, sent.Length);
        Assert.Contains(sent, n => n.Id == $"reminder:a-1:{ticks}:1:alice" && n.RecipientId == "alice" && n.CreatedAt == created.CreatedAt + TimeSpan.FromDays(7));
        Assert.Contains(sent, n => n.Id == $"reminder:a-1:{ticks}:3:bob" && n.CreatedAt == created.CreatedAt + TimeSpan.FromDays(21));
        var escalations = outbox.Where(n => n.Kind == NotificationKinds.Escalation).ToArray();
        Assert.Equal([$"escalation:a-1:{ticks}:alice", $"escalation:a-1:{ticks}:bob"], escalations.Select(n => n.Id));
        Assert.All(escalations, n => Assert.Equal("boss", n.RecipientId));
        Assert.Equal(6, host.Logs.WithEvent(1400).Count);
        Assert.Equal(2, host.Logs.WithEvent(1401).Count);
        Assert.Equal(6, host.Metrics.Count("Notification", "remind"));
        Assert.Equal(2, host.Metrics.Count("Notification", "escalate"));
    }

    [Fact]
    public async Task After_downtime_only_the_latest_due_reminder_is_sent_and_a_restarted_service_sends_nothing_again()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var created = await Scenario.AssignAsync(host);
        host.Time.SetUtcNow(created.CreatedAt + TimeSpan.FromDays(15));

        var first = await host.Get<IReminderService>().RunAsync();
        var restarted = new ReminderService(host.Store, host.Time, host.Get<Diagnostics.CrowdsourcingDiagnostics>(), host.Get<NotificationComposer>(), host.Get<Microsoft.Extensions.Options.IOptions<Options.CrowdsourcingOptions>>(), host.Get<Crowdsourcing.Access.AccessPolicy>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<ReminderService>.Instance);
        var second = await restarted.RunAsync();

        Assert.Equal(1, first.RemindersEnqueued);
        Assert.Equal(0, second.RemindersEnqueued);
        Assert.Equal($"reminder:a-1:{created.CreatedAt.UtcTicks}:2:alice", Assert.Single(await host.OutboxAsync(), n => n.Kind == NotificationKinds.Reminder).Id);
    }

    [Fact]
    public async Task A_reopened_request_is_pending_again_from_its_failed_assessment_and_final_ones_get_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var created = await Scenario.AssignAsync(host, "a-1");
        await Scenario.AssignAsync(host, "a-2");
        await Scenario.AssignAsync(host, "a-3");
        host.Time.Advance(TimeSpan.FromDays(3));
        var reopenedAt = host.Time.GetUtcNow();
        await host.Assignments.SubmitAsync("a-1", "alice", 1, Scenario.AllMandatoryAnswers());
        await host.Assignments.SubmitAsync("a-2", "alice", 1, [.. Scenario.AllMandatoryAnswers(), new("w1-q3", "3")]);
        await host.Assignments.CancelAsync("a-3", Scenario.Admin);
        host.Time.SetUtcNow(created.CreatedAt + TimeSpan.FromDays(8));

        var early = await host.Get<IReminderService>().RunCampaignAsync(Scenario.CampaignId);
        host.Time.SetUtcNow(reopenedAt + TimeSpan.FromDays(7));
        var due = await host.Get<IReminderService>().RunCampaignAsync(Scenario.CampaignId);

        Assert.Equal(new ReminderRunSummary(1, 0, 0), early);
        Assert.Equal(new ReminderRunSummary(1, 1, 0), due);
        Assert.Contains(await host.OutboxAsync(), n => n.Id == $"reminder:a-1:{reopenedAt.UtcTicks}:1:alice");
    }

    [Fact]
    public async Task An_assignee_without_a_manager_is_not_escalated_and_an_unknown_campaign_is_refused()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var created = await Scenario.AssignAsync(host, "a-1", "carol");
        host.Time.SetUtcNow(created.CreatedAt + TimeSpan.FromDays(30));

        var summary = await host.Get<IReminderService>().RunAsync();

        Assert.Equal(new ReminderRunSummary(1, 1, 0), summary);
        Assert.Single(host.Logs.WithEvent(1402));
        await Assert.ThrowsAsync<NotFoundException>(async () => await host.Get<IReminderService>().RunCampaignAsync("nope"));
    }

    [Fact]
    public async Task A_manager_sees_the_escalations_about_their_reports_once_the_delay_has_passed_and_nobody_else_does()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var created = await Scenario.AssignAsync(host, "a-1", "alice", "carol");
        await Scenario.AssignAsync(host, "a-2", "bob");
        var reminders = host.Get<IReminderService>();
        var delay = (await host.Store.Campaigns.FindAsync(Scenario.CampaignId))!.Reminders.EscalationDelay;

        host.Time.SetUtcNow(created.CreatedAt + delay - TimeSpan.FromMinutes(1));
        Assert.Empty(await ActingAs.As(ActingAs.Person("boss"), () => reminders.ListEscalationsAsync()));

        host.Time.SetUtcNow(created.CreatedAt + delay);
        var seen = await ActingAs.As(ActingAs.Person("boss"), () => reminders.ListEscalationsAsync());
        Assert.Equal([("a-1", "alice"), ("a-2", "bob")], seen.Select(e => (e.AssignmentId, e.ParticipantId)));
        var first = seen[0];
        Assert.Equal(Scenario.CampaignId, first.CampaignId);
        Assert.Equal("Expert alice", first.ParticipantName);
        Assert.Equal(created.CreatedAt, first.PendingSince);
        Assert.Equal(created.CreatedAt + delay, first.EscalatedAt);

        // carol, also on a-1, has no manager; alice is nobody's manager; an administrator has no reports.
        Assert.Empty(await ActingAs.As(ActingAs.Person("alice"), () => reminders.ListEscalationsAsync()));
        Assert.Empty(await ActingAs.As(ActingAs.Administrator(), () => reminders.ListEscalationsAsync()));

        // A submitted request is no longer pending.
        await host.Assignments.SubmitAsync("a-2", "bob", 1, Scenario.AllMandatoryAnswers());
        Assert.Equal(["a-1"], (await ActingAs.As(ActingAs.Person("boss"), () => reminders.ListEscalationsAsync())).Select(e => e.AssignmentId));
    }

    [Fact]
    public async Task Only_an_organiser_of_the_campaign_may_send_its_due_reminders_and_a_refusal_enqueues_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var created = await Scenario.AssignAsync(host, "a-1");
        host.Time.SetUtcNow(created.CreatedAt + TimeSpan.FromDays(30));
        var reminders = host.Get<IReminderService>();
        var before = (await host.OutboxAsync()).Select(n => n.Id).ToList();

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await ActingAs.As(ActingAs.Person("alice"), () => reminders.RunCampaignAsync(Scenario.CampaignId)));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await ActingAs.As(ActingAs.Organiser("someone-else"), () => reminders.RunCampaignAsync(Scenario.CampaignId)));
        Assert.Equal(before, (await host.OutboxAsync()).Select(n => n.Id).ToList());

        var summary = await reminders.RunCampaignAsync(Scenario.CampaignId);
        Assert.True(summary.RemindersEnqueued > 0);
    }

    [Fact]
    public async Task Reminders_are_enqueued_on_the_configured_channel()
    {
        using var host = TestHost.Create(ConfigureWebhookRouting);
        await Scenario.SeedAsync(host);
        var created = await Scenario.AssignAsync(host);
        host.Time.SetUtcNow(created.CreatedAt + TimeSpan.FromDays(7));

        await host.Get<IReminderService>().RunAsync();

        Assert.All(await host.OutboxAsync(), n => Assert.Equal("webhook", n.Channel));
    }

    private static void ConfigureWebhookRouting(IServiceCollection services)
    {
        services.AddSingleton<INotificationChannel>(new Notifications.RecordingChannel("email"));
        services.AddSingleton<INotificationChannel>(new Notifications.RecordingChannel("webhook"));
        services.Configure<NotificationRoutingOptions>(o => o.DefaultChannel = "webhook");
    }
}
