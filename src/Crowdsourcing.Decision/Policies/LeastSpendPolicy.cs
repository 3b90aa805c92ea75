using System.Globalization;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// Least spend to the threshold: reach the expected total <see cref="Threshold"/> by the workshop week
/// <see cref="WorkshopWeek"/> at the least expected spend, optionally within a budget per cycle. Replanned every cycle
/// from the current beliefs (receding horizon) by the <see cref="PopulationPlanner"/>.
/// </summary>
/// <remarks>
/// <para>Each cycle t ≤ W the planner minimises the expected spend of cycles t..W subject to the expected total of week
/// W reaching the threshold (and the budgets). Without a budget the optimum mixes the two per-participant plans either
/// side of the critical price on spend λ*: the share θ of every belief class that follows the more active plan is the
/// one that meets the threshold exactly, and the expected spend equals the Lagrangian lower bound
/// max_λ (threshold − L(λ))/λ (<see cref="PopulationPlan.Bound"/>). Weighted entries (expected mode) are split in those
/// shares; participants of a class are assigned whole, in index order, rounding the contacted counts up so the threshold
/// is not missed by rounding. When the threshold cannot be reached by week W, the plan maximises the expected total
/// instead and its report says so (<see cref="PopulationPlan.Reachable"/>). After week W nobody is contacted.</para>
/// <para>Each call records a <see cref="PolicyCycleReport"/> (with the plan) in <see cref="Reports"/>; instances keep
/// state between calls: use one instance per run or campaign, from one thread.</para>
/// </remarks>
public sealed class LeastSpendPolicy : ContactPolicy
{
    private readonly List<PolicyCycleReport> _reports = [];
    private int[] _classOf = [];

    /// <summary>Creates the policy.</summary>
    /// <param name="threshold">The threshold on the expected total at the workshop week; finite.</param>
    /// <param name="workshopWeek">W, the workshop week (cycle t plans for W − t + 1 cycles); 0 to 10,000.</param>
    /// <param name="budget">A budget per cycle, or <see langword="null"/> (the default) for none.</param>
    /// <param name="planning">Options of the per-participant solves; <see langword="null"/> for the defaults (their cost multiplier and contact price are replaced).</param>
    /// <param name="maxIterations">The most column-generation iterations per cycle; default 200.</param>
    /// <exception cref="ValidationFailedException">The threshold is not finite or the week is out of range (every problem listed).</exception>
    public LeastSpendPolicy(double threshold, int workshopWeek, CycleBudget? budget = null, PomdpSolverOptions? planning = null, int maxIterations = 200)
    {
        var failures = new List<ValidationError>();
        if (!double.IsFinite(threshold))
        {
            failures.Add(new ValidationError("threshold", string.Create(CultureInfo.InvariantCulture, $"The threshold must be finite (value: {threshold}).")));
        }

        if (workshopWeek is < 0 or > 10_000)
        {
            failures.Add(new ValidationError("workshopWeek", string.Create(CultureInfo.InvariantCulture, $"The workshop week must be from 0 to 10,000 (value: {workshopWeek}).")));
        }

        if (maxIterations < 1)
        {
            failures.Add(new ValidationError("maxIterations", string.Create(CultureInfo.InvariantCulture, $"The planner needs at least 1 iteration (value: {maxIterations}).")));
        }

        if (failures.Count > 0)
        {
            throw new ValidationFailedException(string.Join(" ", failures.Select(f => f.Message)), failures);
        }

        Threshold = threshold;
        WorkshopWeek = workshopWeek;
        Budget = budget;
        Planning = planning;
        MaxIterations = maxIterations;
    }

    /// <inheritdoc />
    public override string Name => Budget is null ? "least-spend" : "least-spend-budget";

    /// <summary>The threshold on the expected total at the workshop week.</summary>
    public double Threshold { get; }

    /// <summary>W, the workshop week.</summary>
    public int WorkshopWeek { get; }

    /// <summary>The budget per cycle, or <see langword="null"/>.</summary>
    public CycleBudget? Budget { get; }

    /// <summary>The options of the per-participant solves, or <see langword="null"/> for the defaults.</summary>
    public PomdpSolverOptions? Planning { get; }

    /// <summary>The most column-generation iterations per cycle.</summary>
    public int MaxIterations { get; }

    /// <summary>One report per call of <see cref="SelectContacts"/>, in order.</summary>
    public IReadOnlyList<PolicyCycleReport> Reports => _reports;

    /// <summary>The plan of the last call, or <see langword="null"/> (none yet, or after the workshop week).</summary>
    public PopulationPlan? LastPlan { get; private set; }

    /// <summary>The cycles left including cycle <paramref name="cycle"/>: W − t + 1, or the context's count when the cycle is unknown.</summary>
    /// <param name="cycle">The cycle t (1-based), or 0.</param>
    /// <param name="cyclesRemaining">The context's cycles remaining, if known.</param>
    /// <returns>The cycles left (0 or fewer after the workshop week).</returns>
    public int CyclesLeft(int cycle, int? cyclesRemaining) => cycle > 0 ? WorkshopWeek - cycle + 1 : cyclesRemaining ?? WorkshopWeek;

    /// <summary>Forgets the recorded reports.</summary>
    public void ClearReports() => _reports.Clear();

    /// <inheritdoc />
    public override void SelectContacts(in ContactPolicyContext context, Span<int> selection)
    {
        var left = CyclesLeft(context.Cycle, context.CyclesRemaining);
        if (left <= 0)
        {
            selection.Fill(CycleObservations.None);
            LastPlan = null;
            _reports.Add(new PolicyCycleReport { Cycle = context.Cycle, Policy = Name, WeeksToWorkshop = left, Contacts = 0, Spend = 0, Budget = Budget });
            return;
        }

        // The entries' classes live in a buffer of this instance, reused every cycle (the last plan refers to it).
        if (_classOf.Length < selection.Length)
        {
            _classOf = GC.AllocateUninitializedArray<int>(selection.Length);
        }

        var classes = BeliefClasses.Group(context.Population, context.Weights, _classOf);
        var options = new PopulationPlanOptions { Objective = PlanObjective.LeastSpend, Threshold = Threshold, Budget = Budget, Planning = Planning, MaxIterations = MaxIterations };
        var plan = PopulationPlanner.PlanClasses(context.Model, classes, left, options, CancellationToken.None);
        PlanAllocation.Apply(plan, context, selection, Budget);
        LastPlan = plan;
        var (contacts, spend) = Tally(context);
        _reports.Add(new PolicyCycleReport
        {
            Cycle = context.Cycle,
            Policy = Name,
            WeeksToWorkshop = left,
            Contacts = contacts,
            Spend = spend,
            Budget = Budget,
            BudgetUsed = Budget is null ? 0 : Budget.Kind == BudgetKind.Money ? spend : contacts,
            BudgetPrice = plan.Cycles.Count > 0 ? plan.Cycles[0].Price : 0,
            SpendWeight = plan.SpendWeight,
            Exact = plan.Converged,
            Plan = plan,
        });
    }

    /// <inheritdoc />
    public override PolicyCycleReport Report(in ContactPolicyContext context) => _reports.Count > 0 ? _reports[^1] : base.Report(context);

    /// <inheritdoc />
    public override ContactExplanation Explain(in ContactPolicyContext context, int entry) =>
        PlanExplanation.Explain(this, LastPlan, context, entry, LastPlan?.SpendWeight ?? 0, "unit of spend");
}
