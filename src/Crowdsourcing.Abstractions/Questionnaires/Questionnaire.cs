using System.Globalization;
using System.Text.RegularExpressions;
using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

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

    /// <summary>An e-mail address (<c>name@example.com</c>): at most <see cref="Limits.MaxEmailLength"/> (254)
    /// characters, one <c>@</c>, a local part of at most 64 characters without spaces, and a domain of dot-separated
    /// labels of letters, digits and inner hyphens (at least two labels). <see cref="AnswerConstraints.Pattern"/>
    /// applies too when set (for example to accept only the company's domain).</summary>
    Email = 7,
}

/// <summary>Limits on an answer. Each limit applies only to the answer types it makes sense for.</summary>
/// <remarks><see cref="MinLength"/> must not exceed <see cref="MaxLength"/>, nor <see cref="Minimum"/>
/// <see cref="Maximum"/>, when both are set; each assignment (in an object initializer or a <c>with</c> expression) is
/// checked against the other limit as it stands.</remarks>
public sealed record AnswerConstraints
{
    /// <summary>The shortest text (text answers); not negative, not above <see cref="MaxLength"/>.</summary>
    public int? MinLength
    {
        get;
        init
        {
            field = value is { } v ? Guard.NonNegative(v, nameof(AnswerConstraints), nameof(MinLength)) : null;
            CheckLengths(nameof(MinLength));
        }
    }

    /// <summary>The longest text (text answers); positive.</summary>
    public int? MaxLength
    {
        get;
        init
        {
            field = value is { } v ? Guard.Positive(v, nameof(AnswerConstraints), nameof(MaxLength)) : null;
            CheckLengths(nameof(MaxLength));
        }
    }

    /// <summary>The smallest value (number and whole-number answers); finite, not above <see cref="Maximum"/>.</summary>
    public double? Minimum
    {
        get;
        init
        {
            field = value is { } v ? Guard.Finite(v, nameof(AnswerConstraints), nameof(Minimum)) : null;
            CheckBounds(nameof(Minimum));
        }
    }

    /// <summary>The largest value (number and whole-number answers); finite.</summary>
    public double? Maximum
    {
        get;
        init
        {
            field = value is { } v ? Guard.Finite(v, nameof(AnswerConstraints), nameof(Maximum)) : null;
            CheckBounds(nameof(Maximum));
        }
    }

    /// <summary>A regular expression the whole text must match (text answers).</summary>
    public string? Pattern
    {
        get;
        init
        {
            if (value is not null)
            {
                if (value.Length > Limits.MaxPatternLength)
                {
                    throw Guard.Fail(nameof(Pattern), Guard.Message($"AnswerConstraints.Pattern must be at most {Limits.MaxPatternLength:N0} characters (value has {value.Length:N0})."));
                }

                try
                {
                    _ = new Regex(value, RegexOptions.CultureInvariant, Question.PatternTimeout);
                }
                catch (ArgumentException ex)
                {
                    throw new ValidationFailedException(nameof(Pattern), $"AnswerConstraints.Pattern is not a valid regular expression (value: {Guard.Show(value)}): {ex.Message}", ex);
                }
            }

            field = value;
        }
    }

    /// <summary>The allowed choices (single- and multiple-choice answers); distinct.</summary>
    public IReadOnlyList<string> Choices { get; init => field = Guard.DistinctKeys(value, nameof(AnswerConstraints), nameof(Choices), Limits.MaxChoices); } = [];

    private void CheckLengths(string field)
    {
        if (MinLength > MaxLength)
        {
            throw Guard.Fail(field, Guard.Message($"AnswerConstraints.MinLength ({MinLength}) exceeds AnswerConstraints.MaxLength ({MaxLength})."));
        }
    }

    private void CheckBounds(string field)
    {
        if (Minimum > Maximum)
        {
            throw Guard.Fail(field, Guard.Message($"AnswerConstraints.Minimum ({Minimum}) exceeds AnswerConstraints.Maximum ({Maximum})."));
        }
    }
}

/// <summary>A question of a questionnaire section.</summary>
/// <remarks>The answer type and the constraints must agree (choices exactly for choice questions; no <c>;</c> in the
/// choices of a multiple-choice question), after a <c>with</c> expression too.</remarks>
public sealed record Question
{
    /// <summary>How long <see cref="Check(string)"/> lets a <see cref="AnswerConstraints.Pattern"/> run.</summary>
    internal static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    private readonly bool _constructed;

    /// <summary>Creates a question.</summary>
    /// <exception cref="ValidationFailedException">A field is empty, or the constraints contradict each other or the answer type.</exception>
    public Question(string id, string text, AnswerType answerType = AnswerType.Text, bool mandatory = true, AnswerConstraints? constraints = null)
    {
        Id = id;
        Text = text;
        AnswerType = answerType;
        Mandatory = mandatory;
        Constraints = constraints!;
        _constructed = true;
        CheckConstraints();
    }

