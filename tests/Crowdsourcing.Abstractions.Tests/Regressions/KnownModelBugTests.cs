using System.Globalization;
using System.Text.Json;
using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Incentives;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Abstractions.Tests.Regressions;

/// <summary>
/// One regression test (or table of them) per bug of the model review: A (positional records skipped validation),
/// C (<c>with</c> expressions skipped list and cross-field rules), D (e-mail with a trailing line break), E (incentives
/// wrote <c>motivation</c>), F (loose enum reading), G (missing <c>nextAttemptAt</c>), H (multiple-choice repeats and
/// separators), and the minor ones (culture-invariant messages, bare-field parameter names, <see cref="PageRequest"/>'s
/// message, <see cref="Question.Check(string)"/> on a slow pattern). Each fails if its bug comes back.
/// </summary>
public sealed class KnownModelBugTests
{
    private static readonly DateTimeOffset At = Samples.Start;

    // A. Positional records: the property initializer "= Name" writes the backing field and skips the init accessor.
    private static readonly Rules Positional = new Rules()
        .NameField("Milestone.Name", v => _ = new Milestone(v!, At), null)
        .NameField("KeyIndicator.Name", v => _ = new KeyIndicator(v!, 1), null)
        .IdField("Subject.Id", v => _ = new Subject(v!, "Name"), null)
        .NameField("Subject.Name", v => _ = new Subject("s", v!), null)
        .IdField("Answer.QuestionId", v => _ = new Answer(v!, "42", "p", At), null)
        .TextField("Answer.Value", v => _ = new Answer("q", v!, "p", At), null, max: Limits.MaxAnswerLength)
        .IdField("Answer.AnsweredBy", v => _ = new Answer("q", "42", v!, At), null)
        .TextField("PerformanceBonus.Criterion", v => _ = new PerformanceBonus("b", 1, "EUR", v!), null)
        .KeyField("MinimumAnsweredQuestionsRule.SectionGroup", v => _ = new MinimumAnsweredQuestionsRule("r", v!, 1), null)
        .KeyField("MinimumCompletedSectionsRule.SectionGroup", v => _ = new MinimumCompletedSectionsRule("r", v!, 1), null)
        .IdField("QualityViolation.RuleId", v => _ = new QualityViolation(v!, "m"), null)
        .TextField("QualityViolation.Message", v => _ = new QualityViolation("r", v!), null)
        .IdField("ContactRecord.ParticipantId", v => _ = new ContactRecord(v!, "email", 1, 1), null)
        .KeyField("ContactRecord.Intervention", v => _ = new ContactRecord("p", v!, 1, 1), null)
        .Add<ValidationFailedException>("KeyIndicator.Target ctor: NaN", () => _ = new KeyIndicator("k", double.NaN), "KeyIndicator.Target must be a finite number (value: NaN)")
        .Add<ValidationFailedException>("FixedReward.Amount ctor: negative", () => _ = new FixedReward("f", -0.01m, "EUR"), "FixedReward.Amount must not be negative (value: -0.01)")
        .Add<ValidationFailedException>("PerformanceBonus.Amount ctor: negative", () => _ = new PerformanceBonus("b", -1.5m, "EUR", "c"), "PerformanceBonus.Amount must not be negative (value: -1.5)")
        .Add<ValidationFailedException>("FixedReward.Currency ctor: 'eur'", () => _ = new FixedReward("f", 1, "eur"), "FixedReward.Currency must be a three-letter ISO 4217 code in capitals (value: 'eur')")
        .Add<ValidationFailedException>("PerformanceBonus.Currency ctor: null", () => _ = new PerformanceBonus("b", 1, null!, "c"), "PerformanceBonus.Currency must be a three-letter ISO 4217 code in capitals (value: null)")
        .Add<ValidationFailedException>("MinimumAnsweredQuestionsRule.Minimum ctor: zero", () => _ = new MinimumAnsweredQuestionsRule("r", "g", 0), "MinimumAnsweredQuestionsRule.Minimum must be positive (value: 0)")
        .Add<ValidationFailedException>("MinimumCompletedSectionsRule.Minimum ctor: negative", () => _ = new MinimumCompletedSectionsRule("r", "g", -1), "MinimumCompletedSectionsRule.Minimum must be positive (value: -1)")
        .Add<ValidationFailedException>("ContactRecord.Value ctor: NaN", () => _ = new ContactRecord("p", "email", double.NaN, 1), "ContactRecord.Value must be a finite number (value: NaN)")
        .Add<ValidationFailedException>("ContactRecord.Cost ctor: infinity", () => _ = new ContactRecord("p", "email", 1, double.PositiveInfinity), "ContactRecord.Cost must be a finite number (value: Infinity)");

