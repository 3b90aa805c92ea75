using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Simulation;

/// <summary>Expected mode with noisy reports: the weighted classes stay within <see cref="SimulationOptions.MaxClasses"/>.</summary>
public class ClassBoundTests
{
    /// <summary>The paper's model whose reports are right 80 % of the time, otherwise a neighbouring state.</summary>
    private static DecisionModel NoisyPaper()
    {
        var paper = Paper.Model;
        var noise = DecisionMatrix.FromRows([0.8, 0.2, 0], [0.1, 0.8, 0.1], [0, 0.2, 0.8]);
        return paper.With(interventions: [.. paper.Interventions.Select(k => k.WithReportModel(noise))]);
    }

    /// <summary>Runs expected mode cycle by cycle as <see cref="Simulator.Run"/> does, returning the class count and total weight of every week.</summary>
    private static List<(int Classes, double Weight, double[] TrueStates)> Step(DecisionModel model, SimulationScenario scenario, int maxClasses) => Step(model, scenario, maxClasses, out _);

    private static List<(int Classes, double Weight, double[] TrueStates)> Step(DecisionModel model, SimulationScenario scenario, int maxClasses, out List<Simulator.BeliefClass> last)
    {
        var s = model.StateCount;
        using var engine = new PopulationEngine(model, new PopulationEngineOptions { MaxDegreeOfParallelism = 1 });
        var classes = new List<Simulator.BeliefClass>();
        for (var x = 0; x < s; x++)
        {
            var certain = new double[s];
            certain[x] = 1;
            classes.Add(new Simulator.BeliefClass(certain, [.. certain], scenario.InitialStateShares[x] * scenario.Participants));
        }

        var weeks = new List<(int, double, double[])>();
        for (var t = 1; t <= scenario.Weeks; t++)
        {
            var (population, weights) = Simulator.ToPopulation(classes, s);
            classes = Simulator.ExpectedStep(engine, model, classes, population, weights, ContactPolicies.Myopic, NonResponderUpdate.InterventionDynamics, t, scenario.Weeks - t + 1, maxClasses).Classes;
            var trueStates = new double[s];
            foreach (var c in classes)
            {
                for (var x = 0; x < s; x++)
                {
                    trueStates[x] += c.Weight * c.TrueStates[x];
                }
            }

            weeks.Add((classes.Count, classes.Sum(c => c.Weight), trueStates));
        }

        last = classes;
        return weeks;
    }

    [Fact]
    public void Without_a_bound_noisy_reports_make_the_classes_grow_geometrically()
    {
        // The growth the bound exists for: every report leaves its own posterior, so no two classes coincide.
        // With the myopic policy they grow about 1.7 times a week (3, 3, 6, 12, 18, 30, 51, 87, …): past 4,096 before
        // week 16, past 10^6 by week 27. Policies that contact more grow faster, up to (states + 1) times a week.
        var weeks = Step(NoisyPaper(), Paper.Scenario.With(weeks: 12), int.MaxValue);
        var counts = string.Join(", ", weeks.Select(w => w.Classes));

        for (var t = 4; t < weeks.Count; t++)
        {
            Assert.True(weeks[t].Classes > 1.4 * weeks[t - 1].Classes, $"classes per week: {counts}");
        }

        Assert.True(weeks[^1].Classes > 500, $"classes per week: {counts}");

        // Over the default 20 weeks, the bound acts.
        Assert.True(Simulator.Run(NoisyPaper(), Paper.Scenario.With(weeks: 20)).MergedClasses > 0);
    }

    [Fact]
    public void With_noisy_reports_over_twenty_weeks_the_classes_stay_within_the_bound_and_the_weight_and_true_states_are_kept()
    {
        var scenario = Paper.Scenario.With(weeks: 20);
        var bounded = Step(NoisyPaper(), scenario, SimulationOptions.DefaultMaxClasses);

        Assert.Equal(20, bounded.Count);
        foreach (var week in bounded)
        {
            Assert.InRange(week.Classes, 1, SimulationOptions.DefaultMaxClasses);
            Assert.Equal(scenario.Participants, week.Weight, 1e-9 * scenario.Participants);
        }

        Assert.Contains(bounded, w => w.Classes > SimulationOptions.DefaultMaxClasses / 8);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(200)]
    public void Merging_keeps_the_total_weight_the_expected_true_states_and_the_mean_belief(int maxClasses)
    {
        var s = Paper.Model.StateCount;
        Step(NoisyPaper(), Paper.Scenario.With(weeks: 12), int.MaxValue, out var classes);
        Assert.True(classes.Count > maxClasses);

        var merged = Simulator.Bound(classes, maxClasses, s);

        Assert.InRange(merged.Count, 1, maxClasses);
        Assert.Equal(classes.Sum(c => c.Weight), merged.Sum(c => c.Weight), 1e-9);
        for (var x = 0; x < s; x++)
        {
            Assert.Equal(classes.Sum(c => c.Weight * c.TrueStates[x]), merged.Sum(c => c.Weight * c.TrueStates[x]), 1e-9);
            Assert.Equal(classes.Sum(c => c.Weight * c.Belief[x]), merged.Sum(c => c.Weight * c.Belief[x]), 1e-9);
        }

        Assert.All(merged, c => Assert.Equal(1, c.Belief.Sum(), 1e-12));
        Assert.Same(classes, Simulator.Bound(classes, classes.Count, s));
    }

