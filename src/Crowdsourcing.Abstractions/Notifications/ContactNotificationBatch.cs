using System.Text;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Notifications;

/// <summary>
/// A notification text with two placeholders, <c>{participant}</c> (the recipient's id) and <c>{intervention}</c>
/// (the contact's intervention); <c>{{</c> and <c>}}</c> are a literal brace. A store keeps the template once and
/// renders each notification's text when it is read or delivered.
/// </summary>
public sealed record NotificationTemplate
{
    /// <summary>The recipient's participant id.</summary>
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

    /// <summary>The id of the notification for <paramref name="participantId"/>.</summary>
    /// <param name="participantId">The participant.</param>
    /// <returns>The id.</returns>
    public string IdFor(string participantId) => IdPrefix + participantId;

    /// <summary>The pending notification of one contact, exactly as the store keeps it.</summary>
    /// <param name="participantId">The contacted participant.</param>
    /// <param name="intervention">The contact's intervention.</param>
    /// <returns>The notification (version 0).</returns>
    /// <exception cref="ValidationFailedException">The id would be longer than 200 characters, or the subject renders empty.</exception>
    public Notification For(string participantId, string intervention) =>
        new(IdFor(participantId), Channel, participantId, Kind, Subject.Render(participantId, intervention), Body.Render(participantId, intervention), CreatedAt);

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
