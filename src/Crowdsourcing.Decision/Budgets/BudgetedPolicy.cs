using System.Buffers;
using System.Globalization;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Budgets;

/// <summary>
/// A contact policy with a budget per cycle (a maximum number of contacts, or of money): it chooses whom to contact,
/// and with which intervention, to maximise value net of cost within the budget.
/// </summary>
/// <remarks>
/// <para><b>Myopic value</b> (<see cref="Myopic"/>): entry i with intervention k is worth p_ik = w_i·(V_k(b_i) − c_k)
/// (or the response-aware value) and uses w_i·u_k of the budget (u_k = 1 for contacts, c_k for money); each entry gets
/// at most one intervention. This multiple-choice knapsack is solved exactly in the terms of the entries:</para>
/// <list type="bullet">
/// <item><description><b>Participants</b> (no weights) are contacted whole. When every usage is the same (a contacts
/// budget, or a money budget whose candidates all cost the same): the best net value per entry, then the top ⌊B/u⌋ by
/// net value (ties to the lower index). Otherwise by dynamic programming over integer-scaled usages (usages × 10^d for
/// the smallest d ≤ 4 that makes them integers), after keeping, for each k, only the M best candidates by p_ik, M the
/// most contacts that fit (an exchange argument shows an optimum uses no other); the DP is refused beyond 10^8 cells
/// (<see cref="ValidationFailedException"/>). When usages are not multiples of 10^-4 the selection is greedy by net
/// value per unit of budget, skipping what does not fit, and <see cref="PolicyCycleReport.Exact"/> is false.</description></item>
/// <item><description><b>Weighted classes</b> (expected mode, <see cref="ContactPolicyContext.Shares"/> given) are split:
/// the linear relaxation of the multiple-choice knapsack, solved exactly by the incremental greedy (per class, the upper
/// convex hull of its options; all hull increments by value per unit of budget; the marginal increment taken in part). A
/// class larger than the whole budget is contacted in the share the budget pays for. This is the exact optimum of the
/// expected-mode knapsack (<see cref="PolicyCycleReport.Exact"/> is true); its price is the value per unit of budget of
/// the marginal increment. Without a shares buffer the marginal class cannot be split and is skipped (Exact is false).</description></item>
/// </list>
/// <para><b>Planned</b> (<see cref="Planned"/>): the budget of every cycle until the workshop is priced — one Lagrangian
/// multiplier per cycle, found by column generation over per-participant plans (<see cref="PopulationPlanner"/>, a small
/// linear programme over the cycles) — so the plan spreads contacts over the cycles where that pays instead of bunching
/// them in the last one. Replanned every cycle from the current beliefs (receding horizon); weighted classes are split in
/// the plan's shares, participants of a class are assigned whole in index order (counts rounded down, what is left of the
/// budget to the largest remainders). The report carries the plan: its expected net utility, the Lagrangian upper bound
/// and the gap between them, and the price of each cycle's budget.</para>
/// <para>Each call records a <see cref="PolicyCycleReport"/> in <see cref="Reports"/>. Instances keep these reports and
/// the last plan: use one instance per run or campaign, from one thread.</para>
/// </remarks>
public sealed class BudgetedPolicy : ContactPolicy
{
    private const long MaxDynamicProgrammingCells = 100_000_000;
    private readonly PlannedPolicy? _planned;
    private readonly bool _responseAware;
    private readonly int _maxIterations;
    private readonly List<PolicyCycleReport> _reports = [];
    private int[] _classOf = [];

    private BudgetedPolicy(CycleBudget budget, PlannedPolicy? planned, bool responseAware, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budget = budget;
        _planned = planned;
        _responseAware = responseAware;
        _maxIterations = maxIterations;
    }

    /// <summary>The budget per cycle.</summary>
    public CycleBudget Budget { get; }

    /// <inheritdoc />
    public override string Name => _planned is not null ? "planned-budget" : _responseAware ? "response-aware-budget" : "myopic-budget";

    /// <inheritdoc />
    public override bool RequiresResponseAwareValues => _responseAware;

    /// <summary>One report per call of <see cref="SelectContacts"/>, in order.</summary>
    public IReadOnlyList<PolicyCycleReport> Reports => _reports;

