using System.Globalization;
using Crowdsourcing.Decision.Beliefs;

namespace Crowdsourcing.Decision.Population;

/// <summary>
/// The beliefs of N participants over S states, stored as a structure of arrays: one contiguous column of N
/// probabilities per state, so that the engine processes many participants per vector instruction.
/// </summary>
/// <remarks>
/// Fill it from a store with <see cref="SetBelief(int, ReadOnlySpan{double})"/>, <see cref="Load"/> (row-major
/// interleaved beliefs) or directly through <see cref="GetStateProbabilities"/>; read it back with
/// <see cref="GetBelief(int, Span{double})"/> or <see cref="CopyTo"/>. Not thread-safe for concurrent writers.
/// </remarks>
public sealed class BeliefPopulation
{
    private readonly double[][] _columns;

    /// <summary>Creates a population whose beliefs are all zero (fill it before use).</summary>
    /// <param name="stateCount">The number of states S, at least 1.</param>
    /// <param name="count">The number of participants N, at least 0.</param>
    public BeliefPopulation(int stateCount, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        StateCount = stateCount;
        Count = count;
        _columns = new double[stateCount][];
        for (var s = 0; s < stateCount; s++)
        {
            _columns[s] = new double[count];
        }
    }

    /// <summary>The number of participants N.</summary>
    public int Count { get; }

    /// <summary>The number of states S.</summary>
    public int StateCount { get; }

    /// <summary>The column of probabilities of one state, one entry per participant. Writes go straight into the population; keep every participant's beliefs on the simplex.</summary>
    /// <param name="state">The state index.</param>
    /// <returns>The column.</returns>
    public Span<double> GetStateProbabilities(int state) => _columns[state];

    /// <summary>Sets one participant's belief.</summary>
    /// <param name="participant">The participant index.</param>
    /// <param name="belief">One probability per state, on the simplex within 1e-6.</param>
    /// <exception cref="ArgumentException">The belief has the wrong length or is not a probability distribution.</exception>
    public void SetBelief(int participant, ReadOnlySpan<double> belief)
    {
        CheckLength(belief.Length);
        Belief.Validate(belief);
        for (var s = 0; s < StateCount; s++)
        {
            _columns[s][participant] = belief[s];
        }
    }

    /// <summary>Sets one participant's belief.</summary>
    /// <param name="participant">The participant index.</param>
    /// <param name="belief">The belief.</param>
    /// <exception cref="ArgumentException">The belief has the wrong number of states.</exception>
    public void SetBelief(int participant, Belief belief)
    {
        ArgumentNullException.ThrowIfNull(belief);
        SetBelief(participant, belief.AsSpan());
    }

    /// <summary>Sets one participant's belief to certainty in one state.</summary>
    /// <param name="participant">The participant index.</param>
    /// <param name="state">The state index.</param>
    public void SetCertain(int participant, int state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(state);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(state, StateCount);
        for (var s = 0; s < StateCount; s++)
        {
            _columns[s][participant] = s == state ? 1 : 0;
        }
    }

    /// <summary>Sets every participant's belief to the same belief.</summary>
    /// <param name="belief">The belief.</param>
    /// <exception cref="ArgumentException">The belief has the wrong number of states.</exception>
    public void Fill(Belief belief)
    {
        ArgumentNullException.ThrowIfNull(belief);
        CheckLength(belief.Count);
        for (var s = 0; s < StateCount; s++)
        {
            Array.Fill(_columns[s], belief[s]);
        }
    }

    /// <summary>Copies one participant's belief into <paramref name="destination"/>.</summary>
    /// <param name="participant">The participant index.</param>
    /// <param name="destination">At least <see cref="StateCount"/> entries.</param>
    public void GetBelief(int participant, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, StateCount, nameof(destination));
        for (var s = 0; s < StateCount; s++)
        {
            destination[s] = _columns[s][participant];
        }
    }

    /// <summary>One participant's belief.</summary>
    /// <param name="participant">The participant index.</param>
    /// <returns>A copy of the belief.</returns>
    public Belief GetBelief(int participant)
    {
        var p = new double[StateCount];
        GetBelief(participant, p);
        return Belief.Wrap(p);
    }

    /// <summary>Loads every participant's belief from row-major, interleaved data: participant i's belief is <c>beliefs[i*S .. i*S+S)</c>. Every belief is validated.</summary>
    /// <param name="beliefs">N × S probabilities.</param>
    /// <exception cref="ArgumentException">The length is not N × S, or a belief is not a probability distribution (the message names the participant).</exception>
    public void Load(ReadOnlySpan<double> beliefs)
    {
        if (beliefs.Length != Count * StateCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected {Count} × {StateCount} = {Count * StateCount} probabilities; got {beliefs.Length}."), nameof(beliefs));
        }

        for (var i = 0; i < Count; i++)
        {
            var row = beliefs.Slice(i * StateCount, StateCount);
            try
            {
                Belief.Validate(row);
            }
            catch (ValidationFailedException ex)
            {
                throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture, $"beliefs[{i}]"), string.Create(CultureInfo.InvariantCulture, $"Participant {i}: {ex.Message}"), ex);
            }

            for (var s = 0; s < StateCount; s++)
            {
                _columns[s][i] = row[s];
            }
        }
    }

    /// <summary>Copies every participant's belief out as row-major, interleaved data (see <see cref="Load"/>).</summary>
    /// <param name="destination">At least N × S entries.</param>
    public void CopyTo(Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Count * StateCount, nameof(destination));
        for (var s = 0; s < StateCount; s++)
        {
            var column = _columns[s];
            for (var i = 0; i < Count; i++)
            {
                destination[(i * StateCount) + s] = column[i];
            }
        }
    }

    /// <summary>Copies all beliefs from a population of the same shape.</summary>
    /// <param name="source">The source.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyFrom(BeliefPopulation source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Count != Count || source.StateCount != StateCount)
        {
            throw new ArgumentException("The populations have different shapes.", nameof(source));
        }

        for (var s = 0; s < StateCount; s++)
        {
            source._columns[s].CopyTo(_columns[s], 0);
        }
    }

    internal double[] Column(int state) => _columns[state];

    private void CheckLength(int length)
    {
        if (length != StateCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The belief has {length} entries; the population has {StateCount} states."));
        }
    }
}
