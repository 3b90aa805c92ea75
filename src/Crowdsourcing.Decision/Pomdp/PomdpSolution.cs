using System.Collections.ObjectModel;
using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>
/// The solution of the per-participant planning problem for a horizon of H cycles (see <see cref="PomdpSolver"/>):
/// for every number of cycles left h = 0..H, a set of alpha vectors whose upper envelope is the optimal value
/// V_h(b), and per action the vectors whose envelope is Q_a(b). One solution serves every participant: the policy is a
/// function of the belief and of the cycles left. Immutable and thread-safe.
/// </summary>
public sealed class PomdpSolution
{
    /// <summary>The most numbers the plan components (expected totals and per-cycle contacts and spend per vector) may take.</summary>
    private const long MaxComponentEntries = 50_000_000;

    private readonly Level[] _levels;
    private readonly double[] _costs;
    private readonly double _tieTolerance;
    private readonly Lock _gate = new();
    private double[][][]? _components;
    private double[][][][]? _actionComponents;

    internal PomdpSolution(DecisionModel model, int horizon, PomdpSolverMethod method, PomdpSolverOptions options, Level[] levels, double[] costs, double errorBound, int gridResolution, int gridPoints, double scale)
    {
        Model = model;
        Horizon = horizon;
        Method = method;
        Options = options;
        _levels = levels;
        _costs = costs;
        ErrorBound = errorBound;
        GridResolution = gridResolution;
        GridPoints = gridPoints;
        _tieTolerance = 1e-9 * scale;
        AlphaVectorCounts = new ReadOnlyCollection<int>([.. levels.Select(l => l.Count)]);
    }

    /// <summary>The model.</summary>
    public DecisionModel Model { get; }

    /// <summary>The horizon H: the number of cycles until the workshop week.</summary>
    public int Horizon { get; }

    /// <summary>The method actually used: <see cref="PomdpSolverMethod.Exact"/> or <see cref="PomdpSolverMethod.PointBased"/>.</summary>
    public PomdpSolverMethod Method { get; }

    /// <summary>The options the solution was computed with.</summary>
    public PomdpSolverOptions Options { get; }

    /// <summary>
    /// A bound on how far <see cref="Value(ReadOnlySpan{double}, int)"/> at h = H can be below the optimal value, per
    /// participant, in utility units: 2·H·ε·scale for the exact method (the pruning tolerance, twice per level), and
    /// Σ_h spread_h·δ_B for the point-based method (spread_h the range of the entries of the level's vectors, δ_B the
    /// largest L1 distance from a belief to the grid).
    /// </summary>
    public double ErrorBound { get; }

    /// <summary>The grid resolution m of the point-based method (0 for the exact method).</summary>
    public int GridResolution { get; }

    /// <summary>The number of grid points of the point-based method (0 for the exact method).</summary>
    public int GridPoints { get; }

    /// <summary>The number of alpha vectors of V_h for h = 0..H.</summary>
    public IReadOnlyList<int> AlphaVectorCounts { get; }

    /// <summary>The cost of contacting with intervention k in the objective: c_k·<see cref="PomdpSolverOptions.CostMultiplier"/> + <see cref="PomdpSolverOptions.ContactPrice"/>.</summary>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The effective cost.</returns>
    public double EffectiveCost(int intervention) => _costs[intervention];

    /// <summary>V_h(b): the optimal expected MEU at the workshop week minus the expected (effective) contact costs, with h cycles left.</summary>
    /// <param name="belief">The belief, one entry per state.</param>
    /// <param name="cyclesLeft">The cycles left until the workshop week; values above <see cref="Horizon"/> are capped to it, below 0 read as 0.</param>
    /// <returns>The value.</returns>
    public double Value(ReadOnlySpan<double> belief, int cyclesLeft)
    {
        CheckBelief(belief.Length);
        var level = _levels[Math.Clamp(cyclesLeft, 0, Horizon)];
        return Max(level.Vectors, level.Count, belief, out _);
    }

    /// <summary>V_h(b) (see <see cref="Value(ReadOnlySpan{double}, int)"/>).</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="cyclesLeft">The cycles left.</param>
    /// <returns>The value.</returns>
    public double Value(Belief belief, int cyclesLeft)
    {
        ArgumentNullException.ThrowIfNull(belief);
        return Value(belief.AsSpan(), cyclesLeft);
    }

