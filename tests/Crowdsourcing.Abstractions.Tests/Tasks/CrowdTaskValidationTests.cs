using Crowdsourcing.Serialization;
using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Crowd;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Abstractions.Tests.Tasks;

public sealed class CrowdTaskValidationTests
{
    private static readonly DateTimeOffset Start = Samples.Start;

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
    public void Sample_keeps_every_value()
    {
        var task = Samples.Task();
        Assert.Equal("task-cloud-readiness", task.Id);
        Assert.Equal(TaskKind.MacroTask, task.Kind);
        Assert.Equal([CrowdLayer.Internal, CrowdLayer.TrustedPartners], task.AllowedLayers);
        Assert.Equal(2, task.ExpectedOutcomes.Count);
        Assert.Equal(new Timetable(Start, Samples.End), task.Timetable);
        Assert.Equal(2, task.Milestones.Count);
        Assert.Equal("assessments", task.KeyIndicators[0].Unit);
        Assert.Equal(3, task.Version);
    }

    [Fact]
    public void Optional_parts_default_to_empty()
    {
        var task = new CrowdTask("t", "T", TaskKind.Contest, Confidentiality.Public, [CrowdLayer.General]);
        Assert.Null(task.BusinessModel);
        Assert.Null(task.Timetable);
        Assert.Empty(task.ExpectedOutcomes);
        Assert.Empty(task.Milestones);
        Assert.Empty(task.KeyIndicators);
        Assert.Equal(0, task.Version);
    }

    [Fact]
    public void Constructor_copies_the_lists_it_is_given()
    {
        var layers = new List<CrowdLayer> { CrowdLayer.Internal };
        var outcomes = new List<string> { "One" };
        var task = new CrowdTask("t", "T", TaskKind.Contest, Confidentiality.Public, layers, expectedOutcomes: outcomes);
        layers.Add(CrowdLayer.General);
        outcomes.Clear();
        Assert.Equal([CrowdLayer.Internal], task.AllowedLayers);
        Assert.Equal(["One"], task.ExpectedOutcomes);
    }

    [Fact]
    public void Milestones_may_fall_anywhere_without_a_timetable()
    {
        var task = new CrowdTask("t", "T", TaskKind.Contest, Confidentiality.Public, [CrowdLayer.General], milestones: [new Milestone("Long ago", Start.AddYears(-10))]);
        Assert.Single(task.Milestones);
    }

    [Fact]
    public void Milestones_on_the_timetable_bounds_are_inside_it()
    {
        var task = new CrowdTask("t", "T", TaskKind.Contest, Confidentiality.Public, [CrowdLayer.General], timetable: new Timetable(Start, Samples.End), milestones: [new Milestone("First day", Start), new Milestone("Last day", Samples.End)]);
        Assert.Equal(2, task.Milestones.Count);
    }

    [Fact]
    public void Timetable_may_start_and_end_on_the_same_instant()
    {
        var timetable = new Timetable(Start, Start);
        Assert.Equal(timetable.Start, timetable.End);
    }

    private static CrowdTask Make(string id = "t", string name = "T", TaskKind kind = TaskKind.Contest, Confidentiality confidentiality = Confidentiality.Public, CrowdLayer[]? layers = null, string[]? outcomes = null, Timetable? timetable = null, Milestone[]? milestones = null, KeyIndicator[]? indicators = null) =>
        new(id, name, kind, confidentiality, layers ?? [CrowdLayer.General], expectedOutcomes: outcomes, timetable: timetable, milestones: milestones, keyIndicators: indicators);

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .IdField("CrowdTask.Id", v => Make(id: v!), v => _ = Samples.Task() with { Id = v! })
            .NameField("CrowdTask.Name", v => Make(name: v!), v => _ = Samples.Task() with { Name = v! })
            .TextField("CrowdTask.ExpectedOutcomes[1]", v => Make(outcomes: ["fine", v!]), null, listItem: true)
            .EnumField("CrowdTask.Kind", v => Make(kind: (TaskKind)v), v => _ = Samples.Task() with { Kind = (TaskKind)v }, "'self-organized'")
            .EnumField("CrowdTask.Confidentiality", v => Make(confidentiality: (Confidentiality)v), v => _ = Samples.Task() with { Confidentiality = (Confidentiality)v }, "'secret'")
            .EnumField("CrowdTask.AllowedLayers[1]", v => Make(layers: [CrowdLayer.Internal, (CrowdLayer)v]), null, "'trusted-partners'")
            .NameField("Milestone.Name", null, v => _ = new Milestone("m", Start) with { Name = v! })
            .NameField("KeyIndicator.Name", null, v => _ = new KeyIndicator("k", 1) with { Name = v! });

