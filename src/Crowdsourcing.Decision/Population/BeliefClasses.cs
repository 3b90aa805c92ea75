namespace Crowdsourcing.Decision.Population;

/// <summary>
/// The entries of a population grouped by belief: participants (or weighted entries) with identical beliefs (bit for
/// bit: the same history gives the same arithmetic) form one class, which carries their summed weight and shares one
/// planning solution. Classes are numbered in the order of their first entry, so grouping is deterministic.
/// </summary>
internal sealed class BeliefClasses
{
    private BeliefClasses(int stateCount, double[] beliefs, double[] weights, int[] classOf, int[] counts, int[] first)
    {
        First = first;
        StateCount = stateCount;
        Beliefs = beliefs;
        Weights = weights;
        ClassOf = classOf;
        Counts = counts;
    }

    /// <summary>The number of states S.</summary>
    public int StateCount { get; }

    /// <summary>The number of classes.</summary>
    public int Count => Weights.Length;

    /// <summary>Each class's belief (that of its first entry), row-major: class c at <c>c × S</c>.</summary>
    public double[] Beliefs { get; }

    /// <summary>Each class's weight: the sum of its entries' weights (1 per participant).</summary>
    public double[] Weights { get; }

    /// <summary>Per entry, its class (the array may be longer than the number of entries when a buffer was given).</summary>
    public int[] ClassOf { get; }

    /// <summary>Per class, its first entry.</summary>
    public int[] First { get; }

    /// <summary>Per class, its number of entries.</summary>
    public int[] Counts { get; }

    /// <summary>The belief of class <paramref name="c"/>.</summary>
    /// <param name="c">The class index.</param>
    /// <returns>S probabilities.</returns>
    public ReadOnlySpan<double> Belief(int c) => Beliefs.AsSpan(c * StateCount, StateCount);

    /// <summary>Groups the entries of <paramref name="population"/>.</summary>
    /// <param name="population">The beliefs.</param>
    /// <param name="weights">One weight per entry, or empty for 1 each.</param>
    /// <param name="classOfBuffer">Where to write each entry's class (at least N entries, e.g. rented from a pool), or <see langword="null"/> to allocate.</param>
    /// <returns>The classes.</returns>
    public static BeliefClasses Group(BeliefPopulation population, ReadOnlySpan<double> weights, int[]? classOfBuffer = null)
    {
        var n = population.Count;
        var s = population.StateCount;
        var columns = new double[s][];
        for (var x = 0; x < s; x++)
        {
            columns[x] = population.Column(x);
        }

        var classOf = classOfBuffer is { } buffer && buffer.Length >= n ? buffer : GC.AllocateUninitializedArray<int>(n);
        var keys = new long[16 * s];
        var classWeights = new double[16];
        var counts = new int[16];
        var classes = 0;
        var capacity = 64;
        var table = new int[capacity];
        Array.Fill(table, -1);
        Span<long> key = stackalloc long[s];
        var previous = -1;
        if (s == 3)
        {
            // The common case (three states) without the inner loops.
            var (c0, c1, c2) = (columns[0], columns[1], columns[2]);
            long p0 = 0, p1 = 0, p2 = 0;
            for (var i = 0; i < n; i++)
            {
                var b0 = BitConverter.DoubleToInt64Bits(c0[i] + 0.0);
                var b1 = BitConverter.DoubleToInt64Bits(c1[i] + 0.0);
                var b2 = BitConverter.DoubleToInt64Bits(c2[i] + 0.0);
                if (previous < 0 || b0 != p0 || b1 != p1 || b2 != p2)
                {
                    key[0] = b0;
                    key[1] = b1;
                    key[2] = b2;
                    previous = Find(key, ref keys, ref classWeights, ref counts, ref classes, ref table, ref capacity);
                    (p0, p1, p2) = (b0, b1, b2);
                }

                classOf[i] = previous;
                counts[previous]++;
            }
        }

        for (var i = s == 3 ? n : 0; i < n; i++)
        {
            var same = previous >= 0;
            var at = previous * s;
            for (var x = 0; x < s; x++)
            {
                // The bits of the probability (−0 read as 0): equal histories give equal bits.
                var bits = BitConverter.DoubleToInt64Bits(columns[x][i] + 0.0);
                key[x] = bits;
                same = same && keys[at + x] == bits;
            }

            if (!same)
            {
                previous = Find(key, ref keys, ref classWeights, ref counts, ref classes, ref table, ref capacity);
            }

            classOf[i] = previous;
            counts[previous]++;
        }

        // Weights summed per class in a second pass (most callers have none: one per participant).
        if (weights.IsEmpty)
        {
            for (var c = 0; c < classes; c++)
            {
                classWeights[c] = counts[c];
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                classWeights[classOf[i]] += weights[i];
            }
        }

        var beliefs = new double[classes * s];
        for (var c = 0; c < classes * s; c++)
        {
            beliefs[c] = BitConverter.Int64BitsToDouble(keys[c]);
        }

        var first = new int[classes];
        Array.Fill(first, -1);
        var seen = 0;
        for (var i = 0; i < n && seen < classes; i++)
        {
            if (first[classOf[i]] < 0)
            {
                first[classOf[i]] = i;
                seen++;
            }
        }

        return new BeliefClasses(s, beliefs, classWeights[..classes], classOf, counts[..classes], first);
    }

    /// <summary>The class of <paramref name="key"/>, added when new.</summary>
    private static int Find(ReadOnlySpan<long> key, ref long[] keys, ref double[] classWeights, ref int[] counts, ref int classes, ref int[] table, ref int capacity)
    {
        var s = key.Length;
        var hash = 14695981039346656037UL;
        foreach (var bits in key)
        {
            hash = (hash ^ (ulong)bits) * 1099511628211UL;
        }

        var mask = capacity - 1;
        var slot = (int)((hash ^ (hash >> 31)) & (ulong)mask);
        while (table[slot] >= 0)
        {
            var candidate = table[slot];
            if (keys.AsSpan(candidate * s, s).SequenceEqual(key))
            {
                return candidate;
            }

            slot = (slot + 1) & mask;
        }

        var found = classes++;
        if (classes > classWeights.Length)
        {
            Array.Resize(ref keys, keys.Length * 2);
            Array.Resize(ref classWeights, classWeights.Length * 2);
            Array.Resize(ref counts, counts.Length * 2);
        }

        key.CopyTo(keys.AsSpan(found * s, s));
        table[slot] = found;
        if (classes * 2 > capacity)
        {
            capacity *= 2;
            table = Rehash(keys, s, classes, capacity);
        }

        return found;
    }

    private static int[] Rehash(long[] keys, int s, int classes, int capacity)
    {
        var table = new int[capacity];
        Array.Fill(table, -1);
        var mask = capacity - 1;
        for (var c = 0; c < classes; c++)
        {
            var hash = 14695981039346656037UL;
            for (var x = 0; x < s; x++)
            {
                hash = (hash ^ (ulong)keys[(c * s) + x]) * 1099511628211UL;
            }

            var slot = (int)((hash ^ (hash >> 31)) & (ulong)mask);
            while (table[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            table[slot] = c;
        }

        return table;
    }
}
