using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Simulation;

/// <summary>One week of a simulation (week 0 is the starting state; week t is the state after t cycles).</summary>
/// <param name="Week">The week t.</param>
/// <param name="TotalExpectedUtility">Σ_i MEU(b_i) on the beliefs of week t (the mean over runs in Monte Carlo mode).</param>
/// <param name="TotalExpectedUtilityStandardDeviation">The standard deviation of the total over Monte Carlo runs (0 in expected mode or with one run).</param>
/// <param name="Contacts">The participants contacted in cycle t (an expectation in expected mode; a mean over runs in Monte Carlo mode); 0 in week 0.</param>
/// <param name="Responses">The contacted participants who responded in cycle t.</param>
/// <param name="Spend">The cost of cycle t's contacts, Σ c_k.</param>
public sealed record WeekSummary(int Week, double TotalExpectedUtility, double TotalExpectedUtilityStandardDeviation, double Contacts, double Responses, double Spend);

/// <summary>The outcome of a <see cref="Simulator"/> run.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Policy">The policy's name.</param>
/// <param name="Participants">The number of participants.</param>
/// <param name="Runs">The number of runs (1 in expected mode).</param>
/// <param name="Threshold">The workshop threshold.</param>
/// <param name="NonResponderUpdate">The non-responder update used.</param>
/// <param name="Weeks">Weeks 0 to W.</param>
/// <param name="ThresholdCrossedWeek">The first week whose (mean) total reaches the threshold (<see cref="Simulator.Reaches"/>: within 1e-9 of it), or <see langword="null"/>.</param>
/// <param name="RunThresholdCrossedWeeks">Per run, the first week whose total reaches the threshold (one entry in expected mode).</param>
public sealed record SimulationResult(
    SimulationMode Mode,
    string Policy,
    int Participants,
    int Runs,
    double Threshold,
    NonResponderUpdate NonResponderUpdate,
    IReadOnlyList<WeekSummary> Weeks,
    int? ThresholdCrossedWeek,
    IReadOnlyList<int?> RunThresholdCrossedWeeks)
{
    /// <summary>The week captured (<see cref="SimulationOptions.CaptureWeek"/>), or <see langword="null"/> when nothing was captured.</summary>
    public int? CaptureWeek { get; init; }

    /// <summary>
    /// With <see cref="SimulationOptions.CaptureWeek"/> in Monte Carlo mode: the first run's MEU(b_i) of every
    /// participant on the beliefs of <see cref="CaptureWeek"/>, one entry per participant in participant order
    /// (participants are numbered by their week-0 state: the scenario's initial counts of state 0 first, then of
    /// state 1, and so on). Empty when nothing was captured.
    /// </summary>
    public IReadOnlyList<double> CapturedMaximumExpectedUtilities { get; init; } = [];

    /// <summary>
    /// What the policy did in each cycle 1..W (<see cref="ContactPolicy.Report"/>): contacts, spend, the budget used and
    /// its price, and for planning policies the plan with its bound and gap. In Monte Carlo mode, those of the first run.
    /// </summary>
    public IReadOnlyList<PolicyCycleReport> PolicyReports { get; init; } = [];

    /// <summary>
    /// In expected mode, how many classes merged away over all cycles to stay within
    /// <see cref="SimulationOptions.MaxClasses"/>: 0 when the expectation is exact; more means the totals are an
    /// approximation (the weights and the expected true states stay exact, the beliefs are averaged). Always 0 in Monte
    /// Carlo mode.
    /// </summary>
    public long MergedClasses { get; init; }

    /// <summary>Whether the expected-mode totals are approximate because classes merged (<see cref="MergedClasses"/> &gt; 0).</summary>
    public bool IsApproximate => MergedClasses > 0;
}
