using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Assignments;

namespace Crowdsourcing.Abstractions.Tests.Assignments;

public sealed class AssignmentValidationTests
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
    public void Missing_subject_is_an_ArgumentNullException_naming_the_field()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => new Assignment("a", "c", "t", "q", null!, ["p"], AssignmentStatus.Draft, At));
        Assert.Equal("Subject", exception.Path);
        Assert.Contains("Assignment.Subject must be given", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_parts_default_to_empty()
    {
        var assignment = Make();
        Assert.Empty(assignment.Delegations);
        Assert.Empty(assignment.Feedback);
        Assert.Equal(0, assignment.Version);
        var response = new Response("r");
        Assert.Empty(response.Answers);
        Assert.Equal(0, response.Version);
    }

    [Fact]
    public void Delegation_keeps_an_optional_message()
    {
        var delegation = new Delegation("d", "a", "b", ["q"], null, At);
        Assert.Null(delegation.Message);
        Assert.Equal(At, delegation.At);
    }

    private static Assignment Make(string id = "a", string campaignId = "c", string taskId = "t", string questionnaireId = "q", string[]? assignees = null, AssignmentStatus status = AssignmentStatus.Draft, Delegation[]? delegations = null, string[]? feedback = null) =>
        new(id, campaignId, taskId, questionnaireId, new Subject("s", "S"), assignees ?? ["p"], status, At, delegations, feedback);

    private static Delegation Delegate(string id = "d", string from = "a", string to = "b", string[]? questions = null) =>
        new(id, from, to, questions ?? ["q1"], "note", At);

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .IdField("Subject.Id", null, v => _ = new Subject("s", "Name") with { Id = v! })
            .NameField("Subject.Name", null, v => _ = new Subject("s", "Name") with { Name = v! })
            .AddWithParam<ValidationFailedException>("Delegation.Id ctor: empty", () => Delegate(id: string.Empty), "Id", "Delegation.Id must not be empty or whitespace")
            .AddWithParam<ValidationFailedException>("Delegation.Id with: 221 characters", () => _ = Delegate() with { Id = new string('d', 221) }, "Id", "Delegation.Id must be at most 220 characters (value has 221)")
            .AddWithParam<ValidationFailedException>("Delegation.Id with: control character", () => _ = Delegate() with { Id = "a\u0001" }, "Id", "Delegation.Id must not contain control characters")
            .Accept("Delegation.Id ctor: the runtime's form, a 200-character request id, ':d' and a number", () => Delegate(id: new string('r', 200) + ":d12345"))
            .IdField("Delegation.FromParticipantId", v => Delegate(from: v!), v => _ = Delegate() with { FromParticipantId = v! })
            .IdField("Delegation.ToParticipantId", v => Delegate(to: v!), v => _ = Delegate() with { ToParticipantId = v! })
            .IdField("Delegation.QuestionIds[1]", v => Delegate(questions: ["q1", v!]), null, listItem: true)
            .IdField("Assignment.Id", v => Make(id: v!), v => _ = Samples.Assignment() with { Id = v! })
            .IdField("Assignment.CampaignId", v => Make(campaignId: v!), v => _ = Samples.Assignment() with { CampaignId = v! })
            .IdField("Assignment.TaskId", v => Make(taskId: v!), v => _ = Samples.Assignment() with { TaskId = v! })
            .IdField("Assignment.QuestionnaireId", v => Make(questionnaireId: v!), v => _ = Samples.Assignment() with { QuestionnaireId = v! })
            .IdField("Assignment.AssigneeIds[0]", v => Make(assignees: [v!]), null, listItem: true)
            .EnumField("Assignment.Status", v => Make(status: (AssignmentStatus)v), v => _ = Samples.Assignment() with { Status = (AssignmentStatus)v }, "'cancelled'")
            .IdField("Answer.QuestionId", null, v => _ = new Answer("q", "42", "p", At) with { QuestionId = v! })
            .TextField("Answer.Value", null, v => _ = new Answer("q", "42", "p", At) with { Value = v! }, max: Limits.MaxAnswerLength)
            .IdField("Answer.AnsweredBy", null, v => _ = new Answer("q", "42", "p", At) with { AnsweredBy = v! })
            .IdField("Response.Id", v => _ = new Response(v!), v => _ = Samples.Response() with { Id = v! });

        return rules
            .Add<ValidationFailedException>("Assignment.Version with: negative", () => _ = Samples.Assignment() with { Version = -1 }, "Assignment.Version must not be negative (value: -1)")
            .Add<ValidationFailedException>("Response.Version with: negative", () => _ = Samples.Response() with { Version = -2 }, "Response.Version must not be negative (value: -2)")
            .Add<ValidationFailedException>("Delegation: no question", () => Delegate(questions: []), "Delegation.QuestionIds must name at least one question")
            .Add<ValidationFailedException>("Delegation: null questions", () => _ = new Delegation("d", "a", "b", null!, null, At), "Delegation.QuestionIds must name at least one question")
            .Add<ValidationFailedException>("Delegation: duplicate question", () => Delegate(questions: ["q1", "q2", "q1"]), "Delegation.QuestionIds contains 'q1' more than once (at index 2)")
            .Add<ValidationFailedException>("Delegation: to oneself", () => Delegate(from: "expert-7", to: "expert-7"), "Delegation.ToParticipantId must differ from FromParticipantId ('expert-7')")
            .Accept("Delegation: ids differing only in case are different people", () => Delegate(from: "Expert-7", to: "expert-7"))
            .Add<ValidationFailedException>("Assignment: no assignee", () => Make(id: "asg-9", assignees: []), "Assignment 'asg-9' must have at least one assignee")
            .Add<ValidationFailedException>("Assignment: null assignees", () => _ = new Assignment("asg-9", "c", "t", "q", new Subject("s", "S"), null!, AssignmentStatus.Draft, At), "Assignment 'asg-9' must have at least one assignee")
            .Add<ValidationFailedException>("Assignment: duplicate assignee", () => Make(assignees: ["p1", "p2", "p1"]), "Assignment.AssigneeIds contains 'p1' more than once (at index 2)")
            .Add<ValidationFailedException>("Assignment: null delegation", () => Make(delegations: [Delegate(), null!]), "Assignment.Delegations[1] must not be null")
            .Add<ValidationFailedException>("Assignment: duplicate delegation id", () => Make(delegations: [Delegate("d1"), Delegate("d2", "b", "c"), Delegate("d1", "c", "a")]), "Assignment.Delegations[2].Id 'd1' is used more than once")
            .Add<ValidationFailedException>("Assignment: null feedback", () => Make(feedback: ["ok", null!]), "Assignment.Feedback[1] must not be null")
            .Add<ValidationFailedException>("Response: null answer", () => _ = new Response("r", [null!]), "Response.Answers[0] must not be null")
            .Add<ValidationFailedException>("Response: question answered twice", () => _ = new Response("r", [new Answer("q1", "a", "p", At), new Answer("q2", "b", "p", At), new Answer("q1", "c", "p2", At)]), "Response.Answers[2].QuestionId 'q1' is used more than once");
    }
}
