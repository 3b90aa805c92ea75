namespace Crowdsourcing.Decision.Simulation;

/// <summary>How the <see cref="Simulator"/> computes a campaign.</summary>
public enum SimulationMode
{
    /// <summary>The exact expectation of the Monte Carlo process, without sampling: weighted classes of participants that share a belief and a distribution of true states; coinciding classes merge.</summary>
    Expected = 0,

    /// <summary>Seeded sampling of hidden true states, transitions and responses, over one or many runs (mean and standard deviation per week).</summary>
    MonteCarlo = 1,
}
