using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>
/// Rows keyed by a string, listed in code-point key order (<see cref="CodePointComparer"/>) with keyset paging. Not thread-safe: the store's lock guards it.
/// </summary>
/// <remarks>The sorted key array is rebuilt lazily after inserts, so a bulk load followed by paging sorts once.</remarks>
internal sealed class OrderedTable<TRow>
{
    private readonly Dictionary<string, TRow> _rows = new(StringComparer.Ordinal);
    private string[]? _sortedKeys;

    public int Count => _rows.Count;

    public IEnumerable<TRow> Rows => _rows.Values;

    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TRow row) => _rows.TryGetValue(key, out row);

    public void Set(string key, TRow row)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_rows, key, out var exists);
        slot = row;
        if (!exists)
        {
            _sortedKeys = null;
        }
    }

    /// <summary>Removes the row with <paramref name="key"/>, if any.</summary>
    public bool Remove(string key)
    {
        if (!_rows.Remove(key))
        {
            return false;
        }

        _sortedKeys = null;
        return true;
    }

    /// <summary>Up to <paramref name="limit"/> rows with keys ordinally after <paramref name="after"/> that match the filter, in key order.</summary>
    public List<TRow> Page(string? after, int limit, Func<TRow, bool>? filter = null)
    {
        var keys = SortedKeys();
        var start = 0;
        if (after is not null)
        {
            var index = Array.BinarySearch(keys, after, CodePointComparer.Instance);
            start = index >= 0 ? index + 1 : ~index;
        }

        var page = new List<TRow>(Math.Min(limit, Math.Max(0, keys.Length - start)));
        for (var i = start; i < keys.Length && page.Count < limit; i++)
        {
            var row = _rows[keys[i]];
            if (filter is null || filter(row))
            {
                page.Add(row);
            }
        }

        return page;
    }

    private string[] SortedKeys()
    {
        if (_sortedKeys is null)
        {
            var keys = _rows.Keys.ToArray();
            Array.Sort(keys, CodePointComparer.Instance);
            _sortedKeys = keys;
        }

        return _sortedKeys;
    }
}
