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
        var failed = await Assert.ThrowsAsync<NotFoundException>(async () => await Outbox.MarkFailedAsync("n-404", "worker-a", "smtp down", T0));

        Assert.Equal("Notification", delivered.RecordType);
        Assert.Equal("n-404", failed.RecordId);
    }

    [Fact]
    public async Task MarkFailed_with_a_retry_time_releases_the_lease_and_makes_it_due_again_at_that_time()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        await Outbox.ClaimDueAsync(T0, 10, "worker-a", Lease);

        var failed = await Outbox.MarkFailedAsync("n-1", "worker-a", "SMTP 451: try later", T0.AddHours(1));

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

        var failed = await Outbox.MarkFailedAsync("n-1", "worker-a", "mailbox does not exist", null);

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

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkFailedAsync("n-1", "worker-b", "not mine", null));

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
        await AssertCancelledAsync(() => Outbox.MarkFailedAsync(claimed.Id, "worker-a", "cancelled", null, Cancelled));
        await AssertCancelledAsync(Outbox.ListAsync(PageRequest.All, Cancelled));

        Assert.Null(await Outbox.FindAsync("n-3"));
        Assert.Equal(Json(claimed), Json((await Outbox.FindAsync(claimed.Id))!));
        Assert.Equal(1, (await Outbox.FindAsync("n-2"))!.Version);
    }
}
