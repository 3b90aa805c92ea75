using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;
using Crowdsourcing.Decision.Tests.Policies;
using Xunit.Abstractions;

namespace Crowdsourcing.Decision.Tests.Budgets;

public class BudgetedPolicyTests(ITestOutputHelper output)
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
        Assert.Equal(nets[20].Net, report.BudgetPrice, 12);
        Assert.Equal(20, report.BudgetUsed);
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
        var binding = policy.Reports.Where(r => r.BudgetPrice > 0).ToList();
        Assert.NotEmpty(binding);
        Assert.All(binding, r => Assert.True(r.BudgetUsed <= 100 + 1e-9 && r.Plan is not null));

        // Without a budget the planned policy contacts all 560 in the last cycle; with one, the plan spreads its contacts.
        var free = Simulator.Run(preset.Model, preset.Scenario, new SimulationOptions { Policy = planned, Mode = SimulationMode.MonteCarlo, Seed = 2 });
        Assert.Equal(560, free.Weeks[^1].Contacts);
        Assert.True(result.Weeks.Count(w => w.Contacts > 0) > 1);
        output.WriteLine(string.Join(" ", result.Weeks.Select(w => w.Contacts)));
        output.WriteLine(string.Join(" ", policy.Reports.Select(r => $"{r.Plan?.Iterations}:{r.Plan?.Gap:G3}")));
    }

    [Fact]
    public void Expected_mode_splits_a_class_larger_than_the_budget()
    {
        // The preset with 50 contacts per cycle: in cycles 3 and 4 the only candidates are one class of 336 "poor"
        // participants (week 2 and 3 beliefs). The class is split: 50 of them are contacted.
        var policy = BudgetedPolicy.Myopic(CycleBudget.MaxContacts(50));
        var run = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Policy = policy });
        foreach (var cycle in new[] { 3, 4 })
        {
            var report = policy.Reports[cycle - 1];
            Assert.Equal(cycle, report.Cycle);
            Assert.Equal(50, run.Weeks[cycle].Contacts, 9);
            Assert.Equal(50, report.BudgetUsed, 9);
            Assert.True(report.Candidates > 50);
            Assert.True(report.BudgetPrice > 0);
            Assert.True(report.Exact);
        }

        Assert.Equal(336, policy.Reports[2].Candidates!.Value, 9);
        Assert.All(run.Weeks, w => Assert.True(w.Contacts <= 50 + 1e-9));

        // The split is the exact optimum of the expected-mode knapsack: the fractional greedy by value per contact.
        using var engine = new PopulationEngine(Paper.Model);
        var population = engine.CreatePopulation(3);
        population.SetBelief(0, [0.6, 0.3, 0.1]);
        population.SetBelief(1, [0.67, 0, 0.33]);
        population.SetBelief(2, [0.5, 0.1, 0.4]);
        var evaluation = engine.CreateEvaluation(3);
        engine.Evaluate(population, evaluation);
        var shares = new ContactShares(3, 1);
        var budgeted = BudgetedPolicy.Myopic(CycleBudget.MaxContacts(150));
        engine.SelectContacts(population, evaluation, budgeted, [100, 100, 100], 1, 5, shares);
        var nets = Enumerable.Range(0, 3).Select(i => evaluation.GetValues(0)[i] - 3).ToArray();
        Assert.All(nets, net => Assert.True(net > 0));
        var order = Enumerable.Range(0, 3).OrderByDescending(i => nets[i]).ToArray();
        Assert.Equal(0, evaluation.Selection[order[0]]);
        Assert.False(shares.IsSplit(order[0]));
        Assert.True(shares.IsSplit(order[1]));
        Assert.Equal(0.5, shares[order[1], 0], 12);
        Assert.Equal(-1, evaluation.Selection[order[2]]);
        Assert.Equal(nets[order[1]], budgeted.Reports[0].BudgetPrice, 12);
        Assert.Equal(150, budgeted.Reports[0].BudgetUsed, 9);
    }

    [Fact]
    public void Monte_carlo_contacts_whole_participants_within_the_budget()
    {
        var policy = BudgetedPolicy.Myopic(CycleBudget.MaxContacts(50));
        var run = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Policy = policy, Mode = SimulationMode.MonteCarlo, Seed = 4 });
        Assert.Equal(50, run.Weeks[3].Contacts);
        Assert.All(run.Weeks, w => Assert.True(w.Contacts <= 50));
        Assert.All(policy.Reports, r => Assert.True(r.Exact));
    }

    [Fact]
    public void Several_interventions_with_money_split_along_the_convex_hull()
    {
        // Weighted classes with a money budget: the linear relaxation of the multiple-choice knapsack. Checked against
        // the same relaxation solved as a linear programme over (class, intervention) shares.
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;
        var random = new Random(12);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = 6;
            using var engine = new PopulationEngine(model);
            var population = engine.CreatePopulation(n);
            var weights = new double[n];
            for (var i = 0; i < n; i++)
            {
                population.SetBelief(i, PlannedPolicyTests.RandomBelief(random, 3));
                weights[i] = 1 + (random.NextDouble() * 20);
            }

            var evaluation = engine.CreateEvaluation(n);
            engine.Evaluate(population, evaluation);
            var shares = new ContactShares(n, 3);
            var budget = 10 + (random.NextDouble() * 150);
            var policy = BudgetedPolicy.Myopic(CycleBudget.MaxSpend(budget));
            engine.SelectContacts(population, evaluation, policy, weights, 1, 5, shares);
            var costs = model.Interventions.Select(k => k.Cost).ToArray();
            double Share(int i, int k) => shares.IsSplit(i) ? shares[i, k] : evaluation.Selection[i] == k ? 1 : 0;
            var value = 0.0;
            var spent = 0.0;
            for (var i = 0; i < n; i++)
            {
                for (var k = 0; k < 3; k++)
                {
                    value += Share(i, k) * weights[i] * (evaluation.GetValues(k)[i] - costs[k]);
                    spent += Share(i, k) * weights[i] * costs[k];
                }
            }

            Assert.True(spent <= budget + 1e-9);

            // The LP: maximise Σ x_ik·w_i·(V_ik − c_k) s.t. Σ_k x_ik ≤ 1, Σ x_ik·w_i·c_k ≤ B, x ≥ 0.
            var objective = new double[n * 3];
            var rows = new List<double[]>();
            for (var i = 0; i < n; i++)
            {
                var row = new double[n * 3];
                for (var k = 0; k < 3; k++)
                {
                    objective[(i * 3) + k] = weights[i] * (evaluation.GetValues(k)[i] - costs[k]);
                    row[(i * 3) + k] = 1;
                }

                rows.Add(row);
            }

            rows.Add([.. Enumerable.Range(0, n * 3).Select(j => weights[j / 3] * costs[j % 3])]);
            var lp = Crowdsourcing.Decision.Internal.LinearProgram.Maximize(objective, [.. rows], [.. Enumerable.Repeat(Crowdsourcing.Decision.Internal.RowSense.AtMost, n + 1)], [.. Enumerable.Repeat(1.0, n), budget]);
            Assert.Equal(lp.Objective, value, 6);
            Assert.True(policy.Reports[0].Exact);
        }
    }

    [Fact]
    public void Budget_refuses_a_negative_amount()
    {
        Assert.Throws<ValidationFailedException>(() => new CycleBudget(BudgetKind.Money, -1));
        Assert.Equal("12 spent per cycle", CycleBudget.MaxSpend(12).ToString());
    }
}
