using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;

namespace Crowdsourcing.Abstractions.Tests.Regressions;

/// <summary>
/// The size limits of <see cref="Limits"/> that are not a single field's length: questionnaire sizes, lists, patterns,
/// e-mail addresses, optional texts, notification bodies. Each is refused just above the limit with the field and the
/// limit in the message, and accepted at it.
/// </summary>
public sealed class InputLimitTests
{
    private static readonly DateTimeOffset At = Samples.Start;

    private static readonly Rules Sizes = new Rules()
        .AddWithParam<ValidationFailedException>("Questionnaire.Sections: 101 sections", () => _ = new Questionnaire("q", "Q", "client", Sections(101, 1)), "Sections", "Questionnaire.Sections may have at most 100 items (it has 101)")
        .Accept("Questionnaire.Sections: 100 sections", () => _ = new Questionnaire("q", "Q", "client", Sections(100, 10)))
        .AddWithParam<ValidationFailedException>("Questionnaire.Sections: 1,001 questions in all", () => _ = new Questionnaire("q", "Q", "client", [.. Sections(5, 200), .. Sections(1, 1, "extra")]), "Sections", "has 1,001 questions; a questionnaire may have at most 1,000")
        .AddWithParam<ValidationFailedException>("QuestionnaireSection.Questions: 201 questions", () => _ = Sections(1, 201), "Questions", "QuestionnaireSection.Questions may have at most 200 items (it has 201)")
        .Accept("QuestionnaireSection.Questions: 200 questions", () => _ = Sections(1, 200))
        .AddWithParam<ValidationFailedException>("AnswerConstraints.Choices: 201 choices", () => _ = new AnswerConstraints { Choices = Numbered("c", 201) }, "Choices", "AnswerConstraints.Choices may have at most 200 items (it has 201)")
        .Accept("AnswerConstraints.Choices: 200 choices", () => _ = new AnswerConstraints { Choices = Numbered("c", 200) })
        .AddWithParam<ValidationFailedException>("AnswerConstraints.Pattern: 1,001 characters", () => _ = new AnswerConstraints { Pattern = new string('a', 1001) }, "Pattern", "AnswerConstraints.Pattern must be at most 1,000 characters (value has 1,001)")
        .Accept("AnswerConstraints.Pattern: 1,000 characters", () => _ = new AnswerConstraints { Pattern = new string('a', 1000) })
        .AddWithParam<ValidationFailedException>("Participant.Qualifications: 1,001", () => _ = Samples.Participant() with { Qualifications = Numbered("q", 1001) }, "Qualifications", "Participant.Qualifications may have at most 1,000 items (it has 1,001)")
        .AddWithParam<ValidationFailedException>("Participant.ColleagueIds: 1,001", () => _ = Samples.Participant() with { ColleagueIds = Numbered("c", 1001) }, "ColleagueIds", "Participant.ColleagueIds may have at most 1,000 items (it has 1,001)")
        .AddWithParam<ValidationFailedException>("Participant.Email: 255 characters", () => _ = Samples.Participant() with { Email = new string('a', 245) + "@example.x" }, "Email", "Participant.Email must be at most 254 characters (value has 255)")
        .Accept("Participant.Email: 254 characters", () => _ = Samples.Participant() with { Email = new string('a', 244) + "@example.x" })
        .AddWithParam<ValidationFailedException>("CrowdSelection.ParticipantIds: 100,001", () => _ = new CrowdSelection([CrowdLayer.Internal], [], Numbered("p", 100_001)), "ParticipantIds", "CrowdSelection.ParticipantIds may have at most 100,000 items (it has 100,001)")
        .AddWithParam<ValidationFailedException>("Campaign.OrganiserIds: 1,001", () => _ = Samples.Campaign() with { OrganiserIds = Numbered("o", 1001) }, "OrganiserIds", "Campaign.OrganiserIds may have at most 1,000 items")
        .AddWithParam<ValidationFailedException>("Assignment.Feedback: a 4,001-character entry", () => _ = Samples.Assignment() with { Feedback = ["fine", new string('f', 4001)] }, "Feedback", "Assignment.Feedback[1] must be at most 4,000 characters (value has 4,001)")
        .AddWithParam<ValidationFailedException>("Assignment.Feedback: 1,001 entries", () => _ = Samples.Assignment() with { Feedback = Numbered("f", 1001) }, "Feedback", "Assignment.Feedback may have at most 1,000 items (it has 1,001)")
        .AddWithParam<ValidationFailedException>("Delegation.Message: 4,001 characters", () => _ = Samples.Delegation() with { Message = new string('m', 4001) }, "Message", "Delegation.Message must be at most 4,000 characters (value has 4,001)")
        .Accept("Delegation.Message: null", () => _ = Samples.Delegation() with { Message = null })
        .AddWithParam<ValidationFailedException>("Response.Answers: 1,001", () => _ = new Response("r", [.. Numbered("q", 1001).Select(q => new Answer(q, "x", "p", At))]), "Answers", "Response.Answers may have at most 1,000 items (it has 1,001)")
        .AddWithParam<ValidationFailedException>("CrowdTask.BusinessModel: 4,001 characters", () => _ = Samples.Task() with { BusinessModel = new string('b', 4001) }, "BusinessModel", "CrowdTask.BusinessModel must be at most 4,000 characters")
        .AddWithParam<ValidationFailedException>("CustomQualityRule.Parameters: a control character in a value", () => _ = new CustomQualityRule("r", "k", new Dictionary<string, string> { ["x"] = "a\u0007" }), "Parameters", "CustomQualityRule.Parameters[x] must not contain control characters")
        .AddWithParam<ValidationFailedException>("CustomQualityRule.Parameters: 1,001 entries", () => _ = new CustomQualityRule("r", "k", Numbered("k", 1001).ToDictionary(k => k, k => k)), "Parameters", "CustomQualityRule.Parameters may have at most 1,000 entries (it has 1,001)")
        .AddWithParam<ValidationFailedException>("Notification.Body: 16,001 characters", () => _ = Samples.Notification() with { Body = new string('b', 16_001) }, "Body", "Notification.Body must be at most 16,000 characters (value has 16,001)")
        .Accept("Notification.Body: empty", () => _ = Samples.Notification() with { Body = string.Empty })
        .AddWithParam<ValidationFailedException>("NotificationTemplate.Text: 16,001 characters", () => _ = new NotificationTemplate(new string('t', 16_001)), "Text", "NotificationTemplate.Text must be at most 16,000 characters");

    public static TheoryData<string> Refused => Sizes.Names;

    public static TheoryData<string> Accepted => Sizes.AcceptedNames;

    [Theory]
    [MemberData(nameof(Refused))]
    public void Input_over_its_limit_is_refused_naming_the_field_and_the_limit(string rule) => Sizes.Verify(rule);

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Input_at_its_limit_is_accepted(string rule) => Sizes.VerifyAccepted(rule);

    [Fact]
    public void A_10_MB_value_is_not_echoed_in_the_message()
    {
        var error = Assert.Throws<ValidationFailedException>(() => Samples.Participant() with { DisplayName = new string('x', 10_000_000) });

        Assert.True(error.Message.Length < 300, error.Message);
        Assert.Equal("DisplayName", error.Path);
    }

    private static IReadOnlyList<QuestionnaireSection> Sections(int sections, int questionsEach, string prefix = "s") =>
        [.. Enumerable.Range(0, sections).Select(s => new QuestionnaireSection(
            $"{prefix}{s}",
            $"Section {s}",
            "g",
            [.. Enumerable.Range(0, questionsEach).Select(q => new Question($"{prefix}{s}-q{q}", "Text"))]))];

    private static string[] Numbered(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i}")];
}
