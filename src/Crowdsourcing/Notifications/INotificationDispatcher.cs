namespace Crowdsourcing.Notifications;

/// <summary>What one dispatch run did.</summary>
/// <param name="Claimed">Notifications claimed from the outbox.</param>
/// <param name="Delivered">Delivered and marked so.</param>
/// <param name="Retried">Failed and scheduled for another attempt.</param>
/// <param name="GivenUp">Failed for good: a permanent failure, a missing recipient, or the last allowed attempt.</param>
/// <param name="LeaseLost">Delivered or failed, but the lease had passed to another instance before it could be marked.</param>
public sealed record DispatchSummary(int Claimed, int Delivered, int Retried, int GivenUp, int LeaseLost);

/// <summary>
/// Delivers due notifications from the outbox through the registered <see cref="INotificationChannel"/>s.
/// Registered by <c>AddCrowdsourcing()</c>.
/// </summary>
/// <remarks>
/// Claims batches of <see cref="Options.NotificationDeliveryOptions.BatchSize"/> under a lease of
/// <see cref="Options.NotificationDeliveryOptions.LeaseDuration"/> owned by <see cref="Options.CrowdsourcingOptions.InstanceName"/>,
/// so several instances can dispatch from one store. Each notification goes to the channel named by
/// <see cref="Notification.Channel"/> with its recipient participant; the notification id is the idempotency key.
/// A failed attempt <c>k</c> is retried after <see cref="Options.NotificationDeliveryOptions.InitialRetryDelay"/> × 2^(k-1);
/// after <see cref="Options.NotificationDeliveryOptions.MaxAttempts"/> attempts, after a
/// <see cref="NotificationDeliveryException"/> with <see cref="NotificationDeliveryException.IsPermanent"/>, or when the
/// recipient does not exist, the notification is given up as failed. A notification for a channel that is not
/// registered here fails and is retried like any failure (another instance may have the channel).
/// </remarks>
public interface INotificationDispatcher
{
    /// <summary>Delivers what is due now, batch after batch, until a claim returns less than a full batch.</summary>
    /// <param name="cancellationToken">Stops between deliveries; a notification being delivered keeps its lease and is claimed again after it expires.</param>
    ValueTask<DispatchSummary> DispatchDueAsync(CancellationToken cancellationToken = default);
}
