using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;
using Crowdsourcing.Decision.Tests.Policies;

namespace Crowdsourcing.Decision.Tests.Budgets;

public class BudgetedPolicyTests
{
    private static (PopulationEngine Engine, BeliefPopulation Population, PopulationEvaluation Evaluation) Evaluated(DecisionModel model, int n, int seed)
    {
        var engine = new PopulationEngine(model);
        var population = engine.CreatePopulation(n);
        var random = new Random(seed);
        for (var i = 0; i < n; i++)
        {
            population.SetBelief(i, PlannedPolicyTests.RandomBelief(random, model.StateCount));
        }

        var evaluation = engine.CreateEvaluation(n);
        engine.Evaluate(population, evaluation);
        return (engine, population, evaluation);
    }

    [Fact]
    public void Contacts_budget_takes_the_top_k_by_value_minus_cost()
    {
        var (engine, population, evaluation) = Evaluated(Paper.Model, 300, 1);
        using var _ = engine;
        var policy = BudgetedPolicy.Myopic(CycleBudget.MaxContacts(20));
        var count = engine.SelectContacts(population, evaluation, policy, cycle: 1, cyclesRemaining: 20);
        Assert.Equal(20, count);
        var nets = evaluation.GetValues(0).ToArray().Select((v, i) => (Net: v - 3, i)).Where(x => x.Net > 0).OrderByDescending(x => x.Net).ToList();
        Assert.True(nets.Count > 20);
        var expected = nets.Take(20).Select(x => x.i).ToHashSet();
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(expected.Contains(i) ? 0 : -1, evaluation.Selection[i]);
        }

        var report = Assert.Single(policy.Reports);
        Assert.True(report.Exact);
        Assert.Equal(nets[20].Net, report.Price, 12);
        Assert.Equal(20, report.Used);
        Assert.Equal(nets.Count, report.Candidates);
    }

    [Fact]
    public void Money_budget_with_several_costs_is_the_exact_knapsack_optimum()
    {
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;
        for (var seed = 0; seed < 6; seed++)
        {
            var (engine, population, evaluation) = Evaluated(model, 8, seed);
            using var _ = engine;
            var budget = 9 + (seed * 4);
            var policy = BudgetedPolicy.Myopic(CycleBudget.MaxSpend(budget));
            engine.SelectContacts(population, evaluation, policy, 1, 1);
            var costs = model.Interventions.Select(k => k.Cost).ToArray();
            double Profit(ReadOnlySpan<int> choice)
            {
                var p = 0.0;
                for (var i = 0; i < choice.Length; i++)
                {
                    if (choice[i] >= 0)
                    {
                        p += evaluation.GetValues(choice[i])[i] - costs[choice[i]];
                    }
                }

                return p;
            }

            // Brute force over the 4^8 choices.
            var best = double.NegativeInfinity;
            var choice = new int[8];
            for (var code = 0; code < 1 << 16; code++)
            {
                var spend = 0.0;
                for (var i = 0; i < 8; i++)
                {
                    choice[i] = ((code >> (2 * i)) & 3) - 1;
                    spend += choice[i] >= 0 ? costs[choice[i]] : 0;
                }

                if (spend <= budget)
                {
                    best = Math.Max(best, Profit(choice));
                }
            }

            var selected = evaluation.Selection.ToArray();
            Assert.True(selected.Sum(k => k >= 0 ? costs[k] : 0) <= budget);
            Assert.Equal(best, Math.Max(0, Profit(selected)), 9);
            Assert.True(policy.Reports[0].Exact);
        }
    }

    [Fact]
    public void Planned_budget_finds_a_price_and_respects_the_budget()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel);
        var planned = PlannedPolicy.Create(preset.Model, 20);
        var policy = BudgetedPolicy.Planned(planned, CycleBudget.MaxContacts(100));
        var result = Simulator.Run(preset.Model, preset.Scenario, new SimulationOptions { Policy = policy, Mode = SimulationMode.MonteCarlo, Seed = 2 });
        Assert.Equal("planned-budget", result.Policy);
        Assert.All(result.Weeks, w => Assert.True(w.Contacts <= 100));
        var binding = policy.Reports.Where(r => r.Candidates > 100).ToList();
        Assert.NotEmpty(binding);
        Assert.All(binding, r => Assert.True(r.Price > 0 && r.Used <= 100));
        Assert.All(policy.Reports.Where(r => r.Candidates <= 100), r => Assert.Equal(0, r.Price));

        // Without a budget the planned policy contacts all 560 in the last cycle.
        var free = Simulator.Run(preset.Model, preset.Scenario, new SimulationOptions { Policy = planned, Mode = SimulationMode.MonteCarlo, Seed = 2 });
        Assert.Equal(560, free.Weeks[^1].Contacts);
        Assert.Equal(100, result.Weeks[^1].Contacts);
    }

    [Fact]
    public void Budget_refuses_a_negative_amount()
    {
        Assert.Throws<ValidationFailedException>(() => new CycleBudget(BudgetKind.Money, -1));
        Assert.Equal("12 spent per cycle", CycleBudget.MaxSpend(12).ToString());
    }
}
