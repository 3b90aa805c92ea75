namespace Crowdsourcing.Decision.Pomdp;

/// <summary>How <see cref="PomdpSolver"/> solves the per-participant planning problem.</summary>
public enum PomdpSolverMethod
{
    /// <summary>The default: <see cref="Exact"/> when the model has at most <see cref="PomdpSolverOptions.MaxExactStates"/> states and the pruned alpha-vector sets stay within <see cref="PomdpSolverOptions.MaxAlphaVectors"/>; otherwise <see cref="PointBased"/>.</summary>
    Auto = 0,

    /// <summary>Exact value iteration over the belief simplex with alpha vectors, pruned by Lark's filter (a small linear programme per vector). Exact up to the pruning tolerance.</summary>
    Exact = 1,

    /// <summary>Point-based value iteration (PBVI) over a regular belief grid: a lower bound on the optimal value, within the reported <see cref="PomdpSolution.ErrorBound"/>.</summary>
    PointBased = 2,
}
