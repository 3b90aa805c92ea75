namespace Crowdsourcing.Notifications;

/// <summary>What one dispatch run did.</summary>
/// <param name="Claimed">Notifications claimed from the outbox.</param>
/// <param name="Delivered">Delivered and marked so.</param>
/// <param name="Retried">Failed and scheduled for another attempt.</param>
/// <param name="DeadLettered">Failed for good and kept as dead letters: a permanent failure, a missing recipient, or a
/// failure after the retry window closed.</param>
/// <param name="LeaseLost">Left to another instance: the lease had passed to it before the send or before the outcome
/// could be marked.</param>
public sealed record DispatchSummary(int Claimed, int Delivered, int Retried, int DeadLettered, int LeaseLost)
{
    /// <summary>Not sent because their channel's circuit was open; due again when it closes.</summary>
    public int Deferred { get; init; }
}

/// <summary>
/// Delivers due notifications from the outbox through the registered <see cref="INotificationChannel"/>s.
/// Registered by <c>AddCrowdsourcing()</c>.
/// </summary>
/// <remarks>
/// <para>Claims batches of <see cref="Options.NotificationDeliveryOptions.BatchSize"/> under a lease of
/// <see cref="Options.NotificationDeliveryOptions.LeaseDuration"/> owned by <see cref="Options.CrowdsourcingOptions.InstanceName"/>,
/// so several instances can dispatch from one store. Right before each send the lease is renewed, only if no other
/// instance claimed the notification since, and the send is cancelled when 90 % of the lease has passed: no two
/// instances send one notification at the same time. Each notification goes to the channel named by
/// <see cref="Notification.Channel"/> with its recipient participant; the notification id is the idempotency key
/// (delivery is at least once: a send whose answer is lost is sent again).</para>
/// <para>A failed send is retried after a capped, jittered exponential backoff
/// (<see cref="Options.NotificationDeliveryOptions.InitialRetryDelay"/>, <see cref="Options.NotificationDeliveryOptions.MaxRetryDelay"/>)
/// for as long as <see cref="Options.NotificationDeliveryOptions.RetryFor"/> from when it was queued. After that, after a
/// <see cref="NotificationDeliveryException"/> with <see cref="NotificationDeliveryException.IsPermanent"/>, or when the
/// recipient does not exist, it becomes a dead letter, kept with its attempt history until it is requeued
/// (<see cref="IOutboxService.RequeueAsync"/>). A notification for a channel that is not registered here fails and is
/// retried like any failure (another instance may have the channel). Each channel has a circuit breaker
/// (<see cref="Options.NotificationDeliveryOptions.BreakAfterFailures"/>, <see cref="Options.NotificationDeliveryOptions.BreakDuration"/>).</para>
/// </remarks>
public interface INotificationDispatcher
{
    /// <summary>Delivers what is due now, batch after batch, until a claim returns less than a full batch.</summary>
    /// <param name="cancellationToken">Stops between deliveries; a notification being delivered keeps its lease and is claimed again after it expires.</param>
    ValueTask<DispatchSummary> DispatchDueAsync(CancellationToken cancellationToken = default);
}