    /// <summary>The planned decision for a belief with <paramref name="cyclesLeft"/> cycles left (see <see cref="Decide(ReadOnlySpan{double}, int)"/>).</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="cyclesLeft">The cycles left including this one.</param>
    /// <returns>The decision.</returns>
    public PomdpDecision Decide(Belief belief, int cyclesLeft)
    {
        ArgumentNullException.ThrowIfNull(belief);
        return Decide(belief.AsSpan(), cyclesLeft);
    }

    /// <summary>
    /// The planned decision for a belief with <paramref name="cyclesLeft"/> cycles left including this one: Q_0 (leave
    /// alone) and Q_k (contact with k) from the envelopes of level h, and the best of them; ties within 1e-9 of the
    /// model's scale go to leaving alone, then to the lowest intervention index. With 0 cycles left (or fewer), leave alone.
    /// </summary>
    /// <param name="belief">The belief.</param>
    /// <param name="cyclesLeft">The cycles left including this one; capped to <see cref="Horizon"/>.</param>
    /// <returns>The decision.</returns>
    public PomdpDecision Decide(ReadOnlySpan<double> belief, int cyclesLeft)
    {
        var q = new double[Model.Interventions.Count + 1];
        var choice = ActionValues(belief, cyclesLeft, q);
        return new PomdpDecision(choice, choice < 0 ? q[0] : q[choice + 1], q[0], q[1..]);
    }

    /// <summary>Writes Q_0 and Q_k (k = 0..K−1) into <paramref name="values"/> (K + 1 entries) and returns the best intervention or -1.</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="cyclesLeft">The cycles left including this one.</param>
    /// <param name="values">Receives Q_0 at index 0 and Q_k at index k + 1; with 0 cycles left every entry is V_0(b) minus the cost.</param>
    /// <returns>The best intervention, or <see cref="CycleObservations.None"/>.</returns>
    public int ActionValues(ReadOnlySpan<double> belief, int cyclesLeft, Span<double> values)
    {
        CheckBelief(belief.Length);
        var k = Model.Interventions.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, k + 1, nameof(values));
        if (cyclesLeft <= 0 || Horizon == 0)
        {
            var v = Value(belief, 0);
            values[0] = v;
            for (var j = 0; j < k; j++)
            {
                values[j + 1] = double.NegativeInfinity;
            }

            return CycleObservations.None;
        }

        var level = _levels[Math.Min(cyclesLeft, Horizon)];
        var best = CycleObservations.None;
        values[0] = Max(level.ActionVectors[0], level.ActionCounts[0], belief, out _);
        var bestValue = values[0];
        for (var j = 0; j < k; j++)
        {
            var q = level.ActionCounts[j + 1] == 0 ? double.NegativeInfinity : Max(level.ActionVectors[j + 1], level.ActionCounts[j + 1], belief, out _);
            values[j + 1] = q;
            if (q > bestValue + _tieTolerance)
            {
                best = j;
                bestValue = q;
            }
        }

