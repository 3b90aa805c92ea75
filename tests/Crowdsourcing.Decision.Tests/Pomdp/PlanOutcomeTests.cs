using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Tests.Policies;

namespace Crowdsourcing.Decision.Tests.Pomdp;

public class PlanOutcomeTests
{
    public static TheoryData<string> PresetNames => new(DecisionPresets.Names);

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void The_components_of_a_plan_add_up_to_its_value(string presetName)
    {
        var model = DecisionPresets.Get(presetName).Model;
        var random = new Random(3);
        var prices = Enumerable.Range(0, 8).Select(_ => random.NextDouble() * 2).ToArray();
        foreach (var unit in new[] { BudgetKind.Contacts, BudgetKind.Money })
        {
            var options = new PomdpSolverOptions { CostMultiplier = 0.7, ContactPrice = 0.3, CyclePrices = prices, CyclePriceUnit = unit };
            var solution = PomdpSolver.Solve(model, 8, options);
            for (var trial = 0; trial < 50; trial++)
            {
                var b = PlannedPolicyTests.RandomBelief(random, model.StateCount);
                for (var h = 0; h <= 8; h++)
                {
                    var outcome = solution.Evaluate(b, [1.0], h, new int[1]);
                    Assert.Equal(solution.Value(b, h), outcome.Value, 9);

                    // V = E[utility] − Σ over the cycles left of (c_k·multiplier + contact price + price × usage).
                    var cost = 0.0;
                    for (var j = 0; j < h; j++)
                    {
                        var price = prices[8 - h + j];
                        var usage = unit == BudgetKind.Money ? outcome.Spend[j] : outcome.Contacts[j];
                        cost += (outcome.Spend[j] * 0.7) + (outcome.Contacts[j] * 0.3) + (price * usage);
                    }

                    Assert.Equal(outcome.Value, outcome.Total - cost, 9);
                }
            }
        }
    }

    [Fact]
    public void Cycle_prices_equal_to_a_constant_price_reproduce_the_contact_price()
    {
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;
        var constant = PomdpSolver.Solve(model, 6, new PomdpSolverOptions { ContactPrice = 1.25 });
        var perCycle = PomdpSolver.Solve(model, 6, new PomdpSolverOptions { CyclePrices = [1.25, 1.25, 1.25, 1.25, 1.25, 1.25] });
        var random = new Random(9);
        for (var i = 0; i < 100; i++)
        {
            var b = PlannedPolicyTests.RandomBelief(random, 3);
            Assert.Equal(constant.Value(b, 6), perCycle.Value(b, 6), 12);
        }

        Assert.Throws<ValidationFailedException>(() => PomdpSolver.Solve(model, 6, new PomdpSolverOptions { CyclePrices = [1, 2] }));
    }

    [Fact]
    public void A_plan_from_certain_beliefs_forecasts_the_expected_simulation()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel);
        var solution = PomdpSolver.Solve(preset.Model, 10);
        var beliefs = new List<double>();
        var weights = new List<double>();
        for (var x = 0; x < 3; x++)
        {
            beliefs.AddRange(Belief.Certain(3, x).AsSpan().ToArray());
            weights.Add(preset.Scenario.InitialStateShares[x] * preset.Scenario.Participants);
        }

        var outcome = solution.Evaluate([.. beliefs], [.. weights], 10, new int[3]);
        var run = Crowdsourcing.Decision.Simulation.Simulator.Run(preset.Model, preset.Scenario.With(weeks: 10), new Crowdsourcing.Decision.Simulation.SimulationOptions { Policy = new Crowdsourcing.Decision.Policies.PlannedPolicy(solution) });
        Assert.Equal(run.Weeks[10].TotalExpectedUtility, outcome.Total, 6);
        for (var j = 0; j < 10; j++)
        {
            Assert.Equal(run.Weeks[j + 1].Contacts, outcome.Contacts[j], 6);
            Assert.Equal(run.Weeks[j + 1].Spend, outcome.Spend[j], 6);
        }
    }
}
