using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Simulation;

/// <summary>Options of a <see cref="Simulator"/> run.</summary>
public sealed record SimulationOptions
{
    /// <summary>The mode; default <see cref="SimulationMode.Expected"/>.</summary>
    public SimulationMode Mode { get; init; } = SimulationMode.Expected;

    /// <summary>The contact policy; default <see cref="ContactPolicies.Myopic"/>.</summary>
    public ContactPolicy Policy { get; init; } = ContactPolicies.Myopic;

    /// <summary>The seed of the Monte Carlo generator; default 1. The same seed gives the same result, whatever the number of threads.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The number of Monte Carlo runs (ignored in expected mode); default 1.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>How non-responders are updated; default <see cref="NonResponderUpdate.InterventionDynamics"/> (b·C_k).</summary>
    public NonResponderUpdate NonResponderUpdate { get; init; } = NonResponderUpdate.InterventionDynamics;

    /// <summary>
    /// A week whose per-participant maximum expected utilities to capture, or <see langword="null"/> (the default) to
    /// capture nothing. Monte Carlo mode only: the first run's MEU(b_i) of every participant on the beliefs of that
    /// week (0 to the scenario's weeks) lands in <see cref="SimulationResult.CapturedMaximumExpectedUtilities"/>, in
    /// participant order (the paper's figure 10 sorts them). Expected mode has weighted classes, not participants, so
    /// setting it there is an error.
    /// </summary>
    public int? CaptureWeek { get; init; }

    /// <summary>The most threads to use; default <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