        return best;
    }

    /// <summary>A one-line summary, e.g. <c>exact, H = 20, 37 alpha vectors at h = 20, error bound 4e-08</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Method == PomdpSolverMethod.Exact ? "exact" : $"point-based (grid m = {GridResolution}, {GridPoints} points)")}, H = {Horizon}, {AlphaVectorCounts[^1]} alpha vectors at h = {Horizon}, error bound {ErrorBound:G3}");

    internal static double Max(double[] vectors, int count, ReadOnlySpan<double> belief, out int index)
    {
        var s = belief.Length;
        var best = double.NegativeInfinity;
        index = -1;
        for (var v = 0; v < count; v++)
        {
            var offset = v * s;
            var sum = 0.0;
            for (var x = 0; x < s; x++)
            {
                sum += belief[x] * vectors[offset + x];
            }

            if (sum > best)
            {
                best = sum;
                index = v;
            }
        }

        return best;
    }

    private void CheckBelief(int length)
    {
        if (length != Model.StateCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The belief has {length} entries; the model has {Model.StateCount} states."));
        }
    }

    /// <summary>
    /// The expected outcome, per entry and in total, of following the plan from weighted beliefs with
    /// <paramref name="cyclesLeft"/> cycles left: each entry follows the vector of V_h that is best at its belief (the
    /// first on ties), which fixes its action this cycle and, through the vectors it was backed up from, in every later
    /// cycle and after every answer.
    /// </summary>
    /// <param name="beliefs">The beliefs, row-major (entry i at <c>i × S</c>).</param>
    /// <param name="weights">How many participants each entry stands for.</param>
    /// <param name="cyclesLeft">h, from 0 to <see cref="Horizon"/>.</param>
    /// <param name="firstActions">Receives each entry's action this cycle: an intervention index or <see cref="CycleObservations.None"/>.</param>
    /// <returns>The totals.</returns>
    internal PlanOutcome Evaluate(ReadOnlySpan<double> beliefs, ReadOnlySpan<double> weights, int cyclesLeft, Span<int> firstActions)
    {
        var s = Model.StateCount;
        var h = Math.Clamp(cyclesLeft, 0, Horizon);
        var components = Components();
        var level = _levels[h];
        var aggregate = new double[level.Count * s];
        var value = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            var b = beliefs.Slice(i * s, s);
            var v = Max(level.Vectors, level.Count, b, out var index);
            value += weights[i] * v;
            firstActions[i] = h == 0 ? CycleObservations.None : level.Actions[index] - 1;
            for (var x = 0; x < s; x++)
            {
                aggregate[(index * s) + x] += weights[i] * b[x];
            }
        }

        var total = 0.0;
        var contacts = new double[h];
        var spend = new double[h];
        for (var v = 0; v < level.Count; v++)
        {
            var block = components[h][v];
            for (var x = 0; x < s; x++)
            {
                var a = aggregate[(v * s) + x];
                if (a == 0)
                {
                    continue;
                }

                total += a * block[x];
                for (var j = 0; j < h; j++)
                {
                    // Cycle j from now has h − j cycles left.
                    contacts[j] += a * block[((h - j) * s) + x];
                    spend[j] += a * block[((h + h - j) * s) + x];
                }
            }
        }

        return new PlanOutcome(value, total, contacts, spend);
    }

    /// <summary>
    /// Per entry, the expected outcome of following the plan from its belief (as in <see cref="Evaluate"/>, per
    /// participant, unweighted): V_h(b), the expected total utility at the workshop, and the expected contacts and spend
    /// in each cycle left.
    /// </summary>
    /// <param name="beliefs">The beliefs, row-major.</param>
    /// <param name="count">The number of entries.</param>
    /// <param name="cyclesLeft">h, from 0 to <see cref="Horizon"/>.</param>
    /// <param name="firstActions">Receives each entry's action this cycle.</param>
    /// <param name="values">Receives V_h(b) per entry.</param>
    /// <param name="totals">Receives the expected utility at the workshop per entry.</param>
    /// <param name="contacts">Receives the expected contacts per entry and cycle (entry i, cycle j from now at <c>i × h + j</c>).</param>
    /// <param name="spend">Receives the expected spend per entry and cycle, laid out as <paramref name="contacts"/>.</param>
    internal void EvaluateEntries(ReadOnlySpan<double> beliefs, int count, int cyclesLeft, Span<int> firstActions, Span<double> values, Span<double> totals, Span<double> contacts, Span<double> spend)
    {
        var s = Model.StateCount;
        var h = Math.Clamp(cyclesLeft, 0, Horizon);
        var components = Components();
        var level = _levels[h];
        for (var i = 0; i < count; i++)
        {
            var b = beliefs.Slice(i * s, s);
            values[i] = Max(level.Vectors, level.Count, b, out var index);
            firstActions[i] = h == 0 ? CycleObservations.None : level.Actions[index] - 1;
            var block = components[h][index];
            double u = 0;
            for (var x = 0; x < s; x++)
            {
                u += b[x] * block[x];
            }

            totals[i] = u;
            for (var j = 0; j < h; j++)
            {
                double c = 0, m = 0;
                for (var x = 0; x < s; x++)
                {
                    c += b[x] * block[((h - j) * s) + x];
                    m += b[x] * block[((h + h - j) * s) + x];
                }

                contacts[(i * h) + j] = c;
                spend[(i * h) + j] = m;
            }
        }
    }

    /// <summary>
    /// Per action (index 0 leave alone, k + 1 contact with k), for one belief with <paramref name="cyclesLeft"/> ≥ 1
    /// cycles left: Q_a(b), and the expected total utility at the workshop and the expected spend until then of the
    /// best plan that starts with that action.
    /// </summary>
    /// <param name="belief">The belief.</param>
    /// <param name="cyclesLeft">h, from 1 to <see cref="Horizon"/>.</param>
    /// <param name="q">Receives Q_a (−∞ for an action without vectors).</param>
    /// <param name="total">Receives the expected total utility at the workshop.</param>
    /// <param name="spend">Receives the expected spend (c_k, unpriced) until the workshop.</param>
    internal void ActionOutcomes(ReadOnlySpan<double> belief, int cyclesLeft, Span<double> q, Span<double> total, Span<double> spend)
    {
        var s = Model.StateCount;
        var h = Math.Clamp(cyclesLeft, 1, Horizon);
        var components = ActionComponents();
        var level = _levels[h];
        for (var a = 0; a < level.ActionCounts.Length; a++)
        {
            if (level.ActionCounts[a] == 0)
            {
                q[a] = double.NegativeInfinity;
                total[a] = double.NaN;
                spend[a] = double.NaN;
                continue;
            }

            q[a] = Max(level.ActionVectors[a], level.ActionCounts[a], belief, out var index);
            var block = components[h][a][index];
            double u = 0, c = 0;
            for (var x = 0; x < s; x++)
            {
                u += belief[x] * block[x];
                for (var j = 1; j <= h; j++)
                {
                    c += belief[x] * block[((h + j) * s) + x];
                }
            }

            total[a] = u;
            spend[a] = c;
        }
    }

    /// <summary>
    /// The components of every vector of V_h, level by level: per vector, S entries of the expected utility at the
    /// workshop, then for h' = 1..h the expected contacts in the cycle with h' cycles left, then for h' = 1..h the expected
    /// spend (c_k) in that cycle. Computed once, on first use.
    /// </summary>
    private double[][][] Components()
    {
        var computed = Volatile.Read(ref _components);
        if (computed is not null)
        {
            return computed;
        }

        lock (_gate)
        {
            if (_components is null)
            {
                CheckComponentSize();
                var s = Model.StateCount;
                var result = new double[Horizon + 1][][];
                result[0] = new double[_levels[0].Count][];
                for (var v = 0; v < _levels[0].Count; v++)
                {
                    result[0][v] = _levels[0].Vectors.AsSpan(v * s, s).ToArray();
                }

                for (var h = 1; h <= Horizon; h++)
                {
                    var level = _levels[h];
                    result[h] = new double[level.Count][];
                    for (var v = 0; v < level.Count; v++)
                    {
                        result[h][v] = Component(result[h - 1], _levels[h - 1].Star, h, level.Actions[v], level.Children[v], level.Reports[v]);
                    }
                }

                Volatile.Write(ref _components, result);
            }

            return _components;
        }
    }

    /// <summary>The components (see <see cref="Components"/>) of each level's vectors per action.</summary>
    private double[][][][] ActionComponents()
    {
        var computed = Volatile.Read(ref _actionComponents);
        if (computed is not null)
        {
            return computed;
        }

        var components = Components();
        lock (_gate)
        {
            if (_actionComponents is null)
            {
                var result = new double[Horizon + 1][][][];
                result[0] = [components[0]];
                for (var h = 1; h <= Horizon; h++)
                {
                    var level = _levels[h];
                    result[h] = new double[level.ActionCounts.Length][][];
                    for (var a = 0; a < level.ActionCounts.Length; a++)
                    {
                        result[h][a] = new double[level.ActionCounts[a]][];
                        for (var v = 0; v < level.ActionCounts[a]; v++)
                        {
                            result[h][a][v] = Component(components[h - 1], _levels[h - 1].Star, h, a, level.ActionChildren[a][v], level.ActionReports[a][v]);
                        }
                    }
                }

                Volatile.Write(ref _actionComponents, result);
            }

            return _actionComponents;
        }
    }

    private void CheckComponentSize()
    {
        long size = 0;
        for (var h = 0; h <= Horizon; h++)
        {
            size += (long)_levels[h].Count * ((2 * h) + 1) * Model.StateCount;
        }

        if (size > MaxComponentEntries)
        {
            throw new ValidationFailedException("Horizon", string.Create(CultureInfo.InvariantCulture, $"Forecasting a plan of {Horizon} cycles with {AlphaVectorCounts.Max()} alpha vectors per level needs {size} numbers, more than {MaxComponentEntries}; use a shorter horizon."));
        }
    }

    /// <summary>One vector's components at level h from its action and the previous level's components (child and revealed branch, or with noisy reports the vector followed after each report).</summary>
    private double[] Component(double[][] previous, int[] star, int h, int action, int child, int[]? reports)
    {
        var s = Model.StateCount;
        var result = new double[((2 * h) + 1) * s];
        var from = previous[child];
        var blocksBefore = (2 * (h - 1)) + 1;

        // Block b of level h − 1 (U, contacts 1..h−1, spend 1..h−1) lands in block Map(b) of level h.
        int Map(int b) => b == 0 ? 0 : b <= h - 1 ? b : b + 1;
        if (action == 0)
        {
            var t = Model.Transition;
            for (var b = 0; b < blocksBefore; b++)
            {
                var target = Map(b) * s;
                for (var x = 0; x < s; x++)
                {
                    var sum = 0.0;
                    for (var y = 0; y < s; y++)
                    {
                        sum += t[x, y] * from[(b * s) + y];
                    }

                    result[target + x] = sum;
                }
            }

            return result;
        }

        var intervention = Model.Interventions[action - 1];
        var c = intervention.Transition;
        for (var b = 0; b < blocksBefore; b++)
        {
            var target = Map(b) * s;
            for (var x = 0; x < s; x++)
            {
                double revealed = 0, silent = 0;
                for (var y = 0; y < s; y++)
                {
                    if (reports is null)
                    {
                        revealed += c[x, y] * previous[star[y]][(b * s) + y];
                    }
                    else
                    {
                        // Reported as o with probability O(y, o), then following that report's vector.
                        var reported = 0.0;
                        for (var o = 0; o < s; o++)
                        {
                            reported += intervention.GetReportProbability(y, o) * previous[reports[o]][(b * s) + y];
                        }

                        revealed += c[x, y] * reported;
                    }

                    silent += c[x, y] * from[(b * s) + y];
                }

                var r = intervention.GetResponseRate(x);
                result[target + x] = (r * revealed) + ((1 - r) * silent);
            }
        }

        for (var x = 0; x < s; x++)
        {
            result[(h * s) + x] = 1;
            result[(2 * h * s) + x] = intervention.Cost;
        }

        return result;
    }

    /// <summary>
    /// One level h: the vectors of V_h (flattened, Count × S) and, per action (0 = leave alone, k + 1 = intervention k),
    /// the vectors of Q_a; the effective costs of the level's cycle; where each vector came from (its action and the
    /// index of the level h − 1 vector of its silent or passive branch); and per state y the vector with the largest
    /// entry y (the revealed branch of level h + 1); for a contact with a noisy report model, the level h − 1 vector
    /// followed after each report instead.
    /// </summary>
    internal sealed class Level(double[] vectors, int count, double[][] actionVectors, int[] actionCounts, double[] costs, int[] actions, int[] children, int[][] actionChildren, int[] star, int[]?[] reports, int[]?[][] actionReports)
    {
        public double[] Vectors { get; } = vectors;

        public int Count { get; } = count;

        public double[][] ActionVectors { get; } = actionVectors;

        public int[] ActionCounts { get; } = actionCounts;

        public double[] Costs { get; } = costs;

        public int[] Actions { get; } = actions;

        public int[] Children { get; } = children;

        public int[][] ActionChildren { get; } = actionChildren;

        public int[] Star { get; } = star;

        /// <summary>Per vector, for a contact with a noisy report model, the index of the level h − 1 vector followed after each report o; <see langword="null"/> otherwise (the revealed branch is <see cref="Star"/>).</summary>
        public int[]?[] Reports { get; } = reports;

        public int[]?[][] ActionReports { get; } = actionReports;
    }
}

/// <summary>The expected outcome of following a plan from weighted beliefs (see <c>PomdpSolution.Evaluate</c>).</summary>
/// <param name="Value">Σ_i w_i·V_h(b_i): the plan's objective (utility minus priced costs).</param>
/// <param name="Total">The expected total utility at the workshop week.</param>
/// <param name="Contacts">The expected contacts per cycle, this cycle first.</param>
/// <param name="Spend">The expected spend (Σ c_k, unpriced) per cycle, this cycle first.</param>
internal sealed record PlanOutcome(double Value, double Total, double[] Contacts, double[] Spend);
