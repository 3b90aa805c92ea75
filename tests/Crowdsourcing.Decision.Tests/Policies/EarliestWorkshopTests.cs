using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Policies;

public class EarliestWorkshopTests
{
    [Fact]
    public void Paper_threshold_9000_is_reachable_earlier_than_the_myopic_campaign()
    {
        var result = EarliestWorkshop.Find(Paper.Model, Paper.Scenario, 9000, 20);
        Assert.True(result.Reachable);
        Assert.Equal(6, result.Week);
        Assert.True(result.MaximumTotals[5] < 9000 && result.MaximumTotals[6] >= 9000);
        Assert.Equal(3920, result.MaximumTotals[0], 6);
        Assert.True(result.ExpectedTotal >= 9000 - 1e-6);
        Assert.NotNull(result.Plan);
        Assert.Equal(6, result.Plan!.ThresholdCrossedWeek);
        Assert.Equal(result.ExpectedSpend, result.Plan.Weeks.Sum(w => w.Spend), 6);
        Assert.InRange(result.SpendLowerBound, 0, result.ExpectedSpend + 1e-6);
        Assert.True(result.SpendWeight > 0);

        // The least-spend plan reaches the Lagrangian bound (the best single price's plan spent 6,753.2).
        Assert.Equal(9000, result.ExpectedTotal, 6);
        Assert.Equal(result.SpendLowerBound, result.ExpectedSpend, 6);
        Assert.Equal(6659.96, result.ExpectedSpend, 2);

        // A higher weight on spend no longer reaches the threshold in that week.
        var stricter = new PlannedPolicy(PomdpSolver.Solve(Paper.Model, 6, new PomdpSolverOptions { CostMultiplier = result.SpendWeight * 1.01 }));
        var run = Simulator.Run(Paper.Model, Paper.Scenario.With(weeks: 6), new SimulationOptions { Policy = stricter });
        Assert.True(run.Weeks[6].TotalExpectedUtility < 9000 || run.Weeks.Sum(w => w.Spend) >= result.ExpectedSpend - 1e-6);
    }

    [Fact]
    public void Unreachable_thresholds_say_so()
    {
        var result = EarliestWorkshop.Find(Paper.Model, Paper.Scenario, 12000, 20);
        Assert.False(result.Reachable);
        Assert.Null(result.Week);
        Assert.Null(result.Plan);
        Assert.True(result.MaximumTotals.Max() < 12000);
        Assert.Equal(21, result.MaximumTotals.Count);
    }

    [Fact]
    public void A_threshold_already_met_needs_no_contact()
    {
        var result = EarliestWorkshop.Find(Paper.Model, Paper.Scenario, 3000, 20);
        Assert.Equal(0, result.Week);
        Assert.Equal(0, result.ExpectedSpend);
    }
}
