using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Beliefs;

/// <summary>Readiness reports as evidence: an intervention's report model O(x, o).</summary>
public class NoisyReportTests
{
    /// <summary>
    /// A case small enough to compute by hand: two states (unready, ready), invite pays −1 if unready and +1 if ready,
    /// leaving out pays 0; nothing moves (T = C = identity); the contact is free and always answered.
    /// </summary>
    private static DecisionModel Small(double accuracy, double responseRate = 1)
    {
        var contact = new Intervention("ask", DecisionMatrix.Identity(2), 0, responseRate);
        if (accuracy < 1)
        {
            contact = contact.WithReportModel(DecisionMatrix.FromRows([accuracy, 1 - accuracy], [1 - accuracy, accuracy]));
        }

        return new DecisionModel(["unready", "ready"], ["leave-out", "invite"], DecisionMatrix.FromRows([0, -1], [0, 1]), DecisionMatrix.Identity(2), [contact]);
    }

    [Fact]
    public void A_noisy_report_lowers_the_value_of_information_by_the_amount_computed_by_hand()
    {
        var b = Belief.Create(0.5, 0.5);

        // Truthful reports: MEU_0 = max(0, 0) = 0; MEU_k = 0.5 × MEU(unready) + 0.5 × MEU(ready) = 0.5 × 0 + 0.5 × 1.
        var exact = new DecisionEvaluator(Small(1));
        Assert.Equal(0.5, exact.InterventionValue(b), 12);

        // Reports right 80 % of the time: "ready" comes with probability 0.5 and leaves (0.2, 0.8), worth 0.6 × 0.5 = 0.3;
        // "unready" leaves (0.8, 0.2), where leaving out (0) is best. MEU_k = 0.3, so V_k drops by 0.2.
        var noisy = new DecisionEvaluator(Small(0.8));
        Assert.Equal(0.3, noisy.InterventionValue(b), 12);
        Assert.Equal(0.3, noisy.ResponseAwareValue(b), 12);

        // Answered half the time: the response-aware value halves (a silence teaches nothing here).
        Assert.Equal(0.15, new DecisionEvaluator(Small(0.8, 0.5)).ResponseAwareValue(b), 12);

        // A report that is a coin toss is worth nothing.
        Assert.Equal(0, new DecisionEvaluator(Small(0.5)).InterventionValue(b), 12);
    }

    [Theory]
    [InlineData(1, 1, 0.5)]
    [InlineData(0.8, 1, 0.3)]
    [InlineData(0.8, 0.5, 0.15)]
    [InlineData(0.5, 1, 0)]
    public void The_general_POMDP_core_gives_the_same_value_of_information(double accuracy, double responseRate, double expected)
    {
        var model = Small(accuracy, responseRate);
        var pomdp = PomdpModel.FromDecisionModel(model, [0.5, 0.5]);

        // One cycle: V_1(b) − V_0(b) is what contacting adds (leaving alone is worth MEU(b) = 0 here).
        var solution = PomdpModelSolver.Solve(pomdp, 1, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });

