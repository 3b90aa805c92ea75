using Crowdsourcing.Storage;

namespace Crowdsourcing.Notifications;

/// <summary>
/// What organisers and administrators do with the notification outbox: see how full it is, list its notifications
/// (the dead letters above all, with their attempt history) and requeue dead letters. Registered by
/// <c>AddCrowdsourcing()</c>; who acts comes from <see cref="Access.IActorAccessor"/>.
/// </summary>
public interface IOutboxService
{
    /// <summary>Counts the notifications by status and gives the age of the oldest pending one.</summary>
    /// <exception cref="AccessDeniedException">The actor is neither an organiser nor an administrator.</exception>
    ValueTask<OutboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the notifications in <paramref name="status"/> ordered by id, one page.</summary>
    /// <param name="status">Which ones, for example <see cref="NotificationStatus.Failed"/> for the dead letters.</param>
    /// <param name="page">The page (keyset: after an id, up to a limit).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <exception cref="AccessDeniedException">The actor is neither an organiser nor an administrator.</exception>
    IAsyncEnumerable<Notification> ListAsync(NotificationStatus status, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>Requeues a dead letter: it is due now, with a new retry window, and keeps its attempt history.</summary>
    /// <returns>The requeued notification.</returns>
    /// <exception cref="AccessDeniedException">The actor is neither an organiser nor an administrator; nothing is changed.</exception>
    /// <exception cref="NotFoundException">No notification has that id.</exception>
    /// <exception cref="InvalidStateException">It is not a dead letter; nothing is changed.</exception>
    ValueTask<Notification> RequeueAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Requeues every dead letter (for example after an outage longer than the retry window).</summary>
    /// <returns>How many were requeued.</returns>
    /// <exception cref="AccessDeniedException">The actor is neither an organiser nor an administrator; nothing is changed.</exception>
    ValueTask<int> RequeueAllAsync(CancellationToken cancellationToken = default);
}
