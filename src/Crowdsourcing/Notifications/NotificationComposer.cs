using System.Globalization;
using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionCycles;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications;

/// <summary>Builds every notification the runtime enqueues: its deterministic id (the idempotency key), its kind and
/// its channel.</summary>
internal sealed class NotificationComposer(IOptions<NotificationRoutingOptions> routing, IEnumerable<INotificationChannel> channels, Options.InputLimits limits)
{
    private readonly string _defaultChannel = routing.Value.Resolve([.. channels.Select(c => c.Name).Distinct(StringComparer.Ordinal)]);

    /// <summary>The channel notifications go to unless another is named (see <see cref="NotificationRoutingOptions.DefaultChannel"/>).</summary>
    public string DefaultChannel => _defaultChannel;

    /// <summary>A pending notification on <paramref name="channel"/>, or the default channel.</summary>
    /// <remarks>The id is deterministic: it is also the idempotency key. The subject and body are cut to the configured
    /// <see cref="Options.InputLimitsOptions.MaxNotificationSubjectLength"/> and
    /// <see cref="Options.InputLimitsOptions.MaxNotificationBodyLength"/> (by default the model's
    /// <see cref="Limits.MaxNotificationSubjectLength"/> and <see cref="Limits.MaxNotificationBodyLength"/>), ending
    /// with "…", so that what they interpolate (names, reasons, violation messages) never makes a notification
    /// unbounded nor refused.</remarks>
    public Notification Compose(string id, string recipientId, string kind, string subject, string body, DateTimeOffset at, string? channel = null) =>
        new(id, channel ?? _defaultChannel, recipientId, kind, Cut(subject, limits.Options.MaxNotificationSubjectLength), Cut(body, limits.Options.MaxNotificationBodyLength), at);

    /// <summary><paramref name="text"/>, or its first <paramref name="max"/> − 1 characters and "…" when it is longer.</summary>
    internal static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>The contact notification of one participant in one decision cycle (kind <see cref="NotificationKinds.Contact"/>):
    /// the one <see cref="ContactBatch"/> renders for them, under the id <see cref="NotificationIds.Make"/> gives.</summary>
    /// <remarks>An escalation goes to <paramref name="recipientId"/> (the participant's manager), with the escalation
    /// texts; the id stays the participant's.</remarks>
    public Notification Contact(Campaign campaign, int cycle, string participantId, string intervention, DateTimeOffset at, string? channel = null, string? recipientId = null)
    {
        var routes = new ContactRoutes(channel);
        if (recipientId is not null && !string.Equals(recipientId, participantId, StringComparison.Ordinal))
        {
            routes.Recipients[participantId] = recipientId;
        }

        var batch = ContactBatch(campaign, cycle, at, routes).Batch;
        var escalated = routes.Recipients.Count > 0;
        return Compose(
            NotificationIds.Make(NotificationKinds.Contact, campaign.Id, cycle.ToString(CultureInfo.InvariantCulture), participantId),
            escalated ? recipientId! : participantId,
            NotificationKinds.Contact,
            (escalated ? batch.EscalationSubject! : batch.Subject).Render(participantId, intervention),
            (escalated ? batch.EscalationBody! : batch.Body).Render(participantId, intervention),
            at,
            channel);
    }

    /// <summary>The contact notifications of one decision cycle as one batch: the id prefix
    /// <c>contact:{campaign}:{cycle}:</c>, the subject and body as templates (and the escalation texts when a contact goes
    /// to a manager), and each intervention's channel, so that a store writes them once.</summary>
    public ContactBatchPlan ContactBatch(Campaign campaign, int cycle, DateTimeOffset at, ContactRoutes? routes = null)
    {
        routes ??= new ContactRoutes(null);
        var prefix = NotificationIds.Make(NotificationKinds.Contact, campaign.Id, cycle.ToString(CultureInfo.InvariantCulture), string.Empty);
        var name = NotificationTemplate.Escape(campaign.Name);
        var subject = new NotificationTemplate($"{name}: please bring your knowledge request up to date");
        var body = new NotificationTemplate(string.Create(
            CultureInfo.InvariantCulture,
            $"In week {cycle} of the campaign '{name}' we would like to hear where your knowledge request stands. Please complete the sections you can and submit it; your answer tells us whether to invite you to the workshop. (Intervention: {NotificationTemplate.InterventionPlaceholder}.)"));
        var batch = new ContactNotificationBatch(prefix, routes.Channel ?? _defaultChannel, NotificationKinds.Contact, subject, body, at)
        {
            InterventionChannels = routes.InterventionChannels,
            Recipients = routes.Recipients,
        };
        if (routes.Recipients.Count > 0)
        {
            batch = batch with
            {
                EscalationSubject = new NotificationTemplate($"{name}: please help {NotificationTemplate.ParticipantPlaceholder} bring their knowledge request up to date"),
                EscalationBody = new NotificationTemplate(string.Create(
                    CultureInfo.InvariantCulture,
                    $"In week {cycle} of the campaign '{name}' we would like to hear where the knowledge request of {NotificationTemplate.ParticipantPlaceholder}, whom you manage, stands. Please ask them to complete the sections they can and submit it; their answer tells us whether to invite them to the workshop. (Intervention: {NotificationTemplate.InterventionPlaceholder}, an escalation to you as their manager.)")),
            };
        }

        return new ContactBatchPlan(batch);
    }
}

/// <summary>How a cycle's contacts are routed: the default channel, each intervention's own channel, and the contacts
/// that go to someone else (an escalation to the participant's manager).</summary>
/// <param name="Channel">The channel of every contact without its own; <see langword="null"/> for the runtime's default.</param>
internal sealed record ContactRoutes(string? Channel)
{
    /// <summary>Intervention name → channel, for interventions with their own channel.</summary>
    public Dictionary<string, string> InterventionChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>Participant id → recipient id, for contacts that go to someone else.</summary>
    public Dictionary<string, string> Recipients { get; } = new(StringComparer.Ordinal);
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
