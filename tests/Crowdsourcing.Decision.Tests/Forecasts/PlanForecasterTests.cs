using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Forecasts;

public class PlanForecasterTests
{
    /// <summary>The paper's scenario as a population of certain week-0 beliefs.</summary>
    private static BeliefPopulation PaperPopulation()
    {
        var counts = Paper.Scenario.InitialStateCounts();
        var population = new BeliefPopulation(Paper.Model.StateCount, counts.Sum());
        var i = 0;
        for (var x = 0; x < counts.Length; x++)
        {
            for (var j = 0; j < counts[x]; j++)
            {
                population.SetCertain(i++, x);
            }
        }

        return population;
    }

    [Fact]
    public void The_expected_totals_and_spend_are_the_simulators_expected_mode_week_by_week()
    {
        var simulated = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Policy = ContactPolicies.Myopic });
        var forecast = PlanForecaster.Forecast(Paper.Model, PaperPopulation(), ContactPolicies.Myopic, new PlanForecastOptions { Weeks = Paper.Scenario.Weeks, Threshold = Paper.Scenario.Threshold });
        Assert.Equal(Paper.Scenario.Weeks + 1, forecast.Weeks.Count);
        for (var t = 0; t <= Paper.Scenario.Weeks; t++)
        {
            Assert.Equal(simulated.Weeks[t].TotalExpectedUtility, forecast.Weeks[t].ExpectedTotal, 1e-6);
            Assert.Equal(simulated.Weeks[t].Spend, forecast.Weeks[t].Spend, 1e-6);
            Assert.Equal(simulated.Weeks[t].Contacts, forecast.Weeks[t].Contacts, 1e-6);
        }

        Assert.Equal(simulated.ThresholdCrossedWeek, forecast.ExpectedCrossingWeek);
        Assert.Equal(0, forecast.Weeks[0].StandardDeviation);
    }

    [Fact]
    public void The_spread_of_the_total_agrees_with_monte_carlo_runs()
    {
        // The myopic policy decides each participant from their own belief, so Monte Carlo runs are draws of exactly the
        // process whose variance the forecast computes.
        var scenario = Paper.Scenario.With(weeks: 12);
        var runs = Simulator.Run(Paper.Model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Runs = 300, Seed = 3, MaxDegreeOfParallelism = 1 });
        var forecast = PlanForecaster.Forecast(Paper.Model, PaperPopulation(), ContactPolicies.Myopic, new PlanForecastOptions { Weeks = 12, Threshold = scenario.Threshold });
        for (var t = 3; t <= 12; t++)
        {
            var sampled = runs.Weeks[t].TotalExpectedUtilityStandardDeviation;
            var exact = forecast.Weeks[t].StandardDeviation;
            Assert.True(exact > 0, $"week {t}: no spread");
            Assert.InRange(sampled / exact, 0.8, 1.2);
            Assert.Equal(runs.Weeks[t].TotalExpectedUtility, forecast.Weeks[t].ExpectedTotal, 3 * exact / Math.Sqrt(runs.Runs) * 2);
        }
    }

    [Fact]
    public void The_crossing_week_interval_surrounds_the_expected_crossing_and_matches_the_sampled_crossings()
    {
        var scenario = Paper.Scenario.With(weeks: 20);
        // The preset's myopic campaign hovers around the threshold after week 11 (P ≈ 0.85 at most), so the 20-80 % interval.
        var forecast = PlanForecaster.Forecast(Paper.Model, PaperPopulation(), ContactPolicies.Myopic, new PlanForecastOptions { Weeks = 20, Threshold = scenario.Threshold, WorkshopWeek = 11, IntervalLevel = 0.6 });
        var crossing = forecast.Crossing;
        Assert.Equal(0.6, crossing.IntervalLevel);
        Assert.NotNull(crossing.Lower);
        Assert.NotNull(crossing.Upper);
        Assert.NotNull(crossing.MostLikely);
        Assert.InRange(crossing.MostLikely!.Value, crossing.Lower!.Value, crossing.Upper!.Value);
        Assert.InRange(forecast.ExpectedCrossingWeek!.Value, crossing.Lower.Value, crossing.Upper.Value);
        for (var t = 1; t < forecast.Weeks.Count; t++)
        {
            Assert.True(forecast.Weeks[t].ProbabilityCrossedBy >= forecast.Weeks[t - 1].ProbabilityCrossedBy);
        }

        // Monte Carlo crossing weeks: the forecast's interval holds most of them (the largest-so-far probability is a lower
        // bound of the probability of having crossed, so the sampled crossings come no later than the interval says).
        var runs = Simulator.Run(Paper.Model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Runs = 200, Seed = 9, MaxDegreeOfParallelism = 1 });
        var inside = runs.RunThresholdCrossedWeeks.Count(w => w is { } week && week >= crossing.Lower.Value - 2 && week <= crossing.Upper.Value + 1);
        Assert.True(inside >= 0.75 * runs.Runs, $"{inside} of {runs.Runs} sampled crossings in [{crossing.Lower} - 2, {crossing.Upper} + 1]");
        var sampledByWorkshop = runs.RunThresholdCrossedWeeks.Count(w => w <= 11) / (double)runs.Runs;
        Assert.InRange(forecast.ProbabilityByWorkshop!.Value, sampledByWorkshop - 0.2, sampledByWorkshop + 0.05);
        Assert.Equal(forecast.Weeks.Single(w => w.Week == 11).ProbabilityCrossedBy, forecast.ProbabilityByWorkshop);
        Assert.Equal(forecast.Weeks.Where(w => w.Week <= 11).Sum(w => w.Spend), forecast.ExpectedSpend, 1e-9);
    }

    [Fact]
    public void A_threshold_already_reached_crosses_now_for_certain_and_one_out_of_reach_never()
    {
        var population = PaperPopulation();
        var low = PlanForecaster.Forecast(Paper.Model, population, ContactPolicies.Myopic, new PlanForecastOptions { StartWeek = 3, Weeks = 5, Threshold = -1e9 });
        Assert.Equal(3, low.Crossing.MostLikely);
        Assert.Equal(3, low.Crossing.Lower);
        Assert.Equal(3, low.Crossing.Upper);
        Assert.Equal(1, low.Crossing.ProbabilityWithinForecast);
        Assert.Equal([3, 4, 5, 6, 7, 8], low.Weeks.Select(w => w.Week));
        var high = PlanForecaster.Forecast(Paper.Model, population, ContactPolicies.Myopic, new PlanForecastOptions { Weeks = 5, Threshold = 1e9, WorkshopWeek = 4 });
        Assert.Null(high.Crossing.MostLikely);
        Assert.Null(high.Crossing.Lower);
        Assert.Null(high.Crossing.Upper);
        Assert.Null(high.ExpectedCrossingWeek);
        Assert.Equal(0, high.ProbabilityByWorkshop!.Value, 1e-12);
    }

    [Fact]
    public void The_least_spend_plan_reaches_the_threshold_at_the_workshop_week_in_expectation_and_is_deterministic()
    {
        var policy = ContactPolicies.Create(Paper.Model, new ContactPolicyOptions { Kind = ContactPolicyKind.LeastSpend, WorkshopWeek = 11, Threshold = Paper.Scenario.Threshold });
        var options = new PlanForecastOptions { Weeks = 14, Threshold = Paper.Scenario.Threshold, WorkshopWeek = 11 };
        var forecast = PlanForecaster.Forecast(Paper.Model, PaperPopulation(), policy, options);
        Assert.True(Simulator.Reaches(forecast.ExpectedTotalAtWorkshop!.Value, Paper.Scenario.Threshold), $"{forecast.ExpectedTotalAtWorkshop}");
        Assert.InRange(forecast.ProbabilityByWorkshop!.Value, 0.3, 1);
        var again = PlanForecaster.Forecast(Paper.Model, PaperPopulation(), ContactPolicies.Create(Paper.Model, new ContactPolicyOptions { Kind = ContactPolicyKind.LeastSpend, WorkshopWeek = 11, Threshold = Paper.Scenario.Threshold }), options);
        Assert.Equal(forecast.Weeks, again.Weeks);
        var myopic = PlanForecaster.Forecast(Paper.Model, PaperPopulation(), ContactPolicies.Myopic, options);
        Assert.True(forecast.ExpectedSpend < myopic.ExpectedSpend, $"least spend {forecast.ExpectedSpend} vs myopic {myopic.ExpectedSpend}");
    }

    [Fact]
    public void Options_out_of_range_are_refused_with_every_failure()
    {
        var error = Assert.Throws<ValidationFailedException>(() => PlanForecaster.Forecast(Paper.Model, PaperPopulation(), ContactPolicies.Myopic, new PlanForecastOptions { StartWeek = -1, Weeks = 10_000, Threshold = double.NaN, IntervalLevel = 1 }));
        Assert.Equal(["StartWeek", "Weeks", "Threshold", "IntervalLevel"], error.Errors.Select(e => e.Path));
    }
}
