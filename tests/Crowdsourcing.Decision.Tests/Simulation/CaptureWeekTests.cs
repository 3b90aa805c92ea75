using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Simulation;

public class CaptureWeekTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(12)]
    public void The_captured_meu_of_the_first_run_sums_to_its_total_of_that_week(int week)
    {
        var scenario = Paper.Scenario.With(weeks: 12);
        var result = Simulator.Run(Paper.Model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Seed = 4, CaptureWeek = week });

        Assert.Equal(week, result.CaptureWeek);
        Assert.Equal(560, result.CapturedMaximumExpectedUtilities.Count);
        Assert.Equal(result.Weeks[week].TotalExpectedUtility, result.CapturedMaximumExpectedUtilities.Sum(), 6);
        var evaluator = new DecisionEvaluator(Paper.Model);
        var best = Enumerable.Range(0, 3).Max(x => evaluator.MaximumExpectedUtility(Belief.Certain(3, x)).ExpectedUtility);
        Assert.All(result.CapturedMaximumExpectedUtilities, v => Assert.InRange(v, 0, best + 1e-9));
    }

    [Fact]
    public void At_week_0_the_capture_is_the_known_starting_states_in_participant_order()
    {
        var result = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, CaptureWeek = 0 });
        var evaluator = new DecisionEvaluator(Paper.Model);
        var counts = Paper.Scenario.InitialStateCounts();
        var expected = Enumerable.Range(0, 3)
            .SelectMany(x => Enumerable.Repeat(evaluator.MaximumExpectedUtility(Belief.Certain(3, x)).ExpectedUtility, counts[x]))
            .ToArray();

        Assert.Equal(expected, result.CapturedMaximumExpectedUtilities);
    }

    [Fact]
    public void The_capture_is_the_first_run_whatever_the_number_of_runs()
    {
        var options = new SimulationOptions { Mode = SimulationMode.MonteCarlo, Seed = 9, CaptureWeek = 10, Policy = ContactPolicies.Myopic };
        var one = Simulator.Run(Paper.Model, Paper.Scenario, options);
        var three = Simulator.Run(Paper.Model, Paper.Scenario, options with { Runs = 3 });

        Assert.Equal(one.CapturedMaximumExpectedUtilities, three.CapturedMaximumExpectedUtilities);
        Assert.Equal(3, three.RunThresholdCrossedWeeks.Count);
    }

    [Fact]
    public void The_campaign_raises_the_distribution()
    {
        var none = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Policy = ContactPolicies.None, CaptureWeek = 20 });
        var myopic = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Policy = ContactPolicies.Myopic, CaptureWeek = 20 });

        var sortedNone = none.CapturedMaximumExpectedUtilities.Order().ToArray();
        var sortedMyopic = myopic.CapturedMaximumExpectedUtilities.Order().ToArray();
        Assert.True(sortedMyopic[280] > sortedNone[280], $"median {sortedMyopic[280]} !> {sortedNone[280]}");
        Assert.True(sortedMyopic.Sum() > sortedNone.Sum());
    }

    [Fact]
    public void Nothing_is_captured_unless_asked()
    {
        var result = Simulator.Run(Paper.Model, Paper.Scenario.With(weeks: 3), new SimulationOptions { Mode = SimulationMode.MonteCarlo });

        Assert.Null(result.CaptureWeek);
        Assert.Empty(result.CapturedMaximumExpectedUtilities);
    }

    [Theory]
    [InlineData(SimulationMode.MonteCarlo, -1, "CaptureWeek is -1; it must be from 0 to the scenario's 20 weeks")]
    [InlineData(SimulationMode.MonteCarlo, 21, "CaptureWeek is 21; it must be from 0 to the scenario's 20 weeks")]
    [InlineData(SimulationMode.Expected, 5, "CaptureWeek is 5; capturing per-participant MEU needs Monte Carlo mode")]
    public void A_bad_capture_week_is_refused_with_its_value(SimulationMode mode, int week, string message)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Mode = mode, CaptureWeek = week }));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal("CaptureWeek", ex.Path);
    }
}
