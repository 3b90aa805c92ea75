using System.Text;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Notifications;

/// <summary>
/// A notification text with two placeholders, <c>{participant}</c> (the contacted participant's id) and <c>{intervention}</c>
/// (the contact's intervention); <c>{{</c> and <c>}}</c> are a literal brace. A store keeps the template once and
/// renders each notification's text when it is read or delivered.
/// </summary>
public sealed record NotificationTemplate
{
    /// <summary>The contacted participant's id (the recipient, unless the notification is an escalation to their manager).</summary>
    public const string ParticipantPlaceholder = "{participant}";

    /// <summary>The contact's intervention.</summary>
    public const string InterventionPlaceholder = "{intervention}";

    /// <summary>Creates a template.</summary>
    /// <param name="text">The text with its placeholders.</param>
    /// <exception cref="ValidationFailedException">The text is <see langword="null"/>, has a brace that opens no known
    /// placeholder, or a closing brace that is not doubled.</exception>
    public NotificationTemplate(string text)
    {
        Text = text;
    }

    /// <summary>The text with its placeholders.</summary>
    public string Text
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Text));
            Guard.OptionalText(value, nameof(NotificationTemplate), nameof(Text), Limits.MaxTemplateLength);
            _ = RenderCore(value, "p", "i");
            field = value;
        }
    }

    /// <summary>A literal text as a template: its braces doubled.</summary>
    /// <param name="literal">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        return literal.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
    }

    /// <summary>The text for one recipient and intervention.</summary>
    /// <param name="participantId">The recipient.</param>
    /// <param name="intervention">The intervention.</param>
    /// <returns>The rendered text.</returns>
    public string Render(string participantId, string intervention) => RenderCore(Text, participantId, intervention);

    private static string RenderCore(string text, string participantId, string intervention)
    {
        if (text.IndexOfAny(['{', '}']) < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 32);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                result.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                result.Append('}');
                i++;
            }
            else if (c == '{' && string.CompareOrdinal(text, i, ParticipantPlaceholder, 0, ParticipantPlaceholder.Length) == 0)
            {
                result.Append(participantId);
                i += ParticipantPlaceholder.Length - 1;
            }
            else if (c == '{' && string.CompareOrdinal(text, i, InterventionPlaceholder, 0, InterventionPlaceholder.Length) == 0)
            {
                result.Append(intervention);
                i += InterventionPlaceholder.Length - 1;
            }
            else if (c is '{' or '}')
            {
                throw Guard.Fail(nameof(Text), Guard.Message($"NotificationTemplate.Text has a '{c}' at position {i} that is neither doubled nor part of {ParticipantPlaceholder} or {InterventionPlaceholder}."));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}

/// <summary>
/// The contact notifications of one decision cycle, written once: for each contact of the change set's cycle, the
/// notification <see cref="For"/> makes, as if each had been enqueued with <see cref="ChangeSet.Enqueue"/>. A store
/// keeps the batch compactly (the templates once, the contacts with the cycle) and renders each notification when it
/// is read or claimed.
/// </summary>
/// <remarks>
/// A campaign's interventions may route differently: an intervention may have its own channel
/// (<see cref="InterventionChannels"/>), and an escalation goes to the participant's manager instead of the participant
/// (<see cref="Recipients"/>, with the <see cref="EscalationSubject"/> and <see cref="EscalationBody"/> templates).
/// The notification's id stays the participant's either way, so a cycle contacts each participant once.
/// </remarks>
/// <param name="IdPrefix">Each notification's id is this prefix followed by the participant id (for the runtime's
/// contacts <c>contact:{campaign}:{cycle}:</c>).</param>
/// <param name="Channel">The channel that delivers them.</param>
/// <param name="Kind">Their kind, for example <c>contact</c>.</param>
/// <param name="Subject">The subject line's template.</param>
/// <param name="Body">The body's template.</param>
/// <param name="CreatedAt">When they were enqueued (they are due from then).</param>
public sealed record ContactNotificationBatch(string IdPrefix, string Channel, string Kind, NotificationTemplate Subject, NotificationTemplate Body, DateTimeOffset CreatedAt)
{
    /// <summary>The id prefix.</summary>
    public string IdPrefix { get; init => field = Guard.Key(value, nameof(ContactNotificationBatch), nameof(IdPrefix)); } = Guard.Key(IdPrefix, nameof(ContactNotificationBatch), nameof(IdPrefix));

    /// <summary>The channel.</summary>
    public string Channel { get; init => field = Guard.Key(value, nameof(ContactNotificationBatch), nameof(Channel)); } = Guard.Key(Channel, nameof(ContactNotificationBatch), nameof(Channel));

    /// <summary>The kind.</summary>
    public string Kind { get; init => field = Guard.Key(value, nameof(ContactNotificationBatch), nameof(Kind)); } = Guard.Key(Kind, nameof(ContactNotificationBatch), nameof(Kind));

