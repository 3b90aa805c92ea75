using Crowdsourcing.Access;
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
    public async Task A_failing_notification_is_retried_with_jittered_backoff_for_its_whole_retry_window_then_kept_as_a_dead_letter_with_its_history()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel, d =>
        {
            d.RetryFor = TimeSpan.FromHours(1);
            d.InitialRetryDelay = TimeSpan.FromSeconds(30);
            d.MaxRetryDelay = TimeSpan.FromMinutes(10);
            d.BreakAfterFailures = 1000;
        });
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        for (var i = 0; i < 1000; i++)
        {
            channel.Failures.Enqueue(new IOException($"connection reset {i + 1}"));
        }

        var dispatcher = host.Get<INotificationDispatcher>();
        var start = host.Time.GetUtcNow();
        var waits = new List<TimeSpan>();
        var summaries = new List<DispatchSummary>();
        Notification stored;
        while (true)
        {
            var before = host.Time.GetUtcNow();
            summaries.Add(await dispatcher.DispatchDueAsync());
            stored = (await host.Store.Outbox.FindAsync("n-1"))!;
            if (stored.Status != NotificationStatus.Pending)
            {
                break;
            }

            waits.Add(stored.NextAttemptAt - before);
            host.Time.SetUtcNow(stored.NextAttemptAt);
        }

        // Each wait lies between half the capped backoff and all of it, and the last attempt is made when the hour is up.
        for (var k = 0; k < waits.Count - 1; k++)
        {
            var backoff = NotificationDispatcher.Backoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), k + 1);
            Assert.InRange(waits[k], backoff / 2, backoff);
        }

        Assert.Equal(start + TimeSpan.FromHours(1), host.Time.GetUtcNow());
        Assert.Equal(NotificationStatus.Failed, stored.Status);
        Assert.Equal(waits.Count + 1, stored.Attempts);
        Assert.Equal(Math.Min(Notification.MaxHistory, stored.Attempts), stored.History.Count);
        Assert.Equal(stored.Attempts, stored.History[^1].Number);
        Assert.Equal(("instance-a", $"IOException: connection reset {stored.Attempts}"), (stored.History[^1].By, stored.History[^1].Error));
        Assert.Equal(host.Time.GetUtcNow(), stored.History[^1].At);
        Assert.Equal(1, summaries[^1].DeadLettered);
        Assert.Empty(channel.Delivered);
        Assert.Single(host.Logs.WithEvent(1502));
    }

    [Fact]
    public async Task With_the_defaults_an_outage_of_several_hours_loses_nothing_and_everything_is_delivered_once_it_ends()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        for (var i = 0; i < 20; i++)
        {
            await host.Store.Outbox.EnqueueAsync(Message(host, $"n-{i:00}"));
        }

        channel.Down = true;
        var dispatcher = host.Get<INotificationDispatcher>();
        var end = host.Time.GetUtcNow() + TimeSpan.FromHours(6);
        while (host.Time.GetUtcNow() < end)
        {
            await dispatcher.DispatchDueAsync();
            host.Time.Advance(TimeSpan.FromSeconds(20));
        }

        channel.Down = false;
        host.Time.Advance(TimeSpan.FromHours(2));
        var after = await dispatcher.DispatchDueAsync();

        Assert.Equal(20, after.Delivered);
        Assert.Equal(20, channel.Delivered.Select(d => d.Notification.Id).Distinct().Count());
        Assert.Equal(20, channel.Delivered.Count);
        Assert.All(await host.OutboxAsync(), n => Assert.Equal(NotificationStatus.Delivered, n.Status));
    }

    [Fact]
    public async Task An_open_circuit_holds_back_the_channels_notifications_without_sending_and_a_probe_after_the_break_closes_it()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel, d =>
        {
            d.BreakAfterFailures = 2;
            d.BreakDuration = TimeSpan.FromMinutes(5);
            d.BatchSize = 10;
        });
        await Scenario.SeedAsync(host);
        for (var i = 0; i < 6; i++)
        {
            await host.Store.Outbox.EnqueueAsync(Message(host, $"n-{i}"));
        }

        channel.Down = true;
        var dispatcher = host.Get<INotificationDispatcher>();
        var opened = await dispatcher.DispatchDueAsync();
        var sendsWhileOpen = channel.Attempts;
        var heldBack = await host.Store.Outbox.FindAsync("n-5");
        channel.Down = false;
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var afterBreak = await dispatcher.DispatchDueAsync();

        Assert.Equal((2, 4, 2), (sendsWhileOpen, opened.Deferred, opened.Retried));
        Assert.StartsWith("Not sent: the circuit of channel 'email' is open until", heldBack!.LastError, StringComparison.Ordinal);
        Assert.Equal(host.Time.GetUtcNow(), heldBack.NextAttemptAt);
        Assert.Single(host.Logs.WithEvent(1504));
        Assert.Equal(6, afterBreak.Delivered);
        Assert.Equal(4, host.Metrics.Measurements("crowdsourcing.outbox.failures").Where(m => m.Tags.Contains("circuit-open")).Sum(m => m.Value));
    }

    [Fact]
    public async Task A_dead_letter_is_listed_and_requeued_by_an_organiser_and_then_delivered_with_its_history_kept()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        channel.Failures.Enqueue(new NotificationDeliveryException("receiver says 410 Gone", isPermanent: true));
        var dispatcher = host.Get<INotificationDispatcher>();
        var outbox = host.Get<IOutboxService>();
        await dispatcher.DispatchDueAsync();

        List<Notification> dead;
        OutboxStatistics statistics;
        Notification requeued;
        InvalidStateException again;
        using (ActorContext.Use(ActingAs.Organiser("organiser")))
        {
            dead = await ToListAsync(outbox.ListAsync(NotificationStatus.Failed));
            statistics = await outbox.GetStatisticsAsync();
            host.Time.Advance(TimeSpan.FromDays(10));
            requeued = await outbox.RequeueAsync("n-1");
            again = await Assert.ThrowsAsync<InvalidStateException>(async () => await outbox.RequeueAsync("n-1"));
        }

        var delivered = await dispatcher.DispatchDueAsync();

        var entry = Assert.Single(Assert.Single(dead).History);
        Assert.Equal((1, "receiver says 410 Gone"), (entry.Number, entry.Error));
        Assert.Equal(new OutboxStatistics(0, 0, 1, null), statistics);
        Assert.Equal((NotificationStatus.Pending, host.Time.GetUtcNow()), (requeued.Status, requeued.QueuedAt));
        Assert.Equal("organiser", requeued.ModifiedBy);
        Assert.Contains("not a dead letter", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, delivered.Delivered);
        var final = await host.Store.Outbox.FindAsync("n-1");
        Assert.Equal((NotificationStatus.Delivered, 2), (final!.Status, final.Attempts));
        Assert.Single(final.History);
    }

    [Fact]
    public async Task A_participant_may_neither_list_nor_requeue_dead_letters_and_the_refusal_changes_nothing()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        channel.Failures.Enqueue(new NotificationDeliveryException("gone", isPermanent: true));
        await host.Get<INotificationDispatcher>().DispatchDueAsync();
        var before = await host.Store.Outbox.FindAsync("n-1");
        var outbox = host.Get<IOutboxService>();

        using (ActorContext.Use(ActingAs.Person("alice")))
        {
            Assert.Throws<AccessDeniedException>(() => outbox.ListAsync(NotificationStatus.Failed));
            await Assert.ThrowsAsync<AccessDeniedException>(async () => await outbox.GetStatisticsAsync());
            await Assert.ThrowsAsync<AccessDeniedException>(async () => await outbox.RequeueAsync("n-1"));
            await Assert.ThrowsAsync<AccessDeniedException>(async () => await outbox.RequeueAllAsync());
        }

        var after = await host.Store.Outbox.FindAsync("n-1");
        Assert.Equal((NotificationStatus.Failed, before!.Version), (after!.Status, after.Version));
    }

    [Fact]
    public async Task Requeue_all_requeues_every_dead_letter_across_pages()
    {
        var channel = new RecordingChannel();
        using var host = TestHost.Create(services =>
        {
            services.AddSingleton<INotificationChannel>(channel);
            services.Configure<CrowdsourcingOptions>(o => o.PageSize = 2);
        });
        await Scenario.SeedAsync(host);
        for (var i = 0; i < 5; i++)
        {
            await host.Store.Outbox.EnqueueAsync(Message(host, $"n-{i}"));
            channel.Failures.Enqueue(new NotificationDeliveryException("gone", isPermanent: true));
        }

        await host.Get<INotificationDispatcher>().DispatchDueAsync();

        var count = await host.Get<IOutboxService>().RequeueAllAsync();

        Assert.Equal(5, count);
        Assert.Equal(new OutboxStatistics(5, 0, 0, host.Time.GetUtcNow()), await host.Get<IOutboxService>().GetStatisticsAsync());
    }

    [Fact]
    public async Task A_dispatch_run_records_the_queue_depth_the_dead_letters_and_the_age_of_the_oldest_pending_notification()
    {
        var channel = new RecordingChannel();
        using var host = Host(channel);
        await Scenario.SeedAsync(host);
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-1"));
        await host.Store.Outbox.EnqueueAsync(Message(host, "n-2"));
        channel.Failures.Enqueue(new IOException("down"));
        channel.Failures.Enqueue(new NotificationDeliveryException("gone", isPermanent: true));
        host.Time.Advance(TimeSpan.FromMinutes(3));

        await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, host.Metrics.Measurements("crowdsourcing.outbox.depth")[^1].Value);
        Assert.Equal(1, host.Metrics.Measurements("crowdsourcing.outbox.dead_letters")[^1].Value);
        Assert.Equal(180, host.Metrics.Measurements("crowdsourcing.outbox.oldest_pending_age")[^1].Value);
        Assert.Equal(1, host.Metrics.Measurements("crowdsourcing.outbox.failures").Where(m => m.Tags.Contains("retry")).Sum(m => m.Value));
        Assert.Equal(1, host.Metrics.Measurements("crowdsourcing.outbox.failures").Where(m => m.Tags.Contains("dead-letter")).Sum(m => m.Value));
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
    [InlineData(8, 3600)]
    [InlineData(100, 3600)]
    public void The_backoff_doubles_with_each_attempt_up_to_its_cap(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), NotificationDispatcher.Backoff(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), attempt));

    [Theory]
    [InlineData(0.0, 900)]
    [InlineData(1.0, 1800)]
    [InlineData(0.5, 1350)]
    public void The_jitter_places_the_wait_between_half_the_backoff_and_all_of_it(double jitter, int seconds)
    {
        var created = ManualTimeProvider.DefaultStart;
        var n = new Notification("n-1", "email", "alice", "test", "S", "B", created) { Attempts = 7 };
        var delivery = new NotificationDeliveryOptions { MaxRetryDelay = TimeSpan.FromMinutes(30) };

        Assert.Equal(created + TimeSpan.FromSeconds(seconds), NotificationDispatcher.RetryTime(n, created, delivery, jitter));
    }

    [Fact]
    public void The_last_retry_is_at_the_end_of_the_window_and_a_failure_after_it_makes_a_dead_letter()
    {
        var created = ManualTimeProvider.DefaultStart;
        var n = new Notification("n-1", "email", "alice", "test", "S", "B", created) { Attempts = 40 };
        var delivery = new NotificationDeliveryOptions();
        var end = created + TimeSpan.FromDays(3);

        Assert.Equal(end, NotificationDispatcher.RetryTime(n, end - TimeSpan.FromMinutes(1), delivery, 1));
        Assert.Null(NotificationDispatcher.RetryTime(n, end, delivery, 0));
        Assert.Equal(end + TimeSpan.FromMinutes(30), NotificationDispatcher.RetryTime(n with { QueuedAt = created + TimeSpan.FromDays(1) }, end, delivery, 0));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
