using System.Collections.Concurrent;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of INotificationOutbox: idempotent enqueue, lease-based claims, completion by the lease owner.
public abstract partial class CrowdsourcingStoreSpecification
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Enqueue_stores_a_pending_notification_as_version_1()
    {
        var notification = Notification("n-1");

        var outcome = await Outbox.EnqueueAsync(notification);

        Assert.True(outcome.Inserted);
        Assert.Equal(Json(notification with { Version = 1 }), Json(outcome.Record));
        var found = await Outbox.FindAsync("n-1");
        Assert.Equal(Json(notification with { Version = 1 }), Json(found!));
        Assert.Equal(NotificationStatus.Pending, found!.Status);
        Assert.Equal(0, found.Attempts);
        Assert.Null(await Outbox.FindAsync("n-2"));
    }

    [Fact]
    public async Task Enqueue_retried_with_the_same_content_stores_it_once()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));

        var retry = await Outbox.EnqueueAsync(Notification("n-1"));

        Assert.False(retry.Inserted);
        Assert.Equal(1, retry.Record.Version);
        Assert.Single(await ToListAsync(Outbox.ListAsync(PageRequest.All)));
    }

    [Fact]
    public async Task Enqueue_retried_after_delivery_is_a_retry_and_does_not_reset_the_delivery()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);
        var delivered = await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0.AddMinutes(1));

        var retry = await Outbox.EnqueueAsync(Notification("n-1"));

        Assert.False(retry.Inserted);
        Assert.Equal(Json(delivered), Json(retry.Record));
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddDays(1), 10, "worker-b", Lease));
    }

    [Fact]
    public async Task Enqueue_with_a_stored_id_and_different_content_throws_DuplicateRecordException()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));

        var ex = await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Outbox.EnqueueAsync(Notification("n-1", body: "Another body")));

        Assert.Equal("Notification", ex.RecordType);
        Assert.Equal("n-1", ex.RecordId);
        Assert.Equal("Please complete your assessment.", (await Outbox.FindAsync("n-1"))!.Body);
    }

    [Fact]
    public async Task Enqueue_with_a_version_other_than_0_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Outbox.EnqueueAsync(Notification("n-1") with { Version = 2 }));

        Assert.Null(await Outbox.FindAsync("n-1"));
    }

    [Fact]
    public async Task ClaimDue_leases_due_notifications_oldest_due_first_and_counts_the_attempt()
    {
        await Outbox.EnqueueAsync(Notification("n-late", due: T0.AddMinutes(2)));
        await Outbox.EnqueueAsync(Notification("n-early", due: T0));
        await Outbox.EnqueueAsync(Notification("n-middle", due: T0.AddMinutes(1)));
        var now = T0.AddMinutes(10);

        var claimed = await Outbox.ClaimDueAsync(now, 10, "worker-a", Lease);

        Assert.Equal(["n-early", "n-middle", "n-late"], claimed.Select(n => n.Id));
        Assert.All(claimed, n =>
        {
            Assert.Equal("worker-a", n.LeaseOwner);
            Assert.Equal(now + Lease, n.LeaseExpiresAt);
            Assert.Equal(1, n.Attempts);
            Assert.Equal(2, n.Version);
            Assert.Equal(NotificationStatus.Pending, n.Status);
        });
        Assert.Equal(Json(claimed[0]), Json((await Outbox.FindAsync("n-early"))!));
    }

    [Fact]
    public async Task ClaimDue_orders_notifications_due_at_the_same_time_by_id()
    {
        foreach (var id in new[] { "n-c", "n-a", "n-b" })
        {
            await Outbox.EnqueueAsync(Notification(id));
        }

        Assert.Equal(["n-a", "n-b"], (await Outbox.ClaimDueAsync(T0, 2, "worker-a", Lease)).Select(n => n.Id));
    }

    [Fact]
    public async Task ClaimDue_leaves_notifications_that_are_not_due_yet()
    {
        await Outbox.EnqueueAsync(Notification("n-now", due: T0));
        await Outbox.EnqueueAsync(Notification("n-tomorrow", due: T0.AddDays(1)));

        Assert.Equal(["n-now"], (await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease)).Select(n => n.Id));
        await Outbox.MarkDeliveredAsync("n-now", "worker-a", T0);
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddDays(1) - TimeSpan.FromTicks(1), 10, "worker-a", Lease));
        Assert.Equal(["n-tomorrow"], (await Outbox.ClaimDueAsync(T0.AddDays(1), 10, "worker-a", Lease)).Select(n => n.Id));
    }

    [Fact]
    public async Task ClaimDue_returns_at_most_maxCount_notifications()
    {
        for (var i = 0; i < 5; i++)
        {
            await Outbox.EnqueueAsync(Notification($"n-{i}"));
        }

        Assert.Equal(3, (await Outbox.ClaimDueAsync(T0, 3, "worker-a", Lease)).Count);
        Assert.Equal(2, (await Outbox.ClaimDueAsync(T0, 3, "worker-b", Lease)).Count);
        Assert.Empty(await Outbox.ClaimDueAsync(T0, 3, "worker-c", Lease));
    }

    [Fact]
    public async Task A_leased_notification_is_not_claimed_again_while_its_lease_holds()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);

        Assert.Empty(await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease));
        Assert.Empty(await Outbox.ClaimDueAsync(T0 + Lease - TimeSpan.FromTicks(1), 10, "worker-b", Lease));
    }

    [Fact]
    public async Task An_expired_lease_lets_another_instance_claim_and_counts_a_second_attempt()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);

        var reclaimed = await Outbox.ClaimDueAsync(T0 + Lease, 10, "worker-b", Lease);

        var n = Assert.Single(reclaimed);
        Assert.Equal("worker-b", n.LeaseOwner);
        Assert.Equal(2, n.Attempts);
        Assert.Equal(3, n.Version);
    }

    [Fact]
    public async Task Two_concurrent_claimers_never_receive_the_same_notification()
    {
        var ids = Enumerable.Range(0, 300).Select(i => $"n-{i:D3}").ToList();
        foreach (var id in ids)
        {
            await Outbox.EnqueueAsync(Notification(id));
        }

        var claims = new ConcurrentBag<(string Owner, string Id)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = new[] { "worker-a", "worker-b" }.Select(owner => Task.Run(async () =>
        {
            await start.Task;
            while (true)
            {
                var batch = await Outbox.ClaimDueAsync(T0, 7, owner, Lease);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var n in batch)
                {
                    claims.Add((owner, n.Id));
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(claimers);

        Assert.Equal(ids, claims.Select(c => c.Id).Order(CodePointComparer.Instance));
        foreach (var (owner, id) in claims)
        {
            Assert.Equal(owner, (await Outbox.FindAsync(id))!.LeaseOwner);
        }
    }

    [Fact]
    public async Task MarkDelivered_by_the_lease_owner_completes_the_notification()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);

        var delivered = await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0.AddMinutes(1));

        Assert.Equal(NotificationStatus.Delivered, delivered.Status);
        Assert.Equal(T0.AddMinutes(1), delivered.DeliveredAt);
        Assert.Equal(3, delivered.Version);
        Assert.Equal(1, delivered.Attempts);
        Assert.Equal(Json(delivered), Json((await Outbox.FindAsync("n-1"))!));
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddDays(1), 10, "worker-b", Lease));
    }

    [Fact]
    public async Task MarkDelivered_by_another_owner_throws_ConcurrencyConflictException_and_changes_nothing()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease));

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkDeliveredAsync("n-1", "worker-b", T0.AddMinutes(1)));

        Assert.Equal("Notification", ex.RecordType);
        Assert.Equal("n-1", ex.RecordId);
        Assert.Equal(claimed.Version, ex.ActualVersion);
        Assert.Equal(Json(claimed), Json((await Outbox.FindAsync("n-1"))!));
    }

    [Fact]
    public async Task MarkDelivered_after_the_lease_expired_and_another_instance_claimed_is_a_conflict_for_the_first_owner()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);
        await Outbox.ClaimDueAsync(T0 + Lease, 10, "worker-b", Lease);

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0 + Lease));

        Assert.Equal("worker-b", ex.ModifiedBy);
        var delivered = await Outbox.MarkDeliveredAsync("n-1", "worker-b", T0 + Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(NotificationStatus.Delivered, delivered.Status);
    }

    [Fact]
    public async Task MarkDelivered_twice_is_a_conflict_the_second_time()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);
        var delivered = await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0.AddMinutes(1));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0.AddMinutes(2)));

        Assert.Equal(Json(delivered), Json((await Outbox.FindAsync("n-1"))!));
    }

    [Fact]
    public async Task MarkDelivered_of_a_notification_that_was_never_claimed_is_a_conflict()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0));
    }

    [Fact]
    public async Task MarkDelivered_and_MarkFailed_of_an_unknown_id_throw_RecordNotFoundException()
    {
        var delivered = await Assert.ThrowsAsync<NotFoundException>(async () => await Outbox.MarkDeliveredAsync("n-404", "worker-a", T0));
        var failed = await Assert.ThrowsAsync<NotFoundException>(async () => await Outbox.MarkFailedAsync("n-404", "worker-a", "smtp down", T0, T0));

        Assert.Equal("Notification", delivered.RecordType);
        Assert.Equal("n-404", failed.RecordId);
    }

    [Fact]
    public async Task MarkFailed_with_a_retry_time_releases_the_lease_and_makes_it_due_again_at_that_time()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);

        var failed = await Outbox.MarkFailedAsync("n-1", "worker-a", "SMTP 451: try later", T0.AddMinutes(1), T0.AddHours(1));

        Assert.Equal(NotificationStatus.Pending, failed.Status);
        Assert.Equal(T0.AddHours(1), failed.NextAttemptAt);
        Assert.Equal("SMTP 451: try later", failed.LastError);
        Assert.Null(failed.LeaseOwner);
        Assert.Equal(3, failed.Version);
        Assert.Equal(Json(failed), Json((await Outbox.FindAsync("n-1"))!));
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddMinutes(59), 10, "worker-b", Lease));
        var retried = Assert.Single(await Outbox.ClaimDueAsync(T0.AddHours(1), 10, "worker-b", Lease));
        Assert.Equal(2, retried.Attempts);
    }

    [Fact]
    public async Task MarkFailed_without_a_retry_time_gives_the_notification_up()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);

        var failed = await Outbox.MarkFailedAsync("n-1", "worker-a", "mailbox does not exist", T0.AddMinutes(1), null);

        Assert.Equal(NotificationStatus.Failed, failed.Status);
        Assert.Equal("mailbox does not exist", failed.LastError);
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddYears(1), 10, "worker-b", Lease));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0));
    }

    [Fact]
    public async Task MarkFailed_by_another_owner_throws_ConcurrencyConflictException_and_changes_nothing()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkFailedAsync("n-1", "worker-b", "not mine", T0, null));

        Assert.Equal(Json(claimed), Json((await Outbox.FindAsync("n-1"))!));
    }

    [Fact]
    public async Task List_yields_notifications_in_id_order_with_keyset_paging()
    {
        foreach (var id in new[] { "n-3", "n-1", "n-2", "n-0" })
        {
            await Outbox.EnqueueAsync(Notification(id));
        }

        Assert.Equal(["n-0", "n-1", "n-2", "n-3"], (await ToListAsync(Outbox.ListAsync(PageRequest.All))).Select(n => n.Id));
        Assert.Equal(["n-2", "n-3"], (await ToListAsync(Outbox.ListAsync(new PageRequest("n-1", 2)))).Select(n => n.Id));
    }

    [Fact]
    public async Task Every_outbox_member_with_a_cancelled_token_throws_and_changes_nothing()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.EnqueueAsync(Notification("n-2"));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(T0, 1, "worker-a", Lease));

        await AssertCancelledAsync(() => Outbox.EnqueueAsync(Notification("n-3"), Cancelled));
        await AssertCancelledAsync(() => Outbox.FindAsync("n-1", Cancelled));
        await AssertCancelledAsync(() => Outbox.ClaimDueAsync(T0, 10, "worker-b", Lease, Cancelled));
        await AssertCancelledAsync(() => Outbox.MarkDeliveredAsync(claimed.Id, "worker-a", T0, Cancelled));
        await AssertCancelledAsync(() => Outbox.MarkFailedAsync(claimed.Id, "worker-a", "cancelled", T0, null, Cancelled));
        await AssertCancelledAsync(Outbox.ListAsync(PageRequest.All, Cancelled));

        Assert.Null(await Outbox.FindAsync("n-3"));
        Assert.Equal(Json(claimed), Json((await Outbox.FindAsync(claimed.Id))!));
        Assert.Equal(1, (await Outbox.FindAsync("n-2"))!.Version);
    }

    [Fact]
    public async Task MarkFailed_adds_the_attempt_to_the_history_with_its_time_and_owner()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);

        var failed = await Outbox.MarkFailedAsync("n-1", "worker-a", "SMTP 451: try later", T0.AddMinutes(1), T0.AddHours(1));

        Assert.Equal([new DeliveryAttempt(1, T0.AddMinutes(1), "worker-a", "SMTP 451: try later")], failed.History);
        Assert.Equal(Json(failed), Json((await Outbox.FindAsync("n-1"))!));
    }

    [Fact]
    public async Task RenewLease_extends_the_lease_of_the_holder_without_counting_an_attempt_and_keeps_others_from_claiming()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease));

        var renewed = await Outbox.RenewLeaseAsync("n-1", "worker-a", claimed.Version, T0 + Lease, Lease);

        Assert.Equal((T0 + Lease + Lease, 1, claimed.Version + 1), (renewed.LeaseExpiresAt, renewed.Attempts, renewed.Version));
        Assert.Equal(Json(renewed), Json((await Outbox.FindAsync("n-1"))!));
        Assert.Empty(await Outbox.ClaimDueAsync(T0 + Lease + TimeSpan.FromMinutes(1), 10, "worker-b", Lease));
        await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0 + Lease + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task RenewLease_after_another_instance_claimed_the_expired_lease_throws_ConcurrencyConflictException_and_changes_nothing()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var mine = Assert.Single(await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease));
        var theirs = Assert.Single(await Outbox.ClaimDueAsync(T0 + Lease, 10, "worker-b", Lease));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.RenewLeaseAsync("n-1", "worker-a", mine.Version, T0 + Lease, Lease));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.RenewLeaseAsync("n-1", "worker-b", mine.Version, T0 + Lease, Lease));

        Assert.Equal(Json(theirs), Json((await Outbox.FindAsync("n-1"))!));
    }

    [Fact]
    public async Task RenewLease_by_the_same_owner_name_after_a_new_claim_is_refused_by_its_version()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var first = Assert.Single(await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease));
        var second = Assert.Single(await Outbox.ClaimDueAsync(T0 + Lease, 10, "worker-a", Lease));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.RenewLeaseAsync("n-1", "worker-a", first.Version, T0 + Lease, Lease));

        Assert.Equal(Json(second), Json((await Outbox.FindAsync("n-1"))!));
    }

    [Fact]
    public async Task RenewLease_of_a_completed_or_unknown_notification_is_refused()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease));
        var delivered = await Outbox.MarkDeliveredAsync("n-1", "worker-a", T0);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.RenewLeaseAsync("n-1", "worker-a", delivered.Version, T0, Lease));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Outbox.RenewLeaseAsync("n-404", "worker-a", claimed.Version, T0, Lease));
    }

    [Fact]
    public async Task Requeue_makes_a_dead_letter_due_now_with_a_new_window_and_keeps_its_history()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);
        var dead = await Outbox.MarkFailedAsync("n-1", "worker-a", "gone", T0.AddMinutes(1), null);

        var requeued = await Outbox.RequeueAsync("n-1", "olga", T0.AddDays(4));

        Assert.Equal((NotificationStatus.Pending, T0.AddDays(4), T0.AddDays(4)), (requeued.Status, requeued.NextAttemptAt, requeued.QueuedAt));
        Assert.Equal((dead.Version + 1, "olga", 1), (requeued.Version, requeued.ModifiedBy, requeued.Attempts));
        Assert.Equal(dead.History, requeued.History);
        Assert.Equal(Json(requeued), Json((await Outbox.FindAsync("n-1"))!));
        var again = Assert.Single(await Outbox.ClaimDueAsync(T0.AddDays(4), 10, "worker-b", Lease));
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task Requeue_of_a_pending_or_delivered_notification_throws_InvalidStateException_and_of_an_unknown_id_NotFoundException()
    {
        await Outbox.EnqueueAsync(Notification("n-pending"));
        await Outbox.EnqueueAsync(Notification("n-delivered"));
        await Outbox.ClaimDueAsync(T0, 1, "worker-a", Lease);
        await Outbox.MarkDeliveredAsync("n-delivered", "worker-a", T0);
        var pending = await Outbox.FindAsync("n-pending");

        await Assert.ThrowsAsync<InvalidStateException>(async () => await Outbox.RequeueAsync("n-pending", "olga", T0));
        await Assert.ThrowsAsync<InvalidStateException>(async () => await Outbox.RequeueAsync("n-delivered", "olga", T0));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Outbox.RequeueAsync("n-404", "olga", T0));

        Assert.Equal(Json(pending!), Json((await Outbox.FindAsync("n-pending"))!));
    }

    [Fact]
    public async Task List_by_status_and_statistics_tell_pending_delivered_and_dead_letters_apart()
    {
        await Outbox.EnqueueAsync(Notification("n-a"));
        await Outbox.EnqueueAsync(Notification("n-b"));
        await Outbox.EnqueueAsync(Notification("n-c") with { QueuedAt = T0.AddMinutes(5), CreatedAt = T0.AddMinutes(5), NextAttemptAt = T0.AddMinutes(5) });
        await Outbox.EnqueueAsync(Notification("n-d"));
        var empty = await Outbox.GetStatisticsAsync();
        await Outbox.ClaimDueAsync(T0, 2, "worker-a", Lease);
        await Outbox.MarkDeliveredAsync("n-a", "worker-a", T0);
        await Outbox.MarkFailedAsync("n-b", "worker-a", "gone", T0, null);

        Assert.Equal(new OutboxStatistics(4, 0, 0, T0), empty);
        Assert.Equal(new OutboxStatistics(2, 1, 1, T0), await Outbox.GetStatisticsAsync());
        Assert.Equal(["n-b"], (await ToListAsync(Outbox.ListAsync(NotificationStatus.Failed, PageRequest.All))).Select(n => n.Id));
        Assert.Equal(["n-a"], (await ToListAsync(Outbox.ListAsync(NotificationStatus.Delivered, PageRequest.All))).Select(n => n.Id));
        Assert.Equal(["n-d"], (await ToListAsync(Outbox.ListAsync(NotificationStatus.Pending, new PageRequest("n-c", 10)))).Select(n => n.Id));
        Assert.Equal(new OutboxStatistics(0, 0, 0, null), await EmptyStatisticsAfterAsync());
    }

    private async Task<OutboxStatistics> EmptyStatisticsAfterAsync()
    {
        // Delivers everything pending, then reads the statistics of an outbox with nothing pending.
        foreach (var n in await Outbox.ClaimDueAsync(T0.AddDays(1), 100, "worker-z", Lease))
        {
            await Outbox.MarkDeliveredAsync(n.Id, "worker-z", T0.AddDays(1));
        }

        var s = await Outbox.GetStatisticsAsync();
        return s with { Delivered = 0, Failed = 0 };
    }

    [Fact]
    public async Task The_new_outbox_members_with_a_cancelled_token_throw_and_change_nothing()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(T0, 1, "worker-a", Lease));

        await AssertCancelledAsync(() => Outbox.RenewLeaseAsync(claimed.Id, "worker-a", claimed.Version, T0, Lease, Cancelled));
        await AssertCancelledAsync(() => Outbox.RequeueAsync(claimed.Id, "olga", T0, Cancelled));
        await AssertCancelledAsync(() => Outbox.GetStatisticsAsync(Cancelled));

        Assert.Equal(Json(claimed), Json((await Outbox.FindAsync(claimed.Id))!));
    }
}
