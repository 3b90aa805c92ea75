using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>The in-memory <see cref="INotificationOutbox"/>.</summary>
/// <remarks>
/// A claim leases each notification it returns (owner, expiry), counts the attempt and adds one to the version; the
/// version's <see cref="Notification.ModifiedBy"/> is the lease owner and <see cref="Notification.ModifiedAt"/> the
/// claim time (the delivery time for a delivery; unknown, so <see langword="null"/>, for a failure, whose call carries
/// no time). Delivering or failing clears the lease. A lease conflict reports the stored version as both the expected
/// and the actual version, because the call does not say which version the deliverer holds.
/// </remarks>
internal sealed class InMemoryNotificationOutbox(Lock gate, RecordTable<Notification> table) : InMemoryRecordStore<Notification>(gate, table), INotificationOutbox
{
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    public ValueTask<InsertOutcome<Notification>> EnqueueAsync(Notification notification, CancellationToken cancellationToken = default) =>
        InsertAsync(notification, cancellationToken);

    /// <summary>Tracks pending notifications so a claim does not scan delivered ones. Called under the lock.</summary>
    protected internal override void OnWritten(Notification stored)
    {
        if (stored.Status == NotificationStatus.Pending)
        {
            _pending.Add(stored.Id);
        }
        else
        {
            _pending.Remove(stored.Id);
        }
    }

    public ValueTask<IReadOnlyList<Notification>> ClaimDueAsync(DateTimeOffset now, int maxCount, string leaseOwner, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var claimed = new List<StoredRecord<Notification>>();
        lock (Gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = new List<Notification>();
            foreach (var id in _pending)
            {
                Table.Rows.TryGet(id, out var row);
                var n = row!.Record;
                if (n.NextAttemptAt <= now && (n.LeaseExpiresAt is null || n.LeaseExpiresAt <= now))
                {
                    due.Add(n);
                }
            }

            due.Sort(static (a, b) =>
            {
                var byDue = a.NextAttemptAt.CompareTo(b.NextAttemptAt);
                return byDue != 0 ? byDue : CodePointComparer.Instance.Compare(a.Id, b.Id);
            });

            foreach (var n in due.Take(maxCount))
            {
                Table.Rows.TryGet(n.Id, out var row);
                var leased = n.WithClaim(leaseOwner, now, leaseDuration) with { Version = n.Version + 1 };
                var write = Table.Store(leased, row!.ContentKey);
                Table.Rows.Set(n.Id, write);
                claimed.Add(write);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<Notification>>(claimed.ConvertAll(StoredRecord<Notification>.Copy));
    }

    public ValueTask<Notification> MarkDeliveredAsync(string id, string leaseOwner, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default) =>
        Complete(id, leaseOwner, null, n => n.WithDelivery(leaseOwner, deliveredAt), cancellationToken);

    public ValueTask<Notification> MarkFailedAsync(string id, string leaseOwner, string failure, DateTimeOffset failedAt, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(failure);
        return Complete(id, leaseOwner, null, n => n.WithFailure(leaseOwner, failure, failedAt, retryAt), cancellationToken);
    }

    public ValueTask<Notification> RenewLeaseAsync(string id, string leaseOwner, long expectedVersion, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        return Complete(id, leaseOwner, expectedVersion, n => n.WithRenewedLease(leaseOwner, now, leaseDuration), cancellationToken);
    }

    public ValueTask<Notification> RequeueAsync(string id, string requeuedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(requeuedBy);
        cancellationToken.ThrowIfCancellationRequested();
        StoredRecord<Notification> write;
        lock (Gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Table.Rows.TryGet(id, out var row))
            {
                throw new NotFoundException(Table.Kind.Name, id);
            }

            var n = row.Record;
            write = Table.Store(n.WithRequeue(requeuedBy, now) with { Version = n.Version + 1 }, row.ContentKey);
            Table.Rows.Set(id, write);
            OnWritten(write.Record);
        }

        return ValueTask.FromResult(StoredRecord<Notification>.Copy(write));
    }

    public ValueTask<OutboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long pending = 0, delivered = 0, failed = 0;
        DateTimeOffset? oldest = null;
        lock (Gate)
        {
            foreach (var row in Table.Rows.Page(null, int.MaxValue, null))
            {
                var n = row.Record;
                switch (n.Status)
                {
                    case NotificationStatus.Pending:
                        pending++;
                        oldest = oldest is null || n.QueuedAt < oldest ? n.QueuedAt : oldest;
                        break;
                    case NotificationStatus.Delivered: delivered++; break;
                    default: failed++; break;
                }
            }
        }

        return ValueTask.FromResult(new OutboxStatistics(pending, delivered, failed, oldest));
    }

    public IAsyncEnumerable<Notification> ListAsync(NotificationStatus status, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a notification status.");
        }

        return List(page, n => n.Status == status, cancellationToken);
    }

    private ValueTask<Notification> Complete(string id, string leaseOwner, long? expectedVersion, Func<Notification, Notification> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        cancellationToken.ThrowIfCancellationRequested();
        StoredRecord<Notification> write;
        lock (Gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Table.Rows.TryGet(id, out var row))
            {
                throw new NotFoundException(Table.Kind.Name, id);
            }

            var n = row.Record;
            if (n.Status != NotificationStatus.Pending || !string.Equals(n.LeaseOwner, leaseOwner, StringComparison.Ordinal) || (expectedVersion is { } v && v != n.Version))
            {
                throw new ConcurrencyConflictException(Table.Kind.Name, id, expectedVersion ?? n.Version, n.Version, n.ModifiedBy, n.ModifiedAt);
            }

            write = Table.Store(change(n) with { Version = n.Version + 1 }, row.ContentKey);
            Table.Rows.Set(id, write);
            OnWritten(write.Record);
        }

        return ValueTask.FromResult(StoredRecord<Notification>.Copy(write));
    }
}
