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
