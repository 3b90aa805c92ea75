using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Questionnaires;

namespace Crowdsourcing.Abstractions.Tests.Questionnaires;

public sealed class QuestionnaireValidationTests
{
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
    public void Question_defaults_to_a_mandatory_text_question_without_constraints()
    {
        var question = new Question("q", "Why?");
        Assert.Equal(AnswerType.Text, question.AnswerType);
        Assert.True(question.Mandatory);
        Assert.NotNull(question.Constraints);
        Assert.Null(question.Constraints.MinLength);
        Assert.Null(question.Constraints.MaxLength);
        Assert.Null(question.Constraints.Minimum);
        Assert.Null(question.Constraints.Maximum);
        Assert.Null(question.Constraints.Pattern);
        Assert.Empty(question.Constraints.Choices);
    }

    [Fact]
    public void Question_ids_may_repeat_across_questionnaires_but_section_ids_are_per_questionnaire()
    {
        var a = new Questionnaire("a", "A", "client", [Section("s1", "q1")]);
        var b = new Questionnaire("b", "B", "client", [Section("s1", "q1")]);
        Assert.Equal(a.Sections[0].Id, b.Sections[0].Id);
    }

    private static QuestionnaireSection Section(string id, params string[] questionIds) =>
        new(id, "Section " + id, "group", [.. questionIds.Select(q => new Question(q, "Question " + q))]);

    private static Question Choice(AnswerType type, params string[] choices) =>
        new("c", "Pick", type, true, new AnswerConstraints { Choices = choices });

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .IdField("Question.Id", v => _ = new Question(v!, "Text"), v => _ = new Question("q", "Text") with { Id = v! })
            .TextField("Question.Text", v => _ = new Question("q", v!), v => _ = new Question("q", "Text") with { Text = v! })
            .EnumField("Question.AnswerType", v => _ = new Question("q", "Text", (AnswerType)v), v => _ = new Question("q", "Text") with { AnswerType = (AnswerType)v }, "'multiple-choice'")
            .IdField("QuestionnaireSection.Id", v => _ = new QuestionnaireSection(v!, "Title", "g", [new Question("q", "Q")]), v => _ = Section("s", "q") with { Id = v! })
            .NameField("QuestionnaireSection.Title", v => _ = new QuestionnaireSection("s", v!, "g", [new Question("q", "Q")]), v => _ = Section("s", "q") with { Title = v! })
            .KeyField("QuestionnaireSection.Group", v => _ = new QuestionnaireSection("s", "Title", v!, [new Question("q", "Q")]), v => _ = Section("s", "q") with { Group = v! })
            .IdField("Questionnaire.Id", v => _ = new Questionnaire(v!, "Name", "client", [Section("s", "q")]), v => _ = Samples.Questionnaire() with { Id = v! })
            .NameField("Questionnaire.Name", v => _ = new Questionnaire("qn", v!, "client", [Section("s", "q")]), v => _ = Samples.Questionnaire() with { Name = v! })
            .KeyField("Questionnaire.SubjectKind", v => _ = new Questionnaire("qn", "Name", v!, [Section("s", "q")]), v => _ = Samples.Questionnaire() with { SubjectKind = v! })
            .KeyField("AnswerConstraints.Choices[1]", v => _ = new AnswerConstraints { Choices = ["a", v!] }, v => _ = new AnswerConstraints { Choices = ["a"] } with { Choices = ["a", v!] }, listItem: true);

