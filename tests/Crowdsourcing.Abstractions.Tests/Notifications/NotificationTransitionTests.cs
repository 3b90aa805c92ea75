using Crowdsourcing.Notifications;

namespace Crowdsourcing.Abstractions.Tests.Notifications;

public sealed class NotificationTransitionTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static Notification Pending() => new("n-1", "email", "alice", "reminder", "Subject", "Body", Created) { Version = 3 };

    [Fact]
    public void A_claim_leases_the_notification_and_counts_the_attempt()
    {
        var claimed = Pending().WithClaim("host-a", Created.AddMinutes(5), TimeSpan.FromMinutes(2));

        Assert.Equal(("host-a", Created.AddMinutes(7), 1), (claimed.LeaseOwner, claimed.LeaseExpiresAt, claimed.Attempts));
        Assert.Equal(("host-a", Created.AddMinutes(5)), (claimed.ModifiedBy, claimed.ModifiedAt));
        Assert.Equal((NotificationStatus.Pending, 3L), (claimed.Status, claimed.Version));
    }

    [Fact]
    public void A_delivery_releases_the_lease_and_is_final()
    {
        var delivered = Pending().WithClaim("host-a", Created, TimeSpan.FromMinutes(2)).WithDelivery("host-a", Created.AddMinutes(1));

        Assert.Equal((NotificationStatus.Delivered, Created.AddMinutes(1)), (delivered.Status, delivered.DeliveredAt));
        Assert.Null(delivered.LeaseOwner);
        Assert.Null(delivered.LeaseExpiresAt);
    }

    [Fact]
    public void A_failure_with_a_retry_time_is_pending_again_from_then()
    {
        var failed = Pending().WithClaim("host-a", Created, TimeSpan.FromMinutes(2)).WithFailure("host-a", "SMTP 451", Created.AddMinutes(1), Created.AddMinutes(30));

        Assert.Equal((NotificationStatus.Pending, Created.AddMinutes(30), "SMTP 451"), (failed.Status, failed.NextAttemptAt, failed.LastError));
        Assert.Null(failed.LeaseOwner);
    }

    [Fact]
    public void A_failure_without_a_retry_time_gives_up()
    {
        var failed = Pending().WithFailure("host-a", "mailbox does not exist", Created.AddMinutes(1), retryAt: null);

        Assert.Equal((NotificationStatus.Failed, Created), (failed.Status, failed.NextAttemptAt));
    }

    [Fact]
    public void A_failure_is_added_to_the_history_which_keeps_the_latest_attempts_with_long_errors_cut()
    {
        var n = Pending();
        for (var i = 1; i <= Notification.MaxHistory + 5; i++)
        {
            n = n.WithClaim("host-a", Created, TimeSpan.FromMinutes(1)).WithFailure("host-a", i == 25 ? new string('x', 10_000) : $"failure {i}", Created.AddMinutes(i), Created.AddHours(i));
        }

        Assert.Equal(Notification.MaxHistory, n.History.Count);
        Assert.Equal(Enumerable.Range(6, Notification.MaxHistory), n.History.Select(a => a.Number));
        Assert.Equal((Created.AddMinutes(6), "host-a", "failure 6"), (n.History[0].At, n.History[0].By, n.History[0].Error));
        Assert.Equal(Notification.MaxErrorLength, n.History[^1].Error.Length);
        Assert.EndsWith("…", n.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requeue_makes_a_dead_letter_pending_now_with_a_new_window_and_refuses_anything_else()
    {
        var dead = Pending().WithClaim("host-a", Created, TimeSpan.FromMinutes(1)).WithFailure("host-a", "gone", Created.AddMinutes(1), null);

        var requeued = dead.WithRequeue("olga", Created.AddDays(5));

        Assert.Equal((NotificationStatus.Pending, Created.AddDays(5), Created.AddDays(5)), (requeued.Status, requeued.NextAttemptAt, requeued.QueuedAt));
        Assert.Equal((1, 1, "olga"), (requeued.Attempts, requeued.History.Count, requeued.ModifiedBy));
        var ex = Assert.Throws<InvalidStateException>(() => requeued.WithRequeue("olga", Created.AddDays(6)));
        Assert.Equal("Notification 'n-1' is pending, not a dead letter: only failed notifications can be requeued. Nothing was changed.", ex.Message);
    }

    [Fact]
    public void A_renewed_lease_runs_from_the_renewal_and_does_not_count_an_attempt()
    {
        var renewed = Pending().WithClaim("host-a", Created, TimeSpan.FromMinutes(2)).WithRenewedLease("host-a", Created.AddMinutes(1), TimeSpan.FromMinutes(2));

        Assert.Equal(("host-a", Created.AddMinutes(3), 1), (renewed.LeaseOwner, renewed.LeaseExpiresAt, renewed.Attempts));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    public void An_empty_lease_owner_is_refused(string owner)
    {
        Assert.ThrowsAny<ArgumentException>(() => Pending().WithClaim(owner, Created, TimeSpan.FromMinutes(1)));
        Assert.ThrowsAny<ArgumentException>(() => Pending().WithDelivery(owner, Created));
        Assert.ThrowsAny<ArgumentException>(() => Pending().WithFailure(owner, "x", Created, null));
    }

    [Fact]
    public void A_lease_must_last_some_time()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Pending().WithClaim("host-a", Created, TimeSpan.Zero));

        Assert.Contains("Notification.LeaseExpiresAt", ex.Message, StringComparison.Ordinal);
    }
}
