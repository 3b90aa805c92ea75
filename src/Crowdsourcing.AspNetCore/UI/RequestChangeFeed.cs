using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>What happened to a knowledge request, as the live notice tells the others who have it open.</summary>
/// <param name="AssignmentId">The knowledge request.</param>
/// <param name="Kind">What happened: <c>saved</c>, <c>submitted</c>, <c>delegated</c>, <c>cancelled</c>, <c>reopened</c> or <c>deleted</c>.</param>
/// <param name="ResponseVersion">The response version after the change (pages that read an older one are stale).</param>
/// <param name="By">Who changed it (their id).</param>
/// <param name="ByName">Their name.</param>
/// <param name="At">When.</param>
internal sealed record RequestChange(string AssignmentId, string Kind, long ResponseVersion, string By, string ByName, DateTimeOffset At);

/// <summary>
/// The in-process feed of changes to knowledge requests that the request page's live notice listens to (server-sent
/// events). The API's and the pages' draft saves, submissions, delegations and cancellations publish to it. Each
/// listener has a small buffer (the latest <see cref="BufferSize"/> changes; older ones are dropped, the newest is what
/// matters). One feed per host process: hosts that run several instances behind a load balancer need sticky sessions
/// for the notice to reach a page whose saves land on another instance.
/// </summary>
internal sealed class RequestChangeFeed
{
    /// <summary>How many changes wait for a slow listener: 16.</summary>
    public const int BufferSize = 16;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<RequestChange>, byte>> _listeners = new(StringComparer.Ordinal);

    /// <summary>Tells everyone listening to the request.</summary>
    public void Publish(RequestChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_listeners.TryGetValue(change.AssignmentId, out var listeners))
        {
            foreach (var channel in listeners.Keys)
            {
                channel.Writer.TryWrite(change);
            }
        }
    }

    /// <summary>Listens to one request's changes until the token is cancelled.</summary>
    public async IAsyncEnumerable<RequestChange> ListenAsync(string assignmentId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<RequestChange>(new BoundedChannelOptions(BufferSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var listeners = _listeners.GetOrAdd(assignmentId, _ => new ConcurrentDictionary<Channel<RequestChange>, byte>());
        listeners.TryAdd(channel, 0);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            listeners.TryRemove(channel, out _);
        }
    }

    /// <summary>How many listen to a request now (for tests and diagnostics).</summary>
    public int ListenerCount(string assignmentId) => _listeners.TryGetValue(assignmentId, out var listeners) ? listeners.Count : 0;
}
