namespace Crowdsourcing.Decision.Population;

/// <summary>
/// The entries of a population grouped by belief: participants (or weighted entries) whose beliefs agree to 1e-12 in
/// every state form one class, which carries their summed weight and shares one planning solution. Classes are numbered
/// in the order of their first entry, so grouping is deterministic.
/// </summary>
internal sealed class BeliefClasses
{
    private const double Resolution = 1e12;

    private BeliefClasses(int stateCount, double[] beliefs, double[] weights, int[] classOf, int[] counts)
    {
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

    /// <summary>Per entry, its class.</summary>
    public int[] ClassOf { get; }

    /// <summary>Per class, its number of entries.</summary>
    public int[] Counts { get; }

    /// <summary>The belief of class <paramref name="c"/>.</summary>
    /// <param name="c">The class index.</param>
    /// <returns>S probabilities.</returns>
    public ReadOnlySpan<double> Belief(int c) => Beliefs.AsSpan(c * StateCount, StateCount);

    /// <summary>Groups the entries of <paramref name="population"/>.</summary>
    /// <param name="population">The beliefs.</param>
    /// <param name="weights">One weight per entry, or empty for 1 each.</param>
    /// <returns>The classes.</returns>
    public static BeliefClasses Group(BeliefPopulation population, ReadOnlySpan<double> weights)
    {
        var n = population.Count;
        var s = population.StateCount;
        var columns = new double[s][];
        for (var x = 0; x < s; x++)
        {
            columns[x] = population.Column(x);
        }

        var classOf = new int[n];
        var keys = new List<long>();
        var beliefs = new List<double>();
        var classWeights = new List<double>();
        var counts = new List<int>();
        var capacity = 64;
        var table = new int[capacity];
        Array.Fill(table, -1);
        var mask = capacity - 1;
        Span<long> key = stackalloc long[s];
        Span<long> previous = stackalloc long[s];
        var previousClass = -1;
        for (var i = 0; i < n; i++)
        {
            var same = previousClass >= 0;
            for (var x = 0; x < s; x++)
            {
                // Beliefs are non-negative: adding one half and truncating rounds to the nearest 1e-12.
                key[x] = (long)((columns[x][i] * Resolution) + 0.5);
                same &= key[x] == previous[x];
            }

            var w = weights.IsEmpty ? 1 : weights[i];
            int found;
            if (same)
            {
                // Runs of equal beliefs are common (participants with the same history): skip the lookup.
                found = previousClass;
            }
            else
            {
                var slot = Slot(key, mask);
                found = -1;
                while (table[slot] >= 0)
                {
                    var candidate = table[slot];
                    var equal = true;
                    for (var x = 0; x < s && equal; x++)
                    {
                        equal = keys[(candidate * s) + x] == key[x];
                    }

                    if (equal)
                    {
                        found = candidate;
                        break;
                    }

                    slot = (slot + 1) & mask;
                }

                if (found < 0)
                {
                    found = classWeights.Count;
                    table[slot] = found;
                    for (var x = 0; x < s; x++)
                    {
                        keys.Add(key[x]);
                        beliefs.Add(columns[x][i]);
                    }

                    classWeights.Add(0);
                    counts.Add(0);
                    if (classWeights.Count * 2 > capacity)
                    {
                        (table, capacity, mask) = Grow(keys, s, classWeights.Count, capacity * 2);
                    }
                }

                key.CopyTo(previous);
                previousClass = found;
            }

            classOf[i] = found;
            classWeights[found] += w;
            counts[found]++;
        }

        return new BeliefClasses(s, [.. beliefs], [.. classWeights], classOf, [.. counts]);
    }

    private static int Slot(ReadOnlySpan<long> key, int mask)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in key)
        {
            hash = (hash ^ (ulong)part) * 1099511628211UL;
        }

        return (int)((hash ^ (hash >> 29)) & (ulong)mask);
    }

    private static (int[] Table, int Capacity, int Mask) Grow(List<long> keys, int s, int classes, int capacity)
    {
        var table = new int[capacity];
        Array.Fill(table, -1);
        var mask = capacity - 1;
        Span<long> key = stackalloc long[s];
        for (var c = 0; c < classes; c++)
        {
            for (var x = 0; x < s; x++)
            {
                key[x] = keys[(c * s) + x];
            }

            var slot = Slot(key, mask);
            while (table[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            table[slot] = c;
        }

        return (table, capacity, mask);
    }
}
