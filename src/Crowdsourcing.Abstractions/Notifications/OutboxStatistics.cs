namespace Crowdsourcing.Notifications;

/// <summary>How full the notification outbox is.</summary>
/// <param name="Pending">Notifications waiting to be delivered (the queue depth).</param>
/// <param name="Delivered">Notifications delivered.</param>
/// <param name="Failed">Dead letters: notifications given up, waiting to be requeued.</param>
/// <param name="OldestPendingQueuedAt">The earliest <see cref="Notification.QueuedAt"/> of a pending notification;
/// <see langword="null"/> when none is pending.</param>
public sealed record OutboxStatistics(long Pending, long Delivered, long Failed, DateTimeOffset? OldestPendingQueuedAt);
