using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Crowdsourcing.Crowd;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications.Webhook;

/// <summary>
/// Delivers notifications by POSTing a JSON body to an HTTP endpoint, signed with HMAC-SHA256. Added by
/// <c>builder.AddWebhookNotifications(...)</c>; its name is <see cref="WebhookNotificationOptions.ChannelName"/>
/// (default <c>webhook</c>).
/// </summary>
/// <remarks>
/// <para>The body is <c>{"id","kind","subject","body","createdAt","attempt","recipient":{"id","displayName","email"}}</c>
/// (UTF-8 JSON). Headers: <c>Idempotency-Key</c> (the notification id; a receiver drops a repeat) and
/// <c>X-Crowdsourcing-Signature</c> (<see cref="WebhookSignature"/> over the exact body bytes).</para>
/// <para>A 2xx answer is a delivery. 4xx answers other than 408 and 429 are permanent failures; every other answer,
/// a timeout or a network error is retried by the dispatcher.</para>
/// </remarks>
public sealed class WebhookNotificationChannel : INotificationChannel, IDisposable
{
    private readonly IOptions<WebhookNotificationOptions> _options;
    private readonly HttpClient _http;

    /// <summary>Creates the channel with its own connection pool.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public WebhookNotificationChannel(IOptions<WebhookNotificationOptions> options)
        : this(options, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
    }

    /// <summary>Creates the channel over a given handler (which the channel then owns and disposes).</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public WebhookNotificationChannel(IOptions<WebhookNotificationOptions> options, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc/>
    public string Name => _options.Value.ChannelName;

    /// <inheritdoc/>
    /// <exception cref="NotificationDeliveryException">The endpoint answered with a failure status, or could not be reached in time.</exception>
    public async ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(recipient);
        var options = _options.Value;
        var body = Serialize(notification, recipient);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.IdempotencyHeaderName, notification.Id);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(options.Secret!, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotificationDeliveryException($"POST of notification '{notification.Id}' to {options.Endpoint} timed out after {options.Timeout}.", isPermanent: false, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new NotificationDeliveryException($"POST of notification '{notification.Id}' to {options.Endpoint} failed: {ex.Message}", isPermanent: false, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new NotificationDeliveryException(
                string.Create(CultureInfo.InvariantCulture, $"POST of notification '{notification.Id}' to {options.Endpoint} answered {status} {response.ReasonPhrase}."),
                permanent);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    /// <summary>The JSON body of a notification, as UTF-8 bytes.</summary>
    internal static byte[] Serialize(Notification notification, Participant recipient)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", notification.Id);
            json.WriteString("kind", notification.Kind);
            json.WriteString("subject", notification.Subject);
            json.WriteString("body", notification.Body);
            json.WriteString("createdAt", notification.CreatedAt);
            json.WriteNumber("attempt", notification.Attempts);
            json.WriteStartObject("recipient");
            json.WriteString("id", recipient.Id);
            json.WriteString("displayName", recipient.DisplayName);
            if (recipient.Email is null)
            {
                json.WriteNull("email");
            }
            else
            {
                json.WriteString("email", recipient.Email);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
