using System.Runtime.CompilerServices;
using Crowdsourcing.Storage;

namespace Crowdsourcing.DecisionCycle;

/// <summary>Walks a store listing page by page (keyset paging).</summary>
internal static class StorePaging
{
    public static async IAsyncEnumerable<T> AllAsync<T>(
        Func<PageRequest, CancellationToken, IAsyncEnumerable<T>> list,
        Func<T, string> key,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var count = 0;
            await foreach (var item in list(new PageRequest(after, pageSize), cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
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