        Assert.Equal(expected, solution.Value - solution.Evaluate(pomdp.InitialBelief, 0), 9);
        Assert.Equal(expected, new DecisionEvaluator(model).ResponseAwareValue(Belief.Create(0.5, 0.5)), 12);
    }

    [Fact]
    public void An_identity_report_model_reproduces_the_papers_numbers_exactly()
    {
        var paper = Paper.Model;
        var withIdentity = paper.With(interventions: [.. paper.Interventions.Select(k => k.WithReportModel(DecisionMatrix.Identity(paper.StateCount)))]);
        var before = new DecisionEvaluator(paper);
        var after = new DecisionEvaluator(withIdentity);

        Assert.False(withIdentity.HasNoisyReports);
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var b = Belief.Create(Policies.PlannedPolicyTests.RandomBelief(random, 3));
            Assert.Equal(before.InterventionValue(b), after.InterventionValue(b));
            Assert.Equal(before.ResponseAwareValue(b), after.ResponseAwareValue(b));
            Assert.Equal(before.Assess(b), after.Assess(b));
        }

        Assert.Equal([0, 0, 1.0], before.BeliefAfterReport(Belief.Create(0.6, 0.3, 0.1), 0, 2).AsSpan().ToArray());
    }

    [Fact]
    public void A_noisy_report_never_raises_the_value_of_information_on_the_paper_model()
    {
        var paper = Paper.Model;
        var noise = DecisionMatrix.FromRows([0.8, 0.2, 0], [0.1, 0.8, 0.1], [0, 0.2, 0.8]);
        var noisy = new DecisionEvaluator(paper.With(interventions: [paper.Interventions[0].WithReportModel(noise)]));
        var truthful = Paper.Evaluator;
        var random = new Random(5);
        var lower = 0;
        for (var i = 0; i < 300; i++)
        {
            var b = Belief.Create(Policies.PlannedPolicyTests.RandomBelief(random, 3));
            var drop = truthful.InterventionValue(b) - noisy.InterventionValue(b);
            Assert.True(drop >= -1e-12, $"noise raised V_k at {b}: {drop}");
            lower += drop > 1e-9 ? 1 : 0;
        }

        Assert.True(lower > 50, $"noise lowered V_k at only {lower} of 300 beliefs");
    }

    [Fact]
    public void The_belief_after_a_report_is_the_Bayes_posterior()
    {
        var evaluator = new DecisionEvaluator(Small(0.8));

        var posterior = evaluator.BeliefAfterReport(Belief.Create(0.5, 0.5), 0, 1);

        Assert.Equal(0.2, posterior[0], 12);
        Assert.Equal(0.8, posterior[1], 12);
        var certain = evaluator.BeliefAfterReport(Belief.Create(1, 0), 0, 1);
        Assert.Equal(1, certain[0], 12);
    }

    [Fact]
    public void A_report_the_model_cannot_explain_is_refused()
    {
        var model = Small(1);

        var ex = Assert.Throws<InvalidStateException>(() => new DecisionEvaluator(model).BeliefAfterReport(Belief.Create(1, 0), 0, 1));

        Assert.Contains("probability 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_model_is_validated_and_round_trips_through_JSON()
    {
        var model = Small(0.8);
        var json = DecisionModelJson.Serialize(model);

        Assert.Contains("\"reportModel\"", json, StringComparison.Ordinal);
        var back = DecisionModelJson.Parse(json);
        Assert.Equal(0.8, back.Interventions[0].GetReportProbability(1, 1));
        Assert.DoesNotContain("reportModel", DecisionModelJson.Serialize(Small(1)), StringComparison.Ordinal);

        var broken = new Intervention("ask", DecisionMatrix.Identity(2), 0, 1).WithReportModel(DecisionMatrix.FromRows([0.8, 0.3], [0.2, 0.8]));
        var ex = Assert.Throws<DecisionModelException>(() => new DecisionModel(["unready", "ready"], ["leave-out", "invite"], DecisionMatrix.FromRows([0, -1], [0, 1]), DecisionMatrix.Identity(2), [broken]));
        Assert.Contains("interventions[0].reportModel", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1.1", ex.Message, StringComparison.Ordinal);
    }

    private static DecisionModel NoisyPaper()
    {
        var paper = Paper.Model;
        var noise = DecisionMatrix.FromRows([0.8, 0.2, 0], [0.1, 0.8, 0.1], [0, 0.2, 0.8]);
        return paper.With(interventions: [paper.Interventions[0].WithReportModel(noise)]);
    }

    [Fact]
    public void The_population_engine_values_and_updates_beliefs_as_the_evaluator_does()
    {
        var model = NoisyPaper();
        var evaluator = new DecisionEvaluator(model);
        using var engine = new PopulationEngine(model, new PopulationEngineOptions { MaxDegreeOfParallelism = 1 });
        var random = new Random(9);
        var n = 37;
        var population = engine.CreatePopulation(n);
        var beliefs = new Belief[n];
        for (var i = 0; i < n; i++)
        {
            beliefs[i] = Belief.Create(Policies.PlannedPolicyTests.RandomBelief(random, 3));
            population.SetBelief(i, beliefs[i]);
        }

        var evaluation = engine.CreateEvaluation(n);
        engine.Evaluate(population, evaluation, includeResponseAware: true);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(evaluator.InterventionValue(beliefs[i]), evaluation.GetValues(0)[i], 12);
            Assert.Equal(evaluator.ResponseAwareValue(beliefs[i]), evaluation.GetResponseAwareValues(0)[i], 12);
        }

        for (var i = 0; i < n; i++)
        {
            engine.ApplyObservation(population, i, 0, i % 3);
            var expected = evaluator.BeliefAfterReport(beliefs[i], 0, i % 3);
            var actual = new double[3];
            population.GetBelief(i, actual);
            Assert.Equal(expected.AsSpan().ToArray(), actual, (p, q) => Math.Abs(p - q) < 1e-12);
            Assert.True(actual.Max() < 1, "a noisy report must not make the organiser certain here");
        }
    }

    [Fact]
    public void The_simulator_draws_noisy_reports_and_its_two_modes_agree()
    {
        var model = NoisyPaper();
        var scenario = Paper.Scenario.With(participants: 4000, weeks: 6);

        var expected = Simulator.Run(model, scenario);
        var sampled = Simulator.Run(model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Runs = 4, Seed = 3 });

        for (var t = 1; t <= 6; t++)
        {
            var e = expected.Weeks[t].TotalExpectedUtility;
            var m = sampled.Weeks[t].TotalExpectedUtility;
            Assert.True(Math.Abs(e - m) <= 0.03 * Math.Abs(e) + 200, $"week {t}: expected mode {e}, Monte Carlo {m}");
        }

        Assert.True(expected.Weeks.Skip(1).Sum(w => w.Responses) > 0);

        // Noise costs the organiser: the same campaign with truthful reports ends at least as well.
        var truthful = Simulator.Run(Paper.Model, scenario);
        Assert.True(truthful.Weeks[^1].TotalExpectedUtility >= expected.Weeks[^1].TotalExpectedUtility - 1e-6);
    }

    /// <summary>Every preset with a report model on each intervention: right with probability <paramref name="accuracy"/>, otherwise a neighbouring state.</summary>
    internal static DecisionModel NoisyPreset(string presetName, double accuracy)
    {
        var model = DecisionPresets.Get(presetName).Model;
        var n = model.StateCount;
        var rows = new double[n][];
        for (var x = 0; x < n; x++)
        {
            rows[x] = new double[n];
            rows[x][x] = accuracy;
            var neighbours = (x > 0 ? 1 : 0) + (x < n - 1 ? 1 : 0);
            for (var y = 0; y < n; y++)
            {
                if (Math.Abs(x - y) == 1)
                {
                    rows[x][y] = (1 - accuracy) / neighbours;
                }
            }
        }

        var noise = DecisionMatrix.FromRows(rows);
        return model.With(interventions: [.. model.Interventions.Select((k, i) => k.WithReportModel(i % 2 == 0 ? noise : DecisionMatrix.FromRows([.. rows.Select(r => r.Reverse().ToArray()).Reverse()])))]);
    }

    public static TheoryData<string> PresetNames => new(DecisionPresets.Names);

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void The_CrowdArb_solver_plans_with_noisy_reports_as_the_general_core_does(string presetName)
    {
        var model = NoisyPreset(presetName, 0.8);
        var random = new Random(11);
        foreach (var horizon in new[] { 0, 1, 2, 4 })
        {
            var planner = PomdpSolver.Solve(model, horizon, new PomdpSolverOptions { Method = PomdpSolverMethod.Exact });
            var general = PomdpModelSolver.Solve(PomdpModel.FromDecisionModel(model), horizon, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });
            Assert.Equal(PomdpSolverMethod.Exact, planner.Method);
            for (var trial = 0; trial < 30; trial++)
            {
                var b = Policies.PlannedPolicyTests.RandomBelief(random, model.StateCount);
                var lifted = new double[general.Model.StateCount];
                b.CopyTo(lifted, 0);
                for (var h = 0; h <= horizon; h++)
                {
                    Assert.Equal(general.Evaluate(lifted, h), planner.Value(b, h), 7);
                }

                if (horizon > 0)
                {
                    var q = new double[model.Interventions.Count + 1];
                    var choice = planner.ActionValues(b, horizon, q);
                    Assert.Equal(planner.Value(b, horizon), q.Max(), 9);
                    var runnerUp = q.Where(v => v < q.Max() - 1e-6).DefaultIfEmpty(double.NegativeInfinity).Max();
                    if (q.Count(v => v >= q.Max() - 1e-6) == 1 && q.Max() - runnerUp > 1e-6)
                    {
                        Assert.Equal(choice + 1, general.BestAction(lifted, horizon));
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0.8, 1)]
    [InlineData(0.8, 0.5)]
    [InlineData(0.5, 1)]
    public void The_noisy_solver_agrees_with_the_general_core_on_the_two_state_case(double accuracy, double responseRate)
    {
        var model = Small(accuracy, responseRate);
        for (var horizon = 1; horizon <= 5; horizon++)
        {
            var planner = PomdpSolver.Solve(model, horizon);
            var general = PomdpModelSolver.Solve(PomdpModel.FromDecisionModel(model, [0.5, 0.5]), horizon, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });
            Assert.Equal(general.Value, planner.Value(Belief.Create(0.5, 0.5), horizon), 9);
        }

        // One free contact with reports right 80 % of the time is worth 0.3 at (0.5, 0.5) (see above).
        Assert.Equal(accuracy == 0.8 && responseRate == 1 ? 0.3 : accuracy == 0.5 ? 0 : 0.15, PomdpSolver.Solve(model, 1).Value(Belief.Create(0.5, 0.5), 1), 12);
    }

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void The_point_based_method_plans_with_noisy_reports_within_its_bound(string presetName)
    {
        var model = NoisyPreset(presetName, 0.75);
        var exact = PomdpSolver.Solve(model, 3, new PomdpSolverOptions { Method = PomdpSolverMethod.Exact });
        var grid = PomdpSolver.Solve(model, 3, new PomdpSolverOptions { Method = PomdpSolverMethod.PointBased, GridResolution = 6 });
        Assert.Equal(PomdpSolverMethod.PointBased, grid.Method);
        var random = new Random(5);
        for (var trial = 0; trial < 50; trial++)
        {
            var b = Policies.PlannedPolicyTests.RandomBelief(random, model.StateCount);
            var v = grid.Value(b, 3);
            Assert.True(v <= exact.Value(b, 3) + 1e-7, $"the point-based value {v} is above the optimum {exact.Value(b, 3)}");
            Assert.True(v >= exact.Value(b, 3) - grid.ErrorBound - 1e-7, $"the point-based value {v} is further than {grid.ErrorBound} below {exact.Value(b, 3)}");
        }
    }

    [Fact]
    public void An_identity_report_model_plans_exactly_as_the_paper_model()
    {
        var paper = Paper.Model;
        var identity = paper.With(interventions: [paper.Interventions[0].WithReportModel(DecisionMatrix.Identity(3))]);
        var a = PomdpSolver.Solve(paper, 20);
        var b = PomdpSolver.Solve(identity, 20);

        Assert.Equal(a.AlphaVectorCounts, b.AlphaVectorCounts);
        Assert.Equal(a.ErrorBound, b.ErrorBound);
        var random = new Random(2);
        for (var trial = 0; trial < 20; trial++)
        {
            var belief = Policies.PlannedPolicyTests.RandomBelief(random, 3);
            for (var h = 0; h <= 20; h += 5)
            {
                Assert.Equal(a.Value(belief, h), b.Value(belief, h));
            }
        }

        var comparison = PolicyComparison.Run(identity, Paper.Scenario, 20);
        Assert.Equal(PolicyComparison.Run(paper, Paper.Scenario, 20)["planned"].NetUtility, comparison["planned"].NetUtility);
    }

    [Fact]
    public void The_planned_policy_with_noisy_reports_does_what_it_predicts_and_no_policy_beats_it()
    {
        var model = NoisyPaper();
        var comparison = PolicyComparison.Run(model, Paper.Scenario, 20);
        var planned = comparison["planned"];
        var tolerance = (comparison.Solution.ErrorBound * Paper.Scenario.Participants) + 1e-6;
        foreach (var other in comparison.Outcomes)
        {
            Assert.True(planned.NetUtility >= other.NetUtility - tolerance, $"planned {planned.NetUtility} < {other.Policy} {other.NetUtility}");
        }

        // The simulator's expected mode splits responders by what they report, as the planner does.
        Assert.Equal(comparison.PlannedPredictedNetUtility, planned.NetUtility, 6);

        // Noise costs the organiser: planning with truthful reports does at least as well.
        Assert.True(PolicyComparison.Run(Paper.Model, Paper.Scenario, 20)["planned"].NetUtility >= planned.NetUtility - tolerance);
    }

    [Fact]
    public void Least_spend_and_the_earliest_workshop_plan_with_noisy_reports()
    {
        var model = NoisyPaper();
        var result = EarliestWorkshop.Find(model, Paper.Scenario, 9000, 20);
        Assert.True(result.Reachable);
        var truthful = EarliestWorkshop.Find(Paper.Model, Paper.Scenario, 9000, 20);
        Assert.True(result.Week >= truthful.Week, $"noisy reports reach the threshold in week {result.Week}, truthful ones in week {truthful.Week}");

        var week = result.Week!.Value;
        var policy = new LeastSpendPolicy(9000, week);
        var run = Simulator.Run(model, Paper.Scenario.With(weeks: week), new SimulationOptions { Policy = policy });
        Assert.True(run.Weeks[week].TotalExpectedUtility >= 9000 - 1e-6, $"total {run.Weeks[week].TotalExpectedUtility}");
        Assert.Equal(result.ExpectedSpend, run.Weeks.Sum(w => w.Spend), 4);
    }
}
