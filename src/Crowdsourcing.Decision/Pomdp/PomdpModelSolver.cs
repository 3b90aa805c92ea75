using System.Globalization;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>
/// Solves a general <see cref="PomdpModel"/> for a finite horizon H by value iteration over alpha vectors.
/// </summary>
/// <remarks>
/// <para><b>Bellman backup</b> (h steps to go, V_0 = the terminal value function or 0):
/// V_h(b) = max_a [ Σ_s b(s)·R(a, s) + γ·Σ_o P(o | b, a)·V_{h−1}(τ(b, a, o)) ]. Each V_h is the upper envelope of a
/// finite set Γ_h of alpha vectors, and for α ∈ Γ_{h−1} the projection g_{a,o}^α(s) = Σ_{s'} T(s, a, s')·O(a, s', o)·α(s')
/// turns the backup into Γ_h = ∪_a [ R_a + γ·⊕_o { g_{a,o}^α } ] (⊕ the cross-sum).</para>
/// <para><b>Exact method</b>: incremental pruning (Cassandra, Littman and Zhang 1997): the projections of each
/// (a, o) are pruned, the cross-sum is built one observation at a time and pruned after each step, and the union over
/// actions is pruned once more. Observations whose pruned projections are known without pruning skip it: an
/// impossible one (T·O = 0) adds nothing, and when every projection is a non-negative multiple of one vector (the
/// observation reveals the state reached s'_o, so g(s) = T(s, a, s'_o)·O(a, s'_o, o)·α(s'_o), as a CrowdArb answer
/// does; or it says nothing after a reset, every non-zero row of T·O being the same row m) the projection of the α with
/// the largest α(s'_o), or m·α, is at least every other one in every state and alone is added to every vector of the
/// action, without a cross-sum or a linear programme. An action with a single remaining observation sends its
/// projections straight to the union's pruning (pruning them first would only repeat it). Pruning is Lark's filter (pointwise dominance, then a small linear programme per vector
/// that looks for a belief where the vector beats the ones kept by more than ε; a dense simplex with Bland's rule). The
/// reported bounds are the value ± Σ_h γ^(H−h)·2|Ω|·ε (each of the at most 2|Ω| pruning steps of a level loses at most ε at any belief).</para>
/// <para><b>Point-based method</b>: point-based value iteration (Pineau, Gordon and Thrun 2003) over a fixed set of
/// beliefs: the start belief, the corners of the simplex and the beliefs reachable breadth-first from the start belief.
/// At each point the best backed-up vector is kept, so every vector is the value of a conditional plan and V_H(b₀) is
/// a lower bound. The upper bound is the fast informed bound (Hauskrecht 2000) with a sawtooth interpolation backed up
/// at the same points; their difference is <see cref="PomdpValueFunction.Gap"/>.</para>
/// Pure and deterministic: the same model and options give the same vectors.
/// </remarks>
public static class PomdpModelSolver
{
    /// <summary>The largest horizon: 100,000 steps.</summary>
    public const int MaxHorizon = 100_000;

    /// <summary>Above this many operations per level the sawtooth part of the upper bound is skipped (the fast informed bound alone remains).</summary>
    private const double MaxSawtoothWork = 2e8;

    /// <summary>Solves <paramref name="model"/> for <paramref name="horizon"/> steps.</summary>
    /// <param name="model">The model.</param>
    /// <param name="horizon">H, 0 to <see cref="MaxHorizon"/>.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels between (and inside) levels.</param>
    /// <returns>The value function with its bounds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ValidationFailedException">The horizon or an option is out of range, or <see cref="PomdpSolverMethod.Exact"/> was asked for and a level needs more than <see cref="PomdpModelSolverOptions.MaxAlphaVectors"/> vectors.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static PomdpValueFunction Solve(PomdpModel model, int horizon, PomdpModelSolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new PomdpModelSolverOptions();
        if (horizon < 0 || horizon > MaxHorizon)
        {
            throw new ValidationFailedException("horizon", string.Create(CultureInfo.InvariantCulture, $"The horizon must be between 0 and {MaxHorizon:N0}. (value: {horizon})"));
        }

