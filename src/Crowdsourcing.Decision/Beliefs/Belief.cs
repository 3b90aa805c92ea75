using System.Globalization;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Beliefs;

/// <summary>
/// An immutable probability distribution over a model's states: every entry finite and non-negative, the sum within
/// <see cref="SumTolerance"/> of 1.
/// </summary>
public sealed class Belief : IEquatable<Belief>
{
    /// <summary>How far the sum of a belief may be from 1: 1e-6.</summary>
    public const double SumTolerance = 1e-6;

    private readonly double[] _probabilities;

    private Belief(double[] probabilities) => _probabilities = probabilities;

    /// <summary>The number of states.</summary>
    public int Count => _probabilities.Length;

    /// <summary>The probability of state <paramref name="state"/>.</summary>
    /// <param name="state">Zero-based state index.</param>
    public double this[int state] => _probabilities[state];

    /// <summary>Creates a belief from probabilities (copied).</summary>
    /// <param name="probabilities">One probability per state.</param>
    /// <returns>The belief.</returns>
    /// <exception cref="ArgumentException">The span is empty, an entry is negative or not finite, or the sum is further than 1e-6 from 1; the message says which entry or what the sum is.</exception>
    public static Belief Create(ReadOnlySpan<double> probabilities)
    {
        Validate(probabilities);
        return new Belief(probabilities.ToArray());
    }

    /// <summary>Creates a belief from probabilities (copied).</summary>
    /// <param name="probabilities">One probability per state.</param>
    /// <returns>The belief.</returns>
    /// <exception cref="ArgumentException">See <see cref="Create(ReadOnlySpan{double})"/>.</exception>
    public static Belief Create(params double[] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Create(probabilities.AsSpan());
    }

    /// <summary>The certain belief e_x in one state.</summary>
    /// <param name="stateCount">The number of states.</param>
    /// <param name="state">The state known for certain.</param>
    /// <returns>The belief with probability 1 on <paramref name="state"/>.</returns>
    public static Belief Certain(int stateCount, int state)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(state);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(state, stateCount);
        var p = new double[stateCount];
        p[state] = 1;
        return new Belief(p);
    }

    /// <summary>The uniform belief over <paramref name="stateCount"/> states.</summary>
    /// <param name="stateCount">The number of states.</param>
    /// <returns>The uniform belief.</returns>
    public static Belief Uniform(int stateCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        var p = new double[stateCount];
        Array.Fill(p, 1.0 / stateCount);
        return new Belief(p);
    }

    /// <summary>Checks that probabilities form a belief; throws when they do not.</summary>
    /// <param name="probabilities">The probabilities.</param>
    /// <exception cref="ArgumentException">The span is empty, an entry is negative or not finite, or the sum is further than 1e-6 from 1.</exception>
    public static void Validate(ReadOnlySpan<double> probabilities)
    {
        if (probabilities.IsEmpty)
        {
            throw new ValidationFailedException("belief", "A belief needs at least one entry.");
        }

        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (!double.IsFinite(p) || p < 0)
            {
                throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture, $"belief[{i}]"), string.Create(CultureInfo.InvariantCulture, $"Belief entry {i} is {p}; entries must be finite and non-negative."));
            }

            sum += p;
        }

        if (Math.Abs(sum - 1) > SumTolerance)
        {
            throw new ValidationFailedException("belief", string.Create(CultureInfo.InvariantCulture, $"Belief entries sum to {sum:G12}; they must sum to 1 within 1e-6."));
        }
    }

    /// <summary>The probabilities.</summary>
    /// <returns>A read-only view.</returns>
    public ReadOnlySpan<double> AsSpan() => _probabilities;

    /// <summary>The belief after a transition: b·M.</summary>
    /// <param name="transition">A states × states transition matrix.</param>
    /// <returns>The new belief.</returns>
    public Belief Transform(DecisionMatrix transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var result = new double[transition.ColumnCount];
        transition.MultiplyLeft(_probabilities, result);
        return new Belief(result);
    }

    /// <inheritdoc />
    public bool Equals(Belief? other) => other is not null && _probabilities.AsSpan().SequenceEqual(other._probabilities);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Belief);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in _probabilities)
        {
            hash.Add(p);
        }

        return hash.ToHashCode();
    }

    /// <summary>The belief as <c>[p0, p1, …]</c> with invariant formatting.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        "[" + string.Join(", ", _probabilities.Select(p => p.ToString("0.####", CultureInfo.InvariantCulture))) + "]";

    internal static Belief Wrap(double[] probabilities) => new(probabilities);
}
