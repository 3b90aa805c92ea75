using Crowdsourcing.Assignments;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;

namespace Crowdsourcing.Tests.Quality;

public sealed class QualityEvaluatorTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The paper's questionnaire: 10 workload sections of 15 questions, 5 data-centre sections of 10.</summary>
    internal static Questionnaire PaperQuestionnaire()
    {
        var sections = new List<QuestionnaireSection>();
        for (var w = 1; w <= 10; w++)
        {
            sections.Add(new QuestionnaireSection($"workload-{w}", $"Workload {w}", "workload", Enumerable.Range(1, 15).Select(q => new Question($"w{w}-q{q}", $"Workload {w}, question {q}")).ToArray()));
        }

        for (var d = 1; d <= 5; d++)
        {
            sections.Add(new QuestionnaireSection($"datacenter-{d}", $"Data centre {d}", "datacenter", Enumerable.Range(1, 10).Select(q => new Question($"d{d}-q{q}", $"Data centre {d}, question {q}")).ToArray()));
        }

        return new Questionnaire("client-assessment", "Client assessment", "client", sections);
    }

    internal static Response Answering(Questionnaire questionnaire, int workloads, int datacenters, int extraAnswersInNextWorkload = 0)
    {
        var answers = new List<Answer>();
        foreach (var section in questionnaire.Sections)
        {
            var index = int.Parse(section.Id.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
            var take = section.Group == "workload"
                ? (index <= workloads ? section.Questions.Count : index == workloads + 1 ? extraAnswersInNextWorkload : 0)
                : (index <= datacenters ? section.Questions.Count : 0);
            answers.AddRange(section.Questions.Take(take).Select(q => new Answer(q.Id, "yes", "expert-1", At)));
        }

        return new Response("assignment-1", answers);
    }

    [Theory]
    [InlineData(0, 0, "poor")]
    [InlineData(3, 1, "poor")]
    [InlineData(10, 0, "poor")]
    [InlineData(4, 1, "fair")]
    [InlineData(4, 5, "fair")]
    [InlineData(10, 1, "fair")]
    [InlineData(5, 2, "good")]
    [InlineData(10, 5, "good")]
    public void The_paper_scale_classifies_by_complete_workload_and_datacenter_sections(int workloads, int datacenters, string level)
    {
        var questionnaire = PaperQuestionnaire();
        var evaluator = new QualityEvaluator();

        var assessment = evaluator.Assess("assignment-1", questionnaire, Answering(questionnaire, workloads, datacenters), [], ReadinessScale.CrowdArbPaper, At);

        Assert.Equal(level, assessment.ReadinessLevel);
        Assert.True(assessment.Passed);
    }

    [Fact]
    public void A_partly_answered_section_is_not_complete()
    {
        var questionnaire = PaperQuestionnaire();
        var facts = new SubmissionFacts(questionnaire, Answering(questionnaire, 3, 1, extraAnswersInNextWorkload: 14));

        Assert.Equal(3, facts.CompletedSectionCount("workload"));
        Assert.Equal(59, facts.AnsweredQuestionCount("workload"));
        Assert.Equal("poor", new QualityEvaluator().ReadinessLevelOf(facts, ReadinessScale.CrowdArbPaper));
    }

    [Fact]
    public void A_section_without_mandatory_questions_is_complete_once_anything_in_it_is_answered()
    {
        var optional = new QuestionnaireSection("notes", "Notes", "notes", [new Question("n1", "Anything else?", mandatory: false), new Question("n2", "Contacts?", mandatory: false)]);
        var questionnaire = new Questionnaire("q", "Q", "client", [optional]);

        Assert.False(new SubmissionFacts(questionnaire, new Response("a")).IsComplete(optional));
        Assert.True(new SubmissionFacts(questionnaire, new Response("a", [new Answer("n2", "none", "e", At)])).IsComplete(optional));
    }

    [Fact]
    public void Each_failing_rule_gives_a_violation_in_words_and_the_submission_fails()
    {
        var questionnaire = PaperQuestionnaire();
        QualityRule[] rules =
        [
            new MinimumCompletedSectionsRule("five-workloads", "workload", 5),
            new MinimumCompletedSectionsRule("one-datacenter", "datacenter", 1),
            new MinimumAnsweredQuestionsRule("sixty-workload-answers", "workload", 60),
            new RequiredQuestionsRule("headline", ["w1-q1", "d2-q3"]),
        ];

        var assessment = new QualityEvaluator().Assess("assignment-1", questionnaire, Answering(questionnaire, 3, 0), rules, ReadinessScale.CrowdArbPaper, At);

        Assert.False(assessment.Passed);
        Assert.Equal("poor", assessment.ReadinessLevel);
        Assert.Collection(
            assessment.Violations,
            v => Assert.Equal(("five-workloads", "3 of the at least 5 'workload' sections needed are complete; complete 2 more."), (v.RuleId, v.Message)),
            v => Assert.Equal(("one-datacenter", "0 of the at least 1 'datacenter' sections needed are complete; complete 1 more."), (v.RuleId, v.Message)),
            v => Assert.Equal(("sixty-workload-answers", "45 of the at least 60 questions needed in the 'workload' sections are answered; answer 15 more."), (v.RuleId, v.Message)),
            v => Assert.Equal(("headline", "Question 'd2-q3' (\"Data centre 2, question 3\") must be answered."), (v.RuleId, v.Message)));
    }

    [Fact]
    public void A_rule_naming_an_unknown_question_is_an_error_that_names_both()
    {
        var questionnaire = PaperQuestionnaire();

        var ex = Assert.Throws<InvalidStateException>(() => new QualityEvaluator().Assess("a", questionnaire, new Response("a"), [new RequiredQuestionsRule("r", ["nope"])], ReadinessScale.CrowdArbPaper, At));

        Assert.Contains("'r'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_rules_are_evaluated_by_the_evaluator_registered_for_their_kind()
    {
        var questionnaire = PaperQuestionnaire();
        var evaluator = new QualityEvaluator([new AnswerLengthEvaluator()]);
        var rule = new CustomQualityRule("long-enough", "min-length", new Dictionary<string, string> { ["length"] = "4" });
        var response = new Response("a", [new Answer("w1-q1", "abc", "e", At), new Answer("w1-q2", "abcd", "e", At)]);

        var assessment = evaluator.Assess("a", questionnaire, response, [rule], ReadinessScale.CrowdArbPaper, At);

        var violation = Assert.Single(assessment.Violations);
        Assert.Equal("Answer to 'w1-q1' is shorter than 4 characters.", violation.Message);
    }

    [Fact]
    public void A_custom_rule_without_an_evaluator_is_an_error_naming_the_kind()
    {
        var ex = Assert.Throws<InvalidStateException>(() => new QualityEvaluator().Assess("a", PaperQuestionnaire(), new Response("a"), [new CustomQualityRule("x", "unregistered")], ReadinessScale.CrowdArbPaper, At));

        Assert.Contains("'unregistered'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_evaluators_for_one_kind_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new QualityEvaluator([new AnswerLengthEvaluator(), new AnswerLengthEvaluator()]));

        Assert.Contains("'min-length'", ex.Message, StringComparison.Ordinal);
    }

    private sealed class AnswerLengthEvaluator : ICustomQualityRuleEvaluator
    {
        public string Kind => "min-length";

        public IEnumerable<QualityViolation> Evaluate(CustomQualityRule rule, SubmissionFacts submission)
        {
            var length = int.Parse(rule.Parameters["length"], System.Globalization.CultureInfo.InvariantCulture);
            return submission.Response.Answers
                .Where(a => a.Value.Length < length)
                .Select(a => new QualityViolation(rule.Id, $"Answer to '{a.QuestionId}' is shorter than {length} characters."));
        }
    }
}