    /// <summary>The subject's template.</summary>
    public NotificationTemplate Subject { get; init => field = Guard.NotNull(value, nameof(ContactNotificationBatch), nameof(Subject)); } = Guard.NotNull(Subject, nameof(ContactNotificationBatch), nameof(Subject));

    /// <summary>The body's template.</summary>
    public NotificationTemplate Body { get; init => field = Guard.NotNull(value, nameof(ContactNotificationBatch), nameof(Body)); } = Guard.NotNull(Body, nameof(ContactNotificationBatch), nameof(Body));

    /// <summary>
    /// The channel of each intervention that does not use <see cref="Channel"/> (intervention name → channel); empty
    /// (the default) when every contact goes to <see cref="Channel"/>. At most <see cref="MaxInterventionChannels"/>.
    /// </summary>
    /// <exception cref="ValidationFailedException">A name or channel is not a valid id, or there are too many.</exception>
    public IReadOnlyDictionary<string, string> InterventionChannels
    {
        get;
        init => field = CheckMap(value, nameof(InterventionChannels), MaxInterventionChannels);
    } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The recipient of each contact that does not go to the contacted participant (participant id → recipient id),
    /// for example an escalation to the participant's manager; empty (the default) when every contact goes to its
    /// participant. Such a notification uses <see cref="EscalationSubject"/> and <see cref="EscalationBody"/> when they
    /// are set. At most <see cref="MaxRecipients"/>.
    /// </summary>
    /// <exception cref="ValidationFailedException">An id is not valid, or there are too many.</exception>
    public IReadOnlyDictionary<string, string> Recipients
    {
        get;
        init => field = CheckMap(value, nameof(Recipients), MaxRecipients);
    } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The subject's template for a notification to another recipient (<see cref="Recipients"/>); <see langword="null"/> (the default) for <see cref="Subject"/>.</summary>
    public NotificationTemplate? EscalationSubject { get; init; }

    /// <summary>The body's template for a notification to another recipient (<see cref="Recipients"/>); <see langword="null"/> (the default) for <see cref="Body"/>.</summary>
    public NotificationTemplate? EscalationBody { get; init; }

    /// <summary>The most entries <see cref="InterventionChannels"/> may have: 1,000.</summary>
    public const int MaxInterventionChannels = 1_000;

    /// <summary>The most entries <see cref="Recipients"/> may have: 10,000,000.</summary>
    public const int MaxRecipients = 10_000_000;

    /// <summary>The id of the notification for <paramref name="participantId"/>.</summary>
    /// <param name="participantId">The participant.</param>
    /// <returns>The id.</returns>
    public string IdFor(string participantId) => IdPrefix + participantId;

    /// <summary>The pending notification of one contact, exactly as the store keeps it: to the participant (or the
    /// recipient <see cref="Recipients"/> names, with the escalation templates), on the intervention's channel.</summary>
    /// <param name="participantId">The contacted participant.</param>
    /// <param name="intervention">The contact's intervention.</param>
    /// <returns>The notification (version 0).</returns>
    /// <exception cref="ValidationFailedException">The id would be longer than 200 characters, or the subject renders empty.</exception>
    public Notification For(string participantId, string intervention)
    {
        var channel = InterventionChannels.Count > 0 && InterventionChannels.TryGetValue(intervention, out var own) ? own : Channel;
        if (Recipients.Count > 0 && Recipients.TryGetValue(participantId, out var recipient))
        {
            return new(IdFor(participantId), channel, recipient, Kind, (EscalationSubject ?? Subject).Render(participantId, intervention), (EscalationBody ?? Body).Render(participantId, intervention), CreatedAt);
        }

        return new(IdFor(participantId), channel, participantId, Kind, Subject.Render(participantId, intervention), Body.Render(participantId, intervention), CreatedAt);
    }

    private static Dictionary<string, string> CheckMap(IReadOnlyDictionary<string, string>? value, string field, int max)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Count > max)
        {
            throw Guard.Fail(field, Guard.Message($"ContactNotificationBatch.{field} has {value.Count} entries; at most {max} are allowed."));
        }

        var copy = new Dictionary<string, string>(value.Count, StringComparer.Ordinal);
        foreach (var (key, item) in value)
        {
            copy[Guard.Id(key, nameof(ContactNotificationBatch), field)] = Guard.Id(item, nameof(ContactNotificationBatch), field);
        }

        return copy;
    }

    /// <summary>The notifications of <paramref name="contacts"/>, in participant order.</summary>
    /// <param name="contacts">A cycle's contacts.</param>
    /// <returns>The notifications (version 0).</returns>
    public IEnumerable<Notification> ForAll(CycleContacts contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        for (var j = 0; j < contacts.Count; j++)
        {
            yield return For(contacts.ParticipantIds[j], contacts.Interventions[contacts.InterventionIndexes[j]]);
        }
    }
}
