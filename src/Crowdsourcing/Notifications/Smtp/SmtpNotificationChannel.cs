using System.Net;
using System.Net.Mail;
using System.Text;
using Crowdsourcing.Crowd;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications.Smtp;

/// <summary>
/// Delivers notifications as e-mail through an SMTP server (<see cref="System.Net.Mail"/>), to the recipient's
/// <see cref="Participant.Email"/>. Added by <c>builder.AddSmtpNotifications(...)</c>; its name is
/// <see cref="SmtpNotificationOptions.ChannelName"/> (default <c>email</c>).
/// </summary>
/// <remarks>
/// Each message carries the notification id in an <c>X-Idempotency-Key</c> header (and the kind in
/// <c>X-Crowdsourcing-Kind</c>) so receiving systems can drop duplicates. A recipient without an e-mail address, or a
/// mailbox the server reports as unavailable (5xx), is a permanent failure; anything else is retried by the dispatcher.
/// </remarks>
public sealed class SmtpNotificationChannel : INotificationChannel
{
    /// <summary>The header that carries the notification id.</summary>
    public const string IdempotencyHeader = "X-Idempotency-Key";

    private readonly IOptions<SmtpNotificationOptions> _options;

    /// <summary>Creates the channel.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public SmtpNotificationChannel(IOptions<SmtpNotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc/>
    public string Name => _options.Value.ChannelName;

    /// <inheritdoc/>
    /// <exception cref="NotificationDeliveryException">The recipient has no e-mail address (permanent), or the server refused or failed the message.</exception>
    public async ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(recipient);
        var options = _options.Value;
        if (recipient.Email is null)
        {
            throw new NotificationDeliveryException($"Participant '{recipient.Id}' has no e-mail address; notification '{notification.Id}' cannot be sent by e-mail.", isPermanent: true);
        }

        using var message = new MailMessage(new MailAddress(options.From!, options.FromDisplayName), new MailAddress(recipient.Email, recipient.DisplayName))
        {
            Subject = notification.Subject,
            Body = notification.Body,
            BodyEncoding = Encoding.UTF8,
        };
        message.Headers.Add(IdempotencyHeader, notification.Id);
        message.Headers.Add("X-Crowdsourcing-Kind", notification.Kind);
        using var client = new SmtpClient(options.Host, options.Port)
        {
            EnableSsl = options.EnableSsl,
            Timeout = (int)options.Timeout.TotalMilliseconds,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Credentials = options.UserName is null ? null : new NetworkCredential(options.UserName, options.Password),
        };
        try
        {
            await client.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpFailedRecipientException ex) when (ex.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.UserNotLocalTryAlternatePath)
        {
            throw new NotificationDeliveryException($"The SMTP server {options.Host}:{options.Port} refused the mailbox <{recipient.Email}> of participant '{recipient.Id}': {ex.Message}", isPermanent: true, ex);
        }
        catch (SmtpException ex)
        {
            throw new NotificationDeliveryException($"Sending notification '{notification.Id}' through the SMTP server {options.Host}:{options.Port} failed ({ex.StatusCode}): {ex.Message}", isPermanent: false, ex);
        }
    }
}
