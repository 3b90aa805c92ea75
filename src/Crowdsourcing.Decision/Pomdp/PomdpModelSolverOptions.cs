namespace Crowdsourcing.Decision.Pomdp;

/// <summary>Options of <see cref="PomdpModelSolver.Solve"/>.</summary>
public sealed record PomdpModelSolverOptions
{
    /// <summary>
    /// The method; default <see cref="PomdpSolverMethod.Auto"/>: exact value iteration while every level stays within
    /// <see cref="MaxAlphaVectors"/>, otherwise point-based value iteration.
    /// </summary>
    public PomdpSolverMethod Method { get; init; } = PomdpSolverMethod.Auto;

    /// <summary>
    /// The pruning tolerance ε of the exact method, relative to the largest absolute entry of the vectors being pruned
    /// (at least 1); default 1e-9. A vector is kept only where it improves the value by more than ε.
    /// </summary>
    public double PruningTolerance { get; init; } = 1e-9;

    /// <summary>
    /// The most alpha vectors per level, and (times 10) the most vectors a cross-sum may produce before pruning, for
    /// the exact method; default 2,000. <see cref="PomdpSolverMethod.Exact"/> fails beyond it; <see cref="PomdpSolverMethod.Auto"/> falls back to the point-based method.
    /// </summary>
    public int MaxAlphaVectors { get; init; } = 2_000;

    /// <summary>
    /// The most belief points of the point-based method: the start belief, the corners of the simplex, and the beliefs
    /// reachable from the start belief breadth-first (every action and observation), up to this many; default 500,
    /// at most 100,000.
    /// </summary>
    public int MaxBeliefPoints { get; init; } = 500;
}
