using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Policies;

public class PlannedPolicyTests
{
    public static TheoryData<string> PresetNames => new(DecisionPresets.Names);

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void Planned_is_best_on_net_utility_in_expected_mode(string presetName)
    {
        var preset = DecisionPresets.Get(presetName);
        var comparison = PolicyComparison.Run(preset.Model, preset.Scenario, 20);
        Assert.Equal(["none", "myopic", "response-aware", "planned"], comparison.Outcomes.Select(o => o.Policy));
        Assert.Equal(PomdpSolverMethod.Exact, comparison.Solution.Method);
        var planned = comparison["planned"];
        var tolerance = (comparison.Solution.ErrorBound * preset.Scenario.Participants) + 1e-6;
        foreach (var other in comparison.Outcomes)
        {
            Assert.True(planned.NetUtility >= other.NetUtility - tolerance, $"{presetName}: planned {planned.NetUtility} < {other.Policy} {other.NetUtility}");
            Assert.Equal(other.TotalExpectedUtility - other.Spend, other.NetUtility, 9);
        }

        // The planner's own prediction is the simulated expectation: the simulator runs the same process.
        Assert.Equal(comparison.PlannedPredictedNetUtility, planned.NetUtility, 6);
        Assert.True(planned.NetUtility > comparison["none"].NetUtility + 1, presetName);
        Assert.True(planned.NetUtility > comparison["myopic"].NetUtility + 1000, presetName);
    }

    [Fact]
    public void Paper_preset_numbers_side_by_side()
    {
        var comparison = PolicyComparison.Run(Paper.Model, Paper.Scenario, 20);
        Assert.Equal(6241.38, comparison["none"].NetUtility, 2);
        Assert.Equal(9208.66, comparison["myopic"].TotalExpectedUtility, 2);
        Assert.Equal(15876.71, comparison["myopic"].Spend, 2);
        Assert.Equal(6303.09, comparison["planned"].NetUtility, 2);
        Assert.Equal(1680, comparison["planned"].Spend, 6);
    }

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void Alpha_vectors_equal_the_brute_force_bellman_recursion(string presetName)
    {
        var model = DecisionPresets.Get(presetName).Model;
        AssertMatchesBruteForce(model, 3, seed: 1);
    }

    [Fact]
    public void Alpha_vectors_equal_the_brute_force_recursion_on_a_random_four_state_model()
    {
        var random = new Random(7);
        double[] Row(int n)
        {
            var r = Enumerable.Range(0, n).Select(_ => random.NextDouble() + 0.05).ToArray();
            var sum = r.Sum();
            return [.. r.Select(v => v / sum)];
        }

        DecisionMatrix Matrix() => DecisionMatrix.FromRows([.. Enumerable.Range(0, 4).Select(_ => Row(4))]);
        var model = new DecisionModel(
            ["a", "b", "c", "d"],
            ["x", "y", "z"],
            DecisionMatrix.FromRows([0, -20, 5], [0, 5, -10], [0, 15, 12], [0, 30, 2]),
            Matrix(),
            [new Intervention("k1", Matrix(), 1.5, [0.1, 0.5, 0.9, 0.3]), new Intervention("k2", Matrix(), 4, 0.7)]);
        AssertMatchesBruteForce(model, 3, seed: 3);
    }

