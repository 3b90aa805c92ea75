using System.Collections.ObjectModel;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Policies;

/// <summary>The answer of <see cref="EarliestWorkshop.Find"/>.</summary>
/// <param name="Threshold">The threshold on the expected total utility.</param>
/// <param name="Horizon">The last week searched.</param>
/// <param name="Reachable">Whether some contact plan makes the expected total reach the threshold in some week ≤ <paramref name="Horizon"/>.</param>
/// <param name="Week">The earliest such week, or <see langword="null"/>.</param>
/// <param name="MaximumTotals">Per week t = 0..H, the highest expected total any contact plan can reach in week t (costs ignored).</param>
/// <param name="SpendWeight">λ: the plan is the planned policy for horizon <paramref name="Week"/> maximising E[total] − λ·E[spend]; the largest λ whose plan still reaches the threshold (0 when unreachable).</param>
/// <param name="ExpectedTotal">The plan's expected total in that week.</param>
/// <param name="ExpectedSpend">The plan's expected spend until that week.</param>
/// <param name="SpendLowerBound">A lower bound on the expected spend of any plan that reaches the threshold in that week: max over the λ tried of (threshold − L(λ))/λ, L the Lagrangian optimum. The plan is within <c>ExpectedSpend − SpendLowerBound</c> of the least spend.</param>
/// <param name="Plan">The plan's week-by-week expected simulation, or <see langword="null"/> when unreachable.</param>
public sealed record EarliestWorkshopResult(
    double Threshold,
    int Horizon,
    bool Reachable,
    int? Week,
    IReadOnlyList<double> MaximumTotals,
    double SpendWeight,
    double ExpectedTotal,
    double ExpectedSpend,
    double SpendLowerBound,
    SimulationResult? Plan);

/// <summary>
/// The earliest workshop week for a threshold, and the contact plan that gets there at the least expected spend.
/// </summary>
/// <remarks>
/// <para><b>Earliest week.</b> With every cost set to zero, the planner's V_t(b) is the highest expected MEU any contact
/// plan can give a participant after t cycles; summed over the scenario's week-0 participants it is the highest
/// expected total of week t. One solve with horizon H gives every t; the earliest week is the first t whose maximum
/// reaches the threshold (or none: not reachable within the horizon).</para>
/// <para><b>Least spend.</b> For that week t*, the Lagrangian relaxation max E[total] − λ·E[spend] is solved by the
/// planner with cost multiplier λ, and the plan is evaluated exactly (expected-mode simulation). E[total] falls as λ
/// grows; the largest λ whose plan still reaches the threshold is found by doubling then bisection (40 steps). The
/// plan's spend is the least among the deterministic plans on the Lagrangian frontier; the dual bound
/// <see cref="EarliestWorkshopResult.SpendLowerBound"/> says how far from the true least spend it can be (a gap remains
/// only where the least-spend plan would randomise between two frontier plans).</para>
/// </remarks>
public static class EarliestWorkshop
{
    /// <summary>Finds the earliest week and the least-spend plan.</summary>
    /// <param name="model">The model.</param>
    /// <param name="scenario">The scenario: participants and their known week-0 states.</param>
    /// <param name="threshold">The threshold on the expected total.</param>
    /// <param name="horizon">The last week to consider.</param>
    /// <param name="planning">Planning options (method, tolerance); their cost multiplier is replaced.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The answer.</returns>
    public static EarliestWorkshopResult Find(DecisionModel model, SimulationScenario scenario, double threshold, int horizon, PomdpSolverOptions? planning = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (!double.IsFinite(threshold))
        {
            throw new ValidationFailedException("threshold", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The threshold must be finite (value: {threshold})."));
        }

        planning ??= new PomdpSolverOptions();
        var free = PomdpSolver.Solve(model, horizon, planning with { CostMultiplier = 0, ContactPrice = 0 }, cancellationToken);
        var maxima = new double[horizon + 1];
        for (var t = 0; t <= horizon; t++)
        {
            for (var x = 0; x < model.StateCount; x++)
            {
                var w = scenario.InitialStateShares[x] * scenario.Participants;
                if (w > 0)
                {
                    maxima[t] += w * free.Value(Belief.Certain(model.StateCount, x), t);
                }
            }
        }

        var tolerance = 1e-9 * Math.Max(1, Math.Abs(threshold));
        var week = Array.FindIndex(maxima, m => m >= threshold - tolerance);
        var totals = new ReadOnlyCollection<double>(maxima);
        if (week < 0)
        {
            return new EarliestWorkshopResult(threshold, horizon, false, null, totals, 0, 0, 0, 0, null);
        }

        var scenarioAtWeek = scenario.With(weeks: Math.Max(week, 1), threshold: threshold);
        (double Total, double Spend, SimulationResult Run) Evaluate(double lambda)
        {
            var policy = new PlannedPolicy(PomdpSolver.Solve(model, week, planning with { CostMultiplier = lambda, ContactPrice = 0 }, cancellationToken));
            var result = Simulator.Run(model, scenarioAtWeek, new SimulationOptions { Policy = policy, MaxDegreeOfParallelism = 1 }, cancellationToken: cancellationToken);
            return (result.Weeks[week].TotalExpectedUtility, result.Weeks.Take(week + 1).Sum(w => w.Spend), result);
        }

        var best = Evaluate(0);
        var bestLambda = 0.0;
        var lowerBound = 0.0;
        if (week > 0 && best.Spend > 0)
        {
            void Bound(double lambda, (double Total, double Spend, SimulationResult Run) e)
            {
                if (lambda > 0)
                {
                    lowerBound = Math.Max(lowerBound, (threshold - (e.Total - (lambda * e.Spend))) / lambda);
                }
            }

            var high = 1.0;
            var atHigh = Evaluate(high);
            Bound(high, atHigh);
            while (atHigh.Total >= threshold - tolerance && atHigh.Spend > 0 && high < 1e9)
            {
                best = atHigh;
                bestLambda = high;
                high *= 2;
                atHigh = Evaluate(high);
                Bound(high, atHigh);
            }

            var low = bestLambda;
            for (var i = 0; i < 40 && high - low > 1e-9 * high; i++)
            {
                var mid = 0.5 * (low + high);
                var e = Evaluate(mid);
                Bound(mid, e);
                if (e.Total >= threshold - tolerance)
                {
                    low = mid;
                    best = e;
                    bestLambda = mid;
                }
                else
                {
                    high = mid;
                }
            }
        }

        return new EarliestWorkshopResult(threshold, horizon, true, week, totals, bestLambda, best.Total, best.Spend, Math.Max(0, Math.Min(lowerBound, best.Spend)), best.Run);
    }
}