    /// <summary>The identifier, unique within the questionnaire.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(Question), nameof(Id)); }

    /// <summary>The question as shown to the expert.</summary>
    public string Text { get; init => field = Guard.Text(value, nameof(Question), nameof(Text)); }

    /// <summary>The type of the answer.</summary>
    public AnswerType AnswerType
    {
        get;
        init
        {
            field = Guard.Defined(value, nameof(Question), nameof(AnswerType));
            if (_constructed)
            {
                CheckConstraints();
            }
        }
    }

    /// <summary>Whether the question must be answered before the assignment can be submitted. Default <see langword="true"/>.</summary>
    public bool Mandatory { get; init; }

    /// <summary>Limits on the answer (<see langword="null"/> is read as no limits).</summary>
    public AnswerConstraints Constraints
    {
        get;
        init
        {
            field = value ?? new AnswerConstraints();
            if (_constructed)
            {
                CheckConstraints();
            }
        }
    }

    /// <summary>Checks an answer's value against the answer type and the constraints.</summary>
    /// <param name="value">The answer as text (numbers with an invariant-culture point, dates as <c>yyyy-MM-dd</c>,
    /// multiple choices separated by <c>;</c>, each picked once).</param>
    /// <returns><see langword="null"/> when the value is acceptable; otherwise what is wrong with it, in words (a pattern
    /// that takes longer than a second on the value is reported this way too).</returns>
    public string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var c = Constraints;
        switch (AnswerType)
        {
            case AnswerType.Text:
                if (c.MinLength is { } min && value.Length < min)
                {
                    return Guard.Message($"is {value.Length} characters long; question '{Id}' needs at least {min}");
                }

                if (c.MaxLength is { } max && value.Length > max)
                {
                    return Guard.Message($"is {value.Length} characters long; question '{Id}' allows at most {max}");
                }

                return CheckPattern(value);
            case AnswerType.Number:
            case AnswerType.WholeNumber:
                var style = AnswerType == AnswerType.WholeNumber ? NumberStyles.AllowLeadingSign : NumberStyles.Float;
                if (!double.TryParse(value, style, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    return $"'{value}' is not {(AnswerType == AnswerType.WholeNumber ? "a whole number" : "a number")}";
                }

                if (c.Minimum is { } lo && number < lo)
                {
                    return Guard.Message($"{value} is below the minimum {lo} of question '{Id}'");
                }

                if (c.Maximum is { } hi && number > hi)
                {
                    return Guard.Message($"{value} is above the maximum {hi} of question '{Id}'");
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
                var picked = new HashSet<string>(StringComparer.Ordinal);
                foreach (var choice in value.Split(';'))
                {
                    if (!c.Choices.Contains(choice, StringComparer.Ordinal))
                    {
                        return $"'{choice}' is not one of the choices of question '{Id}'";
                    }

                    if (!picked.Add(choice))
                    {
                        return $"'{choice}' is picked more than once for question '{Id}'";
                    }
                }

                return null;
            case AnswerType.Email:
                if (value.Length > Limits.MaxEmailLength)
                {
                    return Guard.Message($"is {value.Length} characters long; an e-mail address has at most {Limits.MaxEmailLength}");
                }

                return IsEmailAddress(value) ? CheckPattern(value) : Guard.Message($"'{value}' is not an e-mail address (name@example.com)");
            default:
                return $"question '{Id}' has an unknown answer type";
        }
    }

    /// <summary>Whether <paramref name="value"/> is an e-mail address as <see cref="AnswerType.Email"/> describes it.</summary>
    private static bool IsEmailAddress(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at > 64 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        foreach (var ch in value.AsSpan(0, at))
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch) || ch is '<' or '>' or '(' or ')' or '[' or ']' or ',' or ';' or ':' or '\\' or '"')
            {
                return false;
            }
        }

        var labels = value[(at + 1)..].Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var ch in label)
            {
                if (!char.IsLetterOrDigit(ch) && ch != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Checks a text or e-mail answer against <see cref="AnswerConstraints.Pattern"/>, when set.</summary>
    private string? CheckPattern(string value)
    {
        if (Constraints.Pattern is not { } pattern)
        {
            return null;
        }

        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, PatternTimeout)
                ? null
                : $"does not match the pattern of question '{Id}'";
        }
        catch (RegexMatchTimeoutException)
        {
            return Guard.Message($"could not be checked against the pattern of question '{Id}' within {PatternTimeout.TotalSeconds} second(s); the pattern is too slow for this answer");
        }
    }

    private void CheckConstraints()
    {
        var choices = Constraints.Choices;
        var isChoice = AnswerType is AnswerType.SingleChoice or AnswerType.MultipleChoice;
        if (isChoice && choices.Count == 0)
        {
            throw Guard.Fail(nameof(Constraints), $"Question '{Id}' is a {AnswerType} question and needs at least one entry in Constraints.Choices.");
        }

        if (!isChoice && choices.Count > 0)
        {
            throw Guard.Fail(nameof(Constraints), $"Question '{Id}' is a {AnswerType} question; Constraints.Choices apply only to choice questions.");
        }

        if (AnswerType == AnswerType.MultipleChoice && choices.FirstOrDefault(choice => choice.Contains(';', StringComparison.Ordinal)) is { } withSeparator)
        {
            throw Guard.Fail(nameof(Constraints), $"Question '{Id}' is a MultipleChoice question; its choice '{withSeparator}' contains ';', the separator of picked choices, so it could never be picked.");
        }
    }
}

