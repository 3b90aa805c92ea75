using System.Collections.ObjectModel;
using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Budgets;
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

    /// <summary>For planning policies (least spend, budgeted planned), the plan of the first cycle with its Lagrangian bound and gap; otherwise <see langword="null"/>.</summary>
    public PopulationPlan? FirstPlan => Simulation.PolicyReports.Count > 0 ? Simulation.PolicyReports[0].Plan : null;
}

/// <summary>Options of <see cref="PolicyComparison.Run(DecisionModel, SimulationScenario, int, PolicyComparisonOptions, CancellationToken)"/>.</summary>
public sealed record PolicyComparisonOptions
{
    /// <summary>Planning options of the planned and least-spend policies; <see langword="null"/> for the defaults.</summary>
    public PomdpSolverOptions? Planning { get; init; }

    /// <summary>The threshold least spend must reach at the workshop week; <see langword="null"/> (the default) for the scenario's.</summary>
    public double? Threshold { get; init; }

    /// <summary>A budget per cycle: when set, the budgeted form of every policy that contacts (myopic, response-aware, planned, least spend) is compared too. Default <see langword="null"/>.</summary>
    public CycleBudget? Budget { get; init; }
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

    /// <summary>
    /// Runs the full comparison: none, myopic, response-aware, planned and least spend to the threshold (all with the
    /// workshop at week H), and with a budget the budgeted form of each policy that contacts.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="scenario">The scenario; its weeks are replaced by <paramref name="horizon"/>.</param>
    /// <param name="horizon">H, the workshop week; at least 1.</param>
    /// <param name="options">The threshold, the budget and the planning options.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The comparison; <see cref="Outcomes"/> in the order none, myopic, response-aware, planned, least-spend, then the budgeted forms.</returns>
    public static PolicyComparison Run(DecisionModel model, SimulationScenario scenario, int horizon, PolicyComparisonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var basic = Run(model, scenario, horizon, options.Planning, cancellationToken);
        var threshold = options.Threshold ?? scenario.Threshold;
        var atHorizon = scenario.With(weeks: horizon, threshold: threshold);
        var outcomes = basic.Outcomes.ToList();
        var policies = new List<ContactPolicy> { new LeastSpendPolicy(threshold, horizon, planning: options.Planning) };
        if (options.Budget is { } budget)
        {
            policies.Add(BudgetedPolicy.Myopic(budget));
            policies.Add(BudgetedPolicy.Myopic(budget, responseAware: true));
            policies.Add(BudgetedPolicy.Planned(new PlannedPolicy(basic.Solution), budget));
            policies.Add(new LeastSpendPolicy(threshold, horizon, budget, options.Planning));
        }

        foreach (var policy in policies)
        {
            var result = Simulator.Run(model, atHorizon, new SimulationOptions { Policy = policy, MaxDegreeOfParallelism = 1 }, cancellationToken: cancellationToken);
            outcomes.Add(Outcome(result));
        }

        // The crossing weeks of the basic outcomes refer to the scenario's threshold: recompute them for this one.
        for (var i = 0; i < basic.Outcomes.Count; i++)
        {
            var o = outcomes[i];
            var crossed = o.Simulation.Weeks.FirstOrDefault(w => Simulator.Reaches(w.TotalExpectedUtility, threshold))?.Week;
            outcomes[i] = o with { ThresholdCrossedWeek = crossed };
        }

        return basic with { Outcomes = new ReadOnlyCollection<PolicyOutcome>(outcomes) };
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
