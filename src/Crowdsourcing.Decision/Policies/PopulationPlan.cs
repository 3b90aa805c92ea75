using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Policies;

/// <summary>What a <see cref="PopulationPlanner"/> plan optimises.</summary>
public enum PlanObjective
{
    /// <summary>The expected net utility at the workshop week: Σ_i E[MEU(b_i)] − E[spend], within the budgets.</summary>
    NetUtility = 0,

    /// <summary>The least expected spend that makes the expected total at the workshop week reach the threshold, within the budgets.</summary>
    LeastSpend = 1,
}

/// <summary>Options of <see cref="PopulationPlanner.Plan"/>.</summary>
public sealed record PopulationPlanOptions
{
    /// <summary>The objective; default <see cref="PlanObjective.NetUtility"/>.</summary>
    public PlanObjective Objective { get; init; } = PlanObjective.NetUtility;

    /// <summary>The threshold on the expected total at the workshop week; required for <see cref="PlanObjective.LeastSpend"/>, ignored otherwise. Default <see langword="null"/>.</summary>
    public double? Threshold { get; init; }

    /// <summary>A budget for every cycle until the workshop, or <see langword="null"/> (the default) for none.</summary>
    public CycleBudget? Budget { get; init; }

    /// <summary>
    /// Planning options of the per-participant solves (method, pruning tolerance, limits); <see langword="null"/> for
    /// the defaults. For <see cref="PlanObjective.NetUtility"/> their <see cref="PomdpSolverOptions.CostMultiplier"/> and
    /// <see cref="PomdpSolverOptions.ContactPrice"/> weigh spend and contacts in the objective; for
    /// <see cref="PlanObjective.LeastSpend"/> they are replaced. <see cref="PomdpSolverOptions.CyclePrices"/> is always
    /// replaced by the planner's own prices.
    /// </summary>
    public PomdpSolverOptions? Planning { get; init; }

    /// <summary>The most plans the planner generates (column-generation iterations); default 200, at least 1.</summary>
    public int MaxIterations { get; init; } = 200;
}

/// <summary>One cycle of a <see cref="PopulationPlan"/>, in expectation.</summary>
/// <param name="Offset">0 for the cycle being decided, 1 for the next one, and so on.</param>
/// <param name="Contacts">The expected number of contacts.</param>
/// <param name="Spend">The expected spend Σ c_k.</param>
/// <param name="BudgetUsed">The expected use of the cycle's budget (contacts or money); 0 without a budget.</param>
/// <param name="Price">The Lagrangian price of one unit of the cycle's budget, in utility: how much the objective would gain per extra unit. 0 when the budget does not bind (or there is none).</param>
public sealed record PlannedCycle(int Offset, double Contacts, double Spend, double BudgetUsed, double Price);

/// <summary>
/// The planner's answer for a population until the workshop week: a mixture of per-participant plans (participants of
/// one belief class split between at most a few plans, in fixed proportions) that is optimal for the relaxed
/// (expected-mode) problem up to <see cref="Gap"/>, with its expected outcome and the Lagrangian bound.
/// </summary>
public sealed class PopulationPlan
{
    private readonly int _actions;

    internal PopulationPlan(
        PopulationPlanOptions options,
        int cyclesLeft,
        bool reachable,
        double expectedTotal,
        double expectedSpend,
        double expectedContacts,
        IReadOnlyList<PlannedCycle> cycles,
        double? spendWeight,
        double value,
        double bound,
        bool converged,
        int iterations,
        int plansMixed,
        BeliefClasses classes,
        double[] firstCycleShares,
        PomdpSolution? pricing)
    {
        Objective = options.Objective;
        Threshold = options.Objective == PlanObjective.LeastSpend ? options.Threshold : null;
        Budget = options.Budget;
        CyclesLeft = cyclesLeft;
        Reachable = reachable;
        ExpectedTotal = expectedTotal;
        ExpectedSpend = expectedSpend;
        ExpectedContacts = expectedContacts;
        Cycles = cycles;
        SpendWeight = spendWeight;
        Value = value;
        Bound = bound;
        Converged = converged;
        Iterations = iterations;
        PlansMixed = plansMixed;
        Classes = classes;
        FirstCycleShares = firstCycleShares;
        Pricing = pricing;
        _actions = classes.Count == 0 ? 1 : firstCycleShares.Length / classes.Count;
    }