        if (!(options.PruningTolerance > 0) || !double.IsFinite(options.PruningTolerance))
        {
            throw new ValidationFailedException("PruningTolerance", string.Create(CultureInfo.InvariantCulture, $"PruningTolerance must be positive and finite. (value: {options.PruningTolerance})"));
        }

        if (options.MaxAlphaVectors is < 1 or > 1_000_000)
        {
            throw new ValidationFailedException("MaxAlphaVectors", string.Create(CultureInfo.InvariantCulture, $"MaxAlphaVectors must be between 1 and 1,000,000. (value: {options.MaxAlphaVectors})"));
        }

        if (options.MaxBeliefPoints is < 1 or > 100_000)
        {
            throw new ValidationFailedException("MaxBeliefPoints", string.Create(CultureInfo.InvariantCulture, $"MaxBeliefPoints must be between 1 and 100,000. (value: {options.MaxBeliefPoints})"));
        }

        if (!Enum.IsDefined(options.Method))
        {
            throw new ValidationFailedException("Method", string.Create(CultureInfo.InvariantCulture, $"Method {(int)options.Method} is not a solver method."));
        }

        if (options.Method != PomdpSolverMethod.PointBased)
        {
            var exact = SolveExact(model, horizon, options, options.Method == PomdpSolverMethod.Exact, cancellationToken);
            if (exact is not null)
            {
                return exact;
            }
        }

