using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications;

/// <summary>Builds the notifications the runtime enqueues, on the configured channel.</summary>
internal sealed class NotificationComposer(IOptions<NotificationRoutingOptions> routing)
{
    /// <summary>A pending notification on <see cref="NotificationRoutingOptions.DefaultChannel"/>.</summary>
    /// <remarks>The id is deterministic: it is also the idempotency key.</remarks>
    public Notification Compose(string id, string recipientId, string kind, string subject, string body, DateTimeOffset at) =>
        new(id, routing.Value.DefaultChannel, recipientId, kind, subject, body, at);
}
