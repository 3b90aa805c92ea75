using System.Text.Json.Serialization;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Quality;

/// <summary>
/// A declarative, serialisable rule a submission must satisfy. Serialised with a <c>type</c> discriminator:
/// <c>required-questions</c>, <c>minimum-answered-questions</c>, <c>minimum-completed-sections</c>, <c>custom</c>.
/// </summary>
/// <remarks>A section is <em>complete</em> when every mandatory question in it is answered (a section without
/// mandatory questions: when at least one of its questions is answered). Custom rules are evaluated by a
/// host-registered evaluator found by <see cref="CustomQualityRule.Kind"/>.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RequiredQuestionsRule), "required-questions")]
[JsonDerivedType(typeof(MinimumAnsweredQuestionsRule), "minimum-answered-questions")]
[JsonDerivedType(typeof(MinimumCompletedSectionsRule), "minimum-completed-sections")]
[JsonDerivedType(typeof(CustomQualityRule), "custom")]
public abstract record QualityRule
{
    /// <summary>Creates the common part of a rule.</summary>
    protected QualityRule(string id) => Id = id;

    /// <summary>The rule's identifier, named in violations.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(QualityRule), nameof(Id)); }
}

/// <summary>Named questions must be answered.</summary>
public sealed record RequiredQuestionsRule : QualityRule
{
    /// <summary>Creates the rule.</summary>
    /// <exception cref="ValidationFailedException">No question is named, or one is named twice.</exception>
    public RequiredQuestionsRule(string id, IReadOnlyList<string> questionIds)
        : base(id)
    {
        QuestionIds = questionIds;
    }

    /// <summary>The questions that must be answered: at least one, distinct.</summary>
    public IReadOnlyList<string> QuestionIds
    {
        get;
        init => field = Guard.DistinctIds(value, nameof(RequiredQuestionsRule), nameof(QuestionIds), Limits.MaxQuestions) is { Count: > 0 } ids
            ? ids
            : throw Guard.Fail(nameof(QuestionIds), $"RequiredQuestionsRule '{Id}' must name at least one question.");
    }
}

/// <summary>At least <see cref="Minimum"/> questions must be answered in the sections of one group.</summary>
/// <param name="Id">The rule's identifier.</param>
/// <param name="SectionGroup">The group tag, for example "workload".</param>
/// <param name="Minimum">The least number of answered questions; positive.</param>
public sealed record MinimumAnsweredQuestionsRule(string Id, string SectionGroup, int Minimum) : QualityRule(Id)
{
    /// <summary>The group tag.</summary>
    public string SectionGroup { get; init => field = Guard.Key(value, nameof(MinimumAnsweredQuestionsRule), nameof(SectionGroup)); } = Guard.Key(SectionGroup, nameof(MinimumAnsweredQuestionsRule), nameof(SectionGroup));

    /// <summary>The least number of answered questions.</summary>
    public int Minimum { get; init => field = Guard.Positive(value, nameof(MinimumAnsweredQuestionsRule), nameof(Minimum)); } = Guard.Positive(Minimum, nameof(MinimumAnsweredQuestionsRule), nameof(Minimum));
}

/// <summary>At least <see cref="Minimum"/> sections of one group must be complete (every question answered).</summary>
/// <param name="Id">The rule's identifier.</param>
/// <param name="SectionGroup">The group tag, for example "datacenter".</param>
/// <param name="Minimum">The least number of complete sections; positive.</param>
public sealed record MinimumCompletedSectionsRule(string Id, string SectionGroup, int Minimum) : QualityRule(Id)
{
    /// <summary>The group tag.</summary>
    public string SectionGroup { get; init => field = Guard.Key(value, nameof(MinimumCompletedSectionsRule), nameof(SectionGroup)); } = Guard.Key(SectionGroup, nameof(MinimumCompletedSectionsRule), nameof(SectionGroup));

