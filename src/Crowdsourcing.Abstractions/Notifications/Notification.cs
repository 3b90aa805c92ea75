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

    /// <summary>
    /// A dead letter: given up after a permanent failure or when its retry window ran out. It keeps its attempt history
    /// (<see cref="Notification.History"/>) and is delivered again only when it is requeued.
    /// </summary>
    Failed = 2,
}

/// <summary>One failed delivery attempt of a <see cref="Notification"/>, kept in its <see cref="Notification.History"/>.</summary>
/// <param name="Number">The attempt's number, from 1.</param>
/// <param name="At">When the attempt failed.</param>
/// <param name="By">The instance (lease owner) that made the attempt.</param>
/// <param name="Error">What failed, in words; at most <see cref="Notification.MaxErrorLength"/> characters (longer errors are cut).</param>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, string By, string Error);

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
        QueuedAt = createdAt;
    }

    /// <summary>The most failed attempts <see cref="History"/> keeps: 20 (the latest; <see cref="Attempts"/> counts them all).</summary>
    public const int MaxHistory = 20;

    /// <summary>The longest error text kept per attempt: 2,000 characters (longer errors are cut, ending with "…").</summary>
    public const int MaxErrorLength = 2000;

    /// <inheritdoc/>
    public string Id { get; init => field = Guard.Key(value, nameof(Notification), nameof(Id)); }

    /// <summary>The channel that delivers it, for example <c>email</c> or <c>webhook</c>.</summary>
    public string Channel { get; init => field = Guard.Key(value, nameof(Notification), nameof(Channel)); }

    /// <summary>The participant it is for.</summary>
    public string RecipientId { get; init => field = Guard.Id(value, nameof(Notification), nameof(RecipientId)); }

    /// <summary>What it is about, for example <c>assignment-created</c>, <c>reminder</c>, <c>escalation</c>, <c>contact</c>.</summary>
    public string Kind { get; init => field = Guard.Key(value, nameof(Notification), nameof(Kind)); }

    /// <summary>The subject line: at most <see cref="Limits.MaxNotificationSubjectLength"/> characters.</summary>
    public string Subject { get; init => field = Guard.Text(value, nameof(Notification), nameof(Subject), Limits.MaxNotificationSubjectLength); }

    /// <summary>The body text (may be empty): at most <see cref="Limits.MaxNotificationBodyLength"/> characters.</summary>
    public string Body { get; init => field = Guard.OptionalText(value, nameof(Notification), nameof(Body), Limits.MaxNotificationBodyLength) ?? throw new ValidationFailedException(nameof(Body), "Notification.Body must not be null (it may be empty)."); }

    /// <summary>When it was enqueued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where it is in its delivery.</summary>
    public NotificationStatus Status { get; init => field = Guard.Defined(value, nameof(Notification), nameof(Status)); }

    /// <summary>How many delivery attempts were made.</summary>
    public int Attempts { get; init => field = Guard.NonNegative(value, nameof(Notification), nameof(Attempts)); }

    /// <summary>The earliest time of the next attempt. Defaults to <see cref="CreatedAt"/>: a notification is due when
    /// it is enqueued, and a value left out (in JSON) or set to <see langword="default"/> reads as <see cref="CreatedAt"/>.</summary>
    public DateTimeOffset NextAttemptAt { get; init => field = value == default ? CreatedAt : value; }

    /// <summary>When its retry window began: when it was enqueued, or when it was last requeued. Defaults to
    /// <see cref="CreatedAt"/> (a value left out, in JSON, reads as <see cref="CreatedAt"/>). The dispatcher keeps
    /// retrying a failing notification until this time plus its retry window.</summary>
    public DateTimeOffset QueuedAt { get; init => field = value == default ? CreatedAt : value; }

    /// <summary>The latest failed attempts, oldest first (at most <see cref="MaxHistory"/>).</summary>
    public IReadOnlyList<DeliveryAttempt> History { get; init => field = Guard.List(value, nameof(Notification), nameof(History)); } = [];

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
    /// This notification after a failed attempt by <paramref name="leaseOwner"/> at <paramref name="failedAt"/>, its lease
    /// released and the attempt added to <see cref="History"/>: pending again from <paramref name="retryAt"/>, or a dead
    /// letter (<see cref="NotificationStatus.Failed"/>) when that is <see langword="null"/>. The store sets the version.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="leaseOwner"/> or <paramref name="failure"/> is empty.</exception>
    public Notification WithFailure(string leaseOwner, string failure, DateTimeOffset failedAt, DateTimeOffset? retryAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        ArgumentException.ThrowIfNullOrWhiteSpace(failure);
        var error = failure.Length <= MaxErrorLength ? failure : string.Concat(failure.AsSpan(0, MaxErrorLength - 1), "…");
        var history = History.Count < MaxHistory ? History : History.Skip(History.Count - MaxHistory + 1);
        return this with
        {
            Status = retryAt is null ? NotificationStatus.Failed : NotificationStatus.Pending,
            NextAttemptAt = retryAt ?? NextAttemptAt,
            LastError = error,
            History = [.. history, new DeliveryAttempt(Attempts, failedAt, leaseOwner, error)],
            LeaseOwner = null,
            LeaseExpiresAt = null,
            ModifiedBy = leaseOwner,
            ModifiedAt = failedAt,
        };
    }

    /// <summary>This notification's lease held by <paramref name="leaseOwner"/> extended to <paramref name="now"/> +
    /// <paramref name="leaseDuration"/>, without counting an attempt: what an outbox stores when a deliverer renews its
    /// lease right before a send. The store sets the version.</summary>
    /// <exception cref="ArgumentException"><paramref name="leaseOwner"/> is empty, or <paramref name="leaseDuration"/> is not positive.</exception>
    public Notification WithRenewedLease(string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        Guard.Positive(leaseDuration, nameof(Notification), nameof(LeaseExpiresAt));
        return this with { LeaseOwner = leaseOwner, LeaseExpiresAt = now + leaseDuration, ModifiedBy = leaseOwner, ModifiedAt = now };
    }

    /// <summary>This dead letter pending again, due at <paramref name="now"/> with a new retry window from then, requeued by
    /// <paramref name="requeuedBy"/>. Its attempt count and history are kept. The store sets the version.</summary>
    /// <exception cref="ArgumentException"><paramref name="requeuedBy"/> is empty.</exception>
    /// <exception cref="InvalidStateException">It is not a dead letter (it is pending or delivered).</exception>
    public Notification WithRequeue(string requeuedBy, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requeuedBy);
        if (Status != NotificationStatus.Failed)
        {
            throw new InvalidStateException(
                $"Notification '{Id}' is {Serialization.EnumNames.Of(Status)}, not a dead letter: only failed notifications can be requeued. Nothing was changed.",
                nameof(Notification),
                Id);
        }

        return this with { Status = NotificationStatus.Pending, NextAttemptAt = now, QueuedAt = now, LeaseOwner = null, LeaseExpiresAt = null, ModifiedBy = requeuedBy, ModifiedAt = now };
    }

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(Notification), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }
}
