namespace Crowdsourcing.Decision.Population;

/// <summary>Options of a <see cref="PopulationEngine"/>.</summary>
public sealed record PopulationEngineOptions
{
    /// <summary>How non-responders are updated; default <see cref="NonResponderUpdate.InterventionDynamics"/> (b·C_k).</summary>
    public NonResponderUpdate NonResponderUpdate { get; init; } = NonResponderUpdate.InterventionDynamics;

    /// <summary>The most threads a bulk operation uses; default <see cref="Environment.ProcessorCount"/>. 1 runs everything on the calling thread.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The fewest participants worth a thread of their own; default 131072. Smaller populations run on the calling thread.</summary>
    public int MinimumParticipantsPerThread { get; init; } = 131_072;
}