        return SolvePointBased(model, horizon, options, cancellationToken);
    }

    private static List<Vec> Terminal(PomdpModel model)
    {
        var terminal = model.TerminalArrays;
        return terminal.Length == 0 ? [new Vec(-1, new double[model.StateCount])] : [.. terminal.Select(t => new Vec(-1, (double[])t.Clone()))];
    }

    private static PomdpValueFunction? SolveExact(PomdpModel model, int horizon, PomdpModelSolverOptions options, bool throwOnOverflow, CancellationToken cancellationToken)
    {
        var s = model.StateCount;
        var o = model.ObservationCount;
        var factors = Factors(model);
        var levels = new IReadOnlyList<AlphaVector>[horizon + 1];
        var errorBound = 0.0;
        var gamma = Prune(Terminal(model), options.PruningTolerance, out var epsilon0);
        errorBound += epsilon0;
        levels[0] = ToAlpha(gamma);
        var limit = 10L * options.MaxAlphaVectors;
        var union = new List<Vec>();
        for (var h = 1; h <= horizon; h++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            union.Clear();
            var largestEpsilon = 0.0;
            for (var a = 0; a < model.ActionCount; a++)
            {
                // R_a plus the projections of the observations whose pruned set is one vector; the cross-sum of the
                // others (pruned before each step; the last sum goes unpruned into the union, which is pruned anyway).
                var constant = model.RewardRow(a).ToArray();
                List<double[]>? sum = null;
                var crossed = false;
                for (var z = 0; z < o; z++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var factor = factors[(a * o) + z];
                    if (factor.Kind == FactorKind.Zero)
                    {
                        continue;
                    }

                    if (factor.Kind == FactorKind.OneVector)
                    {
                        AddProjection(factor.Matrix, Best(gamma, factor.Direction!), model.Discount, constant);
                        continue;
                    }

                    var projections = new List<double[]>(gamma.Count);
                    foreach (var alpha in gamma)
                    {
                        var g = new double[s];
                        AddProjection(factor.Matrix, alpha.Values, model.Discount, g);
                        projections.Add(g);
                    }

                    if (sum is null)
                    {
                        sum = projections;
                        continue;
                    }

                    sum = Prune(sum, options.PruningTolerance, ref largestEpsilon);
                    projections = Prune(projections, options.PruningTolerance, ref largestEpsilon);
                    if ((long)sum.Count * projections.Count > limit)
                    {
                        return Overflow(throwOnOverflow, h, (long)sum.Count * projections.Count, options);
                    }

                    var cross = new List<double[]>(sum.Count * projections.Count);
                    foreach (var u in sum)
                    {
                        foreach (var v in projections)
                        {
                            var w = new double[s];
                            for (var x = 0; x < s; x++)
                            {
                                w[x] = u[x] + v[x];
                            }

                            cross.Add(w);
                        }
                    }

                    sum = cross;
                    crossed = true;
                }

                if (sum is null)
                {
                    union.Add(new Vec(a, constant));
                    continue;
                }

                if (crossed)
                {
                    // A cross-sum can be far larger than Γ: prune it before the union.
                    sum = Prune(sum, options.PruningTolerance, ref largestEpsilon);
                }

                foreach (var v in sum)
                {
                    for (var x = 0; x < s; x++)
                    {
                        v[x] += constant[x];
                    }

                    union.Add(new Vec(a, v));
                }
            }

            gamma = Prune(union, options.PruningTolerance, out var e3);
            largestEpsilon = Math.Max(largestEpsilon, e3);
            errorBound = (model.Discount * errorBound) + (2 * o * largestEpsilon);
            if (gamma.Count > options.MaxAlphaVectors)
            {
                return Overflow(throwOnOverflow, h, gamma.Count, options);
            }

            levels[h] = ToAlpha(gamma);
        }

        var result = new PomdpValueFunction(model, horizon, PomdpSolverMethod.Exact, levels, 0, 0, 0);
        var value = result.Value;
        return new PomdpValueFunction(model, horizon, PomdpSolverMethod.Exact, levels, value - errorBound, value + errorBound, 0);
    }

    /// <summary>
    /// Per (a, o), the matrix M(s, s') = T(s, a, s')·O(a, s', o) of its projections g = M·α, and whether their pruned
    /// set is known without pruning: no vector worth keeping when M = 0 (the observation cannot follow a), one vector
    /// when every projection is a non-negative multiple of the same vector, that is when M has a single non-zero
    /// column s'_o (the observation reveals the state: g(s) = M(s, s'_o)·α(s'_o)) or when all its non-zero rows are
    /// equal to one row m (the observation says nothing about the state: g(s) = m·α on those rows, 0 elsewhere). Then
    /// the α with the largest α(s'_o), or the largest m·α, gives a projection at least as large as every other one in
    /// every state (the same arithmetic, and rounding is monotone), so it alone is kept, without a linear programme.
    /// </summary>
    private static Factor[] Factors(PomdpModel model)
    {
        var s = model.StateCount;
        var o = model.ObservationCount;
        var factors = new Factor[model.ActionCount * o];
        for (var a = 0; a < model.ActionCount; a++)
        {
            for (var z = 0; z < o; z++)
            {
                var m = new double[s * s];
                for (var x = 0; x < s; x++)
                {
                    var row = model.TransitionRow(a, x);
                    for (var y = 0; y < s; y++)
                    {
                        m[(x * s) + y] = row[y] * model.Observation(a, y, z);
                    }
                }

                factors[(a * o) + z] = Classify(m, s);
            }
        }

        return factors;
    }

    private static Factor Classify(double[] m, int s)
    {
        var column = -1;
        var singleColumn = true;
        double[]? row = null;
        var equalRows = true;
        for (var x = 0; x < s; x++)
        {
            var current = m.AsSpan(x * s, s);
            var nonZero = false;
            for (var y = 0; y < s; y++)
            {
                if (current[y] != 0)
                {
                    nonZero = true;
                    if (column < 0)
                    {
                        column = y;
                    }
                    else if (column != y)
                    {
                        singleColumn = false;
                    }
                }
            }

            if (!nonZero)
            {
                continue;
            }

            if (row is null)
            {
                row = current.ToArray();
            }
            else if (!current.SequenceEqual(row))
            {
                equalRows = false;
            }
        }

        if (row is null)
        {
            return new Factor(FactorKind.Zero, m, null);
        }

        if (singleColumn)
        {
            var unit = new double[s];
            unit[column] = 1;
            return new Factor(FactorKind.OneVector, m, unit);
        }

        return equalRows ? new Factor(FactorKind.OneVector, m, row) : new Factor(FactorKind.General, m, null);
    }

    /// <summary>The vector of Γ with the largest d·α (the first on ties).</summary>
    private static double[] Best(List<Vec> gamma, double[] direction)
    {
        var best = gamma[0].Values;
        var bestValue = double.NegativeInfinity;
        foreach (var alpha in gamma)
        {
            var value = Dot(direction, alpha.Values);
            if (value > bestValue)
            {
                bestValue = value;
                best = alpha.Values;
            }
        }

        return best;
    }

    /// <summary>target(s) += γ·Σ_{s'} M(s, s')·α(s').</summary>
    private static void AddProjection(double[] m, double[] alpha, double discount, double[] target)
    {
        var s = alpha.Length;
        for (var x = 0; x < s; x++)
        {
            var row = m.AsSpan(x * s, s);
            var sum = 0.0;
            for (var y = 0; y < s; y++)
            {
                sum += row[y] * alpha[y];
            }

            target[x] += discount * sum;
        }
    }

    private static PomdpValueFunction? Overflow(bool throwOnOverflow, int h, long count, PomdpModelSolverOptions options) =>
        throwOnOverflow
            ? throw new ValidationFailedException("MaxAlphaVectors", string.Create(CultureInfo.InvariantCulture, $"The exact solution needs {count:N0} alpha vectors at h = {h}, more than MaxAlphaVectors = {options.MaxAlphaVectors:N0} allows; use the point-based method or raise the limit."))
            : null;

    private static PomdpValueFunction SolvePointBased(PomdpModel model, int horizon, PomdpModelSolverOptions options, CancellationToken cancellationToken)
    {
        var s = model.StateCount;
        var o = model.ObservationCount;
        var nA = model.ActionCount;
        var points = BeliefPoints(model, options.MaxBeliefPoints, cancellationToken);
        var levels = new IReadOnlyList<AlphaVector>[horizon + 1];
        var gamma = Terminal(model);
        levels[0] = ToAlpha(gamma);

        // The upper bound: fast informed bound vectors (one per action) and sawtooth values at the points.
        var fib = gamma.Select(v => v.Values).ToList();
        var upper = points.Select(p => Max(fib, p)).ToArray();
        var corners = new double[s];
        for (var x = 0; x < s; x++)
        {
            corners[x] = upper[x];
        }

        var successors = Successors(model, points);
        var sawtooth = (double)points.Count * points.Count * nA * o * s <= MaxSawtoothWork;
        for (var h = 1; h <= horizon; h++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Lower bound: point-based backups.
            var projected = new double[nA][][][];
            for (var a = 0; a < nA; a++)
            {
                projected[a] = new double[o][][];
                for (var z = 0; z < o; z++)
                {
                    projected[a][z] = [.. gamma.Select(alpha => Project(model, a, z, alpha.Values))];
                }
            }

            var next = new List<Vec>();
            var seen = new HashSet<(int Action, string Key)>();
            foreach (var b in points)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Vec? best = null;
                var bestValue = double.NegativeInfinity;
                for (var a = 0; a < nA; a++)
                {
                    var v = model.RewardRow(a).ToArray();
                    for (var z = 0; z < o; z++)
                    {
                        var g = projected[a][z];
                        var choice = 0;
                        var choiceValue = double.NegativeInfinity;
                        for (var i = 0; i < g.Length; i++)
                        {
                            var d = Dot(g[i], b);
                            if (d > choiceValue)
                            {
                                choiceValue = d;
                                choice = i;
                            }
                        }

                        for (var x = 0; x < s; x++)
                        {
                            v[x] += model.Discount * g[choice][x];
                        }
                    }

                    var value = Dot(v, b);
                    if (value > bestValue)
                    {
                        bestValue = value;
                        best = new Vec(a, v);
                    }
                }

                if (seen.Add((best!.Action, string.Join(',', best.Values.Select(e => e.ToString("R", CultureInfo.InvariantCulture))))))
                {
                    next.Add(best);
                }
            }

            gamma = next;
            levels[h] = ToAlpha(gamma);

            // Upper bound: the fast informed bound backup, then sawtooth backups at the points.
            var nextFib = new List<double[]>(nA);
            for (var a = 0; a < nA; a++)
            {
                var v = model.RewardRow(a).ToArray();
                for (var z = 0; z < o; z++)
                {
                    var projections = fib.Select(alpha => Project(model, a, z, alpha)).ToList();
                    for (var x = 0; x < s; x++)
                    {
                        var m = double.NegativeInfinity;
                        foreach (var g in projections)
                        {
                            m = Math.Max(m, g[x]);
                        }

                        v[x] += model.Discount * m;
                    }
                }

                nextFib.Add(v);
            }

            var nextUpper = new double[points.Count];
            for (var i = 0; i < points.Count; i++)
            {
                var b = points[i];
                var bound = Max(nextFib, b);
                if (sawtooth)
                {
                    var backedUp = double.NegativeInfinity;
                    for (var a = 0; a < nA; a++)
                    {
                        var q = Dot(model.RewardRow(a), b);
                        for (var z = 0; z < o; z++)
                        {
                            var (probability, successor) = successors[i][(a * o) + z];
                            if (probability > 0)
                            {
                                q += model.Discount * probability * Math.Min(Max(fib, successor), Sawtooth(successor, points, upper, corners));
                            }
                        }

                        backedUp = Math.Max(backedUp, q);
                    }

                    bound = Math.Min(bound, backedUp);
                }

                nextUpper[i] = bound;
            }

            fib = nextFib;
            upper = nextUpper;
            for (var x = 0; x < s; x++)
            {
                corners[x] = upper[x];
            }
        }

        var start = model.InitialBelief.ToArray();
        var lower = Max(gamma.Select(v => v.Values).ToList(), start);

        // Point 0 is the start belief.
        var upperBound = Math.Min(upper[s < points.Count ? s : 0], Max(fib, start));
        return new PomdpValueFunction(model, horizon, PomdpSolverMethod.PointBased, levels, lower, upperBound, points.Count);
    }

    /// <summary>The corners of the simplex first, then the start belief, then the beliefs reachable from it breadth-first.</summary>
    private static List<double[]> BeliefPoints(PomdpModel model, int max, CancellationToken cancellationToken)
    {
        var s = model.StateCount;
        var points = new List<double[]>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        bool Add(double[] b)
        {
            if (points.Count >= max + s)
            {
                return false;
            }

            if (keys.Add(string.Join(',', b.Select(e => Math.Round(e, 9).ToString("R", CultureInfo.InvariantCulture)))))
            {
                points.Add(b);
                return true;
            }

            return false;
        }

        for (var x = 0; x < s; x++)
        {
            var corner = new double[s];
            corner[x] = 1;
            Add(corner);
        }

        var start = model.InitialBelief.ToArray();
        if (!Add(start))
        {
            // The start belief is a corner: keep it at index s all the same, for the bound.
            points.Add(start);
        }

        var queue = new Queue<double[]>();
        queue.Enqueue(start);
        var next = new double[s];
        while (queue.Count > 0 && points.Count < max + s)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var b = queue.Dequeue();
            for (var a = 0; a < model.ActionCount; a++)
            {
                for (var z = 0; z < model.ObservationCount; z++)
                {
                    if (model.UpdateBelief(b, a, z, next) > 0)
                    {
                        var copy = (double[])next.Clone();
                        if (Add(copy))
                        {
                            queue.Enqueue(copy);
                        }
                    }
                }
            }
        }

        return points;
    }

    private static (double Probability, double[] Belief)[][] Successors(PomdpModel model, List<double[]> points)
    {
        var o = model.ObservationCount;
        var result = new (double, double[])[points.Count][];
        for (var i = 0; i < points.Count; i++)
        {
            result[i] = new (double, double[])[model.ActionCount * o];
            for (var a = 0; a < model.ActionCount; a++)
            {
                for (var z = 0; z < o; z++)
                {
                    var next = new double[model.StateCount];
                    var p = model.UpdateBelief(points[i], a, z, next);
                    result[i][(a * o) + z] = (p, next);
                }
            }
        }

        return result;
    }

    /// <summary>Hauskrecht's sawtooth upper bound at b from the corner values and the values at the points.</summary>
    private static double Sawtooth(double[] b, List<double[]> points, double[] upper, double[] corners)
    {
        var linear = Dot(corners, b);
        var best = linear;
        for (var i = corners.Length; i < points.Count; i++)
        {
            var p = points[i];
            var drop = Dot(corners, p) - upper[i];
            if (drop <= 0)
            {
                continue;
            }

            var ratio = double.PositiveInfinity;
            for (var x = 0; x < b.Length; x++)
            {
                if (p[x] > 0)
                {
                    ratio = Math.Min(ratio, b[x] / p[x]);
                }
            }

            best = Math.Min(best, linear - (drop * ratio));
        }

        return best;
    }

    /// <summary>g(s) = Σ_{s'} T(s, a, s')·O(a, s', o)·α(s').</summary>
    private static double[] Project(PomdpModel model, int a, int z, double[] alpha)
    {
        var s = model.StateCount;
        Span<double> weighted = s <= 256 ? stackalloc double[s] : new double[s];
        for (var y = 0; y < s; y++)
        {
            weighted[y] = model.Observation(a, y, z) * alpha[y];
        }

        var g = new double[s];
        for (var x = 0; x < s; x++)
        {
            var row = model.TransitionRow(a, x);
            var sum = 0.0;
            for (var y = 0; y < s; y++)
            {
                sum += row[y] * weighted[y];
            }

            g[x] = sum;
        }

        return g;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var x = 0; x < a.Length; x++)
        {
            sum += a[x] * b[x];
        }

        return sum;
    }

    private static double Max(List<double[]> vectors, double[] b)
    {
        var best = double.NegativeInfinity;
        foreach (var v in vectors)
        {
            best = Math.Max(best, Dot(v, b));
        }

        return best;
    }

    /// <summary>ε = tolerance × max(1, the largest absolute entry of <paramref name="vectors"/>).</summary>
    private static double Epsilon(IEnumerable<double[]> vectors, double tolerance)
    {
        var scale = 1.0;
        foreach (var v in vectors)
        {
            foreach (var e in v)
            {
                scale = Math.Max(scale, Math.Abs(e));
            }
        }

        return tolerance * scale;
    }

    /// <summary>Lark's filter (see <see cref="PomdpSolver.PruneIndices"/>) with ε from <see cref="Epsilon"/>; <paramref name="largestEpsilon"/> keeps the largest ε used.</summary>
    private static List<double[]> Prune(List<double[]> input, double tolerance, ref double largestEpsilon)
    {
        var epsilon = Epsilon(input, tolerance);
        largestEpsilon = Math.Max(largestEpsilon, epsilon);
        return input.Count <= 1 ? input : PomdpSolver.Prune(input, input[0].Length, epsilon);
    }

    /// <summary>Lark's filter with ε from <see cref="Epsilon"/>; keeps each kept vector's action.</summary>
    private static List<Vec> Prune(List<Vec> input, double tolerance, out double epsilon)
    {
        var values = new double[input.Count][];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = input[i].Values;
        }

        epsilon = Epsilon(values, tolerance);
        if (input.Count <= 1)
        {
            return [.. input];
        }

        var kept = PomdpSolver.PruneIndices(values, values[0].Length, epsilon);
        var result = new List<Vec>(kept.Count);
        foreach (var i in kept)
        {
            result.Add(input[i]);
        }

        return result;
    }

    private static AlphaVector[] ToAlpha(List<Vec> vectors) => [.. vectors.Select(v => new AlphaVector(v.Action, Array.AsReadOnly((double[])v.Values.Clone())))];

    private sealed record Vec(int Action, double[] Values);

    /// <summary>How the projections of one (action, observation) pair are pruned (see <see cref="Factors"/>).</summary>
    private enum FactorKind
    {
        /// <summary>M = 0: every projection is 0.</summary>
        Zero,

        /// <summary>One projection dominates the others: the one of the α with the largest <see cref="Factor.Direction"/>·α.</summary>
        OneVector,

        /// <summary>Projected and pruned.</summary>
        General,
    }

    /// <summary>The projection matrix of one (action, observation) pair, flat by rows, with its kind.</summary>
    private sealed record Factor(FactorKind Kind, double[] Matrix, double[]? Direction);
}
