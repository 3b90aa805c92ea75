using System.Collections.ObjectModel;
using System.Globalization;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>
/// The solution of a <see cref="PomdpModel"/> for a finite horizon (see <see cref="PomdpModelSolver"/>): for every
/// number of steps to go h = 0..H the alpha vectors whose upper envelope is V_h (exactly, up to the pruning tolerance,
/// or a lower bound for the point-based method), and at the start belief a lower and an upper bound on the optimal
/// value. Immutable and thread-safe.
/// </summary>
public sealed class PomdpValueFunction
{
    internal PomdpValueFunction(PomdpModel model, int horizon, PomdpSolverMethod method, IReadOnlyList<AlphaVector>[] levels, double lowerBound, double upperBound, int beliefPoints)
    {
        Model = model;
        Horizon = horizon;
        Method = method;
        Levels = new ReadOnlyCollection<IReadOnlyList<AlphaVector>>(levels);
        LowerBound = lowerBound;
        UpperBound = Math.Max(upperBound, lowerBound);
        BeliefPoints = beliefPoints;
    }

    /// <summary>The model.</summary>
    public PomdpModel Model { get; }

    /// <summary>H, the number of steps.</summary>
    public int Horizon { get; }

    /// <summary>The method used: <see cref="PomdpSolverMethod.Exact"/> or <see cref="PomdpSolverMethod.PointBased"/>.</summary>
    public PomdpSolverMethod Method { get; }

    /// <summary>Per number of steps to go h = 0..H, the vectors of V_h (level 0: the terminal value function, or one zero vector).</summary>
    public IReadOnlyList<IReadOnlyList<AlphaVector>> Levels { get; }

    /// <summary>The number of vectors of V_H.</summary>
    public int AlphaVectorCount => Levels[^1].Count;

    /// <summary>The value V_H(b₀) at the model's start belief: the best of the vectors of V_H.</summary>
    public double Value => Evaluate(Model.InitialBelief, Horizon);

    /// <summary>
    /// A lower bound on the optimal value at the start belief: <see cref="Value"/> for the point-based method (every
    /// vector is the value of a plan); for the exact method <see cref="Value"/> less the pruning error bound.
    /// </summary>
    public double LowerBound { get; }

    /// <summary>
    /// An upper bound on the optimal value at the start belief: for the exact method <see cref="Value"/> plus the
    /// pruning error bound; for the point-based method the fast informed bound (Hauskrecht 2000) tightened by a
    /// sawtooth interpolation over the belief points.
    /// </summary>
    public double UpperBound { get; }

    /// <summary><see cref="UpperBound"/> − <see cref="LowerBound"/>: how far <see cref="Value"/> can be from the optimum.</summary>
    public double Gap => UpperBound - LowerBound;

    /// <summary>The number of belief points of the point-based method (0 for the exact method).</summary>
    public int BeliefPoints { get; }

    /// <summary>V_h(b): the best vector of level <paramref name="stepsToGo"/> at <paramref name="belief"/>.</summary>
    /// <param name="belief">The belief, one entry per state.</param>
    /// <param name="stepsToGo">h, capped to 0..<see cref="Horizon"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="belief"/> is null.</exception>
    /// <exception cref="ArgumentException">The belief has the wrong length.</exception>
    public double Evaluate(IReadOnlyList<double> belief, int stepsToGo)
    {
        ArgumentNullException.ThrowIfNull(belief);
        return Best(belief, stepsToGo).Value;
    }

    /// <summary>The best action at <paramref name="belief"/> with <paramref name="stepsToGo"/> steps to go (-1 when h = 0).</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="stepsToGo">h, capped to 0..<see cref="Horizon"/>.</param>
    /// <returns>The action index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="belief"/> is null.</exception>
    /// <exception cref="ArgumentException">The belief has the wrong length.</exception>
    public int BestAction(IReadOnlyList<double> belief, int stepsToGo)
    {
        ArgumentNullException.ThrowIfNull(belief);
        return Math.Clamp(stepsToGo, 0, Horizon) == 0 ? -1 : Best(belief, stepsToGo).Vector.Action;
    }

    /// <summary>A one-line summary.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Method == PomdpSolverMethod.Exact ? "exact" : "point-based")}, H = {Horizon}, value {Value:G6} in [{LowerBound:G6}, {UpperBound:G6}], {AlphaVectorCount} alpha vectors");

    private (double Value, AlphaVector Vector) Best(IReadOnlyList<double> belief, int stepsToGo)
    {
        if (belief.Count != Model.StateCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The belief has {belief.Count} entries; the model has {Model.StateCount} states."), nameof(belief));
        }

        var b = belief as double[] ?? [.. belief];
        var level = Levels[Math.Clamp(stepsToGo, 0, Horizon)];
        var best = double.NegativeInfinity;
        var vector = level[0];
        foreach (var alpha in level)
        {
            var v = alpha.Dot(b);
            if (v > best)
            {
                best = v;
                vector = alpha;
            }
        }

        return (best, vector);
    }
}