    /// <summary>For the planned form, the plan of the last call; otherwise (or after the workshop week) <see langword="null"/>.</summary>
    public PopulationPlan? LastPlan { get; private set; }

    /// <summary>The myopic rule within a budget: an exact knapsack on V_k(b) − c_k (or on the response-aware value).</summary>
    /// <param name="budget">The budget per cycle.</param>
    /// <param name="responseAware">Use the response-aware value instead of V_k.</param>
    /// <returns>The policy.</returns>
    public static BudgetedPolicy Myopic(CycleBudget budget, bool responseAware = false) => new(budget, null, responseAware, 1);

    /// <summary>
    /// The planned policy within a budget: every cycle until the workshop week (the solution's horizon) gets its own
    /// price, found by column generation; replanned every cycle.
    /// </summary>
    /// <param name="policy">The planned policy: its solution's model, horizon and options are used.</param>
    /// <param name="budget">The budget per cycle.</param>
    /// <param name="maxIterations">The most column-generation iterations per cycle; default 200, at least 1.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ValidationFailedException"><paramref name="maxIterations"/> is below 1.</exception>
    public static BudgetedPolicy Planned(PlannedPolicy policy, CycleBudget budget, int maxIterations = 200)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (maxIterations < 1)
        {
            throw new ValidationFailedException("maxIterations", string.Create(CultureInfo.InvariantCulture, $"The planner needs at least 1 iteration (value: {maxIterations})."));
        }

