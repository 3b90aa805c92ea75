using System.Collections.ObjectModel;
using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Sensitivity;

/// <summary>The decision that sensitivity analysis watches: the best action on the belief and the myopic contact choice.</summary>
/// <param name="BestAction">argmax_a EU(b, a) (ties to the lowest index).</param>
/// <param name="Contact">The intervention of the myopic rule (the k with the largest V_k(b) − c_k when positive), or <see langword="null"/> for none.</param>
public sealed record WatchedDecision(string BestAction, string? Contact)
{
    /// <inheritdoc />
    public override string ToString() => $"{BestAction}, {(Contact is null ? "no contact" : "contact with " + Contact)}";
}

/// <summary>How far one parameter can move before the decision changes (one bar of a tornado chart).</summary>
/// <param name="Table">The table: <c>utility</c>, <c>transition</c> or <c>interventions[k].transition</c>.</param>
/// <param name="Row">The row's state.</param>
/// <param name="Column">The column's action (utility) or state (transitions).</param>
/// <param name="Value">The current value.</param>
/// <param name="Decrease">How far the value can fall before the decision changes, or <see langword="null"/> when it does not change within the searched range.</param>
/// <param name="Increase">How far it can rise, or <see langword="null"/>.</param>
/// <param name="DecisionBelow">The decision just past <paramref name="Decrease"/>, or <see langword="null"/>.</param>
/// <param name="DecisionAbove">The decision just past <paramref name="Increase"/>, or <see langword="null"/>.</param>
public sealed record SensitivityEntry(string Table, string Row, string Column, double Value, double? Decrease, double? Increase, WatchedDecision? DecisionBelow, WatchedDecision? DecisionAbove)
{
    /// <summary>The smaller of the two distances (∞ when neither direction changes the decision): the sort key of a tornado chart.</summary>
    public double Margin => Math.Min(Decrease ?? double.PositiveInfinity, Increase ?? double.PositiveInfinity);
}

/// <summary>The sensitivity of a decision to every utility and transition entry.</summary>
/// <param name="Belief">The belief.</param>
/// <param name="Decision">The decision with the model as given.</param>
/// <param name="Entries">One entry per parameter, the most sensitive first (smallest <see cref="SensitivityEntry.Margin"/>).</param>
public sealed record SensitivityReport(Belief Belief, WatchedDecision Decision, IReadOnlyList<SensitivityEntry> Entries);

/// <summary>
/// For a model and a belief, how far each utility entry U(x, a) and each transition entry (of T and every C_k) can move,
/// down and up, before the decision changes: the best action on b, or the myopic contact choice (contact or not, and
/// with which intervention).
/// </summary>
/// <remarks>
/// <para>A transition entry p = M(x, y) moves to p + δ with δ ∈ [−p, 1 − p]; the other entries of row x are rescaled by
/// (1 − p − δ)/(1 − p) so that the row still sums to 1 (spread evenly when p = 1). A utility entry moves by δ within
/// ±10·max(1, max |U|, max c_k).</para>
/// <para>Each direction is scanned in 200 equal steps; at the first step where the decision differs, bisection (60
/// halvings) locates the change to about 1e-15 of the range. A change that appears and disappears between two scan
/// steps can be missed; the distances are exact otherwise.</para>
/// </remarks>
public static class SensitivityAnalysis
{
    private const int ScanSteps = 200;

    /// <summary>Runs the analysis.</summary>
    /// <param name="model">The model.</param>
    /// <param name="belief">The belief.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    public static SensitivityReport Analyze(DecisionModel model, Belief belief)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(belief);
        if (belief.Count != model.StateCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The belief has {belief.Count} entries; the model has {model.StateCount} states."), nameof(belief));
        }

        var baseline = Decide(model, belief);
        var entries = new List<SensitivityEntry>();
        var scale = 1.0;
        foreach (var u in model.Utility.AsSpan())
        {
            scale = Math.Max(scale, Math.Abs(u));
        }

        foreach (var k in model.Interventions)
        {
            scale = Math.Max(scale, k.Cost);
        }

        for (var x = 0; x < model.StateCount; x++)
        {
            for (var a = 0; a < model.ActionCount; a++)
            {
                var (xx, aa) = (x, a);
                DecisionModel Perturb(double delta)
                {
                    var rows = model.Utility.ToRows();
                    rows[xx][aa] += delta;
                    return model.With(utility: DecisionMatrix.FromRows(rows));
                }

                entries.Add(Entry("utility", model.States[x], model.Actions[a], model.Utility[x, a], -10 * scale, 10 * scale, Perturb, belief, baseline));
            }
        }

