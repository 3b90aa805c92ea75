using System.Globalization;
using Crowdsourcing.Decision.Internal;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>
/// Solves the per-participant planning problem until the workshop: a finite-horizon partially observable Markov
/// decision process (POMDP) over the model's states.
/// </summary>
/// <remarks>
/// <para><b>The process.</b> Hidden state x ∈ S. In each of the H cycles the organiser chooses an action u: leave alone
/// (the state moves by T, nothing is observed) or contact with intervention k (cost c_k; the state moves by C_k; with
/// probability r_k(x), x the state at contact time, the participant responds and reveals the new state y; otherwise
/// nothing is observed). After the last cycle the reward is MEU(b_H) = max_a Σ_x b_H(x)·U(x, a), the utility of the
/// workshop decision on the final belief. The objective is E[MEU(b_H)] − E[Σ costs].</para>
/// <para><b>The Bellman backup</b> (h cycles left, V_0(b) = MEU(b)):
/// V_h(b) = max( V_{h−1}(b·T), max_k [ −c_k + Σ_{x,y} b(x)·r_k(x)·C_k(x, y)·V_{h−1}(e_y) + V_{h−1}(Σ_x b(x)·(1 − r_k(x))·C_k(x, ·)) ] ),
/// where V_{h−1} of an unnormalised vector is its positively homogeneous extension. Every V_h is convex and piecewise
/// linear: V_h(b) = max_{α ∈ Γ_h} b·α. Because a response reveals the state, the revealed branch is a constant
/// v*(y) = max_α α(y) per state, so each vector of Γ_{h−1} yields exactly one vector per action:
/// leave alone α ↦ T·α; contact k α ↦ −c_k + r_k ∘ (C_k·v*) + (1 − r_k) ∘ (C_k·α). There is no cross-sum, and the
/// sets stay small.</para>
/// <para><b>Noisy reports.</b> With a report model O_k (<see cref="Intervention.ReportModel"/>) the answered branch sums
/// over the reports o, each followed by its own best vector: contact k (α_silent, α_o) ↦ −c_k + (1 − r_k) ∘ (C_k·α_silent)
/// + Σ_o r_k ∘ (C_k·(O_k(·, o) ∘ α_o)). The exact method builds this cross-sum by incremental pruning (pruned after each
/// report, 2S + 1 prunes more per level, so the bound is (2S + 3)·H·ε); the point-based method takes, at each grid point,
/// the best vector per branch. Without a report model the backup above runs unchanged.</para>
/// <para><b>Exact method.</b> Value iteration over these vectors, each level pruned by Lark's filter: pointwise-dominated
/// vectors are dropped, then a vector is kept only if a small linear programme (<c>DominanceLp</c>, a tableau simplex
/// with Bland's rule) finds a belief where it beats the vectors kept so far by more than ε = tolerance·scale. The value
/// is exact up to 2·H·ε per participant (<see cref="PomdpSolution.ErrorBound"/>).</para>
/// <para><b>Point-based method</b> (PBVI over a regular grid of beliefs with entries k/m): at every grid point keep the
/// best backed-up vector; a lower bound within Σ_h spread_h·δ_B of the optimum, δ_B = 2⌊S/2⌋⌈S/2⌉/(S·m) the largest L1
/// distance from a belief to the grid.</para>
/// </remarks>
public static class PomdpSolver
{
    /// <summary>Solves the planning problem for a horizon of <paramref name="horizon"/> cycles.</summary>
    /// <param name="model">The model.</param>
    /// <param name="horizon">H, the number of cycles until the workshop week; 0 to 10,000.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels between levels.</param>
    /// <returns>The solution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The horizon or an option is out of range.</exception>
    /// <exception cref="InvalidOperationException"><see cref="PomdpSolverMethod.Exact"/> was asked for and a level needs more than <see cref="PomdpSolverOptions.MaxAlphaVectors"/> vectors.</exception>
    public static PomdpSolution Solve(DecisionModel model, int horizon, PomdpSolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new PomdpSolverOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, 10_000);
        if (!double.IsFinite(options.CostMultiplier) || options.CostMultiplier < 0)
        {
            throw new ValidationFailedException("CostMultiplier", string.Create(CultureInfo.InvariantCulture, $"CostMultiplier must be finite and non-negative. (value: {options.CostMultiplier})."));
        }

