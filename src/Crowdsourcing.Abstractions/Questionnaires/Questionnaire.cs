using System.Globalization;
using System.Text.RegularExpressions;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Questionnaires;

/// <summary>The type of answer a question takes.</summary>
public enum AnswerType
{
    /// <summary>Free text.</summary>
    Text = 0,

    /// <summary>A decimal number, written with an invariant-culture point.</summary>
    Number = 1,

    /// <summary>A whole number.</summary>
    WholeNumber = 2,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 3,

    /// <summary>An ISO 8601 date (<c>yyyy-MM-dd</c>).</summary>
    Date = 4,

    /// <summary>One of <see cref="AnswerConstraints.Choices"/>.</summary>
    SingleChoice = 5,

    /// <summary>One or more of <see cref="AnswerConstraints.Choices"/>, separated by <c>;</c>.</summary>
    MultipleChoice = 6,
}

/// <summary>Limits on an answer. Each limit applies only to the answer types it makes sense for.</summary>
public sealed record AnswerConstraints
{
    /// <summary>The shortest text (text answers).</summary>
    public int? MinLength { get; init => field = value is { } v ? Guard.NonNegative(v, nameof(AnswerConstraints), nameof(MinLength)) : null; }

    /// <summary>The longest text (text answers).</summary>
    public int? MaxLength { get; init => field = value is { } v ? Guard.Positive(v, nameof(AnswerConstraints), nameof(MaxLength)) : null; }

    /// <summary>The smallest value (number and whole-number answers).</summary>
    public double? Minimum { get; init => field = value is { } v ? Guard.Finite(v, nameof(AnswerConstraints), nameof(Minimum)) : null; }

    /// <summary>The largest value (number and whole-number answers).</summary>
    public double? Maximum { get; init => field = value is { } v ? Guard.Finite(v, nameof(AnswerConstraints), nameof(Maximum)) : null; }

    /// <summary>A regular expression the whole text must match (text answers).</summary>
    public string? Pattern
    {
        get;
        init
        {
            if (value is not null)
            {
                try
                {
                    _ = new Regex(value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    throw new ArgumentException($"AnswerConstraints.Pattern is not a valid regular expression (value: {Guard.Show(value)}): {ex.Message}", nameof(Pattern), ex);
                }
            }

            field = value;
        }
    }

    /// <summary>The allowed choices (single- and multiple-choice answers); distinct.</summary>
    public IReadOnlyList<string> Choices { get; init => field = Guard.DistinctIds(value, nameof(AnswerConstraints), nameof(Choices)); } = [];
}

/// <summary>A question of a questionnaire section.</summary>
public sealed record Question
{
    /// <summary>Creates a question.</summary>
    /// <exception cref="ArgumentException">A field is empty, or the constraints contradict each other or the answer type.</exception>
    public Question(string id, string text, AnswerType answerType = AnswerType.Text, bool mandatory = true, AnswerConstraints? constraints = null)
    {
        Id = id;
        Text = text;
        AnswerType = answerType;
        Mandatory = mandatory;
        Constraints = constraints ?? new AnswerConstraints();
        var c = Constraints;
        if (c.MinLength > c.MaxLength)
        {
            throw new ArgumentException($"Question '{id}': Constraints.MinLength ({c.MinLength}) exceeds Constraints.MaxLength ({c.MaxLength}).", nameof(constraints));
        }

        if (c.Minimum > c.Maximum)
        {
            throw new ArgumentException($"Question '{id}': Constraints.Minimum ({c.Minimum}) exceeds Constraints.Maximum ({c.Maximum}).", nameof(constraints));
        }

        var isChoice = answerType is AnswerType.SingleChoice or AnswerType.MultipleChoice;
        if (isChoice && c.Choices.Count == 0)
        {
            throw new ArgumentException($"Question '{id}' is a {answerType} question and needs at least one entry in Constraints.Choices.", nameof(constraints));
        }

        if (!isChoice && c.Choices.Count > 0)
        {
            throw new ArgumentException($"Question '{id}' is a {answerType} question; Constraints.Choices apply only to choice questions.", nameof(constraints));
        }
    }

    /// <summary>The identifier, unique within the questionnaire.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(Question), nameof(Id)); }

    /// <summary>The question as shown to the expert.</summary>
    public string Text { get; init => field = Guard.Text(value, nameof(Question), nameof(Text)); }

    /// <summary>The type of the answer.</summary>
    public AnswerType AnswerType { get; init => field = Guard.Defined(value, nameof(Question), nameof(AnswerType)); }

    /// <summary>Whether the question must be answered before the assignment can be submitted. Default <see langword="true"/>.</summary>
    public bool Mandatory { get; init; }

    /// <summary>Limits on the answer.</summary>
    public AnswerConstraints Constraints { get; init; }

