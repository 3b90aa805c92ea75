using System.Net.Sockets;
using System.Security.Cryptography;
using Crowdsourcing.Crowd;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Crowdsourcing.Notifications.Smtp;

/// <summary>
/// Delivers notifications as e-mail through an SMTP server with MailKit, to the recipient's
/// <see cref="Participant.Email"/>, over one connection per dispatch batch (STARTTLS or implicit TLS and authentication
/// as <see cref="SmtpNotificationOptions"/> say). Added by <c>builder.AddSmtpNotifications(...)</c>; its name is
/// <see cref="SmtpNotificationOptions.ChannelName"/> (default <c>email</c>).
/// </summary>
/// <remarks>
/// Each message carries the notification id in an <c>X-Idempotency-Key</c> header (and the kind in
/// <c>X-Crowdsourcing-Kind</c>) so receiving systems can drop duplicates. A recipient without an e-mail address, or a
/// mailbox the server refuses with a 5xx reply, is a permanent failure; anything else (a refused or dropped connection,
/// a 4xx reply, a timeout, a failed authentication) is retried by the dispatcher.
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
        var batch = await OpenBatchAsync(cancellationToken).ConfigureAwait(false);
        await using (batch.ConfigureAwait(false))
        {
            await batch.DeliverAsync(notification, recipient, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens one SMTP connection (TLS and authentication as configured) for a batch of messages.</summary>
    /// <exception cref="NotificationDeliveryException">The server cannot be reached, refused the connection, the TLS
    /// handshake or the authentication failed (all transient: the dispatcher retries).</exception>
    public async ValueTask<INotificationBatch> OpenBatchAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.Value;
        var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, options.Timeout.TotalMilliseconds) };
        if (options.ServerCertificateSha256 is { Length: > 0 } pinned)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None ||
                (certificate is not null && string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())), pinned.Replace(":", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        }

        try
        {
            await client.ConnectAsync(options.Host!, options.Port, Socket(options.Security), cancellationToken).ConfigureAwait(false);
            if (options.UserName is not null)
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new NotificationDeliveryException($"Cannot open an SMTP session with {options.Host}:{options.Port} ({Describe(ex)}).", isPermanent: false, ex);
        }

        return new Session(client, options);
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private static string Describe(Exception ex) => ex switch
    {
        MailKit.Security.AuthenticationException => "the server refused the user name and password: " + ex.Message,
        SslHandshakeException => "the TLS handshake failed: " + ex.Message,
        SmtpCommandException c => $"the server answered {(int)c.StatusCode}: {c.Message}",
        SocketException s => $"{s.SocketErrorCode}: {s.Message}",
        OperationCanceledException or TimeoutException => "no answer in time",
        IOException { InnerException: TimeoutException or SocketException { SocketErrorCode: SocketError.TimedOut } } => "no answer in time",
        IOException { InnerException: { } inner } => ex.Message.TrimEnd('.') + ": " + inner.Message,
        _ => ex.Message,
    };

    /// <summary>One SMTP connection, reused for every message of a batch.</summary>
    private sealed class Session(SmtpClient client, SmtpNotificationOptions options) : INotificationBatch
    {
        public async ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(notification);
            ArgumentNullException.ThrowIfNull(recipient);
            if (recipient.Email is null)
            {
                throw new NotificationDeliveryException($"Participant '{recipient.Id}' has no e-mail address; notification '{notification.Id}' cannot be sent by e-mail.", isPermanent: true);
            }

            using var message = new MimeMessage();
            message.From.Add(new MailboxAddress(options.FromDisplayName, options.From!));
            message.To.Add(new MailboxAddress(recipient.DisplayName, recipient.Email));
            message.Subject = notification.Subject;
            message.Body = new TextPart("plain") { Text = notification.Body };
            message.Headers.Add(IdempotencyHeader, notification.Id);
            message.Headers.Add("X-Crowdsourcing-Kind", notification.Kind);
            try
            {
                await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
            {
                throw new NotificationDeliveryException($"The SMTP server {options.Host}:{options.Port} refused the mailbox <{recipient.Email}> of participant '{recipient.Id}': {(int)ex.StatusCode} {ex.Message}", isPermanent: true, ex);
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException)
            {
                throw new NotificationDeliveryException($"Sending notification '{notification.Id}' through the SMTP server {options.Host}:{options.Port} failed ({Describe(ex)}).", isPermanent: false, ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