        return rules
            .Add<ValidationFailedException>("Questionnaire.Version with: negative", () => _ = Samples.Questionnaire() with { Version = -1 }, "Questionnaire.Version must not be negative (value: -1)")
            .Add<ValidationFailedException>("AnswerConstraints.MinLength: negative", () => _ = new AnswerConstraints { MinLength = -1 }, "AnswerConstraints.MinLength must not be negative (value: -1)")
            .Add<ValidationFailedException>("AnswerConstraints.MaxLength: zero", () => _ = new AnswerConstraints { MaxLength = 0 }, "AnswerConstraints.MaxLength must be positive (value: 0)")
            .Add<ValidationFailedException>("AnswerConstraints.MaxLength with: negative", () => _ = new AnswerConstraints() with { MaxLength = -4 }, "AnswerConstraints.MaxLength must be positive (value: -4)")
            .Add<ValidationFailedException>("AnswerConstraints.Minimum: NaN", () => _ = new AnswerConstraints { Minimum = double.NaN }, "AnswerConstraints.Minimum must be a finite number (value: NaN)")
            .Add<ValidationFailedException>("AnswerConstraints.Maximum: infinity", () => _ = new AnswerConstraints { Maximum = double.PositiveInfinity }, "AnswerConstraints.Maximum must be a finite number (value: Infinity)")
            .Add<ValidationFailedException>("AnswerConstraints.Maximum with: -infinity", () => _ = new AnswerConstraints() with { Maximum = double.NegativeInfinity }, "AnswerConstraints.Maximum must be a finite number (value: -Infinity)")
            .Add<ValidationFailedException>("AnswerConstraints.Pattern: invalid regular expression", () => _ = new AnswerConstraints { Pattern = "[a-" }, "AnswerConstraints.Pattern is not a valid regular expression (value: '[a-')")
            .Add<ValidationFailedException>("AnswerConstraints.Pattern with: invalid regular expression", () => _ = new AnswerConstraints() with { Pattern = "(unclosed" }, "AnswerConstraints.Pattern is not a valid regular expression (value: '(unclosed')")
            .Add<ValidationFailedException>("AnswerConstraints.Choices: duplicate", () => _ = new AnswerConstraints { Choices = ["yes", "no", "yes"] }, "AnswerConstraints.Choices contains 'yes' more than once (at index 2)")
            .Accept("AnswerConstraints: zero minimum length, negative bounds", () => _ = new AnswerConstraints { MinLength = 0, Minimum = -10, Maximum = -1 })
            .Accept("AnswerConstraints: nulls clear the limits", () => _ = new AnswerConstraints { MinLength = null, MaxLength = null, Minimum = null, Maximum = null, Pattern = null })
            .Add<ValidationFailedException>("AnswerConstraints: MinLength above MaxLength", () => _ = new AnswerConstraints { MinLength = 5, MaxLength = 3 }, "AnswerConstraints.MinLength (5) exceeds AnswerConstraints.MaxLength (3)")
            .Add<ValidationFailedException>("AnswerConstraints: MaxLength below MinLength, set in the other order", () => _ = new AnswerConstraints { MaxLength = 3, MinLength = 5 }, "AnswerConstraints.MinLength (5) exceeds AnswerConstraints.MaxLength (3)")
            .Add<ValidationFailedException>("AnswerConstraints with: MaxLength below MinLength", () => _ = new AnswerConstraints { MinLength = 5 } with { MaxLength = 4 }, "AnswerConstraints.MinLength (5) exceeds AnswerConstraints.MaxLength (4)")
            .Add<ValidationFailedException>("AnswerConstraints with: Minimum above Maximum", () => _ = new AnswerConstraints { Maximum = 1.5 } with { Minimum = 2.25 }, "AnswerConstraints.Minimum (2.25) exceeds AnswerConstraints.Maximum (1.5)")
            .Accept("Question: MinLength equal to MaxLength", () => _ = new Question("q1", "T", AnswerType.Text, true, new AnswerConstraints { MinLength = 3, MaxLength = 3 }))
            .Add<ValidationFailedException>("AnswerConstraints: Minimum above Maximum", () => _ = new AnswerConstraints { Minimum = 10, Maximum = 2 }, "AnswerConstraints.Minimum (10) exceeds AnswerConstraints.Maximum (2)")
            .Accept("Question: Minimum equal to Maximum", () => _ = new Question("q2", "T", AnswerType.Number, true, new AnswerConstraints { Minimum = 2, Maximum = 2 }))
            .Add<ValidationFailedException>("Question: single choice without choices", () => _ = Choice(AnswerType.SingleChoice), "Question 'c' is a SingleChoice question and needs at least one entry in Constraints.Choices")
            .Add<ValidationFailedException>("Question: multiple choice without choices", () => _ = new Question("m", "Pick", AnswerType.MultipleChoice), "Question 'm' is a MultipleChoice question and needs at least one entry in Constraints.Choices")
            .Add<ValidationFailedException>("Question: choices on a text question", () => _ = Choice(AnswerType.Text, "a"), "Question 'c' is a Text question; Constraints.Choices apply only to choice questions")
            .Add<ValidationFailedException>("Question: choices on a number question", () => _ = Choice(AnswerType.Number, "1"), "Question 'c' is a Number question; Constraints.Choices apply only to choice questions")
            .Accept("Question: single choice with one choice", () => _ = Choice(AnswerType.SingleChoice, "only"))
            .Add<ValidationFailedException>("QuestionnaireSection: no questions", () => _ = new QuestionnaireSection("s-empty", "T", "g", []), "QuestionnaireSection 's-empty' must have at least one question")
            .Add<ValidationFailedException>("QuestionnaireSection: null questions", () => _ = new QuestionnaireSection("s-null", "T", "g", null!), "QuestionnaireSection 's-null' must have at least one question")
            .Add<ValidationFailedException>("QuestionnaireSection: null question", () => _ = new QuestionnaireSection("s", "T", "g", [new Question("q", "Q"), null!]), "QuestionnaireSection.Questions[1] must not be null")
            .Add<ValidationFailedException>("QuestionnaireSection: duplicate question id", () => _ = Section("s", "q1", "q2", "q1"), "QuestionnaireSection.Questions[2].Id 'q1' is used more than once")
            .Add<ValidationFailedException>("Questionnaire: no sections", () => _ = new Questionnaire("qn-empty", "N", "client", []), "Questionnaire 'qn-empty' must have at least one section")
            .Add<ValidationFailedException>("Questionnaire: null section", () => _ = new Questionnaire("qn", "N", "client", [Section("s", "q"), null!]), "Questionnaire.Sections[1] must not be null")
            .Add<ValidationFailedException>("Questionnaire: duplicate section id", () => _ = new Questionnaire("qn", "N", "client", [Section("s", "q1"), Section("s", "q2")]), "Questionnaire.Sections[1].Id 's' is used more than once")
            .Add<ValidationFailedException>("Questionnaire: question id repeated across sections", () => _ = new Questionnaire("qn", "N", "client", [Section("s1", "q1", "q2"), Section("s2", "q3"), Section("s3", "q2")]), "Questionnaire 'qn': question id 'q2' is used in section 's1' and again in section 's3'");
    }
}
