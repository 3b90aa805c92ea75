using System.Runtime.CompilerServices;
using Crowdsourcing.Storage;

namespace Crowdsourcing.AspNetCore.Decisions;

/// <summary>Reads a keyset-paged store listing to the end, one page at a time.</summary>
internal static class Paging
{
    public static async IAsyncEnumerable<T> AllAsync<T>(Func<PageRequest, CancellationToken, IAsyncEnumerable<T>> list, Func<T, string> key, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            var count = 0;
            await foreach (var item in list(new PageRequest(after, pageSize), cancellationToken))
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
