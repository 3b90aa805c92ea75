using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Decision.Tests.Models;

public class DecisionModelTests
{
    private static readonly string[] States = ["poor", "fair", "good"];
    private static readonly string[] Actions = ["leave-out", "invite"];

    private static DecisionMatrix Identity => DecisionMatrix.Identity(3);

    private static DecisionModel Build(
        DecisionMatrix? utility = null,
        DecisionMatrix? transition = null,
        Intervention[]? interventions = null,
        string[]? states = null,
        string[]? actions = null,
        RowNormalization normalization = RowNormalization.Fail) =>
        new(
            states ?? States,
            actions ?? Actions,
            utility ?? DecisionPresets.CrowdArbUtility(),
            transition ?? Identity,
            interventions ?? [new Intervention("email", Identity, 3, 0.2)],
            normalization);

    [Fact]
    public void Paper_table_2_as_printed_fails_naming_the_table_row_and_sum()
    {
        var ex = Assert.Throws<DecisionModelException>(() => Build(transition: DecisionPresets.CrowdArbPrintedTransition()));
        Assert.Equal("Table 'transition' row 'good' sums to 0.95; rows must sum to 1 within 1e-9", ex.Message);
        Assert.Equal("transition", ex.Table);
        Assert.Equal("good", ex.Row);
        Assert.Equal(2, ex.RowIndex);
        Assert.Equal(0.95, ex.Value!.Value, 12);
    }

    [Fact]
    public void Paper_table_3_as_printed_fails_naming_the_intervention_table()
    {
        var ex = Assert.Throws<DecisionModelException>(() => Build(interventions: [new Intervention("email", DecisionPresets.CrowdArbPrintedCampaignTransition(), 3, 0.2)]));
        Assert.Equal("Table 'interventions[0].transition' row 'good' sums to 1.1; rows must sum to 1 within 1e-9", ex.Message);
        Assert.Equal("interventions[0].transition", ex.Table);
        Assert.Equal(1.1, ex.Value!.Value, 12);
    }

