using System.Globalization;
using Crowdsourcing.Assignments;
using Crowdsourcing.Questionnaires;

namespace Crowdsourcing.Quality;

/// <summary>
/// Evaluates a host-defined <see cref="CustomQualityRule"/>. Register implementations in DI; the evaluator is chosen
/// by <see cref="Kind"/>.
/// </summary>
public interface ICustomQualityRuleEvaluator
{
    /// <summary>The <see cref="CustomQualityRule.Kind"/> this evaluator handles.</summary>
    string Kind { get; }

    /// <summary>Checks a submission against the rule.</summary>
    /// <param name="rule">The rule, with its parameters.</param>
    /// <param name="submission">What was submitted.</param>
    /// <returns>The violations, in words; empty when the rule holds.</returns>
    IEnumerable<QualityViolation> Evaluate(CustomQualityRule rule, SubmissionFacts submission);
}

/// <summary>
/// Facts about one submission that quality rules are checked against: which questions are answered and which
/// sections are complete, by section group.
/// </summary>
public sealed class SubmissionFacts
{
    private readonly HashSet<string> _answered;

    /// <summary>Computes the facts of <paramref name="response"/> to <paramref name="questionnaire"/>.</summary>
    public SubmissionFacts(Questionnaire questionnaire, Response response)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(response);
        Questionnaire = questionnaire;
        Response = response;
        _answered = new HashSet<string>(response.Answers.Select(a => a.QuestionId), StringComparer.Ordinal);
        CompletedSections = questionnaire.Sections.Where(IsComplete).ToArray();
    }

    /// <summary>The questionnaire.</summary>
    public Questionnaire Questionnaire { get; }

    /// <summary>The answers submitted.</summary>
    public Response Response { get; }

    /// <summary>The complete sections, in questionnaire order. A section is complete when every mandatory question in
    /// it is answered (a section without mandatory questions: when at least one of its questions is answered).</summary>
    public IReadOnlyList<QuestionnaireSection> CompletedSections { get; }

    /// <summary>Whether a question is answered.</summary>
    public bool IsAnswered(string questionId) => _answered.Contains(questionId);

    /// <summary>Whether a section is complete.</summary>
    public bool IsComplete(QuestionnaireSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var mandatory = section.Questions.Where(q => q.Mandatory).ToArray();
        return mandatory.Length > 0 ? mandatory.All(q => IsAnswered(q.Id)) : section.Questions.Any(q => IsAnswered(q.Id));
    }

    /// <summary>The number of complete sections of a group.</summary>
    public int CompletedSectionCount(string group) => CompletedSections.Count(s => string.Equals(s.Group, group, StringComparison.Ordinal));

    /// <summary>The number of answered questions in the sections of a group.</summary>
    public int AnsweredQuestionCount(string group) => Questionnaire.Sections
        .Where(s => string.Equals(s.Group, group, StringComparison.Ordinal))
        .Sum(s => s.Questions.Count(q => IsAnswered(q.Id)));

    /// <summary>The mandatory questions left unanswered, in questionnaire order.</summary>
    public IEnumerable<(QuestionnaireSection Section, Question Question)> MissingMandatoryAnswers() =>
        Questionnaire.AllQuestions().Where(x => x.Question.Mandatory && !IsAnswered(x.Question.Id));
}

/// <summary>
/// Checks submissions against quality rules (the CrowdArb paper's step 5) and finds the readiness level they show.
/// </summary>
public sealed class QualityEvaluator
{
    private readonly Dictionary<string, ICustomQualityRuleEvaluator> _custom;

    /// <summary>Creates the evaluator with the host's custom rule evaluators.</summary>
    /// <exception cref="ArgumentException">Two custom evaluators handle the same kind.</exception>
    public QualityEvaluator(IEnumerable<ICustomQualityRuleEvaluator>? customEvaluators = null)
    {
        _custom = new Dictionary<string, ICustomQualityRuleEvaluator>(StringComparer.Ordinal);
        foreach (var evaluator in customEvaluators ?? [])
        {
            if (!_custom.TryAdd(evaluator.Kind, evaluator))
            {
                throw new ArgumentException($"Two custom quality rule evaluators handle the kind '{evaluator.Kind}': {_custom[evaluator.Kind].GetType().Name} and {evaluator.GetType().Name}.", nameof(customEvaluators));
            }
        }
    }

