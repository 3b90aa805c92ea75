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
/// <param name="SpendWeight">λ*, the critical price on spend: the plan mixes the two per-participant plans that maximise E[total] − λ*·E[spend] (0 when unreachable or when the threshold needs no spend).</param>
/// <param name="ExpectedTotal">The plan's expected total in that week (the threshold, when it needs spending).</param>
/// <param name="ExpectedSpend">The plan's expected spend until that week.</param>
/// <param name="SpendLowerBound">The Lagrangian lower bound on the expected spend of any plan that reaches the threshold in that week, max_λ (threshold − L(λ))/λ, L the Lagrangian optimum. The least-spend plan reaches it (up to the planner's reported gap).</param>
/// <param name="Plan">The plan's week-by-week expected simulation (the <see cref="LeastSpendPolicy"/> replanned every cycle), or <see langword="null"/> when unreachable.</param>
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
/// <para><b>Least spend.</b> For that week t*, the <see cref="LeastSpendPolicy"/> with workshop week t* runs in expected
/// mode: each cycle it mixes, within every belief class, the two plans either side of the critical price on spend λ* in
/// the proportion that meets the threshold exactly (see <see cref="PopulationPlanner"/>). Its expected spend equals the
/// Lagrangian lower bound <see cref="EarliestWorkshopResult.SpendLowerBound"/> = max_λ (threshold − L(λ))/λ.</para>
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
        var policy = new LeastSpendPolicy(threshold, week, planning: planning);
        var run = Simulator.Run(model, scenarioAtWeek, new SimulationOptions { Policy = policy, MaxDegreeOfParallelism = 1 }, cancellationToken: cancellationToken);
        var first = policy.Reports[0].Plan;
        var spend = run.Weeks.Take(week + 1).Sum(w => w.Spend);
        var lambda = first?.SpendWeight ?? 0;
        var bound = first is { Reachable: true, CyclesLeft: > 0 } ? Math.Max(0, first.Bound) : 0;
        return new EarliestWorkshopResult(threshold, horizon, true, week, totals, lambda, run.Weeks[week].TotalExpectedUtility, spend, bound, run);
    }
}