    /// <summary>The objective.</summary>
    public PlanObjective Objective { get; }

    /// <summary>The threshold (least spend), or <see langword="null"/>.</summary>
    public double? Threshold { get; }

    /// <summary>The budget per cycle, or <see langword="null"/>.</summary>
    public CycleBudget? Budget { get; }

    /// <summary>The cycles until the workshop week, this one included (the plan's horizon).</summary>
    public int CyclesLeft { get; }

    /// <summary>
    /// For <see cref="PlanObjective.LeastSpend"/>: whether some plan within the budgets makes the expected total reach
    /// the threshold by the workshop week. When it does not, the plan maximises the expected total instead. Always
    /// <see langword="true"/> for <see cref="PlanObjective.NetUtility"/>.
    /// </summary>
    public bool Reachable { get; }

    /// <summary>The expected total utility Σ_i MEU(b_i) at the workshop week.</summary>
    public double ExpectedTotal { get; }

    /// <summary>The expected spend from this cycle to the workshop.</summary>
    public double ExpectedSpend { get; }

    /// <summary>The expected number of contacts from this cycle to the workshop.</summary>
    public double ExpectedContacts { get; }

    /// <summary><see cref="ExpectedTotal"/> − <see cref="ExpectedSpend"/>.</summary>
    public double ExpectedNetUtility => ExpectedTotal - ExpectedSpend;

    /// <summary>The cycles until the workshop, this one first.</summary>
    public IReadOnlyList<PlannedCycle> Cycles { get; }

    /// <summary>
    /// For <see cref="PlanObjective.LeastSpend"/>: λ, the price on spend at which the mixed plans are optimal for
    /// E[total] − λ·E[spend] (utility per unit of money); <see langword="null"/> when the threshold needs no spend, or
    /// for the other objective.
    /// </summary>
    public double? SpendWeight { get; }

    /// <summary>The plan's objective value: the expected net utility (<see cref="PlanObjective.NetUtility"/>), or the expected spend (<see cref="PlanObjective.LeastSpend"/>, or the expected total when the threshold is not reachable).</summary>
    public double Value { get; }

    /// <summary>
    /// The Lagrangian bound: no plan, however randomised, does better than this in the relaxed problem — an upper bound
    /// on the net utility (or on the total when the threshold is not reachable), a lower bound on the spend for least
    /// spend.
    /// </summary>
    public double Bound { get; }

    /// <summary>|<see cref="Bound"/> − <see cref="Value"/>|: how far the plan can be from the optimum of the relaxed problem.</summary>
    public double Gap => Math.Abs(Bound - Value);

    /// <summary>Whether the planner proved optimality (no improving plan left within its tolerance) before <see cref="PopulationPlanOptions.MaxIterations"/>.</summary>
    public bool Converged { get; }

    /// <summary>The column-generation iterations used.</summary>
    public int Iterations { get; }

    /// <summary>How many per-participant plans the mixture uses (1 when every class follows one plan).</summary>
    public int PlansMixed { get; }

    internal BeliefClasses Classes { get; }

    /// <summary>Per class, the shares of its weight left alone (index 0) and contacted with each k (index k + 1) this cycle.</summary>
    internal double[] FirstCycleShares { get; }

    /// <summary>The per-participant solution at the final prices (the last pricing problem), for explanations; <see langword="null"/> when nothing was priced.</summary>
    internal PomdpSolution? Pricing { get; }

    /// <summary>The share of class <paramref name="c"/> that action <paramref name="action"/> (-1 leave alone, k) gets this cycle.</summary>
    internal double Share(int c, int action) => FirstCycleShares[(c * _actions) + action + 1];
}
