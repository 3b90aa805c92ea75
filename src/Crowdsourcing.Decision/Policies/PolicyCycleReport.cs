using Crowdsourcing.Decision.Budgets;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// What a contact policy did in one cycle, for reports and dashboards: the contacts and spend, the budget used and
/// its price, and for planning policies the plan behind the decision (its forecast, bound and gap).
/// </summary>
public sealed record PolicyCycleReport
{
    /// <summary>The cycle t (1-based), or 0 when unknown.</summary>
    public required int Cycle { get; init; }

    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The weeks until the workshop week, this cycle included (H − t + 1); <see langword="null"/> for policies without a workshop week.</summary>
    public int? WeeksToWorkshop { get; init; }

    /// <summary>The participants contacted this cycle (for weighted entries, the weighted and possibly fractional count).</summary>
    public required double Contacts { get; init; }

    /// <summary>The spend of this cycle's contacts, Σ c_k.</summary>
    public required double Spend { get; init; }

    /// <summary>The budget per cycle, or <see langword="null"/>.</summary>
    public CycleBudget? Budget { get; init; }

    /// <summary>The budget used this cycle (contacts or money); 0 without a budget.</summary>
    public double BudgetUsed { get; init; }

    /// <summary>
    /// The price of one unit of this cycle's budget (a contact, or one unit of money), in utility: how much the policy's
    /// objective would gain per extra unit. 0 when the budget does not bind or there is none. For the myopic knapsack,
    /// the net value per unit of budget of the best candidate left out (or split).
    /// </summary>
    public double BudgetPrice { get; init; }

    /// <summary>The participants who would have been contacted without the budget; <see langword="null"/> when not known.</summary>
    public double? Candidates { get; init; }

    /// <summary>For least spend, the price on spend λ (utility per unit of money) at which the plan is optimal; otherwise <see langword="null"/>.</summary>
    public double? SpendWeight { get; init; }

    /// <summary>
    /// Whether the selection is the exact optimum of the cycle's problem in the simulation mode's own terms: weighted
    /// entries (expected mode) are split fractionally, participants are whole. For planning policies, whether the plan
    /// proved optimality within <see cref="PopulationPlan.Gap"/>.
    /// </summary>
    public bool Exact { get; init; } = true;

    /// <summary>The plan behind the decision (least spend, budgeted planned), with its forecast, bound and gap; otherwise <see langword="null"/>.</summary>
    public PopulationPlan? Plan { get; init; }
}
