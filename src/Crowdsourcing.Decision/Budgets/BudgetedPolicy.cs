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
/// at most one intervention. This multiple-choice knapsack is solved exactly:</para>
/// <list type="bullet">
/// <item><description>when every usage is the same (a contacts budget with one participant per entry, or a money budget
/// whose candidates all cost the same): the best net value per entry, then the top ⌊B/u⌋ by net value (ties to the lower
/// index);</description></item>
/// <item><description>otherwise by dynamic programming over integer-scaled usages (usages × 10^d for the smallest d ≤ 4
/// that makes them integers), after keeping, for each k, only the M best candidates by p_ik, M the most contacts that fit
/// (an exchange argument shows an optimum uses no other). The DP is refused beyond 10^8 cells
/// (<see cref="InvalidOperationException"/>). When usages are not multiples of 10^-4, or the entries are weighted classes
/// (expected mode) with fractional weights, the selection is greedy by net value per unit of budget, skipping what does
/// not fit, and <see cref="BudgetCycleReport.Exact"/> is false. For weighted classes the marginal class is split
/// (<see cref="Fractions"/>): with a contacts budget or one intervention this fractional greedy is the exact optimum of
/// the expected-mode (LP) knapsack.</description></item>
/// </list>
/// <para><b>Planned</b> (<see cref="Planned"/>): with Q_0 and Q_k from the <see cref="PomdpSolution"/>, the cycle's
/// Lagrangian relaxation contacts entry i with argmax_k (Q_k − Q_0 − λ·u_k) when positive; the price λ ≥ 0 is the
/// smallest that makes the selection fit, found by bisection (60 halvings); entries tied at the price (e.g. participants
/// who share a belief) fill the rest of the budget, best advantage first. The continuation values Q assume later
/// cycles are planned without the budget (the price applies to the current cycle), an approximation stated in
/// <c>docs/decision-model.md</c>.</para>
/// <para>Each call records a <see cref="BudgetCycleReport"/> in <see cref="Reports"/> (the price of the cycle). Instances keep
/// these reports: use one instance per run, from one thread.</para>
/// </remarks>
public sealed class BudgetedPolicy : ContactPolicy
{
    private const long MaxDynamicProgrammingCells = 100_000_000;
    private readonly PlannedPolicy? _planned;
    private readonly bool _responseAware;
    private readonly List<BudgetCycleReport> _reports = [];
    private double[] _fractions = [];

