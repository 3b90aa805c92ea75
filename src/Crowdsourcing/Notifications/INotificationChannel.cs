using Crowdsourcing.Crowd;

namespace Crowdsourcing.Notifications;

/// <summary>
/// Delivers notifications of one <see cref="Notification.Channel"/>, for example <c>email</c> or <c>webhook</c>.
/// Register implementations in DI (see <c>AddSmtpNotifications()</c>, <c>AddWebhookNotifications()</c>,
/// <c>AddNotificationChannel&lt;T&gt;()</c>); the dispatcher picks the one whose <see cref="Name"/> equals the
/// notification's channel (ordinal).
/// </summary>
public interface INotificationChannel
{
    /// <summary>The channel name notifications are addressed to.</summary>
    string Name { get; }

    /// <summary>
    /// Delivers one notification. Pass <see cref="Notification.Id"/> on as the idempotency key: a notification can be
    /// delivered more than once (a lease that expired mid-delivery), and receivers drop duplicates by it.
    /// </summary>
    /// <param name="notification">The notification.</param>
    /// <param name="recipient">The participant it is for.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <exception cref="NotificationDeliveryException">The delivery failed; <see cref="NotificationDeliveryException.IsPermanent"/>
    /// says not to retry. Any other exception is treated as a transient failure and retried.</exception>
    ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a batch: the dispatcher sends every notification of one claimed batch for this channel through it, then
    /// disposes it, so a channel can reuse one connection for the batch (the SMTP channel does). The default batch
    /// calls <see cref="DeliverAsync"/> for each notification.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening the batch.</param>
    /// <exception cref="NotificationDeliveryException">The batch could not be opened (for example, the server cannot be
    /// reached); the dispatcher counts it as a failed send of the notification it was opened for.</exception>
    ValueTask<INotificationBatch> OpenBatchAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<INotificationBatch>(new SingleSendBatch(this));
}

/// <summary>A batch of sends through one <see cref="INotificationChannel"/>, opened by
/// <see cref="INotificationChannel.OpenBatchAsync"/> and disposed after the dispatcher's claimed batch.</summary>
public interface INotificationBatch : IAsyncDisposable
{
    /// <summary>Delivers one notification, as <see cref="INotificationChannel.DeliverAsync"/> does.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="recipient">The participant it is for.</param>
    /// <param name="cancellationToken">Cancels the delivery (the dispatcher cancels it before the lease runs out).</param>
    /// <exception cref="NotificationDeliveryException">The delivery failed.</exception>
    ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default);
}

/// <summary>The default batch: one <see cref="INotificationChannel.DeliverAsync"/> per notification.</summary>
internal sealed class SingleSendBatch(INotificationChannel channel) : INotificationBatch
{
    public ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default) =>
        channel.DeliverAsync(notification, recipient, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Thrown by a channel when a delivery failed.</summary>
public sealed class NotificationDeliveryException : CrowdsourcingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, in words.</param>
    /// <param name="isPermanent"><see langword="true"/> when retrying cannot help (for example the recipient has no address).</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public NotificationDeliveryException(string message, bool isPermanent, Exception? innerException = null)
        : base(message, innerException) => IsPermanent = isPermanent;

    /// <summary>Whether retrying cannot help; the dispatcher then gives the notification up at once.</summary>
    public bool IsPermanent { get; }
}
