using System.Globalization;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// For weighted entries (expected-mode classes, each standing for many participants), the share of each entry's weight
/// that a policy contacts with each intervention, when the policy splits the entry: a budget that pays for part of a
/// class, or a least-spend plan that sends part of a class one way and the rest another. An entry that is not split is
/// contacted whole with the intervention of the selection (or not at all). Whatever share is not contacted is left alone.
/// Preallocated and reusable across cycles.
/// </summary>
public sealed class ContactShares
{
    private readonly double[] _shares;
    private readonly bool[] _split;
    private readonly List<int> _splitEntries = [];

    /// <summary>Creates shares for <paramref name="count"/> entries of a model with <paramref name="interventionCount"/> interventions, none split.</summary>
    /// <param name="count">The number of entries.</param>
    /// <param name="interventionCount">The number of interventions K.</param>
    public ContactShares(int count, int interventionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(interventionCount, 1);
        Count = count;
        InterventionCount = interventionCount;
        _shares = new double[count * interventionCount];
        _split = new bool[count];
    }

    /// <summary>The number of entries.</summary>
    public int Count { get; }

    /// <summary>The number of interventions K.</summary>
    public int InterventionCount { get; }

    /// <summary>The entries split since the last <see cref="Clear"/>, in the order they were split.</summary>
    public IReadOnlyList<int> SplitEntries => _splitEntries;

    /// <summary>Whether entry <paramref name="entry"/> is split.</summary>
    /// <param name="entry">The entry index.</param>
    /// <returns><see langword="true"/> when <see cref="Split"/> was called for it.</returns>
    public bool IsSplit(int entry) => _split[entry];

    /// <summary>The share of entry <paramref name="entry"/> contacted with intervention <paramref name="intervention"/> (0 when the entry is not split).</summary>
    /// <param name="entry">The entry index.</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The share, from 0 to 1.</returns>
    public double this[int entry, int intervention] => _shares[(entry * InterventionCount) + intervention];

    /// <summary>The share of entry <paramref name="entry"/> contacted with any intervention (for an entry that is not split: 0).</summary>
    /// <param name="entry">The entry index.</param>
    /// <returns>Σ_k share.</returns>
    public double Contacted(int entry)
    {
        var sum = 0.0;
        for (var k = 0; k < InterventionCount; k++)
        {
            sum += _shares[(entry * InterventionCount) + k];
        }

        return sum;
    }

    /// <summary>Splits an entry: <paramref name="shares"/>[k] of its weight is contacted with k, the rest left alone.</summary>
    /// <param name="entry">The entry index.</param>
    /// <param name="shares">One share per intervention, each from 0 to 1, summing to at most 1 (within 1e-9).</param>
    /// <exception cref="ArgumentException">The shares have the wrong length, are negative, not finite or sum to more than 1.</exception>
    public void Split(int entry, ReadOnlySpan<double> shares)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(entry, Count);
        if (shares.Length != InterventionCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Entry {entry} has {shares.Length} shares; the model has {InterventionCount} intervention(s)."), nameof(shares));
        }

        var sum = 0.0;
        foreach (var share in shares)
        {
            if (!double.IsFinite(share) || share < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Entry {entry} has a share of {share}; shares must be finite and non-negative."), nameof(shares));
            }

            sum += share;
        }

        if (sum > 1 + 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Entry {entry} has shares summing to {sum}; they must sum to at most 1."), nameof(shares));
        }

        var scale = sum > 1 ? 1 / sum : 1;
        for (var k = 0; k < InterventionCount; k++)
        {
            _shares[(entry * InterventionCount) + k] = shares[k] * scale;
        }

        if (!_split[entry])
        {
            _split[entry] = true;
            _splitEntries.Add(entry);
        }
    }

    /// <summary>Marks every entry as not split.</summary>
    public void Clear()
    {
        foreach (var entry in _splitEntries)
        {
            _split[entry] = false;
            Array.Clear(_shares, entry * InterventionCount, InterventionCount);
        }

        _splitEntries.Clear();
    }
}