    private BudgetedPolicy(CycleBudget budget, PlannedPolicy? planned, bool responseAware)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budget = budget;
        _planned = planned;
        _responseAware = responseAware;
    }

    /// <summary>The budget per cycle.</summary>
    public CycleBudget Budget { get; }

    /// <inheritdoc />
    public override string Name => _planned is not null ? "planned-budget" : _responseAware ? "response-aware-budget" : "myopic-budget";

    /// <inheritdoc />
    public override bool RequiresResponseAwareValues => _responseAware;

    /// <summary>One report per call of <see cref="SelectContacts"/>, in order.</summary>
    public IReadOnlyList<BudgetCycleReport> Reports => _reports;

    /// <summary>The myopic rule within a budget: an exact knapsack on V_k(b) − c_k (or on the response-aware value).</summary>
    /// <param name="budget">The budget per cycle.</param>
    /// <param name="responseAware">Use the response-aware value instead of V_k.</param>
    /// <returns>The policy.</returns>
    public static BudgetedPolicy Myopic(CycleBudget budget, bool responseAware = false) => new(budget, null, responseAware);

    /// <summary>The planned policy within a budget, by a Lagrangian price per unit of budget found by bisection.</summary>
    /// <param name="policy">The planned policy.</param>
    /// <param name="budget">The budget per cycle.</param>
    /// <returns>The policy.</returns>
    public static BudgetedPolicy Planned(PlannedPolicy policy, CycleBudget budget)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new BudgetedPolicy(budget, policy, false);
    }

    /// <summary>
    /// For weighted entries (expected-mode classes), the fraction of each selected entry's weight that the last call
    /// contacts: the budget's marginal class is split (the exact expectation of contacting a random part of it). Empty
    /// when the entries were unweighted.
    /// </summary>
    public ReadOnlySpan<double> Fractions => _fractions;

    /// <summary>Forgets the recorded reports.</summary>
    public void ClearReports() => _reports.Clear();

    /// <inheritdoc />
    public override void SelectContacts(in ContactPolicyContext context, Span<int> selection)
    {
        var n = selection.Length;
        var kCount = context.Model.Interventions.Count;
        var weights = context.Weights;
        var usage = new double[kCount];
        for (var k = 0; k < kCount; k++)
        {
            usage[k] = Budget.Usage(context.Model.Interventions[k].Cost);
        }

        // gain[i, k]: the net value of contacting entry i with k (per participant).
        var gain = new double[n * kCount];
        _fractions = weights.IsEmpty ? [] : new double[n];
        if (_planned is not null)
        {
            var left = _planned.CyclesLeft(context.Cycle, context.CyclesRemaining);
            Span<double> belief = stackalloc double[context.Model.StateCount];
            Span<double> q = stackalloc double[kCount + 1];
            for (var i = 0; i < n; i++)
            {
                if (left <= 0)
                {
                    gain.AsSpan(i * kCount, kCount).Fill(double.NegativeInfinity);
                    continue;
                }

                context.Population.GetBelief(i, belief);
                _planned.Solution.ActionValues(belief, left, q);
                for (var k = 0; k < kCount; k++)
                {
                    gain[(i * kCount) + k] = q[k + 1] - q[0];
                }
            }

            SelectByPrice(context.Cycle, gain, usage, weights, selection);
            return;
        }

        for (var k = 0; k < kCount; k++)
        {
            var values = _responseAware ? context.Evaluation.GetResponseAwareValues(k) : context.Evaluation.GetValues(k);
            var cost = context.Model.Interventions[k].Cost;
            for (var i = 0; i < n; i++)
            {
                gain[(i * kCount) + k] = values[i] - cost;
            }
        }

        SelectKnapsack(context.Cycle, gain, usage, weights, selection);
    }

    private static double Weight(ReadOnlySpan<double> weights, int i) => weights.IsEmpty ? 1 : weights[i];

    private void FillWhole(ReadOnlySpan<int> selection)
    {
        for (var i = 0; i < _fractions.Length; i++)
        {
            _fractions[i] = selection[i] >= 0 ? 1 : 0;
        }
    }

    private void SelectByPrice(int cycle, double[] gain, double[] usage, ReadOnlySpan<double> weights, Span<int> selection)
    {
        var kCount = usage.Length;
        var n = selection.Length;
        var candidates = Choose(0, gain, usage, selection);
        var used = Used(selection, usage, weights);
        if (used <= Budget.Amount + 1e-9)
        {
            FillWhole(selection);
            _reports.Add(new BudgetCycleReport(cycle, 0, used, candidates, true));
            return;
        }

        var high = 1.0;
        for (var j = 0; j < gain.Length; j++)
        {
            if (double.IsFinite(gain[j]) && usage[j % kCount] > 0)
            {
                high = Math.Max(high, (gain[j] / usage[j % kCount]) + 1);
            }
        }

        var low = 0.0;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var mid = 0.5 * (low + high);
            Choose(mid, gain, usage, selection);
            if (Used(selection, usage, weights) <= Budget.Amount + 1e-9)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        // Entries at the price itself (ties, e.g. participants with the same belief) are split: those chosen just below
        // the price fill what is left of the budget, best advantage first, then by index.
        var below = new int[n];
        Choose(low, gain, usage, below);
        Choose(high, gain, usage, selection);
        FillWhole(selection);
        var left = Budget.Amount - Used(selection, usage, weights);
        var chosen = selection.ToArray();
        var marginal = Enumerable.Range(0, n).Where(i => chosen[i] < 0 && below[i] >= 0)
            .OrderByDescending(i => gain[(i * kCount) + below[i]] - (high * usage[below[i]])).ThenBy(i => i).ToList();
        foreach (var i in marginal)
        {
            var use = Weight(weights, i) * usage[below[i]];
            if (use <= left + 1e-9)
            {
                selection[i] = below[i];
                left -= use;
                if (_fractions.Length > 0)
                {
                    _fractions[i] = 1;
                }
            }
            else if (_fractions.Length > 0 && left > 1e-9 && use > 0)
            {
                // Weighted class at the price: contact the part of it that the budget still pays for.
                selection[i] = below[i];
                _fractions[i] = left / use;
                left = 0;
            }
        }

        _reports.Add(new BudgetCycleReport(cycle, high, Budget.Amount - Math.Max(0, left), candidates, true));
    }

    /// <summary>Per entry, argmax_k (gain − price·usage) when positive; returns how many entries are selected.</summary>
    private static int Choose(double price, double[] gain, double[] usage, Span<int> selection)
    {
        var kCount = usage.Length;
        var count = 0;
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
            count += best < 0 ? 0 : 1;
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

    private void SelectKnapsack(int cycle, double[] gain, double[] usage, ReadOnlySpan<double> weights, Span<int> selection)
    {
        var kCount = usage.Length;
        var n = selection.Length;
        var candidates = Choose(0, gain, usage, selection);
        var unconstrained = Used(selection, usage, weights);
        if (unconstrained <= Budget.Amount + 1e-9)
        {
            FillWhole(selection);
            _reports.Add(new BudgetCycleReport(cycle, 0, unconstrained, candidates, true));
            return;
        }

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
        var uniformUse = items.Count > 0 && items.All(it => Math.Abs(it.Use - items[0].Use) <= 1e-12 * Math.Max(1, items[0].Use));
        double price;
        bool exact;
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

            price = take < best.Count && use > 0 ? best[take].Profit / use : 0;
            exact = true;
        }
        else if (TryScale(items, out var scale) && weights.IsEmpty)
        {
            (price, exact) = DynamicProgramme(items, scale, selection);
        }
        else
        {
            (price, exact) = Greedy(items, selection);
        }

        if (uniformUse || _fractions.Length == 0)
        {
            FillWhole(selection);
        }

        var spent = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (selection[i] >= 0)
            {
                spent += Weight(weights, i) * usage[selection[i]] * (_fractions.Length > 0 ? _fractions[i] : 1);
            }
        }

        _reports.Add(new BudgetCycleReport(cycle, price, spent, candidates, exact));
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
                if (_fractions.Length > 0)
                {
                    _fractions[it.Entry] = 1;
                }
            }
            else if (_fractions.Length > 0 && left > 1e-9)
            {
                // Weighted classes: the fractional knapsack splits the marginal class.
                selection[it.Entry] = it.K;
                done.Add(it.Entry);
                _fractions[it.Entry] = left / it.Use;
                price = it.Profit / it.Use;
                left = 0;
            }
            else if (price == 0 && it.Use > 0)
            {
                price = it.Profit / it.Use;
            }
        }

        return (price, false);
    }
}
