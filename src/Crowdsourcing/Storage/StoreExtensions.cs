namespace Crowdsourcing.Storage;

/// <summary>The runtime's helpers over the store contracts: required finds and whole listings.</summary>
internal static class StoreExtensions
{
    /// <summary>Finds a record or throws <see cref="NotFoundException"/> naming it.</summary>
    public static async ValueTask<T> GetRequiredAsync<T>(this IRecordStore<T> store, string id, CancellationToken cancellationToken)
        where T : class, IVersionedRecord
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return await store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException(typeof(T).Name, id);
    }

    /// <summary>Collects an async listing.</summary>
    public static async ValueTask<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Walks a whole keyset-paged listing, <paramref name="pageSize"/> items at a time.</summary>
    public static async IAsyncEnumerable<T> AllPagesAsync<T>(Func<PageRequest, IAsyncEnumerable<T>> list, Func<T, string> key, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            var count = 0;
            await foreach (var item in list(new PageRequest(after, pageSize)).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                count++;
                after = key(item);
                yield return item;
            }

            if (count < pageSize)
            {
                yield break;
            }
        }
    }
}
