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
        var failed = Pending().WithClaim("host-a", Created, TimeSpan.FromMinutes(2)).WithFailure("host-a", "SMTP 451", Created.AddMinutes(30));

        Assert.Equal((NotificationStatus.Pending, Created.AddMinutes(30), "SMTP 451"), (failed.Status, failed.NextAttemptAt, failed.LastError));
        Assert.Null(failed.LeaseOwner);
    }

    [Fact]
    public void A_failure_without_a_retry_time_gives_up()
    {
        var failed = Pending().WithFailure("host-a", "mailbox does not exist", retryAt: null);

        Assert.Equal((NotificationStatus.Failed, Created), (failed.Status, failed.NextAttemptAt));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    public void An_empty_lease_owner_is_refused(string owner)
    {
        Assert.ThrowsAny<ArgumentException>(() => Pending().WithClaim(owner, Created, TimeSpan.FromMinutes(1)));
        Assert.ThrowsAny<ArgumentException>(() => Pending().WithDelivery(owner, Created));
        Assert.ThrowsAny<ArgumentException>(() => Pending().WithFailure(owner, "x", null));
    }

    [Fact]
    public void A_lease_must_last_some_time()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Pending().WithClaim("host-a", Created, TimeSpan.Zero));

        Assert.Contains("Notification.LeaseExpiresAt", ex.Message, StringComparison.Ordinal);
    }
}
