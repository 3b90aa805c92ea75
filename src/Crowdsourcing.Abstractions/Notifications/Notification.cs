using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Notifications;

/// <summary>Where a notification is in its delivery.</summary>
public enum NotificationStatus
{
    /// <summary>Waiting to be delivered (again, after a failed attempt).</summary>
    Pending = 0,

    /// <summary>Delivered. Final.</summary>
    Delivered = 1,

    /// <summary>Given up on after the allowed attempts. Final.</summary>
    Failed = 2,
}

/// <summary>
/// A message in the durable outbox, written in the same transaction as the change that causes it and delivered later
/// by a channel. Its <see cref="Id"/> is the idempotency key: enqueuing the same id twice stores it once, and channels
/// pass it on so receivers can drop duplicates.
/// </summary>
public sealed record Notification : IVersionedRecord
{
    /// <summary>Creates a pending notification.</summary>
    /// <exception cref="ValidationFailedException">A field is empty.</exception>
    public Notification(string id, string channel, string recipientId, string kind, string subject, string body, DateTimeOffset createdAt)
    {
        Id = id;
        Channel = channel;
        RecipientId = recipientId;
        Kind = kind;
        Subject = subject;
        Body = body;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    /// <inheritdoc/>
    public string Id { get; init => field = Guard.Id(value, nameof(Notification), nameof(Id)); }

    /// <summary>The channel that delivers it, for example <c>email</c> or <c>webhook</c>.</summary>
    public string Channel { get; init => field = Guard.Id(value, nameof(Notification), nameof(Channel)); }

    /// <summary>The participant it is for.</summary>
    public string RecipientId { get; init => field = Guard.Id(value, nameof(Notification), nameof(RecipientId)); }

    /// <summary>What it is about, for example <c>assignment-created</c>, <c>reminder</c>, <c>escalation</c>, <c>contact</c>.</summary>
    public string Kind { get; init => field = Guard.Id(value, nameof(Notification), nameof(Kind)); }

    /// <summary>The subject line.</summary>
    public string Subject { get; init => field = Guard.Text(value, nameof(Notification), nameof(Subject)); }

    /// <summary>The body text.</summary>
    public string Body { get; init => field = value ?? throw new ValidationFailedException(nameof(Body), "Notification.Body must not be null (it may be empty)."); }

    /// <summary>When it was enqueued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where it is in its delivery.</summary>
    public NotificationStatus Status { get; init => field = Guard.Defined(value, nameof(Notification), nameof(Status)); }

    /// <summary>How many delivery attempts were made.</summary>
    public int Attempts { get; init => field = Guard.NonNegative(value, nameof(Notification), nameof(Attempts)); }

    /// <summary>The earliest time of the next attempt. Defaults to <see cref="CreatedAt"/>: a notification is due when
    /// it is enqueued, and a value left out (in JSON) or set to <see langword="default"/> reads as <see cref="CreatedAt"/>.</summary>
    public DateTimeOffset NextAttemptAt { get; init => field = value == default ? CreatedAt : value; }

    /// <summary>Who holds the delivery lease, while an instance is delivering it.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Until when the lease holds; after it another instance may claim the notification.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The last delivery error, in words.</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// This notification leased to <paramref name="leaseOwner"/> for one more delivery attempt, until
    /// <paramref name="now"/> + <paramref name="leaseDuration"/>: what an outbox stores when it claims it. The store sets
    /// the version.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="leaseOwner"/> is empty, or <paramref name="leaseDuration"/> is not positive.</exception>
    public Notification WithClaim(string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        Guard.Positive(leaseDuration, nameof(Notification), nameof(LeaseExpiresAt));
        return this with { LeaseOwner = leaseOwner, LeaseExpiresAt = now + leaseDuration, Attempts = Attempts + 1, ModifiedBy = leaseOwner, ModifiedAt = now };
    }

    /// <summary>This notification delivered at <paramref name="deliveredAt"/> by <paramref name="leaseOwner"/>, its lease released. The store sets the version.</summary>
    /// <exception cref="ArgumentException"><paramref name="leaseOwner"/> is empty.</exception>
    public Notification WithDelivery(string leaseOwner, DateTimeOffset deliveredAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        return this with { Status = NotificationStatus.Delivered, DeliveredAt = deliveredAt, LeaseOwner = null, LeaseExpiresAt = null, ModifiedBy = leaseOwner, ModifiedAt = deliveredAt };
    }

    /// <summary>
    /// This notification after a failed attempt by <paramref name="leaseOwner"/>, its lease released: pending again from
    /// <paramref name="retryAt"/>, or <see cref="NotificationStatus.Failed"/> when that is <see langword="null"/>. The store
    /// sets the version.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="leaseOwner"/> or <paramref name="failure"/> is empty.</exception>
    public Notification WithFailure(string leaseOwner, string failure, DateTimeOffset? retryAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        ArgumentException.ThrowIfNullOrWhiteSpace(failure);
        return this with
        {
            Status = retryAt is null ? NotificationStatus.Failed : NotificationStatus.Pending,
            NextAttemptAt = retryAt ?? NextAttemptAt,
            LastError = failure,
            LeaseOwner = null,
            LeaseExpiresAt = null,
            ModifiedBy = leaseOwner,
            ModifiedAt = null,
        };
    }

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(Notification), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }
}