        return new BudgetedPolicy(budget, policy, false, maxIterations);
    }

    /// <summary>Forgets the recorded reports.</summary>
    public void ClearReports() => _reports.Clear();

    /// <inheritdoc />
    public override PolicyCycleReport Report(in ContactPolicyContext context) => _reports.Count > 0 ? _reports[^1] : base.Report(context);

    /// <inheritdoc />
    public override ContactExplanation Explain(in ContactPolicyContext context, int entry)
    {
        var price = _reports.Count > 0 ? _reports[^1].BudgetPrice : 0;
        var unit = Budget.Kind == BudgetKind.Money ? "unit of money" : "contact";
        if (_planned is not null)
        {
            return PlanExplanation.Explain(this, LastPlan, context, entry, price, unit);
        }

        return base.Explain(context, entry) with { Price = price, PriceUnit = price > 0 ? unit : null };
    }

    /// <inheritdoc />
    public override void SelectContacts(in ContactPolicyContext context, Span<int> selection)
    {
        if (_planned is not null)
        {
            SelectPlanned(context, selection);
            return;
        }

        var n = selection.Length;
        var kCount = context.Model.Interventions.Count;
        var weights = context.Weights;
        var usage = new double[kCount];
        for (var k = 0; k < kCount; k++)
        {
            usage[k] = Budget.Usage(context.Model.Interventions[k].Cost);
        }

        double price;
        bool exact;
        double candidates;
        if (weights.IsEmpty)
        {
            (price, exact, candidates) = SelectParticipants(context, usage, selection);
        }
        else
        {
            // gain[i, k]: the net value of contacting entry i with k (per participant).
            var gain = Gains(context, Enumerable.Range(0, n).ToArray());
            Choose(0, gain, usage, selection, weights, out candidates);
            if (Used(selection, usage, weights) <= Budget.Amount + 1e-9)
            {
                (price, exact) = (0, true);
            }
            else if (context.Shares is not null)
            {
                (price, exact) = (SplitClasses(gain, usage, weights, selection, context.Shares), true);
            }
            else
            {
                (price, exact) = SelectKnapsack(gain, usage, weights, selection);
            }
        }

        var (contacts, spend) = Tally(context);
        _reports.Add(new PolicyCycleReport
        {
            Cycle = context.Cycle,
            Policy = Name,
            WeeksToWorkshop = context.CyclesRemaining,
            Contacts = contacts,
            Spend = spend,
            Budget = Budget,
            BudgetUsed = Budget.Kind == BudgetKind.Money ? spend : contacts,
            BudgetPrice = price,
            Candidates = candidates,
            Exact = exact,
        });
    }

    private void SelectPlanned(in ContactPolicyContext context, Span<int> selection)
    {
        var planned = _planned!;
        var left = planned.CyclesLeft(context.Cycle, context.CyclesRemaining);
        var solution = planned.Solution;
        if (context.Model.StateCount != solution.Model.StateCount || context.Model.Interventions.Count != solution.Model.Interventions.Count)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The planned policy was solved for a model with {solution.Model.StateCount} states and {solution.Model.Interventions.Count} intervention(s); this one has {context.Model.StateCount} and {context.Model.Interventions.Count}."));
        }

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
        var options = new PopulationPlanOptions { Objective = PlanObjective.NetUtility, Budget = Budget, Planning = solution.Options, MaxIterations = _maxIterations };
        var plan = PopulationPlanner.PlanClasses(context.Model, classes, left, options, CancellationToken.None);
        PlanAllocation.Apply(plan, context, selection, Budget);
        LastPlan = plan;
        var (contacts, spend) = Tally(context);
        var usage = new double[context.Model.Interventions.Count];
        for (var k = 0; k < usage.Length; k++)
        {
            usage[k] = Budget.Usage(context.Model.Interventions[k].Cost);
        }

        _reports.Add(new PolicyCycleReport
        {
            Cycle = context.Cycle,
            Policy = Name,
            WeeksToWorkshop = left,
            Contacts = contacts,
            Spend = spend,
            Budget = Budget,
            BudgetUsed = Budget.Kind == BudgetKind.Money ? spend : contacts,
            BudgetPrice = plan.Cycles[0].Price,
            Exact = plan.Converged,
            Plan = plan,
        });
    }

    private static double Weight(ReadOnlySpan<double> weights, int i) => weights.IsEmpty ? 1 : weights[i];

    /// <summary>Per entry, argmax_k (gain − price·usage) when positive; returns how many entries are selected and their weight.</summary>
    private static int Choose(double price, double[] gain, double[] usage, Span<int> selection, ReadOnlySpan<double> weights, out double weight)
    {
        var kCount = usage.Length;
        var count = 0;
        weight = 0;
        for (var i = 0; i < selection.Length; i++)
        {
            var best = CycleObservations.None;
            var bestValue = 1e-9;
            for (var k = 0; k < kCount; k++)
            {
                var v = gain[(i * kCount) + k] - (price * usage[k]);
                if (v > bestValue)
                {
                    bestValue = v;
                    best = k;
                }
            }

            selection[i] = best;
            if (best >= 0)
            {
                count++;
                weight += Weight(weights, i);
            }
        }

        return count;
    }

    private static double Used(ReadOnlySpan<int> selection, double[] usage, ReadOnlySpan<double> weights)
    {
        var used = 0.0;
        for (var i = 0; i < selection.Length; i++)
        {
            if (selection[i] >= 0)
            {
                used += Weight(weights, i) * usage[selection[i]];
            }
        }

        return used;
    }

    /// <summary>The net value V_k(b) − c_k (or the response-aware value) of contacting each of <paramref name="entries"/> with each k, per participant.</summary>
    private double[] Gains(in ContactPolicyContext context, int[] entries)
    {
        var kCount = context.Model.Interventions.Count;
        var gain = new double[entries.Length * kCount];
        for (var k = 0; k < kCount; k++)
        {
            var values = _responseAware ? context.Evaluation.GetResponseAwareValues(k) : context.Evaluation.GetValues(k);
            var cost = context.Model.Interventions[k].Cost;
            for (var j = 0; j < entries.Length; j++)
            {
                gain[(j * kCount) + k] = values[entries[j]] - cost;
            }
        }

        return gain;
    }

    /// <summary>
    /// Participants, contacted whole. Participants with the same belief form a class (same values), so the knapsack is
    /// solved over classes with their counts: its linear relaxation (<see cref="Relax"/>), whose marginal class is
    /// rounded down to whole participants and what is left of the budget filled greedily. With one usage per contact (a
    /// contacts budget, or equal costs) this is the exact top ⌊B/u⌋; otherwise the exact dynamic programme over
    /// participants when it is small enough, else the rounded relaxation (not exact when its solution was fractional).
    /// </summary>
    private (double Price, bool Exact, double Candidates) SelectParticipants(in ContactPolicyContext context, double[] usage, Span<int> selection)
    {
        var buffer = ArrayPool<int>.Shared.Rent(selection.Length);
        try
        {
            return SelectParticipants(context, usage, selection, BeliefClasses.Group(context.Population, [], buffer));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    private (double Price, bool Exact, double Candidates) SelectParticipants(in ContactPolicyContext context, double[] usage, Span<int> selection, BeliefClasses classes)
    {
        var kCount = usage.Length;
        var c = classes.Count;
        var gain = Gains(context, classes.First);
        var counts = new double[c];
        for (var j = 0; j < c; j++)
        {
            counts[j] = classes.Counts[j];
        }

        var best = new int[c];
        Choose(0, gain, usage, best, counts, out var candidates);
        var used = Used(best, usage, counts);
        var perClass = new int[c * kCount];
        double price;
        bool exact;
        if (used <= Budget.Amount + 1e-9)
        {
            for (var j = 0; j < c; j++)
            {
                if (best[j] >= 0)
                {
                    perClass[(j * kCount) + best[j]] = classes.Counts[j];
                }
            }

            (price, exact) = (0, true);
        }
        else
        {
            var uniform = true;
            var first = double.NaN;
            for (var j = 0; j < c && uniform; j++)
            {
                for (var k = 0; k < kCount; k++)
                {
                    if (gain[(j * kCount) + k] > 1e-9)
                    {
                        first = double.IsNaN(first) ? usage[k] : first;
                        uniform = Math.Abs(usage[k] - first) <= 1e-12 * Math.Max(1, first);
                    }
                }
            }

            if (!uniform && TrySmallDynamicProgramme(context, usage, selection, out var dpPrice))
            {
                return (dpPrice, true, candidates);
            }

            var relaxed = Relax(gain, usage, counts);
            price = relaxed.Price;
            exact = uniform || Array.TrueForAll(relaxed.Partial, f => f <= 0);
            Round(relaxed, classes.Counts, usage, perClass);
        }

        // Participants of a class in index order: the counts per intervention first, the rest left alone.
        for (var i = 0; i < selection.Length; i++)
        {
            var j = classes.ClassOf[i];
            selection[i] = CycleObservations.None;
            for (var k = 0; k < kCount; k++)
            {
                if (perClass[(j * kCount) + k] > 0)
                {
                    perClass[(j * kCount) + k]--;
                    selection[i] = k;
                    break;
                }
            }
        }

        return (price, exact, candidates);
    }

    /// <summary>The exact dynamic programme over individual participants, when the problem is small enough (at most 10^5 positive items and 10^8 cells).</summary>
    private bool TrySmallDynamicProgramme(in ContactPolicyContext context, double[] usage, Span<int> selection, out double price)
    {
        price = 0;
        var n = selection.Length;
        var kCount = usage.Length;
        var gain = Gains(context, Enumerable.Range(0, n).ToArray());
        var items = new List<(int Entry, int K, double Profit, double Use)>();
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < kCount; k++)
            {
                var g = gain[(i * kCount) + k];
                if (g > 1e-9)
                {
                    items.Add((i, k, g, usage[k]));
                    if (items.Count > 100_000)
                    {
                        return false;
                    }
                }
            }
        }

        if (!TryScale(items, out var scale))
        {
            return false;
        }

        var capacity = Math.Floor((Budget.Amount * scale) + 1e-9);
        var distinct = items.Select(it => it.Entry).Distinct().Count();
        if (distinct * (capacity + 1) > MaxDynamicProgrammingCells)
        {
            return false;
        }

        selection.Fill(CycleObservations.None);
        (price, _) = DynamicProgramme(items, scale, selection);
        return true;
    }

    /// <summary>The relaxed knapsack: per entry its hull of options (per participant), the hull point reached, the share moved on to the next point, and the price.</summary>
    private sealed record Relaxation(List<(double Use, double Value, int K)>[] Hulls, int[] Reached, double[] Partial, double Price);

    /// <summary>
    /// The linear relaxation of the multiple-choice knapsack over weighted entries, solved exactly: per entry the upper
    /// convex hull of (usage, value) over leaving alone and each intervention; every hull increment sorted by value per
    /// unit of budget; increments taken in that order while the budget lasts, the marginal one in part. The price is the
    /// marginal increment's value per unit of budget (0 when nothing is cut).
    /// </summary>
    private Relaxation Relax(double[] gain, double[] usage, ReadOnlySpan<double> weights)
    {
        var kCount = usage.Length;
        var n = weights.Length;
        var hulls = new List<(double Use, double Value, int K)>[n];
        var increments = new List<(double Efficiency, int Entry, int Step)>();
        for (var i = 0; i < n; i++)
        {
            var points = new List<(double Use, double Value, int K)> { (0, 0, CycleObservations.None) };
            for (var k = 0; k < kCount; k++)
            {
                var g = gain[(i * kCount) + k];
                if (g > 1e-9 && weights[i] > 0)
                {
                    points.Add((usage[k], g, k));
                }
            }

            // Upper concave hull from (0, 0), by usage then value: drop what a cheaper option beats, then what lies under
            // the chord of its neighbours.
            points.Sort(static (x, y) => x.Use != y.Use ? x.Use.CompareTo(y.Use) : y.Value.CompareTo(x.Value));
            var hull = new List<(double Use, double Value, int K)>();
            foreach (var p in points)
            {
                if (hull.Count > 0 && p.Value <= hull[^1].Value)
                {
                    continue;
                }

                while (hull.Count >= 2)
                {
                    var (a, b) = (hull[^2], hull[^1]);
                    var cross = ((b.Use - a.Use) * (p.Value - a.Value)) - ((b.Value - a.Value) * (p.Use - a.Use));
                    if (cross < 0)
                    {
                        break;
                    }

                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hulls[i] = hull;
            for (var step = 1; step < hull.Count; step++)
            {
                var use = hull[step].Use - hull[step - 1].Use;
                var value = hull[step].Value - hull[step - 1].Value;
                increments.Add((use <= 1e-15 ? double.PositiveInfinity : value / use, i, step));
            }
        }

        // Along one hull efficiencies decrease, so each entry's steps come in order.
        increments.Sort(static (x, y) => x.Efficiency != y.Efficiency ? y.Efficiency.CompareTo(x.Efficiency) : x.Entry != y.Entry ? x.Entry.CompareTo(y.Entry) : x.Step.CompareTo(y.Step));
        var reached = new int[n];
        var partial = new double[n];
        var left = Budget.Amount;
        var price = 0.0;
        foreach (var (efficiency, i, step) in increments)
        {
            if (step != reached[i] + 1)
            {
                continue;
            }

            var use = weights[i] * (hulls[i][step].Use - hulls[i][step - 1].Use);
            if (use <= left + 1e-12)
            {
                reached[i] = step;
                left -= use;
                continue;
            }

            if (left > 1e-12)
            {
                partial[i] = left / use;
            }

            price = efficiency;
            break;
        }

        return new Relaxation(hulls, reached, partial, price);
    }

    /// <summary>Weighted classes (expected mode): the relaxed optimum itself, the marginal class split in <paramref name="shares"/>. Returns the price.</summary>
    private double SplitClasses(double[] gain, double[] usage, ReadOnlySpan<double> weights, Span<int> selection, ContactShares shares)
    {
        var relaxed = Relax(gain, usage, weights);
        Span<double> split = stackalloc double[usage.Length];
        for (var i = 0; i < selection.Length; i++)
        {
            var hull = relaxed.Hulls[i];
            var at = hull[relaxed.Reached[i]];
            var f = relaxed.Partial[i];
            if (f <= 0)
            {
                selection[i] = at.K;
                continue;
            }

            // A share f of the class moves on to the next hull point, the rest stays at the current one.
            var to = hull[relaxed.Reached[i] + 1];
            split.Clear();
            if (at.K >= 0)
            {
                split[at.K] += 1 - f;
            }

            split[to.K] += f;
            selection[i] = f >= 1 - f || at.K < 0 ? to.K : at.K;
            shares.Split(i, split);
        }

        return relaxed.Price;
    }

    /// <summary>
    /// Whole participants per class and intervention from the relaxed optimum: each class at its hull point, the marginal
    /// class's share rounded down, then what is left of the budget filled one participant at a time along the hull
    /// increments by value per unit of budget.
    /// </summary>
    private void Round(Relaxation relaxed, int[] counts, double[] usage, int[] perClass)
    {
        var kCount = usage.Length;
        var classes = counts.Length;
        var atPoint = new List<int>[classes];
        var left = Budget.Amount;
        for (var c = 0; c < classes; c++)
        {
            var hull = relaxed.Hulls[c];
            atPoint[c] = [.. new int[hull.Count]];
            var moved = relaxed.Partial[c] > 0 ? (int)Math.Floor((relaxed.Partial[c] * counts[c]) + 1e-9) : 0;
            atPoint[c][relaxed.Reached[c]] = counts[c] - moved;
            if (moved > 0)
            {
                atPoint[c][relaxed.Reached[c] + 1] = moved;
            }

            for (var p = 0; p < hull.Count; p++)
            {
                left -= atPoint[c][p] * hull[p].Use;
            }
        }

        var increments = new List<(double Efficiency, int Class, int Step)>();
        for (var c = 0; c < classes; c++)
        {
            var hull = relaxed.Hulls[c];
            for (var step = 1; step < hull.Count; step++)
            {
                var use = hull[step].Use - hull[step - 1].Use;
                increments.Add((use <= 1e-15 ? double.PositiveInfinity : (hull[step].Value - hull[step - 1].Value) / use, c, step));
            }
        }

        increments.Sort(static (x, y) => x.Efficiency != y.Efficiency ? y.Efficiency.CompareTo(x.Efficiency) : x.Class != y.Class ? x.Class.CompareTo(y.Class) : x.Step.CompareTo(y.Step));
        foreach (var (_, c, step) in increments)
        {
            var hull = relaxed.Hulls[c];
            var use = hull[step].Use - hull[step - 1].Use;
            var movable = atPoint[c][step - 1];
            var fits = use <= 1e-15 ? movable : (int)Math.Min(movable, Math.Floor((left / use) + 1e-9));
            if (fits > 0)
            {
                atPoint[c][step - 1] -= fits;
                atPoint[c][step] += fits;
                left -= fits * use;
            }
        }

        for (var c = 0; c < classes; c++)
        {
            var hull = relaxed.Hulls[c];
            for (var p = 1; p < hull.Count; p++)
            {
                perClass[(c * kCount) + hull[p].K] += atPoint[c][p];
            }
        }
    }

    /// <summary>Participants (or weighted entries that cannot be split), contacted whole: exact when usages allow.</summary>
    private (double Price, bool Exact) SelectKnapsack(double[] gain, double[] usage, ReadOnlySpan<double> weights, Span<int> selection)
    {
        var kCount = usage.Length;
        var n = selection.Length;

        // Items: (entry, k) with a positive net value.
        var items = new List<(int Entry, int K, double Profit, double Use)>();
        for (var i = 0; i < n; i++)
        {
            var w = Weight(weights, i);
            for (var k = 0; k < kCount; k++)
            {
                var g = gain[(i * kCount) + k];
                if (g > 1e-9)
                {
                    items.Add((i, k, w * g, w * usage[k]));
                }
            }
        }

        selection.Fill(CycleObservations.None);
        var uniformUse = items.Count > 0 && weights.IsEmpty && items.All(it => Math.Abs(it.Use - items[0].Use) <= 1e-12 * Math.Max(1, items[0].Use));
        if (uniformUse)
        {
            // Every item uses the same amount u: the best item per entry, then the top ⌊B/u⌋ by profit.
            var use = items[0].Use;
            var best = items.GroupBy(it => it.Entry).Select(g => g.OrderByDescending(it => it.Profit).ThenBy(it => it.K).First())
                .OrderByDescending(it => it.Profit).ThenBy(it => it.Entry).ToList();
            var take = use <= 0 ? best.Count : (int)Math.Min(best.Count, Math.Floor((Budget.Amount / use) + 1e-9));
            for (var j = 0; j < take; j++)
            {
                selection[best[j].Entry] = best[j].K;
            }

            return (take < best.Count && use > 0 ? best[take].Profit / use : 0, true);
        }

        if (weights.IsEmpty && TryScale(items, out var scale))
        {
            return DynamicProgramme(items, scale, selection);
        }

        return Greedy(items, selection);
    }

    private static bool TryScale(List<(int Entry, int K, double Profit, double Use)> items, out double scale)
    {
        for (var d = 0; d <= 4; d++)
        {
            scale = Math.Pow(10, d);
            var s = scale;
            if (items.All(it => Math.Abs((it.Use * s) - Math.Round(it.Use * s)) <= 1e-9 * Math.Max(1, it.Use * s)))
            {
                return true;
            }
        }

        scale = 0;
        return false;
    }

    private (double Price, bool Exact) DynamicProgramme(List<(int Entry, int K, double Profit, double Use)> items, double scale, Span<int> selection)
    {
        var capacity = (int)Math.Min(int.MaxValue - 1, Math.Floor((Budget.Amount * scale) + 1e-9));
        var units = items.Select(it => (int)Math.Round(it.Use * scale)).ToArray();

        // Keep, per intervention, the M best items by profit, M = the most contacts that can fit.
        var minUnits = units.Where(u => u > 0).DefaultIfEmpty(1).Min();
        var m = (capacity / Math.Max(1, minUnits)) + 1;
        var kept = items.Select((it, j) => (it, Units: units[j]))
            .GroupBy(x => x.it.K)
            .SelectMany(g => g.OrderByDescending(x => x.it.Profit).ThenBy(x => x.it.Entry).Take(m))
            .GroupBy(x => x.it.Entry)
            .Select(g => g.ToArray())
            .ToArray();
        if ((long)kept.Length * (capacity + 1) > MaxDynamicProgrammingCells)
        {
            throw new ValidationFailedException("MaxDynamicProgrammingCells", string.Create(CultureInfo.InvariantCulture, $"The budget knapsack needs {kept.Length} entries × {capacity + 1} budget units, more than {MaxDynamicProgrammingCells} cells; use a coarser budget or cost unit."));
        }

        // dp[c] = best profit using at most c units over the entries seen so far; choice[e, c] = option taken (0 = none).
        var dp = new double[capacity + 1];
        var next = new double[capacity + 1];
        var choice = new byte[kept.Length * (capacity + 1)];
        for (var e = 0; e < kept.Length; e++)
        {
            var options = kept[e];
            var row = e * (capacity + 1);
            for (var c = 0; c <= capacity; c++)
            {
                var best = dp[c];
                byte taken = 0;
                for (var o = 0; o < options.Length; o++)
                {
                    var u = options[o].Units;
                    if (u <= c)
                    {
                        var v = dp[c - u] + options[o].it.Profit;
                        if (v > best + 1e-12)
                        {
                            best = v;
                            taken = (byte)(o + 1);
                        }
                    }
                }

                next[c] = best;
                choice[row + c] = taken;
            }

            (dp, next) = (next, dp);
        }

        var remaining = capacity;
        var selected = new HashSet<int>();
        for (var e = kept.Length - 1; e >= 0; e--)
        {
            var taken = choice[(e * (capacity + 1)) + remaining];
            if (taken > 0)
            {
                var option = kept[e][taken - 1];
                selection[option.it.Entry] = option.it.K;
                selected.Add(option.it.Entry);
                remaining -= option.Units;
            }
        }

        // The price reported: the best net value per unit of budget among the entries left out.
        var price = kept.Where(g => !selected.Contains(g[0].it.Entry)).SelectMany(g => g).Select(x => x.it.Use > 0 ? x.it.Profit / x.it.Use : 0).DefaultIfEmpty(0).Max();
        return (price, true);
    }

    private (double Price, bool Exact) Greedy(List<(int Entry, int K, double Profit, double Use)> items, Span<int> selection)
    {
        var left = Budget.Amount;
        var done = new HashSet<int>();
        var price = 0.0;
        foreach (var it in items.OrderByDescending(it => it.Use > 0 ? it.Profit / it.Use : double.PositiveInfinity).ThenBy(it => it.Entry))
        {
            if (done.Contains(it.Entry))
            {
                continue;
            }

            if (it.Use <= left + 1e-9)
            {
                selection[it.Entry] = it.K;
                done.Add(it.Entry);
                left -= it.Use;
            }
            else if (price == 0 && it.Use > 0)
            {
                price = it.Profit / it.Use;
            }
        }

        return (price, false);
    }
}