    [Fact]
    public void Normalize_option_divides_rows_by_their_sum()
    {
        var model = Build(
            transition: DecisionPresets.CrowdArbPrintedTransition(),
            interventions: [new Intervention("email", DecisionPresets.CrowdArbPrintedCampaignTransition(), 3, 0.2)],
            normalization: RowNormalization.Normalize);
        Assert.Equal(0.1 / 0.95, model.Transition[2, 0], 15);
        Assert.Equal(0.9 / 1.1, model.Interventions[0].Transition[2, 2], 15);
        Assert.Equal(0.85, model.Transition[0, 0]);
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(1.0, model.Interventions[0].Transition.GetRow(r).ToArray().Sum(), 12);
        }
    }

    [Fact]
    public void Normalize_option_still_refuses_a_zero_row()
    {
        var zero = DecisionMatrix.FromRows([1, 0, 0], [0, 0, 0], [0, 0, 1]);
        var ex = Assert.Throws<DecisionModelException>(() => Build(transition: zero, normalization: RowNormalization.Normalize));
        Assert.Contains("row 'fair' sums to 0", ex.Message);
    }

    [Fact]
    public void Utility_with_wrong_dimensions_is_refused()
    {
        var ex = Assert.Throws<DecisionModelException>(() => Build(utility: DecisionMatrix.FromRows([0, 1], [0, 1])));
        Assert.Equal("utility", ex.Table);
        Assert.Contains("has 2 rows", ex.Message);
        ex = Assert.Throws<DecisionModelException>(() => Build(utility: DecisionMatrix.FromRows([0], [0], [0])));
        Assert.Contains("has 1 columns", ex.Message);
    }

    [Fact]
    public void Transition_with_wrong_dimensions_is_refused()
    {
        var ex = Assert.Throws<DecisionModelException>(() => Build(transition: DecisionMatrix.Identity(2)));
        Assert.Equal("transition", ex.Table);
    }

    [Fact]
    public void Non_finite_utility_is_refused_naming_the_cell()
    {
        var ex = Assert.Throws<DecisionModelException>(() => Build(utility: DecisionMatrix.FromRows([0, -15], [0, double.NaN], [0, 40])));
        Assert.Equal("Table 'utility' cell ('fair', 'invite') is NaN; entries must be finite.", ex.Message);
        Assert.Equal("fair", ex.Row);
        Assert.Equal("invite", ex.Column);
    }

    [Fact]
    public void Negative_transition_entry_is_refused_naming_the_cell()
    {
        var bad = DecisionMatrix.FromRows([1.5, -0.5, 0], [0, 1, 0], [0, 0, 1]);
        var ex = Assert.Throws<DecisionModelException>(() => Build(transition: bad));
        Assert.Equal("Table 'transition' cell ('poor', 'fair') is -0.5; entries must be finite and non-negative.", ex.Message);
        Assert.Equal(-0.5, ex.Value);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Response_rate_outside_unit_interval_is_refused(double rate)
    {
        var ex = Assert.Throws<DecisionModelException>(() => new Intervention("email", Identity, 3, rate));
        Assert.Equal("intervention.responseRate", ex.Table);
        Assert.Contains("must be in [0, 1]", ex.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.PositiveInfinity)]
    public void Negative_or_infinite_cost_is_refused(double cost)
    {
        var ex = Assert.Throws<DecisionModelException>(() => new Intervention("email", Identity, cost, 0.2));
        Assert.Equal("intervention.cost", ex.Table);
    }

    [Fact]
    public void Duplicate_and_empty_names_are_refused()
    {
        var ex = Assert.Throws<DecisionModelException>(() => Build(states: ["poor", "fair", "poor"]));
        Assert.Equal("Table 'states' repeats the name 'poor' at index 2; state names must be unique.", ex.Message);
        ex = Assert.Throws<DecisionModelException>(() => Build(actions: ["leave-out", " "]));
        Assert.Equal("actions", ex.Table);
        Assert.Contains("entry 1 is empty", ex.Message);
        ex = Assert.Throws<DecisionModelException>(() => Build(interventions: [new Intervention("a", Identity, 1, 0.1), new Intervention("a", Identity, 1, 0.1)]));
        Assert.Equal("interventions[1].name", ex.Table);
        Assert.Throws<DecisionModelException>(() => new Intervention("", Identity, 1, 0.1));
    }

    [Fact]
    public void A_model_needs_states_actions_and_an_intervention()
    {
        Assert.Equal("states", Assert.Throws<DecisionModelException>(() => Build(states: [])).Table);
        Assert.Equal("actions", Assert.Throws<DecisionModelException>(() => Build(actions: [])).Table);
        Assert.Equal("interventions", Assert.Throws<DecisionModelException>(() => Build(interventions: [])).Table);
    }

    [Fact]
    public void Preset_matches_the_paper()
    {
        var preset = DecisionPresets.Get("crowdarb-paper");
        Assert.Equal(["poor", "fair", "good"], preset.Model.States);
        Assert.Equal(["leave-out", "invite"], preset.Model.Actions);
        Assert.Equal(-15, preset.Model.Utility[0, 1]);
        Assert.Equal(40, preset.Model.Utility[2, 1]);
        var k = Assert.Single(preset.Model.Interventions);
        Assert.Equal(3, k.Cost);
        Assert.Equal(0.2, k.ResponseRate);
        Assert.Equal(560, preset.Scenario.Participants);
        Assert.Equal([0.6, 0.3, 0.1], preset.Scenario.InitialStateShares);
        Assert.Equal([336, 168, 56], preset.Scenario.InitialStateCounts());
        Assert.Equal(20, preset.Scenario.Weeks);
        Assert.Equal(9000, preset.Scenario.Threshold);
        Assert.Same(preset, DecisionPresets.Get("CROWDARB-PAPER"));
        Assert.Contains("known presets: crowdarb-paper", Assert.Throws<NotFoundException>(() => DecisionPresets.Get("nope")).Message);
    }

    [Fact]
    public void Lookups_by_name()
    {
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        Assert.Equal(2, model.IndexOfState("good"));
        Assert.Equal(1, model.IndexOfAction("invite"));
        Assert.Equal(0, model.IndexOfIntervention("email-campaign"));
        Assert.Equal(-1, model.IndexOfState("excellent"));
    }
}
