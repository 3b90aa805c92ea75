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
    private readonly Level[] _levels;
    private readonly double[] _costs;
    private readonly double _tieTolerance;

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

    /// <summary>One level h: the vectors of V_h (flattened, Count × S) and, per action (0 = leave alone, k + 1 = intervention k), the vectors of Q_a.</summary>
    internal sealed class Level(double[] vectors, int count, double[][] actionVectors, int[] actionCounts)
    {
        public double[] Vectors { get; } = vectors;

        public int Count { get; } = count;

        public double[][] ActionVectors { get; } = actionVectors;

        public int[] ActionCounts { get; } = actionCounts;
    }
}