        if (!double.IsFinite(options.ContactPrice))
        {
            throw new ValidationFailedException("ContactPrice", string.Create(CultureInfo.InvariantCulture, $"ContactPrice must be finite. (value: {options.ContactPrice})."));
        }

        if (!(options.PruningTolerance > 0) || !double.IsFinite(options.PruningTolerance))
        {
            throw new ValidationFailedException("PruningTolerance", string.Create(CultureInfo.InvariantCulture, $"PruningTolerance must be positive and finite. (value: {options.PruningTolerance})."));
        }

        if (options.CyclePrices is { } prices)
        {
            if (prices.Count != horizon)
            {
                throw new ValidationFailedException("CyclePrices", string.Create(CultureInfo.InvariantCulture, $"CyclePrices has {prices.Count} entries; it needs one per cycle of the horizon ({horizon})."));
            }

            for (var j = 0; j < prices.Count; j++)
            {
                if (!double.IsFinite(prices[j]))
                {
                    throw new ValidationFailedException($"CyclePrices[{j}]", string.Create(CultureInfo.InvariantCulture, $"CyclePrices[{j}] must be finite. (value: {prices[j]})."));
                }
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAlphaVectors, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.GridResolution, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxGridPoints, 1, nameof(options));

        var problem = new Problem(model, options);
        var method = options.Method;
        if (method == PomdpSolverMethod.Auto)
        {
            if (model.StateCount <= options.MaxExactStates)
            {
                var exact = SolveExact(problem, horizon, throwOnOverflow: false, cancellationToken);
                if (exact is not null)
                {
                    return exact;
                }
            }

            return SolvePointBased(problem, horizon, cancellationToken);
        }

        return method == PomdpSolverMethod.Exact
            ? SolveExact(problem, horizon, throwOnOverflow: true, cancellationToken)!
            : SolvePointBased(problem, horizon, cancellationToken);
    }

    private static PomdpSolution? SolveExact(Problem p, int horizon, bool throwOnOverflow, CancellationToken cancellationToken)
    {
        var epsilon = p.Options.PruningTolerance * p.Scale;
        var levels = new PomdpSolution.Level[horizon + 1];
        var gamma = Prune(p.Terminal(), p.S, epsilon);
        levels[0] = p.TerminalLevel(gamma);
        for (var h = 1; h <= horizon; h++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var backup = p.Backup(gamma, p.CostsAt(horizon, h), epsilon, null);
            if (backup is null)
            {
                return throwOnOverflow
                    ? throw new ValidationFailedException("MaxAlphaVectors", string.Create(CultureInfo.InvariantCulture, $"The exact solution's cross-sum over the reports needs more than {10L * p.Options.MaxAlphaVectors} vectors at h = {h} (10 × MaxAlphaVectors = {p.Options.MaxAlphaVectors}); use PomdpSolverMethod.PointBased or raise the limit."))
                    : null;
            }

            var candidates = backup.Vectors;
            var perAction = new List<double[]>[candidates.Length];
            var union = new List<double[]>();
            for (var a = 0; a < candidates.Length; a++)
            {
                perAction[a] = Prune(candidates[a], p.S, epsilon);
                union.AddRange(perAction[a]);
            }

            gamma = Prune(union, p.S, epsilon);
            if (gamma.Count > p.Options.MaxAlphaVectors)
            {
                if (throwOnOverflow)
                {
                    throw new ValidationFailedException("MaxAlphaVectors", string.Create(CultureInfo.InvariantCulture, $"The exact solution needs {gamma.Count} alpha vectors at h = {h}, more than MaxAlphaVectors = {p.Options.MaxAlphaVectors}; use PomdpSolverMethod.PointBased or raise the limit."));
                }

                return null;
            }

            levels[h] = p.Level(gamma, perAction, backup);
        }

        // Per level: the per-action and union prunes, and with noisy reports the 2S + 1 prunes of the cross-sum.
        var prunesPerLevel = p.Model.HasNoisyReports ? (2 * p.S) + 3 : 2;
        return new PomdpSolution(p.Model, horizon, PomdpSolverMethod.Exact, p.Options, levels, p.Costs, prunesPerLevel * horizon * epsilon, 0, 0, p.Scale);
    }