    [Fact]
    public void With_truthful_reports_the_bound_changes_nothing()
    {
        var unbounded = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { MaxClasses = int.MaxValue });
        var bounded = Simulator.Run(Paper.Model, Paper.Scenario);

        Assert.Equal(0, bounded.MergedClasses);
        Assert.False(bounded.IsApproximate);
        Assert.Equal(unbounded.Weeks, bounded.Weeks);
        Assert.Equal(unbounded.ThresholdCrossedWeek, bounded.ThresholdCrossedWeek);
    }

    [Fact]
    public void With_noisy_reports_expected_mode_says_it_is_approximate_and_stays_close_to_Monte_Carlo()
    {
        var model = NoisyPaper();
        var scenario = Paper.Scenario.With(participants: 2000, weeks: 20);

        var expected = Simulator.Run(model, scenario);
        var sampled = Simulator.Run(model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Runs = 40, Seed = 7 });

        Assert.True(expected.MergedClasses > 0);
        Assert.True(expected.IsApproximate);
        Assert.Equal(0, sampled.MergedClasses);
        for (var t = 1; t <= scenario.Weeks; t++)
        {
            var e = expected.Weeks[t].TotalExpectedUtility;
            var m = sampled.Weeks[t].TotalExpectedUtility;
            // Four standard errors of the Monte Carlo mean (its sampling noise), plus 0.5 % for the merging.
            var tolerance = (4 * sampled.Weeks[t].TotalExpectedUtilityStandardDeviation / Math.Sqrt(sampled.Runs)) + (0.005 * Math.Abs(e));
            Assert.True(Math.Abs(e - m) <= tolerance, $"week {t}: expected mode {e}, Monte Carlo {m}");
        }
    }

    [Fact]
    public void A_coarser_bound_gives_nearly_the_same_totals()
    {
        var model = NoisyPaper();
        var scenario = Paper.Scenario.With(weeks: 20);

        var fine = Simulator.Run(model, scenario);
        var coarse = Simulator.Run(model, scenario, new SimulationOptions { MaxClasses = 256 });

        Assert.True(fine.IsApproximate && coarse.IsApproximate);
        for (var t = 0; t <= scenario.Weeks; t++)
        {
            Assert.Equal(fine.Weeks[t].TotalExpectedUtility, coarse.Weeks[t].TotalExpectedUtility, 0.01 * Math.Abs(fine.Weeks[t].TotalExpectedUtility));
        }
    }

    [Fact]
    public void A_bound_of_one_class_merges_everything_into_one_class_of_the_whole_weight()
    {
        var weeks = Step(NoisyPaper(), Paper.Scenario.With(weeks: 5), 1);

        Assert.All(weeks, w => Assert.Equal(1, w.Classes));
        Assert.All(weeks, w => Assert.Equal(Paper.Scenario.Participants, w.Weight, 1e-9 * Paper.Scenario.Participants));
    }

    [Fact]
    public void A_bound_below_one_is_refused_by_the_simulator_and_the_forecaster()
    {
        var simulate = Assert.Throws<ValidationFailedException>(() => Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { MaxClasses = 0 }));
        Assert.Equal("MaxClasses", simulate.Errors[0].Path);
        Assert.Contains("at least 1", simulate.Message, StringComparison.Ordinal);

        var population = new BeliefPopulation(Paper.Model.StateCount, 3);
        var forecast = Assert.Throws<ValidationFailedException>(() => PlanForecaster.Forecast(Paper.Model, population, ContactPolicies.Myopic, new PlanForecastOptions { MaxClasses = 0 }));
        Assert.Equal("MaxClasses", forecast.Errors[0].Path);
    }

    [Fact]
    public void A_plan_forecast_with_noisy_reports_over_twenty_weeks_merges_and_says_so()
    {
        var model = NoisyPaper();
        var counts = Paper.Scenario.InitialStateCounts();
        var population = new BeliefPopulation(model.StateCount, counts.Sum());
        var i = 0;
        for (var x = 0; x < counts.Length; x++)
        {
            for (var j = 0; j < counts[x]; j++)
            {
                population.SetCertain(i++, x);
            }
        }

        var options = new PlanForecastOptions { Weeks = 20, Threshold = Paper.Scenario.Threshold };
        var forecast = PlanForecaster.Forecast(model, population, ContactPolicies.Myopic, options);
        var simulated = Simulator.Run(model, Paper.Scenario.With(weeks: 20));

        Assert.Equal(21, forecast.Weeks.Count);
        Assert.True(forecast.IsApproximate);
        Assert.True(forecast.MergedClasses > 0);
        Assert.All(forecast.Weeks, w => Assert.True(double.IsFinite(w.ExpectedTotal) && double.IsFinite(w.StandardDeviation)));

        // The forecaster's groups are the three certain starting beliefs; the simulator's classes are one group, so
        // the two merge differently, yet stay close.
        for (var t = 0; t <= 20; t++)
        {
            Assert.Equal(simulated.Weeks[t].TotalExpectedUtility, forecast.Weeks[t].ExpectedTotal, 0.01 * Math.Abs(simulated.Weeks[t].TotalExpectedUtility));
        }

        // Truthful reports: nothing merges.
        Assert.False(PlanForecaster.Forecast(Paper.Model, population, ContactPolicies.Myopic, options).IsApproximate);
    }
}