    /// <summary>The least number of complete sections.</summary>
    public int Minimum { get; init => field = Guard.Positive(value, nameof(MinimumCompletedSectionsRule), nameof(Minimum)); } = Guard.Positive(Minimum, nameof(MinimumCompletedSectionsRule), nameof(Minimum));
}

/// <summary>A rule evaluated by host code registered for <see cref="Kind"/>, with free-form parameters.</summary>
public sealed record CustomQualityRule : QualityRule
{
    /// <summary>Creates the rule.</summary>
    public CustomQualityRule(string id, string kind, IReadOnlyDictionary<string, string>? parameters = null)
        : base(id)
    {
        Kind = kind;
        Parameters = parameters ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>The evaluator's name.</summary>
    public string Kind { get; init => field = Guard.Key(value, nameof(CustomQualityRule), nameof(Kind)); }

    /// <summary>The evaluator's parameters (a copy, ordinal keys); the constructor reads <see langword="null"/> as none.</summary>
    public IReadOnlyDictionary<string, string> Parameters
    {
        get;
        init
        {
            var parameters = new Dictionary<string, string>(Guard.NotNull(value, nameof(CustomQualityRule), nameof(Parameters)), StringComparer.Ordinal);
            if (parameters.Count > Limits.MaxListItems)
            {
                throw Guard.Fail(nameof(Parameters), Guard.Message($"CustomQualityRule.Parameters may have at most {Limits.MaxListItems:N0} entries (it has {parameters.Count:N0})."));
            }

            foreach (var (key, text) in parameters)
            {
                Guard.Key(key, nameof(CustomQualityRule), nameof(Parameters));
                Guard.OptionalText(text, nameof(CustomQualityRule), Guard.Message($"{nameof(Parameters)}[{key}]"));
            }

            field = parameters;
        }
    }
}

/// <summary>
/// A readiness level: the decision engine's state for a participant, reached when every one of its criteria holds.
/// </summary>
public sealed record ReadinessLevel
{
    /// <summary>Creates a level.</summary>
    public ReadinessLevel(string name, IReadOnlyList<QualityRule>? criteria = null)
    {
        Name = name;
        Criteria = criteria ?? [];
    }

    /// <summary>The level's name; the same as the decision model's state name.</summary>
    public string Name { get; init => field = Guard.Key(value, nameof(ReadinessLevel), nameof(Name)); }

    /// <summary>What must hold to reach the level (distinct rule ids). The lowest level of a scale has none.</summary>
    public IReadOnlyList<QualityRule> Criteria
    {
        get;
        init => field = Guard.UniqueBy(Guard.List(value, nameof(ReadinessLevel), nameof(Criteria)), r => r.Id, nameof(ReadinessLevel), nameof(Criteria), nameof(QualityRule.Id));
    }
}

/// <summary>
/// Readiness levels from the lowest to the highest. A submission shows the highest level whose criteria all hold
/// (and whose lower levels' criteria hold too); the lowest level has no criteria and is shown by any submission.
/// </summary>
public sealed record ReadinessScale
{
    /// <summary>Creates a scale.</summary>
    /// <exception cref="ValidationFailedException">Fewer than two levels, duplicate names, or a lowest level with criteria.</exception>
    public ReadinessScale(IReadOnlyList<ReadinessLevel> levels)
    {
        Levels = levels;
    }

    /// <summary>The levels, lowest first: at least two, distinct names, and the lowest without criteria.</summary>
    public IReadOnlyList<ReadinessLevel> Levels
    {
        get;
        init
        {
            var levels = Guard.UniqueBy(Guard.List(value, nameof(ReadinessScale), nameof(Levels)), l => l.Name, nameof(ReadinessScale), nameof(Levels), nameof(ReadinessLevel.Name));
            if (levels.Count < 2)
            {
                throw Guard.Fail(nameof(Levels), Guard.Message($"ReadinessScale.Levels must have at least two levels (has {levels.Count})."));
            }

            if (levels[0].Criteria.Count > 0)
            {
                throw Guard.Fail(nameof(Levels), $"ReadinessScale.Levels[0] '{levels[0].Name}' is the lowest level and must have no criteria.");
            }

            field = levels;
        }
    }

