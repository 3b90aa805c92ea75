using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.DecisionCycles;

namespace Crowdsourcing.Abstractions.Tests.DecisionCycles;

public sealed class DecisionRecordValidationTests
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
    public void Missing_probabilities_are_an_ArgumentNullException_naming_the_field()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => new ParticipantBelief("c", "p", 0, null!));
        Assert.Equal("Probabilities", exception.Path);
        Assert.Contains("ParticipantBelief.Probabilities must be given", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Belief_copies_its_probabilities()
    {
        var probabilities = new[] { 0.2, 0.8 };
        var belief = new ParticipantBelief("c", "p", 0, probabilities);
        probabilities[0] = 0.9;
        Assert.Equal([0.2, 0.8], belief.Probabilities);
    }

    [Fact]
    public void Cycle_record_without_contacts_has_none()
    {
        var record = new DecisionCycleRecord("c", 1, At, null, 0);
        Assert.Empty(record.Contacts);
    }

    private static ParticipantBelief Belief(params double[] p) => new("c", "p-3", 1, p);

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .IdField("ParticipantBelief.CampaignId", v => _ = new ParticipantBelief(v!, "p", 0, [1.0]), v => _ = Samples.Belief() with { CampaignId = v! })
            .IdField("ParticipantBelief.ParticipantId", v => _ = new ParticipantBelief("c", v!, 0, [1.0]), v => _ = Samples.Belief() with { ParticipantId = v! })
            .IdField("ContactRecord.ParticipantId", null, v => _ = new ContactRecord("p", "email", 1, 1) with { ParticipantId = v! })
            .KeyField("ContactRecord.Intervention", null, v => _ = new ContactRecord("p", "email", 1, 1) with { Intervention = v! })
            .IdField("DecisionCycleRecord.CampaignId", v => _ = new DecisionCycleRecord(v!, 1, At, [], 0), v => _ = Samples.Cycle() with { CampaignId = v! });

        foreach (var (name, value, shown) in new[] { ("NaN", double.NaN, "NaN"), ("+infinity", double.PositiveInfinity, "Infinity"), ("-infinity", double.NegativeInfinity, "-Infinity") })
        {
            rules
                .Add<ValidationFailedException>($"ContactRecord.Value with: {name}", () => _ = new ContactRecord("p", "email", 1, 1) with { Value = value }, $"ContactRecord.Value must be a finite number (value: {shown})")
                .Add<ValidationFailedException>($"ContactRecord.Cost with: {name}", () => _ = new ContactRecord("p", "email", 1, 1) with { Cost = value }, $"ContactRecord.Cost must be a finite number (value: {shown})")
                .Add<ValidationFailedException>($"DecisionCycleRecord.TotalExpectedUtility ctor: {name}", () => _ = new DecisionCycleRecord("c", 1, At, [], value), $"DecisionCycleRecord.TotalExpectedUtility must be a finite number (value: {shown})")
                .Add<ValidationFailedException>($"DecisionCycleRecord.TotalExpectedUtility with: {name}", () => _ = Samples.Cycle() with { TotalExpectedUtility = value }, $"DecisionCycleRecord.TotalExpectedUtility must be a finite number (value: {shown})")
                .Add<ValidationFailedException>($"ParticipantBelief.Probabilities: {name}", () => Belief(0.5, value, 0.5), $"ParticipantBelief.Probabilities[1] for participant 'p-3' must be a finite, non-negative number (value: {shown})");
        }

        return rules
            .Accept("ContactRecord: negative value and zero cost", () => _ = new ContactRecord("p", "email", -4.5, 0))
            .Add<ValidationFailedException>("ParticipantBelief.Probabilities: empty", () => Belief(), "ParticipantBelief.Probabilities for participant 'p-3' must not be empty")
            .Add<ValidationFailedException>("ParticipantBelief.Probabilities: negative", () => Belief(1.2, -0.2), "ParticipantBelief.Probabilities[1] for participant 'p-3' must be a finite, non-negative number (value: -0.2)")
            .Add<ValidationFailedException>("ParticipantBelief.Probabilities: sum below 1", () => Belief(0.3, 0.3, 0.3), "ParticipantBelief.Probabilities for participant 'p-3' sum to 0.8999999999999999; they must sum to 1 within 1E-06")
            .Add<ValidationFailedException>("ParticipantBelief.Probabilities: sum above 1", () => Belief(0.6, 0.5), "ParticipantBelief.Probabilities for participant 'p-3' sum to 1.1; they must sum to 1 within 1E-06")
            .Accept("ParticipantBelief.Probabilities: sum within the tolerance", () => Belief(0.5, 0.5 + 0.9e-6))
            .Accept("ParticipantBelief.Probabilities: one certain state", () => Belief(0, 1, 0))
            .Add<ValidationFailedException>("ParticipantBelief.Probabilities: sum just outside the tolerance", () => Belief(0.5, 0.5 + 1.1e-6), "must sum to 1 within 1E-06")
            .Add<ValidationFailedException>("ParticipantBelief.Week ctor: negative", () => _ = new ParticipantBelief("c", "p", -1, [1.0]), "ParticipantBelief.Week must not be negative (value: -1)")
            .Add<ValidationFailedException>("ParticipantBelief.Week with: negative", () => _ = Samples.Belief() with { Week = -7 }, "ParticipantBelief.Week must not be negative (value: -7)")
            .Accept("ParticipantBelief.Week: zero", () => _ = new ParticipantBelief("c", "p", 0, [1.0]))
            .Add<ValidationFailedException>("DecisionCycleRecord.Cycle ctor: zero", () => _ = new DecisionCycleRecord("c", 0, At, [], 0), "DecisionCycleRecord.Cycle must be positive (value: 0)")
            .Add<ValidationFailedException>("DecisionCycleRecord.Cycle with: negative", () => _ = Samples.Cycle() with { Cycle = -1 }, "DecisionCycleRecord.Cycle must be positive (value: -1)")
            .Add<ValidationFailedException>("DecisionCycleRecord.Contacts: null contact", () => _ = new DecisionCycleRecord("c", 1, At, [null!], 0), "DecisionCycleRecord.Contacts[0] must not be null")
            .Add<ValidationFailedException>("DecisionCycleRecord.Contacts: participant contacted twice", () => _ = new DecisionCycleRecord("c", 1, At, [new ContactRecord("p1", "email", 2, 1), new ContactRecord("p2", "email", 2, 1), new ContactRecord("p1", "call", 5, 3)], 0), "DecisionCycleRecord.Contacts[2].ParticipantId 'p1' is used more than once");
    }
}