/// <summary>A section of a questionnaire: questions about one thing, tagged into a group (for example "workload").</summary>
public sealed record QuestionnaireSection
{
    /// <summary>Creates a section.</summary>
    /// <exception cref="ValidationFailedException">A field is empty, there are no questions, or two questions share an id.</exception>
    public QuestionnaireSection(string id, string title, string group, IReadOnlyList<Question> questions)
    {
        Id = id;
        Title = title;
        Group = group;
        Questions = questions;
    }

    /// <summary>The identifier, unique within the questionnaire.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(QuestionnaireSection), nameof(Id)); }

    /// <summary>The title shown to the expert.</summary>
    public string Title { get; init => field = Guard.Name(value, nameof(QuestionnaireSection), nameof(Title)); }

    /// <summary>The group tag quality rules count by, for example "workload" or "datacenter".</summary>
    public string Group { get; init => field = Guard.Key(value, nameof(QuestionnaireSection), nameof(Group)); }

    /// <summary>The questions, in order: at least one, with distinct ids.</summary>
    public IReadOnlyList<Question> Questions
    {
        get;
        init => field = Guard.UniqueBy(
            Guard.NonEmptyList(value, nameof(QuestionnaireSection), nameof(Questions), $"QuestionnaireSection '{Id}' must have at least one question.", Limits.MaxQuestionsPerSection),
            q => q.Id,
            nameof(QuestionnaireSection),
            nameof(Questions),
            nameof(Question.Id));
    }
}

/// <summary>
/// A knowledge request template: sections of questions about one kind of subject (for example a client).
/// </summary>
public sealed record Questionnaire : IVersionedRecord
{
    /// <summary>Creates a questionnaire.</summary>
    /// <exception cref="ValidationFailedException">A field is empty, there are no sections, or a section or question id is used twice.</exception>
    public Questionnaire(string id, string name, string subjectKind, IReadOnlyList<QuestionnaireSection> sections)
    {
        Id = id;
        Name = name;
        SubjectKind = subjectKind;
        Sections = sections;
    }

    /// <inheritdoc/>
    public string Id { get; init => field = Guard.Id(value, nameof(Questionnaire), nameof(Id)); }

    /// <summary>A short name.</summary>
    public string Name { get; init => field = Guard.Name(value, nameof(Questionnaire), nameof(Name)); }

    /// <summary>What each instance is about, for example "client".</summary>
    public string SubjectKind { get; init => field = Guard.Key(value, nameof(Questionnaire), nameof(SubjectKind)); }

    /// <summary>The sections, in order: at least one, with distinct ids, and no question id in two of them.</summary>
    public IReadOnlyList<QuestionnaireSection> Sections
    {
        get;
        init
        {
            var sections = Guard.UniqueBy(
                Guard.NonEmptyList(value, nameof(Questionnaire), nameof(Sections), $"Questionnaire '{Id}' must have at least one section.", Limits.MaxSections),
                s => s.Id,
                nameof(Questionnaire),
                nameof(Sections),
                nameof(QuestionnaireSection.Id));
            var total = sections.Sum(s => s.Questions.Count);
            if (total > Limits.MaxQuestions)
            {
                throw Guard.Fail(nameof(Sections), Guard.Message($"Questionnaire '{Id}' has {total:N0} questions; a questionnaire may have at most {Limits.MaxQuestions:N0}."));
            }

            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var section in sections)
            {
                foreach (var question in section.Questions)
                {
                    if (!seen.TryAdd(question.Id, section.Id))
                    {
                        throw Guard.Fail(nameof(Sections), $"Questionnaire '{Id}': question id '{question.Id}' is used in section '{seen[question.Id]}' and again in section '{section.Id}'; question ids must be unique in the questionnaire.");
                    }
                }
            }

            field = sections;
        }
    }

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