    /// <summary>
    /// The CrowdArb paper's scale over a questionnaire with <c>workload</c> and <c>datacenter</c> section groups:
    /// <c>poor</c> below four complete workload sections or without a complete data-centre section; <c>fair</c> at
    /// four workload sections and one data-centre section; <c>good</c> above that (five workload and two data-centre
    /// sections).
    /// </summary>
    public static ReadinessScale CrowdArbPaper { get; } = new(
    [
        new ReadinessLevel("poor"),
        new ReadinessLevel("fair", [new MinimumCompletedSectionsRule("fair-workloads", "workload", 4), new MinimumCompletedSectionsRule("fair-datacenters", "datacenter", 1)]),
        new ReadinessLevel("good", [new MinimumCompletedSectionsRule("good-workloads", "workload", 5), new MinimumCompletedSectionsRule("good-datacenters", "datacenter", 2)]),
    ]);
}

/// <summary>One rule a submission broke, in words.</summary>
/// <param name="RuleId">The broken rule's id.</param>
/// <param name="Message">What is missing, for a person to read.</param>
public sealed record QualityViolation(string RuleId, string Message)
{
    /// <summary>The broken rule's id.</summary>
    public string RuleId { get; init => field = Guard.Id(value, nameof(QualityViolation), nameof(RuleId)); } = Guard.Id(RuleId, nameof(QualityViolation), nameof(RuleId));

    /// <summary>What is missing.</summary>
    public string Message { get; init => field = Guard.Text(value, nameof(QualityViolation), nameof(Message)); } = Guard.Text(Message, nameof(QualityViolation), nameof(Message));
}

/// <summary>The verdict on a submission: pass or fail, each violation in words, and the readiness level it shows.</summary>
public sealed record QualityAssessment
{
    private readonly bool _constructed;

    /// <summary>Creates an assessment.</summary>
    /// <exception cref="ValidationFailedException">Fields are empty, or <paramref name="passed"/> contradicts the violations.</exception>
    public QualityAssessment(string assignmentId, bool passed, IReadOnlyList<QualityViolation>? violations, string readinessLevel, DateTimeOffset assessedAt)
    {
        AssignmentId = assignmentId;
        Violations = violations ?? [];
        Passed = passed;
        ReadinessLevel = readinessLevel;
        AssessedAt = assessedAt;
        _constructed = true;
        CheckVerdict();
    }

    /// <summary>The assessed assignment.</summary>
    public string AssignmentId { get; init => field = Guard.Id(value, nameof(QualityAssessment), nameof(AssignmentId)); }

    /// <summary>Whether every rule held: exactly when there are no <see cref="Violations"/>.</summary>
    public bool Passed
    {
        get;
        init
        {
            field = value;
            if (_constructed)
            {
                CheckVerdict();
            }
        }
    }

    /// <summary>The broken rules, in words.</summary>
    public IReadOnlyList<QualityViolation> Violations
    {
        get;
        init
        {
            field = Guard.List(value, nameof(QualityAssessment), nameof(Violations), int.MaxValue);
            if (_constructed)
            {
                CheckVerdict();
            }
        }
    }

    /// <summary>The readiness level the submission shows (a name from the campaign's <see cref="ReadinessScale"/>).</summary>
    public string ReadinessLevel { get; init => field = Guard.Key(value, nameof(QualityAssessment), nameof(ReadinessLevel)); }

    /// <summary>When the assessment was made.</summary>
    public DateTimeOffset AssessedAt { get; init; }

    private void CheckVerdict()
    {
        if (Passed == Violations.Count > 0)
        {
            throw Guard.Fail(nameof(Passed), Guard.Message($"QualityAssessment.Passed is {Passed} but there are {Violations.Count} violations; a submission passes exactly when it has none."));
        }
    }
}
