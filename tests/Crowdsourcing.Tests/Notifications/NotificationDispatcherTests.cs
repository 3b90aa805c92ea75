using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Tests.Notifications;

public sealed class NotificationDispatcherTests
{
    private static TestHost Host(RecordingChannel channel, Action<NotificationDeliveryOptions>? delivery = null) =>
        TestHost.Create(services =>
        {
            services.AddSingleton<INotificationChannel>(channel);
            services.Configure<CrowdsourcingOptions>(o =>
            {
                o.InstanceName = "instance-a";
                delivery?.Invoke(o.Notifications);
            });
        });

    private static Notification Message(TestHost host, string id, string recipient = "alice", string channel = "email") =>
        new(id, channel, recipient, "test", $"Subject {id}", "Body", host.Time.GetUtcNow());

    [Fact]
    public async Task Due_notifications_are_delivered_through_the_named_channel_to_their_recipient_and_marked_delivered()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(new DispatchSummary(2, 2, 0, 0, 0), summary);
        Assert.Equal(["alice", "bob"], channel.Delivered.Select(d => d.Recipient.Id).Order());
        Assert.All(await host.OutboxAsync(), n =>
        {
            Assert.Equal(NotificationStatus.Delivered, n.Status);
            Assert.Equal(host.Time.GetUtcNow(), n.DeliveredAt);
            Assert.Equal("instance-a", n.ModifiedBy);
            Assert.Equal(1, n.Attempts);
        });
        Assert.Equal(2, host.Logs.WithEvent(1500).Count);
        Assert.Equal(2, host.Metrics.Count("Notification", "deliver"));
        Assert.Equal(new DispatchSummary(0, 0, 0, 0, 0), await host.Get<INotificationDispatcher>().DispatchDueAsync());
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_with_exponential_backoff_and_given_up_after_the_last_attempt()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel, d =>
        {
            d.MaxAttempts = 3;
            d.InitialRetryDelay = TimeSpan.FromSeconds(30);
        });
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        for (var i = 0; i < 3; i++)
        {
            channel.Failures.Enqueue(new IOException($"connection reset {i + 1}"));
        }

        var dispatcher = host.Get<INotificationDispatcher>();
        var start = host.Time.GetUtcNow();
        var first = await dispatcher.DispatchDueAsync();
        var afterFirst = await host.Store.Outbox.FindAsync("n-1");
        host.Time.Advance(TimeSpan.FromSeconds(29));
        var tooEarly = await dispatcher.DispatchDueAsync();
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await dispatcher.DispatchDueAsync();
        var afterSecond = await host.Store.Outbox.FindAsync("n-1");
        host.Time.Advance(TimeSpan.FromSeconds(60));
        var third = await dispatcher.DispatchDueAsync();
        var afterThird = await host.Store.Outbox.FindAsync("n-1");

        Assert.Equal(new DispatchSummary(1, 0, 1, 0, 0), first);
        Assert.Equal((NotificationStatus.Pending, start + TimeSpan.FromSeconds(30)), (afterFirst!.Status, afterFirst.NextAttemptAt));
        Assert.Contains("connection reset 1", afterFirst.LastError, StringComparison.Ordinal);
        Assert.Equal(0, tooEarly.Claimed);
        Assert.Equal(new DispatchSummary(1, 0, 1, 0, 0), second);
        Assert.Equal(start + TimeSpan.FromSeconds(30) + TimeSpan.FromSeconds(60), afterSecond!.NextAttemptAt);
        Assert.Equal(new DispatchSummary(1, 0, 0, 1, 0), third);
        Assert.Equal((NotificationStatus.Failed, 3), (afterThird!.Status, afterThird.Attempts));
        Assert.Empty(channel.Delivered);
        Assert.Equal(2, host.Logs.WithEvent(1501).Count);
        Assert.Single(host.Logs.WithEvent(1502));
    }

    [Fact]
    public async Task A_retry_after_a_failure_delivers_with_the_same_idempotency_key()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        channel.Failures.Enqueue(new TimeoutException("slow server"));
        var dispatcher = host.Get<INotificationDispatcher>();

        await dispatcher.DispatchDueAsync();
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var retry = await dispatcher.DispatchDueAsync();

        Assert.Equal(1, retry.Delivered);
        var (notification, _) = Assert.Single(channel.Delivered);
        Assert.Equal("n-1", notification.Id);
        Assert.Equal(2, notification.Attempts);
        Assert.Equal(NotificationStatus.Delivered, (await host.Store.Outbox.FindAsync("n-1"))!.Status);
    }

    [Fact]
    public async Task A_permanent_failure_and_a_missing_recipient_are_given_up_at_once()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-2", recipient: "ghost"));
        channel.Failures.Enqueue(new NotificationDeliveryException("mailbox does not exist", isPermanent: true));

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(new DispatchSummary(2, 0, 0, 2, 0), summary);
        var n1 = await host.Store.Outbox.FindAsync("n-1");
        var n2 = await host.Store.Outbox.FindAsync("n-2");
        Assert.Equal((NotificationStatus.Failed, "mailbox does not exist"), (n1!.Status, n1.LastError));
        Assert.Equal(NotificationStatus.Failed, n2!.Status);
        Assert.Contains("'ghost' does not exist", n2.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_for_a_channel_not_registered_here_is_retried_naming_the_channels_there_are()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1", channel: "sms"));

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Retried);
        var stored = await host.Store.Outbox.FindAsync("n-1");
        Assert.Contains("No notification channel named 'sms' is registered on instance 'instance-a' (registered: email)", stored!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_are_claimed_until_the_outbox_has_nothing_due()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel, d => d.BatchSize = 2);
        await Scenario.SeedAsync(host);
        for (var i = 0; i < 5; i++)
        {
            await host.Store.Outbox.EnqueueAsync(Message(host, $"n-{i}"));
        }

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(new DispatchSummary(5, 5, 0, 0, 0), summary);
        Assert.Equal(5, channel.Delivered.Count);
    }

    [Fact]
    public async Task A_notification_leased_by_another_instance_is_left_alone_until_its_lease_expires()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel, d => d.LeaseDuration = TimeSpan.FromMinutes(2));
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        await host.Store.Outbox.ClaimDueAsync(host.Time.GetUtcNow(), 10, "instance-b", TimeSpan.FromMinutes(2));

        var during = await host.Get<INotificationDispatcher>().DispatchDueAsync();
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var after = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(0, during.Claimed);
        Assert.Equal(1, after.Delivered);
    }

    [Fact]
    public void Two_channels_with_the_same_name_are_refused()
    {
        using var host = TestHost.Create(services =>
        {
            services.AddSingleton<INotificationChannel>(new RecordingChannel("email"));
            services.AddSingleton<INotificationChannel>(new RecordingChannel("email"));
        });

        var atStart = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.Get<Microsoft.Extensions.Options.IOptions<NotificationRoutingOptions>>().Value);
        var ex = Assert.Throws<InvalidStateException>(() => host.Get<INotificationDispatcher>());

        Assert.Contains("Two notification channels are named 'email'", atStart.Message, StringComparison.Ordinal);
        Assert.Contains("'email'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 960)]
    public void The_backoff_doubles_with_each_attempt(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), NotificationDispatcher.Backoff(TimeSpan.FromSeconds(30), attempt));

    [Fact]
    public void The_backoff_is_capped_at_thirty_days() =>
        Assert.Equal(TimeSpan.FromDays(30), NotificationDispatcher.Backoff(TimeSpan.FromHours(1), 100));
}