        rules
            .Add<ValidationFailedException>("CrowdTask.Version with: negative", () => _ = Samples.Task() with { Version = -1 }, "CrowdTask.Version must not be negative (value: -1)")
            .Add<ValidationFailedException>("CrowdTask.AllowedLayers: empty", () => Make(layers: []), "CrowdTask.AllowedLayers must name at least one crowd layer")
            .Add<ValidationFailedException>("CrowdTask.AllowedLayers: null", () => _ = new CrowdTask("t", "T", TaskKind.Contest, Confidentiality.Public, null!), "CrowdTask.AllowedLayers must name at least one crowd layer")
            .Add<ValidationFailedException>("CrowdTask.AllowedLayers: duplicate", () => Make(layers: [CrowdLayer.Internal, CrowdLayer.General, CrowdLayer.Internal]), "CrowdTask.AllowedLayers contains Internal more than once")
            .Add<ValidationFailedException>("CrowdTask.ExpectedOutcomes: null item", () => Make(outcomes: ["a", null!]), "CrowdTask.ExpectedOutcomes[1] must not be null")
            .Add<ValidationFailedException>("CrowdTask.Milestones: null item", () => Make(milestones: [null!]), "CrowdTask.Milestones[0] must not be null")
            .Add<ValidationFailedException>("CrowdTask.KeyIndicators: null item", () => Make(indicators: [new KeyIndicator("a", 1), null!]), "CrowdTask.KeyIndicators[1] must not be null")
            .Add<ValidationFailedException>("CrowdTask.Milestones: duplicate name", () => Make(milestones: [new Milestone("Kick-off", Start), new Milestone("Kick-off", Start.AddDays(1))]), "CrowdTask.Milestones[1].Name 'Kick-off' is used more than once")
            .Add<ValidationFailedException>("CrowdTask.KeyIndicators: duplicate name", () => Make(indicators: [new KeyIndicator("Rate", 1), new KeyIndicator("Rate", 2)]), "CrowdTask.KeyIndicators[1].Name 'Rate' is used more than once")
            .Add<ValidationFailedException>("CrowdTask.Milestones: before the timetable", () => Make(timetable: new Timetable(Start, Samples.End), milestones: [new Milestone("Early", Start.AddTicks(-1))]), "CrowdTask.Milestones[0] 'Early' is due 2026-03-02T08:59:59.9999999+00:00, outside the timetable 2026-03-02T09:00:00.0000000+00:00 to 2026-06-26T17:00:00.0000000+00:00")
            .Add<ValidationFailedException>("CrowdTask.Milestones: after the timetable", () => Make(timetable: new Timetable(Start, Samples.End), milestones: [new Milestone("In", Start), new Milestone("Late", Samples.End.AddDays(1))]), "CrowdTask.Milestones[1] 'Late' is due 2026-06-27T17:00:00.0000000+00:00, outside the timetable")
            .Add<ValidationFailedException>("Timetable: end before start", () => _ = new Timetable(Start, Start.AddSeconds(-1)), "Timetable.End (2026-03-02T08:59:59.0000000+00:00) must not be before Timetable.Start (2026-03-02T09:00:00.0000000+00:00)")
            .Add<ValidationFailedException>("KeyIndicator.Target with: -infinity", () => _ = new KeyIndicator("k", 1) with { Target = double.NegativeInfinity }, "KeyIndicator.Target must be a finite number (value: -Infinity)")
            .Accept("KeyIndicator.Target: negative and zero targets", () => _ = (new KeyIndicator("k", -3), new KeyIndicator("k", 0)));

        // Each confidentiality level against each layer farther than it allows.
        (Confidentiality Level, CrowdLayer Farthest)[] limits =
        [
            (Confidentiality.Internal, CrowdLayer.Prequalified),
            (Confidentiality.Confidential, CrowdLayer.TrustedPartners),
            (Confidentiality.Secret, CrowdLayer.Internal),
        ];
        foreach (var (level, farthest) in limits)
        {
            foreach (var layer in Enum.GetValues<CrowdLayer>().Where(l => l > farthest))
            {
                rules.Add<ValidationFailedException>(
                    $"CrowdTask.AllowedLayers: {layer} on a {level} task",
                    () => Make(confidentiality: level, layers: [CrowdLayer.Internal, layer]),
                    $"CrowdTask.AllowedLayers[1] is '{EnumNames.Of(layer)}', but a {EnumNames.Of(level)} task may reach no farther than '{EnumNames.Of(farthest)}'");
            }

            rules.Accept($"CrowdTask.AllowedLayers: up to {farthest} on a {level} task", () => Make(confidentiality: level, layers: [.. Enum.GetValues<CrowdLayer>().Where(l => l <= farthest)]));
        }

        rules.Accept("CrowdTask.AllowedLayers: every layer on a Public task", () => Make(confidentiality: Confidentiality.Public, layers: Enum.GetValues<CrowdLayer>()));
        return rules;
    }
}