    /// <summary>Checks a submission against every rule and finds its readiness level.</summary>
    /// <param name="assignmentId">The assessed assignment.</param>
    /// <param name="questionnaire">The questionnaire answered.</param>
    /// <param name="response">The answers.</param>
    /// <param name="rules">The rules to check.</param>
    /// <param name="readiness">The readiness levels.</param>
    /// <param name="assessedAt">When the assessment is made.</param>
    /// <returns>Pass or fail, every violation in words, and the readiness level.</returns>
    /// <exception cref="InvalidOperationException">A rule names a question that is not in the questionnaire, or a
    /// custom rule has no registered evaluator.</exception>
    public QualityAssessment Assess(string assignmentId, Questionnaire questionnaire, Response response, IReadOnlyList<QualityRule> rules, ReadinessScale readiness, DateTimeOffset assessedAt)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(readiness);
        var facts = new SubmissionFacts(questionnaire, response);
        var violations = rules.SelectMany(r => Check(r, facts)).ToArray();
        return new QualityAssessment(assignmentId, violations.Length == 0, violations, ReadinessLevelOf(facts, readiness), assessedAt);
    }

    /// <summary>The highest readiness level all of whose criteria, and all lower levels' criteria, hold.</summary>
    public string ReadinessLevelOf(SubmissionFacts submission, ReadinessScale readiness)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        var reached = readiness.Levels[0].Name;
        foreach (var level in readiness.Levels.Skip(1))
        {
            if (level.Criteria.Any(c => Check(c, submission).Any()))
            {
                break;
            }

            reached = level.Name;
        }

        return reached;
    }

    /// <summary>Checks one rule.</summary>
    /// <returns>The violations, in words; empty when the rule holds.</returns>
    /// <exception cref="InvalidOperationException">See <see cref="Assess"/>.</exception>
    public IEnumerable<QualityViolation> Check(QualityRule rule, SubmissionFacts submission)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(submission);
        switch (rule)
        {
            case RequiredQuestionsRule required:
                var missing = new List<QualityViolation>();
                foreach (var id in required.QuestionIds)
                {
                    var question = submission.Questionnaire.FindQuestion(id)
                        ?? throw new InvalidStateException($"Quality rule '{rule.Id}' requires question '{id}', which questionnaire '{submission.Questionnaire.Id}' does not have.");
                    if (!submission.IsAnswered(id))
                    {
                        missing.Add(new QualityViolation(rule.Id, $"Question '{id}' (\"{question.Text}\") must be answered."));
                    }
                }

                return missing;
            case MinimumCompletedSectionsRule sections:
                var complete = submission.CompletedSectionCount(sections.SectionGroup);
                return complete >= sections.Minimum
                    ? []
                    : [new QualityViolation(rule.Id, string.Create(CultureInfo.InvariantCulture, $"{complete} of the at least {sections.Minimum} '{sections.SectionGroup}' sections needed are complete; complete {sections.Minimum - complete} more."))];
            case MinimumAnsweredQuestionsRule answered:
                var count = submission.AnsweredQuestionCount(answered.SectionGroup);
                return count >= answered.Minimum
                    ? []
                    : [new QualityViolation(rule.Id, string.Create(CultureInfo.InvariantCulture, $"{count} of the at least {answered.Minimum} questions needed in the '{answered.SectionGroup}' sections are answered; answer {answered.Minimum - count} more."))];
            case CustomQualityRule custom:
                return _custom.TryGetValue(custom.Kind, out var evaluator)
                    ? evaluator.Evaluate(custom, submission).ToArray()
                    : throw new InvalidStateException($"Quality rule '{rule.Id}' is of the custom kind '{custom.Kind}', but no ICustomQualityRuleEvaluator for that kind is registered.");
            default:
                throw new InvalidStateException($"Quality rule '{rule.Id}' is a {rule.GetType().Name}, which the evaluator does not know.");
        }
    }
}