        AddMatrix(entries, model, "transition", model.Transition, m => model.With(transition: m), belief, baseline);
        for (var k = 0; k < model.Interventions.Count; k++)
        {
            var index = k;
            AddMatrix(
                entries,
                model,
                string.Create(CultureInfo.InvariantCulture, $"interventions[{k}].transition"),
                model.Interventions[k].Transition,
                m => model.With(interventions: model.Interventions.Select((i, j) => j == index ? Replace(i, m) : i)),
                belief,
                baseline);
        }

        var sorted = entries.OrderBy(e => e.Margin).ThenBy(e => e.Table, StringComparer.Ordinal).ToList();
        return new SensitivityReport(belief, baseline, new ReadOnlyCollection<SensitivityEntry>(sorted));
    }

    /// <summary>The watched decision for a model and a belief.</summary>
    /// <param name="model">The model.</param>
    /// <param name="belief">The belief.</param>
    /// <returns>The best action and the myopic contact choice.</returns>
    public static WatchedDecision Decide(DecisionModel model, Belief belief)
    {
        ArgumentNullException.ThrowIfNull(model);
        var evaluator = new DecisionEvaluator(model);
        var best = evaluator.MaximumExpectedUtility(belief);
        string? contact = null;
        var bestNet = 0.0;
        for (var k = 0; k < model.Interventions.Count; k++)
        {
            var net = evaluator.InterventionValue(belief, k) - model.Interventions[k].Cost;
            if (net > bestNet)
            {
                bestNet = net;
                contact = model.Interventions[k].Name;
            }
        }

        return new WatchedDecision(best.Action, contact);
    }

    private static Intervention Replace(Intervention i, DecisionMatrix m) => i.StateResponseRates is { } rates
        ? new Intervention(i.Name, m, i.Cost, rates)
        : new Intervention(i.Name, m, i.Cost, i.ResponseRate);

    private static void AddMatrix(List<SensitivityEntry> entries, DecisionModel model, string table, DecisionMatrix matrix, Func<DecisionMatrix, DecisionModel> rebuild, Belief belief, WatchedDecision baseline)
    {
        var n = model.StateCount;
        for (var x = 0; x < n; x++)
        {
            for (var y = 0; y < n; y++)
            {
                var (xx, yy) = (x, y);
                var p = matrix[x, y];
                DecisionModel Perturb(double delta)
                {
                    var rows = matrix.ToRows();
                    var row = rows[xx];
                    var target = Math.Clamp(p + delta, 0, 1);
                    for (var j = 0; j < n; j++)
                    {
                        if (j == yy)
                        {
                            continue;
                        }

                        row[j] = p < 1 ? row[j] * (1 - target) / (1 - p) : (1 - target) / (n - 1);
                    }

                    row[yy] = target;
                    var sum = row.Sum();
                    for (var j = 0; j < n; j++)
                    {
                        row[j] /= sum;
                    }

                    return rebuild(DecisionMatrix.FromRows(rows));
                }

                entries.Add(Entry(table, model.States[x], model.States[y], p, -p, 1 - p, Perturb, belief, baseline));
            }
        }
    }

    private static SensitivityEntry Entry(string table, string row, string column, double value, double low, double high, Func<double, DecisionModel> perturb, Belief belief, WatchedDecision baseline)
    {
        var (down, below) = Search(low, perturb, belief, baseline);
        var (up, above) = Search(high, perturb, belief, baseline);
        return new SensitivityEntry(table, row, column, value, down, up, below, above);
    }

    private static (double? Distance, WatchedDecision? Decision) Search(double limit, Func<double, DecisionModel> perturb, Belief belief, WatchedDecision baseline)
    {
        if (limit == 0)
        {
            return (null, null);
        }

        var previous = 0.0;
        for (var step = 1; step <= ScanSteps; step++)
        {
            var delta = limit * step / ScanSteps;
            var decision = Decide(perturb(delta), belief);
            if (decision == baseline)
            {
                previous = delta;
                continue;
            }

            var lo = previous;
            var hi = delta;
            var changed = decision;
            for (var i = 0; i < 60; i++)
            {
                var mid = 0.5 * (lo + hi);
                var d = Decide(perturb(mid), belief);
                if (d == baseline)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                    changed = d;
                }
            }

            return (Math.Abs(hi), changed);
        }

        return (null, null);
    }
}