    private static PomdpSolution SolvePointBased(Problem p, int horizon, CancellationToken cancellationToken)
    {
        var s = p.S;
        var m = p.Options.GridResolution;
        if (m == 0)
        {
            m = 1;
            while (GridSize(m + 1, s) <= p.Options.MaxGridPoints)
            {
                m++;
            }
        }

        var grid = Grid(m, s);
        var deltaB = 2.0 * (s / 2) * ((s + 1) / 2) / (s * (double)m);
        var levels = new PomdpSolution.Level[horizon + 1];
        var gamma = p.Terminal();
        levels[0] = p.TerminalLevel(gamma);
        var bound = 0.0;
        for (var h = 1; h <= horizon; h++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var backup = p.Backup(gamma, p.CostsAt(horizon, h), 0, grid)!;
            var candidates = backup.Vectors;
            var flat = candidates.Select(c => Flatten(c, s)).ToArray();
            var usedPerAction = candidates.Select(_ => new SortedSet<int>()).ToArray();
            var usedOverall = new HashSet<(int Action, int Index)>();
            var order = new List<(int Action, int Index)>();
            double low = double.PositiveInfinity, high = double.NegativeInfinity;
            foreach (var list in candidates)
            {
                foreach (var v in list)
                {
                    foreach (var e in v)
                    {
                        low = Math.Min(low, e);
                        high = Math.Max(high, e);
                    }
                }
            }

            foreach (var b in grid)
            {
                var bestValue = double.NegativeInfinity;
                (int Action, int Index) best = (-1, -1);
                for (var a = 0; a < candidates.Length; a++)
                {
                    if (candidates[a].Count == 0)
                    {
                        continue;
                    }

                    var value = PomdpSolution.Max(flat[a], candidates[a].Count, b, out var index);
                    usedPerAction[a].Add(index);
                    if (value > bestValue + (1e-12 * p.Scale))
                    {
                        bestValue = value;
                        best = (a, index);
                    }
                }

                if (usedOverall.Add(best))
                {
                    order.Add(best);
                }
            }

            bound += (high - low) * deltaB;
            gamma = [.. order.Select(o => candidates[o.Action][o.Index])];
            var perAction = usedPerAction.Select((set, a) => set.Select(i => candidates[a][i]).ToList()).ToArray();
            levels[h] = p.Level(gamma, perAction, backup);
        }

        return new PomdpSolution(p.Model, horizon, PomdpSolverMethod.PointBased, p.Options, levels, p.Costs, bound, m, grid.Count, p.Scale);
    }

    /// <summary>Lark's filter: drop duplicates and pointwise-dominated vectors, then keep a vector only where an LP finds a belief at which it beats the kept set by more than ε.</summary>
    internal static List<double[]> Prune(List<double[]> input, int s, double epsilon)
    {
        var kept = PruneIndices(input, s, epsilon);
        var result = new List<double[]>(kept.Count);
        foreach (var i in kept)
        {
            result.Add(input[i]);
        }

        return result;
    }

