using Crowdsourcing.Decision.Budgets;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>Options of <see cref="PomdpSolver.Solve"/>.</summary>
public sealed record PomdpSolverOptions
{
    /// <summary>The solution method; default <see cref="PomdpSolverMethod.Auto"/>.</summary>
    public PomdpSolverMethod Method { get; init; } = PomdpSolverMethod.Auto;

    /// <summary>Multiplies every intervention's cost in the objective; default 1. The earliest-workshop search and money budgets use it as a Lagrangian weight on spend.</summary>
    public double CostMultiplier { get; init; } = 1;

    /// <summary>A price added to every contact in the objective (utility units per contact); default 0. Budgets on the number of contacts use it as their Lagrangian price.</summary>
    public double ContactPrice { get; init; }

    /// <summary>
    /// A price per unit of a budget in each cycle of the horizon, or <see langword="null"/> (the default) for none. Entry
    /// j applies to the (j + 1)-th cycle of the horizon, the one with H − j cycles left; there must be exactly H
    /// entries, each finite. A contact with k in that cycle costs its usage (<see cref="CyclePriceUnit"/>: 1 per
    /// contact, or c_k) times the price, on top of c_k·<see cref="CostMultiplier"/> + <see cref="ContactPrice"/>.
    /// Budgeted policies use them as the Lagrangian multipliers of per-cycle budgets.
    /// </summary>
    public IReadOnlyList<double>? CyclePrices { get; init; }

    /// <summary>What one unit of <see cref="CyclePrices"/> prices: a contact (<see cref="BudgetKind.Contacts"/>, the default) or one unit of money (<see cref="BudgetKind.Money"/>).</summary>
    public BudgetKind CyclePriceUnit { get; init; } = BudgetKind.Contacts;

    /// <summary>The pruning tolerance ε of the exact method, relative to the model's scale max(1, max |U|, max cost); default 1e-9. A vector is kept only when it improves the value somewhere by more than ε.</summary>
    public double PruningTolerance { get; init; } = 1e-9;

    /// <summary>The most states for which <see cref="PomdpSolverMethod.Auto"/> tries the exact method; default 8.</summary>
    public int MaxExactStates { get; init; } = 8;

    /// <summary>The most alpha vectors per weeks-left level before <see cref="PomdpSolverMethod.Auto"/> falls back to the point-based method (and <see cref="PomdpSolverMethod.Exact"/> fails); default 2000.</summary>
    public int MaxAlphaVectors { get; init; } = 2000;

    /// <summary>The resolution m of the point-based grid (beliefs whose entries are multiples of 1/m); 0 (the default) picks the largest m whose grid has at most <see cref="MaxGridPoints"/> points.</summary>
    public int GridResolution { get; init; }

    /// <summary>The most grid points when <see cref="GridResolution"/> is 0; default 3000.</summary>
    public int MaxGridPoints { get; init; } = 3000;
}
