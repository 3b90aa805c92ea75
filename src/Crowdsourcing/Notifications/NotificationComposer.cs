using System.Globalization;
using Crowdsourcing.Campaigns;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications;

/// <summary>Builds every notification the runtime enqueues: its deterministic id (the idempotency key), its kind and
/// its channel.</summary>
internal sealed class NotificationComposer(IOptions<NotificationRoutingOptions> routing, IEnumerable<INotificationChannel> channels)
{
    private readonly string _defaultChannel = routing.Value.Resolve([.. channels.Select(c => c.Name).Distinct(StringComparer.Ordinal)]);

    /// <summary>The channel notifications go to unless another is named (see <see cref="NotificationRoutingOptions.DefaultChannel"/>).</summary>
    public string DefaultChannel => _defaultChannel;

    /// <summary>A pending notification on <paramref name="channel"/>, or the default channel.</summary>
    /// <remarks>The id is deterministic: it is also the idempotency key.</remarks>
    public Notification Compose(string id, string recipientId, string kind, string subject, string body, DateTimeOffset at, string? channel = null) =>
        new(id, channel ?? _defaultChannel, recipientId, kind, subject, body, at);

    /// <summary>The contact notification of one participant in one decision cycle (kind <see cref="NotificationKinds.Contact"/>).</summary>
    public Notification Contact(Campaign campaign, int cycle, string participantId, string intervention, DateTimeOffset at, string? channel = null) =>
        Compose(
            NotificationIds.Make(NotificationKinds.Contact, campaign.Id, cycle.ToString(CultureInfo.InvariantCulture), participantId),
            participantId,
            NotificationKinds.Contact,
            $"{campaign.Name}: please bring your knowledge request up to date",
            string.Create(
                CultureInfo.InvariantCulture,
                $"In week {cycle} of the campaign '{campaign.Name}' we would like to hear where your knowledge request stands. Please complete the sections you can and submit it; your answer tells us whether to invite you to the workshop. (Intervention: {intervention}.)"),
            at,
            channel);
}
