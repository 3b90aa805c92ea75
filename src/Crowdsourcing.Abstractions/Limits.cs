namespace Crowdsourcing;

/// <summary>
/// The limits the model puts on every input, in one place. The model's constructors and <c>init</c> accessors enforce
/// them, so the library, every store provider, the command line and the web API refuse alike: with a
/// <see cref="ValidationFailedException"/> whose message names the field, the limit and the size that was given, and
/// nothing written. Lengths are counted in UTF-16 code units (a character outside the Basic Multilingual Plane counts
/// twice). <c>docs/limits.md</c> lists every limit and where it is checked.
/// </summary>
/// <remarks>
/// <para>
/// These constants are ceilings: a host may lower most of them (never raise them) with the runtime's
/// <c>Crowdsourcing.Options.InputLimitsOptions</c>, bound from <c>Crowdsourcing:Limits</c>, whose defaults are these
/// values; the runtime's services then check their inputs against the lower limits with the same kind of error.
/// </para>
/// <para>
/// <b>Identifiers</b> (<see cref="MaxIdLength"/>): the id of every stored record and every reference to one
/// (participants, campaigns, tasks, questionnaires, sections, questions, knowledge requests, delegations, quality rules,
/// subjects) is 1 to 200 characters from the URL-safe set <see cref="IdAlphabet"/>: ASCII letters, digits, <c>-</c>,
/// <c>_</c>, <c>~</c>, <c>@</c> and <c>.</c>, where a dot is only allowed inside (not first, not last). So an id is
/// always one URL path segment as it is: never <c>/</c>, <c>.</c>, <c>..</c>, a percent sign, a space or a control
/// character.
/// </para>
/// <para>
/// <b>Keys</b> (also at most <see cref="MaxIdLength"/> characters, any characters but control characters, not blank):
/// the words that tag or name things without being a record's address: answer choices, qualifications, section groups,
/// subject kinds, readiness levels, decision models, interventions, channels, notification kinds, and the ids the
/// runtime composes itself (notification ids, which join parts with <c>:</c>) or takes from the host's authentication
/// (an actor's id).
/// </para>
/// </remarks>
public static class Limits
{
    /// <summary>The longest identifier or key: 200 characters.</summary>
    public const int MaxIdLength = 200;

    /// <summary>The characters an identifier may have, in words: letters A–Z and a–z, digits 0–9, and
    /// <c>- _ ~ @ .</c>, a dot not first nor last.</summary>
    public const string IdAlphabet = "letters A-Z and a-z, digits 0-9, and - _ ~ @ . (a dot not first nor last)";

    /// <summary>The longest name, display name or title (participants, campaigns, tasks, questionnaires, sections,
    /// subjects, incentives, milestones, key indicators): 200 characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest e-mail address: 254 characters (RFC 5321's limit on a path).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest descriptive text (a question's text, a criterion, a description, a delegation's message, a
    /// feedback or violation message, an expected outcome): 4,000 characters.</summary>
    public const int MaxTextLength = 4_000;

    /// <summary>The longest answer to one question: 65,536 characters (64 Ki).</summary>
    public const int MaxAnswerLength = 64 * 1024;

    /// <summary>The longest regular expression of an answer's constraints: 1,000 characters.</summary>
    public const int MaxPatternLength = 1_000;

    /// <summary>The most sections of one questionnaire: 100.</summary>
    public const int MaxSections = 100;

    /// <summary>The most questions of one section: 200.</summary>
    public const int MaxQuestionsPerSection = 200;

    /// <summary>The most questions of one questionnaire, over all its sections: 1,000. Also the most answers of one
    /// response and the most questions one delegation or quality rule names.</summary>
    public const int MaxQuestions = 1_000;

    /// <summary>The most choices of one choice question: 200.</summary>
    public const int MaxChoices = 200;

    /// <summary>The most entries of the model's other lists (qualifications, colleagues, managers' lists of
    /// assignees and organisers, delegations of one request, feedback, quality rules, readiness levels and their
    /// criteria, incentives, prizes, milestones, key indicators, expected outcomes, allowed layers): 1,000.</summary>
    public const int MaxListItems = 1_000;

    /// <summary>The most participants a campaign's crowd may name one by one (<c>CrowdSelection.ParticipantIds</c>):
    /// 100,000. Larger crowds are selected by layer and qualification.</summary>
    public const int MaxNamedParticipants = 100_000;

    /// <summary>The longest subject line of a notification: 1,000 characters. The runtime cuts the names it
    /// interpolates so that its own notifications always fit.</summary>
    public const int MaxNotificationSubjectLength = 1_000;

    /// <summary>The longest body of a notification: 16,000 characters. The runtime cuts what it interpolates (names,
    /// violation messages) so that its own notifications always fit.</summary>
    public const int MaxNotificationBodyLength = 16_000;

    /// <summary>The longest template of a cycle's contact notifications (<c>NotificationTemplate.Text</c>): the
    /// notification body's limit, 16,000 characters.</summary>
    public const int MaxTemplateLength = MaxNotificationBodyLength;

    /// <summary>Whether <paramref name="value"/> is a valid identifier: 1 to <see cref="MaxIdLength"/> characters from
    /// <see cref="IdAlphabet"/>, a dot neither first nor last.</summary>
    /// <param name="value">The candidate.</param>
    /// <returns><see langword="true"/> when the model would accept it as an id.</returns>
    public static bool IsValidId(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxIdLength && value[0] != '.' && value[^1] != '.'
        && value.All(Validation.Guard.IsIdCharacter);

    /// <summary>Checks an identifier that comes from outside the model (a route value, a command-line option) with the
    /// model's rule, for a host that wants to refuse it before looking anything up.</summary>
    /// <param name="value">The candidate.</param>
    /// <param name="path">Where it comes from, as the error's path and the message's subject, for example
    /// <c>campaignId</c>.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ValidationFailedException">It is not a valid id; the message says which character at which
    /// position, or which limit.</exception>
    public static string CheckId(string? value, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Validation.Guard.IdCore(value, path, path);
    }

    /// <summary>Checks a key that comes from outside the model (a route value such as a notification id, which holds
    /// <c>:</c>) with the model's rule for keys: not blank, at most <see cref="MaxIdLength"/> characters, no control
    /// character.</summary>
    /// <param name="value">The candidate.</param>
    /// <param name="path">Where it comes from, as the error's path and the message's subject.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ValidationFailedException">It is not a valid key; the message says why.</exception>
    public static string CheckKey(string? value, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Validation.Guard.KeyCore(value, path, path);
    }
}
