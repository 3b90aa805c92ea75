using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Crowdsourcing.Crowd;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Crowdsourcing.Notifications.Webhook;

/// <summary>
/// Delivers notifications by POSTing a JSON body to an HTTP endpoint, signed the Standard Webhooks way. Added by
/// <c>builder.AddWebhookNotifications(...)</c>; its name is <see cref="WebhookNotificationOptions.ChannelName"/>
/// (default <c>webhook</c>).
/// </summary>
/// <remarks>
/// <para>The body is <c>{"id","kind","subject","body","createdAt","attempt","recipient":{"id","displayName","email"}}</c>
/// (UTF-8 JSON). Headers (see <see cref="WebhookSignature"/>): <c>webhook-id</c> (the notification id, the idempotency
/// key: a receiver drops a repeat), <c>webhook-timestamp</c> and <c>webhook-signature</c>, which any Standard Webhooks
/// library verifies with the <c>whsec_</c> secret.</para>
/// <para>The <see cref="HttpClient"/> comes from <see cref="IHttpClientFactory"/> (named <see cref="HttpClientName"/>)
/// with a resilience handler that only times each attempt out after <see cref="WebhookNotificationOptions.Timeout"/>:
/// the outbox's dispatcher is the one retry authority. A 2xx answer is a delivery. 4xx answers other than 408 and 429
/// are permanent failures; every other answer, a timeout or a network error is retried by the dispatcher.</para>
/// </remarks>
public sealed class WebhookNotificationChannel : INotificationChannel
{
    /// <summary>The name of the <see cref="HttpClient"/> the channel asks <see cref="IHttpClientFactory"/> for: <c>Crowdsourcing.Webhook</c>.</summary>
    public const string HttpClientName = "Crowdsourcing.Webhook";

    private readonly IOptions<WebhookNotificationOptions> _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;

    /// <summary>Creates the channel.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public WebhookNotificationChannel(IOptions<WebhookNotificationOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _httpClientFactory = httpClientFactory;
        _time = time;
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
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.IdHeaderName, notification.Id);
        request.Headers.Add(WebhookSignature.TimestampHeaderName, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeaderName, WebhookSignature.Sign(options.Secret!, notification.Id, timestamp, body));
        var http = _httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
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