    // C. with expressions skip the list and cross-field rules that only the constructors check.
    private static readonly Rules With = new Rules()
        .Add<ValidationFailedException>("CrowdTask with: Confidentiality narrower than the layers", () => _ = Samples.Task() with { Confidentiality = Confidentiality.Secret }, "CrowdTask.AllowedLayers[1] is 'trusted-partners'", "secret")
        .Add<ValidationFailedException>("CrowdTask with: layer farther than the confidentiality", () => _ = Samples.Task() with { AllowedLayers = [CrowdLayer.General] }, "CrowdTask.AllowedLayers[0] is 'general'")
        .Add<ValidationFailedException>("CrowdTask with: no layer", () => _ = Samples.Task() with { AllowedLayers = [] }, "CrowdTask.AllowedLayers must name at least one crowd layer")
        .Add<ValidationFailedException>("CrowdTask with: milestone outside the timetable", () => _ = Samples.Task() with { Milestones = [new Milestone("Late", Samples.End.AddDays(1))] }, "CrowdTask.Milestones[0] 'Late'")
        .Add<ValidationFailedException>("CrowdTask with: timetable that excludes a milestone", () => _ = Samples.Task() with { Timetable = new Timetable(At, At.AddDays(1)) }, "CrowdTask.Milestones[0]")
        .Add<ValidationFailedException>("CrowdTask with: null outcome", () => _ = Samples.Task() with { ExpectedOutcomes = [null!] }, "CrowdTask.ExpectedOutcomes[0]")
        .Add<ValidationFailedException>("Timetable with: end before start", () => _ = new Timetable(At, At.AddDays(1)) with { End = At.AddDays(-1) }, "Timetable.End")
        .Add<ValidationFailedException>("Participant with: manager is the participant", () => _ = Samples.Participant() with { ManagerId = "expert-7" }, "Participant.ManagerId must not be the participant itself ('expert-7')")
        .Add<ValidationFailedException>("Participant with: colleague is the participant", () => _ = Samples.Participant() with { ColleagueIds = ["expert-7"] }, "Participant.ColleagueIds must not contain the participant itself ('expert-7')")
        .Add<ValidationFailedException>("Question with: MinLength above MaxLength", () => _ = new Question("q", "T") with { Constraints = new AnswerConstraints { MinLength = 5, MaxLength = 3 } }, "AnswerConstraints.MinLength (5) exceeds AnswerConstraints.MaxLength (3)")
        .Add<ValidationFailedException>("Question with: choice question without choices", () => _ = new Question("q", "T") with { AnswerType = AnswerType.SingleChoice }, "needs at least one entry in Constraints.Choices")
        .Add<ValidationFailedException>("QuestionnaireSection with: no questions", () => _ = Samples.Questionnaire().Sections[0] with { Questions = [] }, "must have at least one question")
        .Add<ValidationFailedException>("Questionnaire with: question id in two sections", () => _ = Samples.Questionnaire() with { Sections = [Samples.Questionnaire().Sections[0], Samples.Questionnaire().Sections[0] with { Id = "copy" }] }, "question id 'wl1-name'")
        .Add<ValidationFailedException>("Delegation with: to oneself", () => _ = Samples.Delegation() with { ToParticipantId = "expert-7" }, "Delegation.ToParticipantId must differ from FromParticipantId ('expert-7')")
        .Add<ValidationFailedException>("Delegation with: no question", () => _ = Samples.Delegation() with { QuestionIds = [] }, "Delegation.QuestionIds must name at least one question")
        .Add<ValidationFailedException>("Assignment with: no assignee", () => _ = Samples.Assignment() with { AssigneeIds = [] }, "must have at least one assignee")
        .Add<ValidationFailedException>("Assignment with: no subject", () => _ = Samples.Assignment() with { Subject = null! }, "Assignment.Subject must be given")
        .Add<ValidationFailedException>("Response with: question answered twice", () => _ = Samples.Response() with { Answers = [new Answer("q", "a", "p", At), new Answer("q", "b", "p", At)] }, "Response.Answers[1].QuestionId 'q' is used more than once")
        .Add<ValidationFailedException>("PrizeLadder with: increasing prizes", () => _ = Samples.PrizeLadder() with { Prizes = [1m, 2m] }, "PrizeLadder.Prizes must strictly decrease")
        .Add<ValidationFailedException>("RequiredQuestionsRule with: no question", () => _ = Samples.RequiredQuestions() with { QuestionIds = [] }, "must name at least one question")
        .Add<ValidationFailedException>("ReadinessScale with: one level", () => _ = ReadinessScale.CrowdArbPaper with { Levels = [new ReadinessLevel("only")] }, "ReadinessScale.Levels must have at least two levels (has 1)")
        .Add<ValidationFailedException>("QualityAssessment with: passed with violations", () => _ = Samples.FailedAssessment() with { Passed = true }, "QualityAssessment.Passed is True but there are 2 violations")
        .Add<ValidationFailedException>("ParticipantBelief with: probabilities not summing to 1", () => _ = Samples.Belief() with { Probabilities = [0.5] }, "sum to 0.5")
        .Add<ValidationFailedException>("DecisionCycleRecord with: participant contacted twice", () => _ = Samples.Cycle() with { Contacts = [new ContactRecord("p", "email", 1, 1), new ContactRecord("p", "email", 1, 1)] }, "DecisionCycleRecord.Contacts[1].ParticipantId 'p' is used more than once")
        .Add<ValidationFailedException>("CrowdSelection with: duplicate layer", () => _ = Samples.Crowd() with { Layers = [CrowdLayer.General, CrowdLayer.General] }, "CrowdSelection.Layers contains General more than once")
        .Add<ValidationFailedException>("ReminderPolicy with: escalation before the first reminder", () => _ = Samples.Reminders() with { EscalationDelay = TimeSpan.FromDays(1) }, "ReminderPolicy.EscalationDelay")
        .Add<ValidationFailedException>("Campaign with: duplicate rule id", () => _ = Samples.Campaign() with { QualityRules = [Samples.MinimumAnswered(), Samples.MinimumAnswered()] }, "Campaign.QualityRules[1].Id 'workload-answers' is used more than once")
        .Add<ValidationFailedException>("Campaign with: no crowd", () => _ = Samples.Campaign() with { Crowd = null! }, "Campaign.Crowd must be given")
        .Add<ValidationFailedException>("CustomQualityRule with: null parameters", () => _ = Samples.Custom() with { Parameters = null! }, "Parameters")
        .AddWithParam<ValidationFailedException>("Timetable with: start after end", () => _ = new Timetable(At, At.AddDays(1)) with { Start = At.AddDays(2) }, "End", "Timetable.End", "must not be before Timetable.Start")
        .AddWithParam<ValidationFailedException>("AnswerConstraints with: MinLength above MaxLength", () => _ = new AnswerConstraints { MaxLength = 3 } with { MinLength = 4 }, "MinLength", "AnswerConstraints.MinLength (4) exceeds AnswerConstraints.MaxLength (3)")
        .AddWithParam<ValidationFailedException>("Question with: text type on a choice question", () => _ = Samples.Questionnaire().Sections[1].Questions[1] with { AnswerType = AnswerType.Text }, "Constraints", "Question 'dc1-tier' is a Text question; Constraints.Choices apply only to choice questions")
        .AddWithParam<ValidationFailedException>("Question with: multiple-choice choice containing ';'", () => _ = Samples.Questionnaire().Sections[1].Questions[2] with { Constraints = new AnswerConstraints { Choices = ["iso;27001"] } }, "Constraints", "its choice 'iso;27001' contains ';'")
        .AddWithParam<ValidationFailedException>("Question with: single choice with ';' turned multiple", () => _ = new Question("q", "T", AnswerType.SingleChoice, true, new AnswerConstraints { Choices = ["a;b"] }) with { AnswerType = AnswerType.MultipleChoice }, "Constraints", "its choice 'a;b' contains ';'")
        .AddWithParam<ValidationFailedException>("Participant with: id of a colleague", () => _ = Samples.Participant() with { Id = "expert-8" }, "ColleagueIds", "Participant.ColleagueIds must not contain the participant itself ('expert-8')")
        .AddWithParam<ValidationFailedException>("Participant with: id of the manager", () => _ = Samples.Participant() with { Id = "manager-2" }, "ManagerId", "Participant.ManagerId must not be the participant itself ('manager-2')")
        .AddWithParam<ValidationFailedException>("Delegation with: from the receiver", () => _ = Samples.Delegation() with { FromParticipantId = "expert-8" }, "ToParticipantId", "Delegation.ToParticipantId must differ from FromParticipantId ('expert-8')")
        .AddWithParam<ValidationFailedException>("Participant with: duplicate qualification", () => _ = Samples.Participant() with { Qualifications = ["a", "a"] }, "Qualifications", "Participant.Qualifications contains 'a' more than once")
        .AddWithParam<ValidationFailedException>("QualityAssessment with: violations on a pass", () => _ = new QualityAssessment("a", true, null, "good", At) with { Violations = [new QualityViolation("r", "m")] }, "Passed", "QualityAssessment.Passed is True but there are 1 violations")
        .AddWithParam<ValidationFailedException>("QualityAssessment with: failed without violations", () => _ = Samples.FailedAssessment() with { Violations = [] }, "Passed", "QualityAssessment.Passed is False but there are 0 violations")
        .AddWithParam<ValidationFailedException>("ReminderPolicy with: interval longer than the escalation", () => _ = Samples.Reminders() with { ReminderInterval = TimeSpan.FromDays(11) }, "EscalationDelay", "ReminderPolicy.EscalationDelay (10.00:00:00) must not be shorter than ReminderInterval (11.00:00:00)")
        .AddWithParam<ValidationFailedException>("ReadinessScale with: criteria on the lowest level", () => _ = ReadinessScale.CrowdArbPaper with { Levels = [ReadinessScale.CrowdArbPaper.Levels[1], ReadinessScale.CrowdArbPaper.Levels[0]] }, "Levels", "ReadinessScale.Levels[0] 'fair' is the lowest level and must have no criteria")
        .AddWithParam<ValidationFailedException>("ReadinessLevel with: duplicate criterion", () => _ = ReadinessScale.CrowdArbPaper.Levels[1] with { Criteria = [Samples.MinimumCompleted(), Samples.MinimumCompleted()] }, "Criteria", "ReadinessLevel.Criteria[1].Id 'datacenter-sections' is used more than once")
        .AddWithParam<ValidationFailedException>("ParticipantBelief with: negative probability", () => _ = Samples.Belief() with { Probabilities = [1.5, -0.5] }, "Probabilities", "ParticipantBelief.Probabilities[1] for participant 'expert-7' must be a finite, non-negative number (value: -0.5)")
        .AddWithParam<ValidationFailedException>("ParticipantBelief with: null probabilities", () => _ = Samples.Belief() with { Probabilities = null! }, "Probabilities", "ParticipantBelief.Probabilities must be given")
        .AddWithParam<ValidationFailedException>("PrizeLadder with: no prize", () => _ = Samples.PrizeLadder() with { Prizes = [] }, "Prizes", "PrizeLadder.Prizes must have at least one prize")
        .AddWithParam<ValidationFailedException>("PrizeLadder with: negative prize", () => _ = Samples.PrizeLadder() with { Prizes = [-1m] }, "Prizes", "PrizeLadder.Prizes[0] must not be negative (value: -1)")
        .AddWithParam<ValidationFailedException>("CrowdSelection with: empty qualification", () => _ = Samples.Crowd() with { Qualifications = [" "] }, "Qualifications", "CrowdSelection.Qualifications[0] must not be empty or whitespace")
        .AddWithParam<ValidationFailedException>("CrowdSelection with: undefined layer", () => _ = Samples.Crowd() with { Layers = [(CrowdLayer)9] }, "Layers", "CrowdSelection.Layers[0] has the undefined value 9")
        .AddWithParam<ValidationFailedException>("Assignment with: duplicate delegation id", () => _ = Samples.Assignment() with { Delegations = [Samples.Delegation(), Samples.Delegation()] }, "Delegations", "Assignment.Delegations[1].Id 'del-1' is used more than once")
        .AddWithParam<ValidationFailedException>("Assignment with: null feedback", () => _ = Samples.Assignment() with { Feedback = [null!] }, "Feedback", "Assignment.Feedback[0] must not be null")
        .AddWithParam<ValidationFailedException>("Campaign with: no readiness scale", () => _ = Samples.Campaign() with { Readiness = null! }, "Readiness", "Campaign.Readiness must be given")
        .AddWithParam<ValidationFailedException>("Campaign with: no reminder policy", () => _ = Samples.Campaign() with { Reminders = null! }, "Reminders", "Campaign.Reminders must be given")
        .AddWithParam<ValidationFailedException>("Campaign with: null incentive", () => _ = Samples.Campaign() with { Incentives = [null!] }, "Incentives", "Campaign.Incentives[0] must not be null")
        .AddWithParam<ValidationFailedException>("CrowdTask with: duplicate key indicator", () => _ = Samples.Task() with { KeyIndicators = [new KeyIndicator("k", 1), new KeyIndicator("k", 2)] }, "KeyIndicators", "CrowdTask.KeyIndicators[1].Name 'k' is used more than once")
        .AddWithParam<ValidationFailedException>("CrowdTask with: empty outcome", () => _ = Samples.Task() with { ExpectedOutcomes = [" "] }, "ExpectedOutcomes", "CrowdTask.ExpectedOutcomes[0] must not be empty or whitespace")
        .Accept("Timetable with: both bounds later, end first", () => _ = new Timetable(At, At.AddDays(1)) with { End = At.AddDays(30), Start = At.AddDays(20) })
        .Accept("CrowdTask with: narrower layers first, then a stricter confidentiality", () => _ = Samples.Task() with { Milestones = [], AllowedLayers = [CrowdLayer.Internal], Confidentiality = Confidentiality.Secret })
        .Accept("CrowdTask with: a timetable that still holds the milestones", () => _ = Samples.Task() with { Timetable = new Timetable(Samples.Start.AddDays(-1), Samples.End.AddDays(1)) })
        .Accept("Question with: other choices on a choice question", () => _ = Samples.Questionnaire().Sections[1].Questions[1] with { Constraints = new AnswerConstraints { Choices = ["A", "B"] } })
        .Accept("Participant with: a new id that no colleague or manager has", () => _ = Samples.Participant() with { Id = "expert-70" })
        .Accept("QualityAssessment with: other violations on a failed verdict", () => _ = Samples.FailedAssessment() with { Violations = [new QualityViolation("r", "m")] });