    /// <summary><see cref="Prune"/> by index: the indices into <paramref name="input"/> of the kept vectors, in the order they were kept.</summary>
    internal static List<int> PruneIndices(IReadOnlyList<double[]> input, int s, double epsilon)
    {
        var candidates = new List<int>(input.Count);
        for (var i = 0; i < input.Count; i++)
        {
            var v = input[i];
            var dominated = false;
            for (var j = 0; j < input.Count && !dominated; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var w = input[j];
                var geq = true;
                var strict = false;
                for (var x = 0; x < s && geq; x++)
                {
                    if (w[x] < v[x] - epsilon)
                    {
                        geq = false;
                    }
                    else if (w[x] > v[x] + epsilon)
                    {
                        strict = true;
                    }
                }

                // w ≥ v everywhere: v goes if w is strictly better somewhere, or equal and earlier.
                dominated = geq && (strict || j < i);
            }

            if (!dominated)
            {
                candidates.Add(i);
            }
        }

        if (candidates.Count <= 1)
        {
            return candidates;
        }

        var kept = new List<int>(candidates.Count);
        var keptVectors = new List<double[]>(candidates.Count);
        var corner = new double[s];
        for (var x = 0; x < s; x++)
        {
            Array.Clear(corner);
            corner[x] = 1;
            var best = Best(input, candidates, corner);
            if (best >= 0)
            {
                kept.Add(candidates[best]);
                keptVectors.Add(input[candidates[best]]);
                candidates.RemoveAt(best);
            }
        }

        var witness = new double[s];
        while (candidates.Count > 0)
        {
            var alpha = input[candidates[^1]];
            var delta = DominanceLp.Solve(alpha, keptVectors, witness);
            if (delta <= epsilon)
            {
                candidates.RemoveAt(candidates.Count - 1);
                continue;
            }

            var best = Best(input, candidates, witness);
            kept.Add(candidates[best]);
            keptVectors.Add(input[candidates[best]]);
            candidates.RemoveAt(best);
        }

        return kept;
    }

    private static int Best(IReadOnlyList<double[]> vectors, List<int> candidates, double[] belief)
    {
        var best = -1;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < candidates.Count; i++)
        {
            var vector = vectors[candidates[i]];
            var v = 0.0;
            for (var x = 0; x < belief.Length; x++)
            {
                v += belief[x] * vector[x];
            }

            if (v > bestValue + 1e-12)
            {
                bestValue = v;
                best = i;
            }
        }