    /// <summary>Checks an answer's value against the answer type and the constraints.</summary>
    /// <param name="value">The answer as text (numbers with an invariant-culture point, dates as <c>yyyy-MM-dd</c>).</param>
    /// <returns><see langword="null"/> when the value is acceptable; otherwise what is wrong with it, in words.</returns>
    public string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var c = Constraints;
        switch (AnswerType)
        {
            case AnswerType.Text:
                if (c.MinLength is { } min && value.Length < min)
                {
                    return $"is {value.Length} characters long; question '{Id}' needs at least {min}";
                }

                if (c.MaxLength is { } max && value.Length > max)
                {
                    return $"is {value.Length} characters long; question '{Id}' allows at most {max}";
                }

                if (c.Pattern is { } pattern && !Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    return $"does not match the pattern of question '{Id}'";
                }

                return null;
            case AnswerType.Number:
            case AnswerType.WholeNumber:
                var style = AnswerType == AnswerType.WholeNumber ? NumberStyles.AllowLeadingSign : NumberStyles.Float;
                if (!double.TryParse(value, style, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    return $"'{value}' is not {(AnswerType == AnswerType.WholeNumber ? "a whole number" : "a number")}";
                }

                if (c.Minimum is { } lo && number < lo)
                {
                    return $"{value} is below the minimum {lo.ToString(CultureInfo.InvariantCulture)} of question '{Id}'";
                }

                if (c.Maximum is { } hi && number > hi)
                {
                    return $"{value} is above the maximum {hi.ToString(CultureInfo.InvariantCulture)} of question '{Id}'";
                }

                return null;
            case AnswerType.Boolean:
                return value is "true" or "false" ? null : $"'{value}' is not true or false";
            case AnswerType.Date:
                return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null
                    : $"'{value}' is not a date in the form yyyy-MM-dd";
            case AnswerType.SingleChoice:
                return c.Choices.Contains(value, StringComparer.Ordinal) ? null : $"'{value}' is not one of the choices of question '{Id}'";
            case AnswerType.MultipleChoice:
                var picked = value.Split(';');
                var wrong = picked.FirstOrDefault(p => !c.Choices.Contains(p, StringComparer.Ordinal));
                return wrong is null ? null : $"'{wrong}' is not one of the choices of question '{Id}'";
            default:
                return $"question '{Id}' has an unknown answer type";
        }
    }
}

/// <summary>A section of a questionnaire: questions about one thing, tagged into a group (for example "workload").</summary>
public sealed record QuestionnaireSection
{
    /// <summary>Creates a section.</summary>
    /// <exception cref="ArgumentException">A field is empty, there are no questions, or two questions share an id.</exception>
    public QuestionnaireSection(string id, string title, string group, IReadOnlyList<Question> questions)
    {
        Id = id;
        Title = title;
        Group = group;
        Questions = Guard.List(questions, nameof(QuestionnaireSection), nameof(Questions));
        if (Questions.Count == 0)
        {
            throw new ArgumentException($"QuestionnaireSection '{id}' must have at least one question.", nameof(questions));
        }

        Guard.UniqueBy(Questions, q => q.Id, nameof(QuestionnaireSection), nameof(Questions), nameof(Question.Id));
    }

    /// <summary>The identifier, unique within the questionnaire.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(QuestionnaireSection), nameof(Id)); }

    /// <summary>The title shown to the expert.</summary>
    public string Title { get; init => field = Guard.Text(value, nameof(QuestionnaireSection), nameof(Title)); }

    /// <summary>The group tag quality rules count by, for example "workload" or "datacenter".</summary>
    public string Group { get; init => field = Guard.Id(value, nameof(QuestionnaireSection), nameof(Group)); }

    /// <summary>The questions, in order.</summary>
    public IReadOnlyList<Question> Questions { get; init; }
}

/// <summary>
/// A knowledge request template: sections of questions about one kind of subject (for example a client).
/// </summary>
public sealed record Questionnaire : IVersionedRecord
{
    /// <summary>Creates a questionnaire.</summary>
    /// <exception cref="ArgumentException">A field is empty, there are no sections, or a section or question id is used twice.</exception>
    public Questionnaire(string id, string name, string subjectKind, IReadOnlyList<QuestionnaireSection> sections)
    {
        Id = id;
        Name = name;
        SubjectKind = subjectKind;
        Sections = Guard.List(sections, nameof(Questionnaire), nameof(Sections));
        if (Sections.Count == 0)
        {
            throw new ArgumentException($"Questionnaire '{id}' must have at least one section.", nameof(sections));
        }

        Guard.UniqueBy(Sections, s => s.Id, nameof(Questionnaire), nameof(Sections), nameof(QuestionnaireSection.Id));
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in Sections)
        {
            foreach (var question in section.Questions)
            {
                if (!seen.TryAdd(question.Id, section.Id))
                {
                    throw new ArgumentException($"Questionnaire '{id}': question id '{question.Id}' is used in section '{seen[question.Id]}' and again in section '{section.Id}'; question ids must be unique in the questionnaire.", nameof(sections));
                }
            }
        }
    }

    /// <inheritdoc/>
    public string Id { get; init => field = Guard.Id(value, nameof(Questionnaire), nameof(Id)); }

    /// <summary>A short name.</summary>
    public string Name { get; init => field = Guard.Text(value, nameof(Questionnaire), nameof(Name)); }

    /// <summary>What each instance is about, for example "client".</summary>
    public string SubjectKind { get; init => field = Guard.Id(value, nameof(Questionnaire), nameof(SubjectKind)); }

    /// <summary>The sections, in order.</summary>
    public IReadOnlyList<QuestionnaireSection> Sections { get; init; }

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(Questionnaire), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>Every question with the section it is in, in order.</summary>
    public IEnumerable<(QuestionnaireSection Section, Question Question)> AllQuestions() =>
        Sections.SelectMany(s => s.Questions.Select(q => (s, q)));

    /// <summary>Finds a question by id.</summary>
    /// <returns>The question, or <see langword="null"/> when the questionnaire has none with that id.</returns>
    public Question? FindQuestion(string questionId) =>
        Sections.SelectMany(s => s.Questions).FirstOrDefault(q => string.Equals(q.Id, questionId, StringComparison.Ordinal));
}
