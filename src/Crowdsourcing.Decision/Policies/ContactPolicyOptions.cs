using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Pomdp;

namespace Crowdsourcing.Decision.Policies;

/// <summary>What <see cref="ContactPolicies.Create"/> builds: a policy, its workshop week and threshold, and a budget per cycle.</summary>
public sealed record ContactPolicyOptions
{
    /// <summary>The policy; default <see cref="ContactPolicyKind.Myopic"/>.</summary>
    public ContactPolicyKind Kind { get; init; } = ContactPolicyKind.Myopic;

    /// <summary>
    /// The workshop week W (cycle t plans for W − t + 1 cycles; nobody is contacted after week W): required for
    /// <see cref="ContactPolicyKind.Planned"/> and <see cref="ContactPolicyKind.LeastSpend"/>, 0 to 10,000; ignored by the
    /// others. Default <see langword="null"/>.
    /// </summary>
    public int? WorkshopWeek { get; init; }

    /// <summary>The threshold on the expected total at the workshop week: required (finite) for <see cref="ContactPolicyKind.LeastSpend"/>, ignored by the others. Default <see langword="null"/>.</summary>
    public double? Threshold { get; init; }

    /// <summary>A budget per cycle (contacts or money), or <see langword="null"/> (the default) for none. Every policy takes one; <see cref="ContactPolicyKind.None"/> never uses it.</summary>
    public CycleBudget? Budget { get; init; }

    /// <summary>Options of the per-participant solves of the planning policies; <see langword="null"/> for the defaults.</summary>
    public PomdpSolverOptions? Planning { get; init; }

    /// <summary>The most column-generation iterations per cycle of the planners (budgeted planned, least spend); default 200, at least 1.</summary>
    public int MaxIterations { get; init; } = 200;
}
