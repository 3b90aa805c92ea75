using System.Globalization;
using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionCycles;
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
    /// <remarks>The id is deterministic: it is also the idempotency key. The subject and body are cut to
    /// <see cref="Limits.MaxNotificationSubjectLength"/> and <see cref="Limits.MaxNotificationBodyLength"/> (ending
    /// with "…"), so that what they interpolate (names, violation messages) never makes a notification unbounded nor
    /// refused.</remarks>
    public Notification Compose(string id, string recipientId, string kind, string subject, string body, DateTimeOffset at, string? channel = null) =>
        new(id, channel ?? _defaultChannel, recipientId, kind, Cut(subject, Limits.MaxNotificationSubjectLength), Cut(body, Limits.MaxNotificationBodyLength), at);

    /// <summary><paramref name="text"/>, or its first <paramref name="max"/> − 1 characters and "…" when it is longer.</summary>
    internal static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>The contact notification of one participant in one decision cycle (kind <see cref="NotificationKinds.Contact"/>):
    /// the one <see cref="ContactBatch"/> renders for them, under the id <see cref="NotificationIds.Make"/> gives.</summary>
    public Notification Contact(Campaign campaign, int cycle, string participantId, string intervention, DateTimeOffset at, string? channel = null)
    {
        var batch = ContactBatch(campaign, cycle, at, channel).Batch;
        return Compose(
            NotificationIds.Make(NotificationKinds.Contact, campaign.Id, cycle.ToString(CultureInfo.InvariantCulture), participantId),
            participantId,
            NotificationKinds.Contact,
            batch.Subject.Render(participantId, intervention),
            batch.Body.Render(participantId, intervention),
            at,
            channel);
    }

    /// <summary>The contact notifications of one decision cycle as one batch: the id prefix
    /// <c>contact:{campaign}:{cycle}:</c> and the subject and body as templates, so that a store writes them once.</summary>
    public ContactBatchPlan ContactBatch(Campaign campaign, int cycle, DateTimeOffset at, string? channel = null)
    {
        var prefix = NotificationIds.Make(NotificationKinds.Contact, campaign.Id, cycle.ToString(CultureInfo.InvariantCulture), string.Empty);
        var name = NotificationTemplate.Escape(campaign.Name);
        var subject = new NotificationTemplate($"{name}: please bring your knowledge request up to date");
        var body = new NotificationTemplate(string.Create(
            CultureInfo.InvariantCulture,
            $"In week {cycle} of the campaign '{name}' we would like to hear where your knowledge request stands. Please complete the sections you can and submit it; your answer tells us whether to invite you to the workshop. (Intervention: {NotificationTemplate.InterventionPlaceholder}.)"));
        return new ContactBatchPlan(new ContactNotificationBatch(prefix, channel ?? _defaultChannel, NotificationKinds.Contact, subject, body, at));
    }
}

/// <summary>A cycle's contact notifications as one batch, and whether a cycle's contacts fit it.</summary>
/// <param name="Batch">The batch.</param>
internal sealed record ContactBatchPlan(ContactNotificationBatch Batch)
{
    /// <summary>Whether every contact's id is the one <see cref="NotificationIds.Make"/> gives (no id needs its hashed
    /// form), so that the batch enqueues exactly the notifications one by one would.</summary>
    public bool Fits(CycleContacts contacts)
    {
        var longest = 0;
        foreach (var id in contacts.ParticipantIds)
        {
            longest = Math.Max(longest, id.Length);
        }

        return contacts.Count == 0 || Batch.IdPrefix.Length + longest <= NotificationIds.MaxLength;
    }
}
