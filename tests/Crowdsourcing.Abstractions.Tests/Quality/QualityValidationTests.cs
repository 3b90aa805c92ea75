using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Quality;

namespace Crowdsourcing.Abstractions.Tests.Quality;

public sealed class QualityValidationTests
{
    private static readonly DateTimeOffset At = Samples.Start;

    private static readonly Rules Table = BuildRules();

    public static TheoryData<string> RuleNames => Table.Names;

    public static TheoryData<string> AcceptedNames => Table.AcceptedNames;

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Rule_is_enforced_with_a_message_naming_field_and_value(string rule) => Table.Verify(rule);

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void Valid_value_is_accepted(string rule) => Table.VerifyAccepted(rule);

    [Fact]
    public void Custom_rule_copies_its_parameters_and_defaults_to_none()
    {
        var parameters = new Dictionary<string, string> { ["a"] = "1" };
        var rule = new CustomQualityRule("r", "k", parameters);
        parameters["b"] = "2";
        Assert.Equal(["a"], rule.Parameters.Keys);
        Assert.Empty(new CustomQualityRule("r", "k").Parameters);
    }

    [Fact]
    public void Custom_rule_parameter_keys_are_ordinal()
    {
        var rule = new CustomQualityRule("r", "k", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Max"] = "1" });
        Assert.True(rule.Parameters.ContainsKey("Max"));
        Assert.False(rule.Parameters.ContainsKey("max"));
    }

    [Fact]
    public void Passed_assessment_has_no_violations()
    {
        var assessment = new QualityAssessment("a", true, null, "good", At);
        Assert.True(assessment.Passed);
        Assert.Empty(assessment.Violations);
        Assert.Equal("good", assessment.ReadinessLevel);
    }

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .IdField("QualityRule.Id", v => _ = new RequiredQuestionsRule(v!, ["q"]), v => _ = Samples.RequiredQuestions() with { Id = v! })
            .IdField("RequiredQuestionsRule.QuestionIds[0]", v => _ = new RequiredQuestionsRule("r", [v!]), null, listItem: true)
            .KeyField("MinimumAnsweredQuestionsRule.SectionGroup", null, v => _ = Samples.MinimumAnswered() with { SectionGroup = v! })
            .KeyField("MinimumCompletedSectionsRule.SectionGroup", null, v => _ = Samples.MinimumCompleted() with { SectionGroup = v! })
            .KeyField("CustomQualityRule.Kind", v => _ = new CustomQualityRule("r", v!), v => _ = Samples.Custom() with { Kind = v! })
            .KeyField("ReadinessLevel.Name", v => _ = new ReadinessLevel(v!), v => _ = new ReadinessLevel("poor") with { Name = v! })
            .IdField("QualityViolation.RuleId", null, v => _ = new QualityViolation("r", "m") with { RuleId = v! })
            .TextField("QualityViolation.Message", null, v => _ = new QualityViolation("r", "m") with { Message = v! })
            .IdField("QualityAssessment.AssignmentId", v => _ = new QualityAssessment(v!, true, [], "good", At), v => _ = Samples.FailedAssessment() with { AssignmentId = v! })
            .KeyField("QualityAssessment.ReadinessLevel", v => _ = new QualityAssessment("a", true, [], v!, At), v => _ = Samples.FailedAssessment() with { ReadinessLevel = v! });

        // The identifier of the other rule types goes through the same base property.
        rules
            .Add<ValidationFailedException>("QualityRule.Id minimum answered ctor: empty", () => _ = new MinimumAnsweredQuestionsRule("", "g", 1), "QualityRule.Id must not be empty or whitespace (value: '')")
            .Add<ValidationFailedException>("QualityRule.Id minimum completed ctor: control", () => _ = new MinimumCompletedSectionsRule("a\tb", "g", 1), "QualityRule.Id must not contain control characters")
            .Add<ValidationFailedException>("QualityRule.Id custom ctor: too long", () => _ = new CustomQualityRule(Samples.TooLongId, "k"), "QualityRule.Id must be at most 200 characters (value has 201)");

        return rules
            .Add<ValidationFailedException>("RequiredQuestionsRule: no question", () => _ = new RequiredQuestionsRule("req", []), "RequiredQuestionsRule 'req' must name at least one question")
            .Add<ValidationFailedException>("RequiredQuestionsRule: null questions", () => _ = new RequiredQuestionsRule("req", null!), "RequiredQuestionsRule 'req' must name at least one question")
            .Add<ValidationFailedException>("RequiredQuestionsRule: duplicate question", () => _ = new RequiredQuestionsRule("req", ["q1", "q1"]), "RequiredQuestionsRule.QuestionIds contains 'q1' more than once (at index 1)")
            .Add<ValidationFailedException>("MinimumAnsweredQuestionsRule.Minimum with: negative", () => _ = Samples.MinimumAnswered() with { Minimum = -3 }, "MinimumAnsweredQuestionsRule.Minimum must be positive (value: -3)")
            .Add<ValidationFailedException>("MinimumCompletedSectionsRule.Minimum with: zero", () => _ = Samples.MinimumCompleted() with { Minimum = 0 }, "MinimumCompletedSectionsRule.Minimum must be positive (value: 0)")
            .Add<ValidationFailedException>("ReadinessLevel: null criterion", () => _ = new ReadinessLevel("fair", [Samples.MinimumCompleted(), null!]), "ReadinessLevel.Criteria[1] must not be null")
            .Add<ValidationFailedException>("ReadinessLevel: duplicate criterion id", () => _ = new ReadinessLevel("fair", [new MinimumCompletedSectionsRule("r", "a", 1), new MinimumAnsweredQuestionsRule("r", "b", 2)]), "ReadinessLevel.Criteria[1].Id 'r' is used more than once")
            .Add<ValidationFailedException>("ReadinessScale: one level", () => _ = new ReadinessScale([new ReadinessLevel("only")]), "ReadinessScale.Levels must have at least two levels (has 1)")
            .Add<ValidationFailedException>("ReadinessScale: no levels", () => _ = new ReadinessScale(null!), "ReadinessScale.Levels must have at least two levels (has 0)")
            .Add<ValidationFailedException>("ReadinessScale: null level", () => _ = new ReadinessScale([new ReadinessLevel("a"), null!]), "ReadinessScale.Levels[1] must not be null")
            .Add<ValidationFailedException>("ReadinessScale: duplicate level name", () => _ = new ReadinessScale([new ReadinessLevel("low"), new ReadinessLevel("high"), new ReadinessLevel("low")]), "ReadinessScale.Levels[2].Name 'low' is used more than once")
            .Add<ValidationFailedException>("ReadinessScale: lowest level with criteria", () => _ = new ReadinessScale([new ReadinessLevel("low", [Samples.MinimumCompleted()]), new ReadinessLevel("high")]), "ReadinessScale.Levels[0] 'low' is the lowest level and must have no criteria")
            .Add<ValidationFailedException>("QualityAssessment: passed with violations", () => _ = new QualityAssessment("a", true, [new QualityViolation("r", "m")], "poor", At), "QualityAssessment.Passed is True but there are 1 violations")
            .Add<ValidationFailedException>("QualityAssessment: failed without violations", () => _ = new QualityAssessment("a", false, [], "poor", At), "QualityAssessment.Passed is False but there are 0 violations")
            .Add<ValidationFailedException>("QualityAssessment: failed with null violations", () => _ = new QualityAssessment("a", false, null, "poor", At), "QualityAssessment.Passed is False but there are 0 violations")
            .Add<ValidationFailedException>("QualityAssessment: null violation", () => _ = new QualityAssessment("a", false, [null!], "poor", At), "QualityAssessment.Violations[0] must not be null");
    }
}