        return best;
    }

    private static double[] Flatten(List<double[]> vectors, int s)
    {
        var result = new double[vectors.Count * s];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].CopyTo(result, i * s);
        }

        return result;
    }

    private static long GridSize(int m, int s)
    {
        // C(m + s − 1, s − 1)
        double result = 1;
        for (var i = 1; i < s; i++)
        {
            result = result * (m + i) / i;
        }

        return result > long.MaxValue / 2 ? long.MaxValue / 2 : (long)Math.Round(result);
    }

    private static List<double[]> Grid(int m, int s)
    {
        var points = new List<double[]>();
        var counts = new int[s];
        void Recurse(int index, int left)
        {
            if (index == s - 1)
            {
                counts[index] = left;
                points.Add([.. counts.Select(c => c / (double)m)]);
                return;
            }

            for (var c = left; c >= 0; c--)
            {
                counts[index] = c;
                Recurse(index + 1, left - c);
            }
        }

        Recurse(0, m);
        return points;
    }

    /// <summary>The model's tables as arrays, with the effective costs.</summary>
    private sealed class Problem
    {
        public Problem(DecisionModel model, PomdpSolverOptions options)
        {
            Model = model;
            Options = options;
            S = model.StateCount;
            K = model.Interventions.Count;
            Costs = [.. model.Interventions.Select(k => (k.Cost * options.CostMultiplier) + options.ContactPrice)];
            var scale = 1.0;
            if (options.CyclePrices is { } prices)
            {
                // The scale covers the largest effective cost of any cycle.
                foreach (var price in prices)
                {
                    for (var k = 0; k < K; k++)
                    {
                        scale = Math.Max(scale, Math.Abs(Costs[k] + (price * Usage(k))));
                    }
                }
            }

            foreach (var u in model.Utility.AsSpan())
            {
                scale = Math.Max(scale, Math.Abs(u));
            }

            foreach (var c in Costs)
            {
                scale = Math.Max(scale, Math.Abs(c));
            }

            Scale = scale;
        }

        public DecisionModel Model { get; }

        public PomdpSolverOptions Options { get; }

        public int S { get; }

        public int K { get; }

        public double[] Costs { get; }

        public double Scale { get; }

        /// <summary>How much of a priced budget one contact with k uses: 1 for contacts, c_k for money.</summary>
        public double Usage(int k) => Options.CyclePriceUnit == Budgets.BudgetKind.Money ? Model.Interventions[k].Cost : 1;

        /// <summary>The effective costs of the cycle with <paramref name="h"/> cycles left in a horizon of <paramref name="horizon"/>: c_k·multiplier + contact price + the cycle's price × usage.</summary>
        public double[] CostsAt(int horizon, int h)
        {
            if (Options.CyclePrices is not { } prices)
            {
                return Costs;
            }

            var price = prices[horizon - h];
            var costs = new double[K];
            for (var k = 0; k < K; k++)
            {
                costs[k] = Costs[k] + (price * Usage(k));
            }

            return costs;
        }

        /// <summary>The level of h = 0: the pruned columns of U, each its own origin.</summary>
        public PomdpSolution.Level TerminalLevel(List<double[]> gamma)
        {
            var flat = Flatten(gamma, S);
            var origins = new int[gamma.Count];
            for (var v = 0; v < origins.Length; v++)
            {
                origins[v] = -1;
            }

            return new PomdpSolution.Level(flat, gamma.Count, [flat], [gamma.Count], new double[K], [.. Enumerable.Repeat(0, gamma.Count)], origins, [origins], StarIndices(gamma), new int[]?[gamma.Count], [new int[]?[gamma.Count]]);
        }

        /// <summary>The level of h ≥ 1: the pruned envelope, the pruned vectors per action, and where each vector came from.</summary>
        public PomdpSolution.Level Level(List<double[]> gamma, List<double[]>[] perAction, BackupResult backup)
        {
            var actions = new int[gamma.Count];
            var children = new int[gamma.Count];
            var reports = new int[]?[gamma.Count];
            for (var v = 0; v < gamma.Count; v++)
            {
                (actions[v], children[v], reports[v]) = backup.Origins[gamma[v]];
            }

            var actionChildren = perAction.Select(list => list.Select(v => backup.Origins[v].Child).ToArray()).ToArray();
            var actionReports = perAction.Select(list => list.Select(v => backup.Origins[v].Reports).ToArray()).ToArray();
            return new PomdpSolution.Level(Flatten(gamma, S), gamma.Count, [.. perAction.Select(v => Flatten(v, S))], [.. perAction.Select(v => v.Count)], backup.Costs, actions, children, actionChildren, StarIndices(gamma), reports, actionReports);
        }

        /// <summary>Per state y, the index of the vector with the largest entry y (the first on ties): the revealed branch of the next level.</summary>
        private int[] StarIndices(List<double[]> gamma)
        {
            var star = new int[S];
            for (var y = 0; y < S; y++)
            {
                var best = double.NegativeInfinity;
                for (var v = 0; v < gamma.Count; v++)
                {
                    if (gamma[v][y] > best)
                    {
                        best = gamma[v][y];
                        star[y] = v;
                    }
                }
            }

            return star;
        }

        /// <summary>Γ_0: the columns of U (V_0(b) = MEU(b)).</summary>
        public List<double[]> Terminal()
        {
            var result = new List<double[]>();
            for (var a = 0; a < Model.ActionCount; a++)
            {
                var v = new double[S];
                for (var x = 0; x < S; x++)
                {
                    v[x] = Model.Utility[x, a];
                }

                result.Add(v);
            }

            return result;
        }

        /// <summary>
        /// The backed-up vectors per action: index 0 leave alone (T·α), index k + 1 contact with k, with the effective
        /// costs <paramref name="costs"/>; each vector's origin is its action, the index in <paramref name="gamma"/> of
        /// the vector of its passive or silent branch and, for an intervention with a report model, of the vector
        /// followed after each report.
        /// </summary>
        /// <remarks>
        /// Without a report model an answer reveals the state, so the revealed branch is v*(y) = max_α α(y) and each α
        /// gives one vector. With a report model O the answered branch is a sum over reports o of
        /// g_o^α(x) = r(x)·Σ_y C(x, y)·O(y, o)·α(y), each report with its own best α: the exact method builds the
        /// cross-sum of the silent projections and of every report's projections by incremental pruning (pruned with
        /// <paramref name="epsilon"/> after each step); the point-based method builds, at each point of
        /// <paramref name="grid"/>, the vector of the best α per branch.
        /// </remarks>
        /// <returns>The vectors, or <see langword="null"/> when a cross-sum would exceed 10 × <see cref="PomdpSolverOptions.MaxAlphaVectors"/>.</returns>
        public BackupResult? Backup(List<double[]> gamma, double[] costs, double epsilon, List<double[]>? grid)
        {
            var star = new double[S];
            Array.Fill(star, double.NegativeInfinity);
            foreach (var alpha in gamma)
            {
                for (var y = 0; y < S; y++)
                {
                    star[y] = Math.Max(star[y], alpha[y]);
                }
            }

            var origins = new Dictionary<double[], Origin>(ReferenceEqualityComparer.Instance);
            var result = new List<double[]>[K + 1];
            result[0] = new List<double[]>(gamma.Count);
            for (var i = 0; i < gamma.Count; i++)
            {
                var v = Apply(Model.Transition, gamma[i]);
                result[0].Add(v);
                origins[v] = new Origin(0, i, null);
            }

            for (var k = 0; k < K; k++)
            {
                var intervention = Model.Interventions[k];
                if (intervention.ReportModel is { } reportModel)
                {
                    var noisy = grid is null
                        ? CrossSum(gamma, k, reportModel, costs[k], epsilon, origins)
                        : AtPoints(gamma, k, reportModel, costs[k], grid, origins);
                    if (noisy is null)
                    {
                        return null;
                    }

                    result[k + 1] = noisy;
                    continue;
                }

                var revealed = Apply(intervention.Transition, star);
                var list = new List<double[]>(gamma.Count);
                for (var i = 0; i < gamma.Count; i++)
                {
                    var silent = Apply(intervention.Transition, gamma[i]);
                    var v = new double[S];
                    for (var x = 0; x < S; x++)
                    {
                        var r = intervention.GetResponseRate(x);
                        v[x] = -costs[k] + (r * revealed[x]) + ((1 - r) * silent[x]);
                    }

                    list.Add(v);
                    origins[v] = new Origin(k + 1, i, null);
                }

                result[k + 1] = list;
            }

            return new BackupResult(result, origins, costs);
        }

        /// <summary>
        /// The projections of Γ for intervention k with report model O: silent[i] = −cost + (1 − r)∘(C·α_i) (the cost
        /// carried by the silent branch) and reports[o][i] = r∘(C·(O(·, o)∘α_i)).
        /// </summary>
        private (double[][] Silent, double[][][] Reports) Projections(List<double[]> gamma, int k, DecisionMatrix reportModel, double cost)
        {
            var intervention = Model.Interventions[k];
            var silent = new double[gamma.Count][];
            var reports = new double[S][][];
            var weighted = new double[S];
            for (var o = 0; o < S; o++)
            {
                reports[o] = new double[gamma.Count][];
            }

            for (var i = 0; i < gamma.Count; i++)
            {
                var c = Apply(intervention.Transition, gamma[i]);
                var v = new double[S];
                for (var x = 0; x < S; x++)
                {
                    v[x] = -cost + ((1 - intervention.GetResponseRate(x)) * c[x]);
                }

                silent[i] = v;
                for (var o = 0; o < S; o++)
                {
                    for (var y = 0; y < S; y++)
                    {
                        weighted[y] = reportModel[y, o] * gamma[i][y];
                    }

                    var g = Apply(intervention.Transition, weighted);
                    for (var x = 0; x < S; x++)
                    {
                        g[x] *= intervention.GetResponseRate(x);
                    }

                    reports[o][i] = g;
                }
            }

            return (silent, reports);
        }

        /// <summary>The exact backup of a noisy intervention: the cross-sum of the silent and report projections by incremental pruning.</summary>
        private List<double[]>? CrossSum(List<double[]> gamma, int k, DecisionMatrix reportModel, double cost, double epsilon, Dictionary<double[], Origin> origins)
        {
            var (silent, reports) = Projections(gamma, k, reportModel, cost);
            var index = new Dictionary<double[], int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < silent.Length; i++)
            {
                index[silent[i]] = i;
            }

            // Each partial sum carries the children chosen so far: [silent, report 0, report 1, …].
            var children = new Dictionary<double[], int[]>(ReferenceEqualityComparer.Instance);
            var sum = Prune([.. silent], S, epsilon);
            foreach (var v in sum)
            {
                var c = new int[S + 1];
                c[0] = index[v];
                children[v] = c;
            }

            var limit = 10L * Options.MaxAlphaVectors;
            for (var o = 0; o < S; o++)
            {
                index.Clear();
                for (var i = 0; i < reports[o].Length; i++)
                {
                    index[reports[o][i]] = i;
                }

                var projected = Prune([.. reports[o]], S, epsilon);
                if ((long)sum.Count * projected.Count > limit)
                {
                    return null;
                }

                var cross = new List<double[]>(sum.Count * projected.Count);
                foreach (var u in sum)
                {
                    var from = children[u];
                    foreach (var g in projected)
                    {
                        var w = new double[S];
                        for (var x = 0; x < S; x++)
                        {
                            w[x] = u[x] + g[x];
                        }

                        var c = (int[])from.Clone();
                        c[o + 1] = index[g];
                        children[w] = c;
                        cross.Add(w);
                    }
                }

                sum = Prune(cross, S, epsilon);
            }

            foreach (var v in sum)
            {
                var c = children[v];
                origins[v] = new Origin(k + 1, c[0], c[1..]);
            }

            return sum;
        }

        /// <summary>The point-based backup of a noisy intervention: at each grid point, the vector of the best projection per branch (one vector per distinct choice).</summary>
        private List<double[]> AtPoints(List<double[]> gamma, int k, DecisionMatrix reportModel, double cost, List<double[]> grid, Dictionary<double[], Origin> origins)
        {
            var (silent, reports) = Projections(gamma, k, reportModel, cost);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var result = new List<double[]>();
            var c = new int[S + 1];
            foreach (var b in grid)
            {
                c[0] = Argmax(silent, b);
                for (var o = 0; o < S; o++)
                {
                    c[o + 1] = Argmax(reports[o], b);
                }

                if (!seen.Add(string.Join(',', c)))
                {
                    continue;
                }

                var v = (double[])silent[c[0]].Clone();
                for (var o = 0; o < S; o++)
                {
                    var g = reports[o][c[o + 1]];
                    for (var x = 0; x < S; x++)
                    {
                        v[x] += g[x];
                    }
                }

                result.Add(v);
                origins[v] = new Origin(k + 1, c[0], c[1..]);
            }

            return result;
        }

        private static int Argmax(double[][] vectors, double[] belief)
        {
            var best = 0;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < vectors.Length; i++)
            {
                var v = 0.0;
                for (var x = 0; x < belief.Length; x++)
                {
                    v += belief[x] * vectors[i][x];
                }

                if (v > bestValue)
                {
                    bestValue = v;
                    best = i;
                }
            }

            return best;
        }

        private double[] Apply(DecisionMatrix m, double[] alpha)
        {
            var result = new double[S];
            for (var x = 0; x < S; x++)
            {
                var row = m.GetRow(x);
                var sum = 0.0;
                for (var y = 0; y < S; y++)
                {
                    sum += row[y] * alpha[y];
                }

                result[x] = sum;
            }

            return result;
        }
    }

    /// <summary>The vectors of one backup per action, where each came from, and the effective costs used.</summary>
    private sealed record BackupResult(List<double[]>[] Vectors, Dictionary<double[], Origin> Origins, double[] Costs);

    /// <summary>Where a backed-up vector came from: its action (0 leave alone, k + 1 contact with k), the index of the previous level's vector of its passive or silent branch, and per report the index followed after it (noisy reports only).</summary>
    private readonly record struct Origin(int Action, int Child, int[]? Reports);
}
