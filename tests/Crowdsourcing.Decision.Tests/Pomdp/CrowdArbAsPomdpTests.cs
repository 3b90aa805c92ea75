using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Decision.Tests.Pomdp;

/// <summary>The CrowdArb planner (<see cref="PomdpSolver"/>) and the general core on the same model agree.</summary>
public class CrowdArbAsPomdpTests
{
    public static TheoryData<string> PresetNames => new(DecisionPresets.Names);

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void The_general_core_and_the_CrowdArb_planner_give_the_same_values_and_decisions(string presetName)
    {
        var model = DecisionPresets.Get(presetName).Model;
        var random = new Random(7);
        foreach (var horizon in new[] { 0, 1, 2, 4 })
        {
            var planner = PomdpSolver.Solve(model, horizon, new PomdpSolverOptions { Method = PomdpSolverMethod.Exact });
            var general = PomdpModelSolver.Solve(PomdpModel.FromDecisionModel(model), horizon, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });
            for (var trial = 0; trial < 30; trial++)
            {
                var b = Policies.PlannedPolicyTests.RandomBelief(random, model.StateCount);
                var lifted = Lift(b, general.Model.StateCount);
                for (var h = 0; h <= horizon; h++)
                {
                    Assert.Equal(planner.Value(b, h), general.Evaluate(lifted, h), 7);
                }

                if (horizon > 0)
                {
                    var decision = planner.Decide(b, horizon);
                    if (Math.Abs(decision.Advantage) > 1e-6 || decision.Intervention < 0)
                    {
                        var q = new double[model.Interventions.Count + 1];
                        planner.ActionValues(b, horizon, q);
                        var gap = q.Max() - q.Where(v => v < q.Max() - 1e-6).DefaultIfEmpty(double.NegativeInfinity).Max();
                        if (gap > 1e-6)
                        {
                            Assert.Equal(decision.Intervention + 1, general.BestAction(lifted, horizon));
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void The_paper_model_is_a_three_state_pomdp_with_the_campaign_as_an_action()
    {
        var pomdp = PomdpModel.FromDecisionModel(Paper.Model, [0.67, 0, 0.33]);

        Assert.Equal(Paper.Model.States, pomdp.States);
        Assert.Equal(["leave-alone", .. Paper.Model.Interventions.Select(k => k.Name)], pomdp.Actions);
        Assert.Equal(["none", .. Paper.Model.States], pomdp.Observations);
        Assert.Equal(1, pomdp.Discount);
        Assert.Equal([0.67, 0, 0.33], pomdp.InitialBelief);
        Assert.Equal(-Paper.Model.Interventions[0].Cost, pomdp.Reward(1, 0));
        Assert.Equal(Paper.Model.Interventions[0].ResponseRate, pomdp.Observation(1, 2, 3), 12);
        Assert.Equal(Paper.Model.ActionCount, pomdp.TerminalValues.Count);
    }

    [Fact]
    public void State_dependent_response_rates_split_each_state_by_whether_it_answered()
    {
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;

        var pomdp = PomdpModel.FromDecisionModel(model);

        Assert.Equal(2 * model.StateCount, pomdp.StateCount);
        Assert.EndsWith("+answered", pomdp.States[^1], StringComparison.Ordinal);
        Assert.Equal(0, pomdp.InitialBelief[^1]);
    }

    private static double[] Lift(double[] b, int states)
    {
        var lifted = new double[states];
        b.CopyTo(lifted, 0);
        return lifted;
    }
}
