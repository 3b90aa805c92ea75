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

    /// <summary>The default of <see cref="MaxClasses"/>: 4,096.</summary>
    public const int DefaultMaxClasses = 4096;

    /// <summary>
    /// The most weighted classes expected mode keeps after a cycle (ignored in Monte Carlo mode); default
    /// <see cref="DefaultMaxClasses"/> (4,096); at least 1. With truthful reports classes stay few and this never
    /// acts; with a noisy report model each report leaves its own belief and classes would grow like
    /// (states + 1)^weeks, so when a cycle leaves more than this many, classes with close beliefs merge into one with
    /// their summed weight and weight-averaged belief and true-state distribution. The total weight and the expected
    /// true-state distribution stay exact; the organiser's beliefs, and so the totals, become approximate, and
    /// <see cref="SimulationResult.MergedClasses"/> says how many classes merged. Memory and time per week grow
    /// linearly with it.
    /// </summary>
    public int MaxClasses { get; init; } = DefaultMaxClasses;

    /// <summary>The most threads to use; default <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
