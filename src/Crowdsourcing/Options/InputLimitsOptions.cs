namespace Crowdsourcing.Options;

/// <summary>
/// The limits the runtime services put on their inputs, bound from the <c>Crowdsourcing:Limits</c> configuration section
/// and validated at start by <see cref="InputLimitsOptionsValidator"/>. Every default is the model's own limit (a
/// constant of <see cref="Limits"/>), which is also the ceiling: a host may lower a limit, never raise it, because the
/// model's limits are what the stores' schemas, the id alphabet and the notification texts are sized for. With no
/// configuration the runtime refuses exactly what the model refuses.
/// </summary>
/// <remarks>
/// <para>
/// The campaign, task, knowledge-request (assignment, draft, submission, cancellation) and delegation services, the
/// notification composer, the web API's setup endpoints and the command line check what they are given against these
/// limits before anything is written. A refusal is a <see cref="ValidationFailedException"/> shaped like the model's:
/// the message names the field, the configured limit and the size given (never echoing more than 60 characters of a
/// value), and <see cref="ValidationFailedException.Path"/> is the field. An answer over <see cref="MaxAnswerLength"/>
/// is reported, like every answer problem, by <c>AnswerValidationException</c> naming the question.
/// </para>
/// <para>
/// Records already stored are not re-checked when a limit is lowered: the lower limit applies to what comes in next.
/// Lengths are counted in UTF-16 code units, as the model counts them. <c>docs/limits.md</c> lists every limit.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// // appsettings.json
/// { "Crowdsourcing": { "Limits": { "MaxNameLength": 80, "MaxAnswerLength": 8000 } } }
/// </code>
/// </example>
public sealed class InputLimitsOptions
{
    /// <summary>The configuration section the options are bound from: <c>Crowdsourcing:Limits</c>.</summary>
    public const string SectionName = "Crowdsourcing:Limits";

    /// <summary>The longest id or key a caller gives (a record's id, a reference to one, an answer choice, a
    /// qualification). Default and ceiling <see cref="Limits.MaxIdLength"/> (200); at least 36 (a GUID's text). Ids the
    /// runtime composes itself (notification and delegation ids) are not bound by it.</summary>
    public int MaxIdLength { get; set; } = Limits.MaxIdLength;

    /// <summary>The longest name, display name or title (participants, campaigns, tasks, questionnaires, sections,
    /// subjects, incentives, milestones, key indicators). Default and ceiling <see cref="Limits.MaxNameLength"/> (200);
    /// at least 20.</summary>
    public int MaxNameLength { get; set; } = Limits.MaxNameLength;

    /// <summary>The longest e-mail address of a participant. Default and ceiling <see cref="Limits.MaxEmailLength"/>
    /// (254, the longest address SMTP carries); at least 64.</summary>
    public int MaxEmailLength { get; set; } = Limits.MaxEmailLength;

    /// <summary>The longest regular expression a question's answers must match (<c>AnswerConstraints.Pattern</c>).
    /// Default and ceiling <see cref="Limits.MaxPatternLength"/> (1,000); at least 20. Every pattern also runs with a
    /// one-second timeout.</summary>
    public int MaxPatternLength { get; set; } = Limits.MaxPatternLength;

    /// <summary>The longest descriptive text (a question's text, a task's business model and expected outcomes, an
    /// incentive's criterion or description, a delegation's message, a cancellation's or a reopening's reason, a report
    /// review's comment). Default and ceiling
    /// <see cref="Limits.MaxTextLength"/> (4,000); at least 100.</summary>
    public int MaxTextLength { get; set; } = Limits.MaxTextLength;

    /// <summary>The longest answer to one question, in drafts and submissions. Default and ceiling
    /// <see cref="Limits.MaxAnswerLength"/> (65,536); at least 100. A question's own <c>AnswerConstraints.MaxLength</c>
    /// may be stricter still.</summary>
    public int MaxAnswerLength { get; set; } = Limits.MaxAnswerLength;

    /// <summary>The most sections of one questionnaire. Default and ceiling <see cref="Limits.MaxSections"/> (100); at
    /// least 1.</summary>
    public int MaxSections { get; set; } = Limits.MaxSections;

    /// <summary>The most questions of one section. Default and ceiling <see cref="Limits.MaxQuestionsPerSection"/>
    /// (200); at least 1.</summary>
    public int MaxQuestionsPerSection { get; set; } = Limits.MaxQuestionsPerSection;

    /// <summary>The most questions of one questionnaire in all, and so the most answers one draft or submission gives
    /// and the most questions one delegation names. Default and ceiling <see cref="Limits.MaxQuestions"/> (1,000); at
    /// least 1.</summary>
    public int MaxQuestions { get; set; } = Limits.MaxQuestions;

    /// <summary>The most choices of one choice question. Default and ceiling <see cref="Limits.MaxChoices"/> (200); at
    /// least 2.</summary>
    public int MaxChoices { get; set; } = Limits.MaxChoices;

    /// <summary>The most entries of the model's other lists a caller gives (qualifications, colleagues, assignees,
    /// organisers, quality rules, incentives, milestones, key indicators, expected outcomes). Default and ceiling
    /// <see cref="Limits.MaxListItems"/> (1,000); at least 1.</summary>
    public int MaxListItems { get; set; } = Limits.MaxListItems;

    /// <summary>The most participants a campaign's crowd names one by one (<c>CrowdSelection.ParticipantIds</c>).
    /// Default and ceiling <see cref="Limits.MaxNamedParticipants"/> (100,000); at least 1.</summary>
    public int MaxNamedParticipants { get; set; } = Limits.MaxNamedParticipants;

    /// <summary>The longest subject line of a notification the runtime composes: a longer one is cut to it, ending with
    /// "…". Default and ceiling <see cref="Limits.MaxNotificationSubjectLength"/> (1,000); at least 500, room for the
    /// runtime's own subjects with the longest names and ids.</summary>
    public int MaxNotificationSubjectLength { get; set; } = Limits.MaxNotificationSubjectLength;

    /// <summary>The longest body of a notification the runtime composes: a longer one is cut to it, ending with "…".
    /// Default and ceiling <see cref="Limits.MaxNotificationBodyLength"/> (16,000); at least 2,000, room for the
    /// runtime's own contact texts with the longest names and ids.</summary>
    public int MaxNotificationBodyLength { get; set; } = Limits.MaxNotificationBodyLength;
}
