using System.Collections.ObjectModel;
using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Policies;

/// <summary>One policy's outcome at the workshop week H, in expected mode.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="TotalExpectedUtility">Σ_i MEU(b_i) on the beliefs of week H.</param>
/// <param name="Spend">The expected contact spend of cycles 1..H.</param>
/// <param name="Contacts">The expected number of contacts in cycles 1..H.</param>
/// <param name="ThresholdCrossedWeek">The first week whose total reaches the scenario's threshold, or <see langword="null"/>.</param>
/// <param name="Simulation">The week-by-week simulation.</param>
public sealed record PolicyOutcome(string Policy, double TotalExpectedUtility, double Spend, double Contacts, int? ThresholdCrossedWeek, SimulationResult Simulation)
{
    /// <summary>The utility net of spend: <see cref="TotalExpectedUtility"/> − <see cref="Spend"/>.</summary>
    public double NetUtility => TotalExpectedUtility - Spend;
}

/// <summary>
/// The side-by-side comparison of none, myopic, response-aware and planned on a scenario, in expected mode (the exact
/// expectation), with the workshop at week H: expected total utility at week H, total contact spend, and net utility.
/// The planned policy maximises the expected net utility of every participant, so it is best on
/// <see cref="PolicyOutcome.NetUtility"/> up to <see cref="PomdpSolution.ErrorBound"/> × participants.
/// </summary>
/// <param name="Horizon">H.</param>
/// <param name="Outcomes">One outcome per policy: none, myopic, response-aware, planned.</param>
/// <param name="Solution">The planned solution.</param>
/// <param name="PlannedPredictedNetUtility">Σ over the week-0 classes of weight·V_H(b_0): the planner's own prediction of the planned net utility.</param>
public sealed record PolicyComparison(int Horizon, IReadOnlyList<PolicyOutcome> Outcomes, PomdpSolution Solution, double PlannedPredictedNetUtility)
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="model">The model.</param>
    /// <param name="scenario">The scenario (participants, initial states, threshold); its weeks are replaced by <paramref name="horizon"/>.</param>
    /// <param name="horizon">H, the workshop week; at least 1.</param>
    /// <param name="planning">Planning options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The comparison.</returns>
    public static PolicyComparison Run(DecisionModel model, SimulationScenario scenario, int horizon, PomdpSolverOptions? planning = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var solution = PomdpSolver.Solve(model, horizon, planning, cancellationToken);
        var planned = new PlannedPolicy(solution);
        var atHorizon = scenario.With(weeks: horizon);
        var outcomes = new List<PolicyOutcome>();
        foreach (var policy in new[] { ContactPolicies.None, ContactPolicies.Myopic, ContactPolicies.ResponseAware, planned })
        {
            var result = Simulator.Run(model, atHorizon, new SimulationOptions { Policy = policy, MaxDegreeOfParallelism = 1 }, cancellationToken: cancellationToken);
            outcomes.Add(Outcome(result));
        }

        var predicted = 0.0;
        for (var x = 0; x < model.StateCount; x++)
        {
            var w = scenario.InitialStateShares[x] * scenario.Participants;
            if (w > 0)
            {
                predicted += w * solution.Value(Belief.Certain(model.StateCount, x), horizon);
            }
        }

        return new PolicyComparison(horizon, new ReadOnlyCollection<PolicyOutcome>(outcomes), solution, predicted);
    }

    /// <summary>The outcome of a simulation at its last week.</summary>
    /// <param name="result">The simulation.</param>
    /// <returns>The outcome.</returns>
    public static PolicyOutcome Outcome(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PolicyOutcome(result.Policy, result.Weeks[^1].TotalExpectedUtility, result.Weeks.Sum(w => w.Spend), result.Weeks.Sum(w => w.Contacts), result.ThresholdCrossedWeek, result);
    }

    /// <summary>The outcome of the named policy.</summary>
    /// <param name="policy">none, myopic, response-aware or planned.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">No such policy in the comparison.</exception>
    public PolicyOutcome this[string policy] =>
        Outcomes.FirstOrDefault(o => string.Equals(o.Policy, policy, StringComparison.OrdinalIgnoreCase))
        ?? throw new NotFoundException("policy", policy, string.Create(CultureInfo.InvariantCulture, $"No policy '{policy}' in the comparison; policies: {string.Join(", ", Outcomes.Select(o => o.Policy))}."));
}
