using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Quality;

namespace Crowdsourcing.Abstractions.Tests.Campaigns;

public sealed class CampaignValidationTests
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

    [Theory]
    [InlineData("crowd")]
    [InlineData("readiness")]
    [InlineData("reminders")]
    public void Missing_part_is_an_ArgumentNullException_naming_it(string part)
    {
        var exception = Assert.Throws<ValidationFailedException>(() => new Campaign(
            "c",
            "C",
            "t",
            "q",
            part == "crowd" ? null! : Samples.Crowd(),
            null,
            part == "readiness" ? null! : ReadinessScale.CrowdArbPaper,
            part == "reminders" ? null! : Samples.Reminders(),
            "m",
            1,
            Samples.Start,
            TimeSpan.FromDays(7)));
        Assert.Equal($"{char.ToUpperInvariant(part[0])}{part[1..]}", exception.Path);
        Assert.Contains($"Campaign.{char.ToUpperInvariant(part[0])}{part[1..]} must be given", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_parts_default_to_empty()
    {
        var campaign = Make(rules: null);
        Assert.Empty(campaign.QualityRules);
        Assert.Empty(campaign.Incentives);
        var selection = new CrowdSelection();
        Assert.Empty(selection.Layers);
        Assert.Empty(selection.Qualifications);
        Assert.Empty(selection.ParticipantIds);
        Assert.Equal(3, new ReminderPolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(1)).MaxReminders);
    }

    [Fact]
    public void Empty_selection_selects_nobody()
    {
        Assert.False(new CrowdSelection().Selects(Samples.Participant()));
    }

    [Theory]
    [InlineData("expert-7", CrowdLayer.Internal, new[] { "cloud-architecture", "sql" }, true)]
    [InlineData("expert-7", CrowdLayer.TrustedPartners, new[] { "cloud-architecture" }, true)]
    [InlineData("expert-7", CrowdLayer.Internal, new[] { "sql" }, false)]
    [InlineData("expert-7", CrowdLayer.Internal, new string[0], false)]
    [InlineData("expert-7", CrowdLayer.General, new[] { "cloud-architecture" }, false)]
    [InlineData("expert-42", CrowdLayer.General, new string[0], true)]
    [InlineData("Expert-42", CrowdLayer.General, new string[0], false)]
    public void Selects_by_layer_with_every_qualification_or_by_id(string id, CrowdLayer layer, string[] qualifications, bool selected)
    {
        // The sample selects Internal and TrustedPartners holding "cloud-architecture", plus "expert-42".
        Assert.Equal(selected, Samples.Crowd().Selects(new Participant(id, "P", layer, qualifications: qualifications)));
    }

    [Fact]
    public void Selection_without_qualifications_selects_the_whole_layer()
    {
        Assert.True(new CrowdSelection([CrowdLayer.General]).Selects(new Participant("p", "P", CrowdLayer.General)));
    }

    [Fact]
    public void Selects_refuses_a_null_participant()
    {
        Assert.Throws<ArgumentNullException>(() => Samples.Crowd().Selects(null!));
    }

    private static Campaign Make(string id = "c", string name = "C", string taskId = "t", string questionnaireId = "q", CrowdSelection? crowd = null, QualityRule[]? rules = null, ReadinessScale? readiness = null, ReminderPolicy? reminders = null, string decisionModel = "m", double threshold = 1, TimeSpan? cycle = null, Crowdsourcing.Incentives.Incentive[]? incentives = null) =>
        new(id, name, taskId, questionnaireId, crowd ?? Samples.Crowd(), rules, readiness ?? ReadinessScale.CrowdArbPaper, reminders ?? Samples.Reminders(), decisionModel, threshold, Samples.Start, cycle ?? TimeSpan.FromDays(7), incentives);

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .IdField("Campaign.Id", v => Make(id: v!), v => _ = Samples.Campaign() with { Id = v! })
            .NameField("Campaign.Name", v => Make(name: v!), v => _ = Samples.Campaign() with { Name = v! })
            .IdField("Campaign.TaskId", v => Make(taskId: v!), v => _ = Samples.Campaign() with { TaskId = v! })
            .IdField("Campaign.QuestionnaireId", v => Make(questionnaireId: v!), v => _ = Samples.Campaign() with { QuestionnaireId = v! })
            .KeyField("Campaign.DecisionModel", v => Make(decisionModel: v!), v => _ = Samples.Campaign() with { DecisionModel = v! })
            .KeyField("CrowdSelection.Qualifications[0]", v => _ = new CrowdSelection(qualifications: [v!]), null, listItem: true)
            .IdField("CrowdSelection.ParticipantIds[1]", v => _ = new CrowdSelection(participantIds: ["p", v!]), null, listItem: true)
            .EnumField("CrowdSelection.Layers[0]", v => _ = new CrowdSelection([(CrowdLayer)v]), null, "'prequalified'");

        foreach (var (label, value, shown) in new[] { ("NaN", double.NaN, "NaN"), ("infinity", double.PositiveInfinity, "Infinity") })
        {
            rules
                .Add<ValidationFailedException>($"Campaign.WorkshopThreshold ctor: {label}", () => Make(threshold: value), $"Campaign.WorkshopThreshold must be a finite number (value: {shown})")
                .Add<ValidationFailedException>($"Campaign.WorkshopThreshold with: {label}", () => _ = Samples.Campaign() with { WorkshopThreshold = value }, $"Campaign.WorkshopThreshold must be a finite number (value: {shown})");
        }

        return rules
            .Accept("Campaign.WorkshopThreshold: negative", () => Make(threshold: -5))
            .Add<ValidationFailedException>("Campaign.CycleLength ctor: zero", () => Make(cycle: TimeSpan.Zero), "Campaign.CycleLength must be a positive duration (value: 00:00:00)")
            .Add<ValidationFailedException>("Campaign.CycleLength with: negative", () => _ = Samples.Campaign() with { CycleLength = TimeSpan.FromHours(-1) }, "Campaign.CycleLength must be a positive duration (value: -01:00:00)")
            .Add<ValidationFailedException>("Campaign.Version with: negative", () => _ = Samples.Campaign() with { Version = -1 }, "Campaign.Version must not be negative (value: -1)")
            .Add<ValidationFailedException>("Campaign.QualityRules: null rule", () => Make(rules: [Samples.MinimumAnswered(), null!]), "Campaign.QualityRules[1] must not be null")
            .Add<ValidationFailedException>("Campaign.QualityRules: duplicate id", () => Make(rules: [new MinimumAnsweredQuestionsRule("r", "a", 1), new MinimumCompletedSectionsRule("r", "b", 1)]), "Campaign.QualityRules[1].Id 'r' is used more than once")
            .Add<ValidationFailedException>("Campaign.Incentives: null incentive", () => Make(incentives: [null!]), "Campaign.Incentives[0] must not be null")
            .Add<ValidationFailedException>("CrowdSelection.Layers: duplicate", () => _ = new CrowdSelection([CrowdLayer.General, CrowdLayer.Internal, CrowdLayer.General]), "CrowdSelection.Layers contains General more than once")
            .Add<ValidationFailedException>("CrowdSelection.Qualifications: duplicate", () => _ = new CrowdSelection(qualifications: ["sql", "sql"]), "CrowdSelection.Qualifications contains 'sql' more than once (at index 1)")
            .Add<ValidationFailedException>("CrowdSelection.ParticipantIds: duplicate", () => _ = new CrowdSelection(participantIds: ["p", "q", "p"]), "CrowdSelection.ParticipantIds contains 'p' more than once (at index 2)")
            .Add<ValidationFailedException>("ReminderPolicy.ReminderInterval ctor: zero", () => _ = new ReminderPolicy(TimeSpan.Zero, TimeSpan.FromDays(1)), "ReminderPolicy.ReminderInterval must be a positive duration (value: 00:00:00)")
            .Add<ValidationFailedException>("ReminderPolicy.ReminderInterval with: negative", () => _ = Samples.Reminders() with { ReminderInterval = TimeSpan.FromDays(-1) }, "ReminderPolicy.ReminderInterval must be a positive duration (value: -1.00:00:00)")
            .Add<ValidationFailedException>("ReminderPolicy.EscalationDelay with: zero", () => _ = Samples.Reminders() with { EscalationDelay = TimeSpan.Zero }, "ReminderPolicy.EscalationDelay must be a positive duration (value: 00:00:00)")
            .Add<ValidationFailedException>("ReminderPolicy.MaxReminders ctor: zero", () => _ = new ReminderPolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(2), 0), "ReminderPolicy.MaxReminders must be positive (value: 0)")
            .Add<ValidationFailedException>("ReminderPolicy.MaxReminders with: negative", () => _ = Samples.Reminders() with { MaxReminders = -2 }, "ReminderPolicy.MaxReminders must be positive (value: -2)")
            .Add<ValidationFailedException>("ReminderPolicy: escalation before the first reminder", () => _ = new ReminderPolicy(TimeSpan.FromDays(3), TimeSpan.FromDays(2)), "ReminderPolicy.EscalationDelay (2.00:00:00) must not be shorter than ReminderInterval (3.00:00:00)")
            .Accept("ReminderPolicy: escalation with the first reminder", () => _ = new ReminderPolicy(TimeSpan.FromDays(3), TimeSpan.FromDays(3), 1));
    }
}