    [Fact]
    public void Point_based_stays_within_its_error_bound_of_exact()
    {
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;
        var exact = PomdpSolver.Solve(model, 10, new PomdpSolverOptions { Method = PomdpSolverMethod.Exact });
        var pointBased = PomdpSolver.Solve(model, 10, new PomdpSolverOptions { Method = PomdpSolverMethod.PointBased, GridResolution = 12 });
        Assert.Equal(PomdpSolverMethod.PointBased, pointBased.Method);
        Assert.Equal(12, pointBased.GridResolution);
        Assert.Equal(91, pointBased.GridPoints);
        Assert.True(pointBased.ErrorBound > 0);
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            var b = RandomBelief(random, 3);
            for (var h = 0; h <= 10; h += 5)
            {
                var gap = exact.Value(b, h) - pointBased.Value(b, h);
                Assert.InRange(gap, -1e-9, pointBased.ErrorBound + 1e-9);
            }
        }
    }

    [Fact]
    public void Auto_falls_back_to_point_based_when_the_exact_sets_grow_too_large()
    {
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;
        var auto = PomdpSolver.Solve(model, 5, new PomdpSolverOptions { MaxAlphaVectors = 1, MaxGridPoints = 200 });
        Assert.Equal(PomdpSolverMethod.PointBased, auto.Method);
        Assert.True(auto.GridPoints <= 200);
        var error = Assert.Throws<ValidationFailedException>(() => PomdpSolver.Solve(model, 5, new PomdpSolverOptions { Method = PomdpSolverMethod.Exact, MaxAlphaVectors = 1 }));
        Assert.Contains("MaxAlphaVectors = 1", error.Message);
    }

    [Fact]
    public void Pruning_keeps_the_upper_envelope()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 40; trial++)
        {
            var s = 2 + (trial % 4);
            var vectors = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, s).Select(_ => Math.Round(random.NextDouble() * 20, 1)).ToArray()).ToList();
            var kept = PomdpSolver.Prune(vectors, s, 1e-9);
            Assert.True(kept.Count <= vectors.Count);
            for (var i = 0; i < 200; i++)
            {
                var b = RandomBelief(random, s);
                var all = vectors.Max(v => Dot(v, b));
                var pruned = kept.Max(v => Dot(v, b));
                Assert.Equal(all, pruned, 9);
            }

            // Every kept vector is strictly best somewhere: removing any one lowers the envelope at its witness.
            Assert.True(kept.Count < vectors.Count || kept.Count <= s, "30 random vectors in low dimension should not all be useful");
        }
    }

    [Fact]
    public void Horizon_zero_and_weeks_after_the_workshop_contact_nobody()
    {
        var solution = PomdpSolver.Solve(Paper.Model, 0);
        Assert.Equal(-1, solution.Decide(Belief.Create(0.67, 0, 0.33), 5).Intervention);
        var policy = PlannedPolicy.Create(Paper.Model, 4);
        Assert.Equal(-3, policy.CyclesLeft(8, null));
        var result = Simulator.Run(Paper.Model, Paper.Scenario.With(weeks: 8), new SimulationOptions { Policy = policy });
        Assert.All(result.Weeks.Skip(5), w => Assert.Equal(0, w.Contacts));
        Assert.True(result.Weeks.Take(5).Sum(w => w.Contacts) > 0);
    }

    [Fact]
    public void Monte_carlo_of_the_planned_policy_agrees_with_the_expected_mode()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel);
        var policy = PlannedPolicy.Create(preset.Model, 20);
        var expected = Simulator.Run(preset.Model, preset.Scenario, new SimulationOptions { Policy = policy });
        var mc = Simulator.Run(preset.Model, preset.Scenario, new SimulationOptions { Policy = policy, Mode = SimulationMode.MonteCarlo, Runs = 40, Seed = 3 });
        for (var t = 0; t <= 20; t++)
        {
            var se = mc.Weeks[t].TotalExpectedUtilityStandardDeviation / Math.Sqrt(40);
            Assert.True(Math.Abs(mc.Weeks[t].TotalExpectedUtility - expected.Weeks[t].TotalExpectedUtility) <= (4 * se) + 1e-6, $"week {t}");
        }
    }

    [Fact]
    public void Planned_policy_runs_on_the_population_engine()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel);
        var policy = PlannedPolicy.Create(preset.Model, 3);
        using var engine = new PopulationEngine(preset.Model);
        var population = engine.CreatePopulation(4);
        population.SetBelief(0, [1, 0, 0]);
        population.SetBelief(1, [0, 1, 0]);
        population.SetBelief(2, [0.6, 0.3, 0.1]);
        population.SetBelief(3, [0, 0, 1]);
        var evaluation = engine.CreateEvaluation(4);
        engine.Evaluate(population, evaluation);
        engine.SelectContacts(population, evaluation, policy, cycle: 3, cyclesRemaining: 1);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(policy.Solution.Decide(population.GetBelief(i), 1).Intervention, evaluation.Selection[i]);
        }

        Assert.Equal(2, evaluation.Selection[0]);
        Assert.Equal(1, evaluation.Selection[2]);
    }

    internal static double[] RandomBelief(Random random, int s)
    {
        var b = Enumerable.Range(0, s).Select(_ => random.NextDouble()).ToArray();
        if (random.NextDouble() < 0.2)
        {
            b[random.Next(s)] = 0;
        }

        var sum = b.Sum();
        return sum == 0 ? [.. Enumerable.Range(0, s).Select(i => i == 0 ? 1.0 : 0)] : [.. b.Select(v => v / sum)];
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static void AssertMatchesBruteForce(DecisionModel model, int horizon, int seed)
    {
        var solution = PomdpSolver.Solve(model, horizon);
        var random = new Random(seed);
        var beliefs = Enumerable.Range(0, model.StateCount).Select(x => Belief.Certain(model.StateCount, x).AsSpan().ToArray()).ToList();
        beliefs.AddRange(Enumerable.Range(0, 8).Select(_ => RandomBelief(random, model.StateCount)));
        foreach (var b in beliefs)
        {
            for (var h = 0; h <= horizon; h++)
            {
                var brute = BruteForce(model, b, h);
                Assert.Equal(brute, solution.Value(b, h), 6);
                if (h > 0)
                {
                    var decision = solution.Decide(b, h);
                    Assert.Equal(brute, decision.Value, 6);
                }
            }
        }
    }

    /// <summary>The Bellman recursion written out over the observation tree, with explicit belief updates.</summary>
    private static double BruteForce(DecisionModel model, double[] b, int h)
    {
        var s = model.StateCount;
        if (h == 0)
        {
            return Enumerable.Range(0, model.ActionCount).Max(a => Enumerable.Range(0, s).Sum(x => b[x] * model.Utility[x, a]));
        }

        var predicted = new double[s];
        model.Transition.MultiplyLeft(b, predicted);
        var best = BruteForce(model, predicted, h - 1);
        foreach (var k in model.Interventions)
        {
            var value = -k.Cost;
            var silent = new double[s];
            for (var x = 0; x < s; x++)
            {
                for (var y = 0; y < s; y++)
                {
                    silent[y] += b[x] * (1 - k.GetResponseRate(x)) * k.Transition[x, y];
                }
            }

            for (var y = 0; y < s; y++)
            {
                var p = Enumerable.Range(0, s).Sum(x => b[x] * k.GetResponseRate(x) * k.Transition[x, y]);
                if (p > 0)
                {
                    value += p * BruteForce(model, Belief.Certain(s, y).AsSpan().ToArray(), h - 1);
                }
            }

            var silentProbability = silent.Sum();
            if (silentProbability > 1e-15)
            {
                value += silentProbability * BruteForce(model, [.. silent.Select(v => v / silentProbability)], h - 1);
            }

            best = Math.Max(best, value);
        }

        return best;
    }
}