    public static TheoryData<string> PositionalNames => Positional.Names;

    public static TheoryData<string> PositionalAcceptedNames => Positional.AcceptedNames;

    public static TheoryData<string> WithNames => With.Names;

    public static TheoryData<string> WithAcceptedNames => With.AcceptedNames;

    [Theory]
    [MemberData(nameof(PositionalNames))]
    public void A_positional_record_constructor_validates(string rule) => Positional.Verify(rule);

    [Theory]
    [MemberData(nameof(PositionalAcceptedNames))]
    public void A_positional_record_constructor_accepts_valid_values(string rule) => Positional.VerifyAccepted(rule);

    [Fact]
    public void A_positional_record_rules_hold_inside_json_too()
    {
        Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"fixed-reward","name":"Fee","amount":-10,"currency":"EUR"}"""));
        Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"fixed-reward","name":"Fee","amount":10,"currency":"eur"}"""));
        Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"minimum-answered-questions","id":"r","sectionGroup":"g","minimum":0}"""));
        Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"minimum-completed-sections","id":"r","sectionGroup":" ","minimum":1}"""));
    }

    [Theory]
    [MemberData(nameof(WithNames))]
    public void C_with_expression_keeps_the_rules(string rule) => With.Verify(rule);

    [Theory]
    [MemberData(nameof(WithAcceptedNames))]
    public void C_with_expression_accepts_valid_changes(string rule) => With.VerifyAccepted(rule);

    [Fact]
    public void C_with_expression_copies_the_lists_it_is_given()
    {
        var outcomes = new List<string> { "One" };
        var layers = new List<CrowdLayer> { CrowdLayer.Internal };
        var task = Samples.Task() with { ExpectedOutcomes = outcomes, AllowedLayers = layers };
        outcomes.Add("Two");
        layers.Add(CrowdLayer.General);
        Assert.Equal(["One"], task.ExpectedOutcomes);
        Assert.Equal([CrowdLayer.Internal], task.AllowedLayers);
        var parameters = new Dictionary<string, string> { ["k"] = "v" };
        var rule = Samples.Custom() with { Parameters = parameters };
        parameters["k"] = "changed";
        Assert.Equal("v", rule.Parameters["k"]);
    }

    [Fact]
    public void C_with_expression_that_breaks_nothing_keeps_every_value()
    {
        Assert.Equal(CrowdsourcingJson.Serialize(Samples.Task()), CrowdsourcingJson.Serialize(Samples.Task() with { AllowedLayers = [CrowdLayer.Internal, CrowdLayer.TrustedPartners] }));
        Assert.Equal(CrowdsourcingJson.Serialize(Samples.Campaign()), CrowdsourcingJson.Serialize(Samples.Campaign() with { Reminders = Samples.Reminders() }));
        Assert.Equal(CrowdsourcingJson.Serialize(Samples.Participant()), CrowdsourcingJson.Serialize(Samples.Participant() with { Id = "expert-7" }));
        Assert.Equal(new Timetable(At, At.AddDays(1)), new Timetable(At, At.AddDays(1)) with { });
    }

    [Fact]
    public void C_a_change_of_two_related_fields_without_a_valid_order_goes_through_the_constructor()
    {
        // Each init accessor checks the record as it stands, so flipping a verdict or turning a text question into a
        // choice question cannot be written as one with expression; the constructor takes both values at once.
        Assert.Throws<ValidationFailedException>(() => Samples.FailedAssessment() with { Violations = [], Passed = true });
        Assert.Throws<ValidationFailedException>(() => new Question("q", "T") with { Constraints = new AnswerConstraints { Choices = ["x"] }, AnswerType = AnswerType.SingleChoice });
        var failed = Samples.FailedAssessment();
        Assert.True(new QualityAssessment(failed.AssignmentId, true, [], "good", failed.AssessedAt).Passed);
        Assert.Equal(AnswerType.SingleChoice, new Question("q", "T", AnswerType.SingleChoice, true, new AnswerConstraints { Choices = ["x"] }).AnswerType);
    }

    [Theory]
    [InlineData("ada@example.com\n")]
    [InlineData("ada@example.com\r\n")]
    [InlineData("ada@example.com\n ")]
    public void D_email_with_a_trailing_line_break_is_refused(string email)
    {
        var exception = Assert.Throws<ValidationFailedException>(() => new Participant("p", "P", CrowdLayer.General, email: email));
        Assert.Equal("Email", exception.Path);
        Assert.Contains("Participant.Email is not an e-mail address", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationFailedException>(() => Samples.Participant() with { Email = email });
    }

    [Fact]
    public void E_motivation_is_not_written()
    {
        Incentive[] incentives = [Samples.FixedReward(), Samples.PerformanceBonus(), Samples.PrizeLadder(), Samples.NonMonetary()];
        Assert.All(incentives, i => Assert.DoesNotContain("\"motivation\"", CrowdsourcingJson.Serialize(i), StringComparison.Ordinal));
        Assert.DoesNotContain("\"motivation\"", CrowdsourcingJson.Serialize(Samples.Campaign()), StringComparison.Ordinal);
        Assert.Equal(Motivation.Intrinsic, Samples.NonMonetary().Motivation);
    }

    [Theory]
    [InlineData("pending,delivered")]
    [InlineData("pending, failed")]
    [InlineData(" pending")]
    [InlineData("pending ")]
    [InlineData("Pending")]
    [InlineData("PENDING")]
    [InlineData("delivered,pending")]
    public void F_enum_reading_accepts_only_single_names(string value)
    {
        var json = CrowdsourcingJson.Serialize(Samples.Notification()).Replace("\"pending\"", $"\"{value}\"", StringComparison.Ordinal);
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(json));
        Assert.Equal("$.status", exception.Path);
        Assert.Contains($"'{value}' is not allowed; expected exactly one of 'pending', 'delivered', 'failed'", exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("$.status (line ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void F_number_for_an_enum_says_what_was_expected_and_where()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Task()).Replace("\"macro-task\"", "1", StringComparison.Ordinal);
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<CrowdTask>(json));
        Assert.Equal("$.kind", exception.Path);
        Assert.Contains("expected one of 'contest', 'macro-task', 'micro-task', 'crowdfunding', 'self-organized'; found a number", exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("$.kind (line ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void F_with_the_context_used_directly_System_Text_Json_sets_the_path_and_keeps_the_converter_message()
    {
        var json = """{"id":"n","channel":"email","recipientId":"p","kind":"reminder","subject":"S","body":"B","createdAt":"2026-03-02T09:00:00+00:00","status":"pending,failed"}""";
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, CrowdsourcingJsonContext.Default.Notification));
        Assert.Equal("$.status", exception.Path);
        Assert.Equal(0L, exception.LineNumber);
        Assert.StartsWith("'pending,failed' is not allowed; expected exactly one of 'pending', 'delivered', 'failed'.", exception.Message, StringComparison.Ordinal);
        var wrapped = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(json));
        Assert.Equal("$.status (line 1, column " + (exception.BytePositionInLine!.Value + 1).ToString(CultureInfo.InvariantCulture) + "): " + exception.Message.TrimEnd('.'), wrapped.Message);
        Assert.IsType<JsonException>(wrapped.InnerException);
    }

    [Fact]
    public async Task F_the_path_is_in_the_message_when_read_from_a_stream_too()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Notification()).Replace("\"pending\"", "\"Pending\"", StringComparison.Ordinal);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var exception = await Assert.ThrowsAsync<JsonException>(async () => await CrowdsourcingJson.DeserializeAsync<Notification>(stream));
        Assert.Equal("$.status", exception.Path);
        Assert.Contains("'Pending' is not allowed", exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("$.status (line ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void F_every_name_still_round_trips()
    {
        foreach (var status in Enum.GetValues<NotificationStatus>())
        {
            var notification = Samples.Notification() with { Status = status };
            Assert.Equal(status, CrowdsourcingJson.Deserialize<Notification>(CrowdsourcingJson.Serialize(notification)).Status);
        }

        var task = Samples.Task() with { Kind = TaskKind.SelfOrganized };
        Assert.Contains("\"self-organized\"", CrowdsourcingJson.Serialize(task), StringComparison.Ordinal);
    }

    [Fact]
    public void G_missing_next_attempt_defaults_to_the_creation_time()
    {
        var notification = CrowdsourcingJson.Deserialize<Notification>("""{"id":"n","channel":"email","recipientId":"p","kind":"reminder","subject":"S","body":"B","createdAt":"2026-03-02T09:00:00+00:00"}""");
        Assert.Equal(notification.CreatedAt, notification.NextAttemptAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), notification.NextAttemptAt);
        Assert.Equal(Samples.Notification().CreatedAt, (Samples.Notification() with { NextAttemptAt = default }).NextAttemptAt);
        Assert.Equal(Samples.Start, new Notification("n", "email", "p", "k", "S", "B", Samples.Start).NextAttemptAt);
    }

    [Fact]
    public void H_multiple_choice_refuses_a_choice_picked_twice_and_choices_containing_the_separator()
    {
        var question = new Question("certs", "Certifications", AnswerType.MultipleChoice, true, new AnswerConstraints { Choices = ["iso", "soc"] });
        Assert.Equal("'iso' is picked more than once for question 'certs'", question.Check("iso;iso"));
        Assert.Equal("'soc' is picked more than once for question 'certs'", question.Check("soc;iso;soc"));
        Assert.Null(question.Check("iso;soc"));
        Assert.Null(question.Check("soc"));
        var exception = Assert.Throws<ValidationFailedException>(() => new Question("m", "M", AnswerType.MultipleChoice, true, new AnswerConstraints { Choices = ["a;b", "c"] }));
        Assert.Equal("Constraints", exception.Path);
        Assert.Contains("Question 'm' is a MultipleChoice question; its choice 'a;b' contains ';'", exception.Message, StringComparison.Ordinal);
        Assert.Null(new Question("s", "S", AnswerType.SingleChoice, true, new AnswerConstraints { Choices = ["a;b"] }).Check("a;b"));
    }

    [Fact]
    public void H_a_choice_containing_the_separator_is_refused_inside_json_too()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Questionnaire()).Replace("\"soc-2\"", "\"soc;2\"", StringComparison.Ordinal);
        var exception = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<Questionnaire>(json));
        Assert.Contains("its choice 'soc;2' contains ';'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_are_culture_invariant()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "~";
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture));
            string[] messages =
            [
                Assert.Throws<ValidationFailedException>(() => new PrizeLadder("p", [1.5m, 2.5m], "EUR")).Message,
                Assert.Throws<ValidationFailedException>(() => new PrizeLadder("p", [-1.5m], "EUR")).Message,
                Assert.Throws<ValidationFailedException>(() => new AnswerConstraints { Minimum = 2.5, Maximum = 1.5 }).Message,
                Assert.Throws<ValidationFailedException>(() => new FixedReward("f", -0.5m, "EUR")).Message,
                Assert.Throws<ValidationFailedException>(() => new Notification("n", "c", "p", "k", "S", "B", At) { Attempts = -1 }).Message,
                Assert.Throws<ValidationFailedException>(() => new ParticipantBelief("c", "p", 0, [0.25, 0.5])).Message,
                Assert.Throws<ValidationFailedException>(() => new PageRequest(null, -1)).Message,
                new Question("n", "N", AnswerType.Number, true, new AnswerConstraints { Minimum = 0.5 }).Check("0.25")!,
                new Question("x", "X", AnswerType.Number, true, new AnswerConstraints { Maximum = -0.5 }).Check("0")!,
            ];
            Assert.Contains("prize 2 (2.5) is not below prize 1 (1.5)", messages[0], StringComparison.Ordinal);
            Assert.Contains("(value: -1.5)", messages[1], StringComparison.Ordinal);
            Assert.Contains("AnswerConstraints.Minimum (2.5) exceeds AnswerConstraints.Maximum (1.5)", messages[2], StringComparison.Ordinal);
            Assert.Contains("(value: -0.5)", messages[3], StringComparison.Ordinal);
            Assert.Contains("(value: -1)", messages[4], StringComparison.Ordinal);
            Assert.Contains("sum to 0.75", messages[5], StringComparison.Ordinal);
            Assert.Contains("PageRequest.Limit must be positive (value: -1)", messages[6], StringComparison.Ordinal);
            Assert.Contains("below the minimum 0.5", messages[7], StringComparison.Ordinal);
            Assert.Contains("above the maximum -0.5", messages[8], StringComparison.Ordinal);
            Assert.All(messages, m => Assert.DoesNotContain(",5", m, StringComparison.Ordinal));
            Assert.All(messages, m => Assert.DoesNotContain("~", m, StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void PageRequest_message_names_the_type_and_field()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => new PageRequest(null, 0));
        Assert.StartsWith("PageRequest.Limit must be positive (value: 0).", exception.Message, StringComparison.Ordinal);
        Assert.Equal("Limit", exception.Path);
    }

    [Fact]
    public void Parameter_names_are_the_bare_field_names()
    {
        Assert.Equal("Currency", Assert.Throws<ValidationFailedException>(() => new FixedReward("f", 1, "eur")).Path);
        Assert.Equal("Currency", Assert.Throws<ValidationFailedException>(() => Samples.PrizeLadder() with { Currency = "x" }).Path);
        Assert.Equal("Qualifications", Assert.Throws<ValidationFailedException>(() => new Participant("p", "P", CrowdLayer.General, qualifications: ["ok", " "])).Path);
        Assert.Equal("Prizes", Assert.Throws<ValidationFailedException>(() => new PrizeLadder("p", [2m, -1m], "EUR")).Path);
        Assert.Equal("AllowedLayers", Assert.Throws<ValidationFailedException>(() => new CrowdTask("t", "T", TaskKind.Contest, Confidentiality.Secret, [CrowdLayer.General])).Path);
        Assert.Equal("Milestones", Assert.Throws<ValidationFailedException>(() => Samples.Task() with { Milestones = [new Milestone("Late", Samples.End.AddDays(1))] }).Path);
        Assert.Equal("Answers", Assert.Throws<ValidationFailedException>(() => new Response("r", [new Answer("q", "a", "p", At), new Answer("q", "b", "p", At)])).Path);
        Assert.Equal("Aims", Assert.Throws<ValidationFailedException>(() => new NonMonetaryRecognition("n", "d", Motivation.Extrinsic)).Path);
        Assert.Equal("Sections", Assert.Throws<ValidationFailedException>(() => new Questionnaire("q", "Q", "client", [])).Path);
        Assert.Equal("Questions", Assert.Throws<ValidationFailedException>(() => new QuestionnaireSection("s", "S", "g", [])).Path);
        Assert.Equal("AssigneeIds", Assert.Throws<ValidationFailedException>(() => Samples.Assignment() with { AssigneeIds = [] }).Path);
        Assert.Equal("Crowd", Assert.Throws<ValidationFailedException>(() => Samples.Campaign() with { Crowd = null! }).Path);
        Assert.Equal("Levels", Assert.Throws<ValidationFailedException>(() => new ReadinessScale([new ReadinessLevel("only")])).Path);
        Assert.Equal("Contacts", Assert.Throws<ValidationFailedException>(() => Samples.Cycle() with { Contacts = [new ContactRecord("p", "e", 1, 1), new ContactRecord("p", "e", 1, 1)] }).Path);
        Assert.Equal("EscalationDelay", Assert.Throws<ValidationFailedException>(() => new ReminderPolicy(TimeSpan.FromDays(2), TimeSpan.FromDays(1))).Path);
        Assert.Equal("End", Assert.Throws<ValidationFailedException>(() => new Timetable(At, At.AddDays(-1))).Path);
        Assert.Equal("Passed", Assert.Throws<ValidationFailedException>(() => new QualityAssessment("a", true, [new QualityViolation("r", "m")], "poor", At)).Path);
        Assert.Equal("Layers", Assert.Throws<ValidationFailedException>(() => new CrowdSelection([CrowdLayer.General, CrowdLayer.General])).Path);
    }

    [Fact]
    public void Question_Check_reports_a_pattern_timeout_in_words()
    {
        var question = new Question("slow", "Slow", AnswerType.Text, true, new AnswerConstraints { Pattern = "(a|aa)+(b|bb)+c" });
        var verdict = question.Check(new string('a', 40) + new string('b', 40));
        Assert.Equal("could not be checked against the pattern of question 'slow' within 1 second(s); the pattern is too slow for this answer", verdict);
        Assert.Null(question.Check("aabc"));
    }
}
