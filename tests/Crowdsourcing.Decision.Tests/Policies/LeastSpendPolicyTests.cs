using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Simulation;
using Xunit.Abstractions;

namespace Crowdsourcing.Decision.Tests.Policies;

public class LeastSpendPolicyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(15)]
    public void Least_spend_meets_the_threshold_at_the_workshop_week_and_equals_the_lagrangian_bound(int week)
    {
        var policy = new LeastSpendPolicy(9000, week);
        var run = Simulator.Run(Paper.Model, Paper.Scenario.With(weeks: week), new SimulationOptions { Policy = policy });
        var spend = run.Weeks.Sum(w => w.Spend);
        var bound = LagrangianBound(week, 9000);
        output.WriteLine($"week {week}: total {run.Weeks[week].TotalExpectedUtility:R} spend {spend:R} bound {bound:R} reported {policy.Reports[0].Plan!.Bound:R} iterations {string.Join(",", policy.Reports.Select(r => r.Plan?.Iterations))} λ {policy.Reports[0].SpendWeight}");
        Assert.True(run.Weeks[week].TotalExpectedUtility >= 9000 - 1e-6, $"total {run.Weeks[week].TotalExpectedUtility}");
        Assert.Equal(bound, spend, 6);
        Assert.Equal(bound, policy.Reports[0].Plan!.Bound, 6);
    }

    /// <summary>max over λ &gt; 0 of (threshold − L(λ))/λ, L(λ) = Σ w·V_W^λ(e_x) from the planner alone, by golden section over μ = 1/λ (the function is concave in μ).</summary>
    private static double LagrangianBound(int week, double threshold)
    {
        double G(double mu)
        {
            var solution = PomdpSolver.Solve(Paper.Model, week, new PomdpSolverOptions { CostMultiplier = 1 / mu, PruningTolerance = 1e-14 });
            var l = 0.0;
            for (var x = 0; x < 3; x++)
            {
                l += Paper.Scenario.InitialStateShares[x] * Paper.Scenario.Participants * solution.Value(Belief.Certain(3, x), week);
            }

            return mu * (threshold - l);
        }

        double low = 1e-3, high = 1e3;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = high - (ratio * (high - low));
        var b = low + (ratio * (high - low));
        double ga = G(a), gb = G(b);
        for (var i = 0; i < 120; i++)
        {
            if (ga < gb)
            {
                low = a;
                a = b;
                ga = gb;
                b = low + (ratio * (high - low));
                gb = G(b);
            }
            else
            {
                high = b;
                b = a;
                gb = ga;
                a = high - (ratio * (high - low));
                ga = G(a);
            }
        }

        return Math.Max(ga, gb);
    }
}
