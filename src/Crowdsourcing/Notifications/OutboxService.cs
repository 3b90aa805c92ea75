using System.Runtime.CompilerServices;
using Crowdsourcing.Access;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications;

/// <summary>The default <see cref="IOutboxService"/>.</summary>
internal sealed partial class OutboxService(ICrowdsourcingStore store, TimeProvider time, CrowdsourcingDiagnostics diagnostics, IOptions<CrowdsourcingOptions> options, AccessPolicy access, ILogger<OutboxService> logger) : IOutboxService
{
    public ValueTask<OutboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        access.RequireOrganiserRole("see the notification outbox");
        return store.Outbox.GetStatisticsAsync(cancellationToken);
    }

    public IAsyncEnumerable<Notification> ListAsync(NotificationStatus status, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        access.RequireOrganiserRole("list the notification outbox");
        return store.Outbox.ListAsync(status, page, cancellationToken);
    }

    public async ValueTask<Notification> RequeueAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var actor = access.RequireOrganiserRole($"requeue notification '{id}'", id);
        using var activity = diagnostics.StartOperation("Notifications.Requeue", id);
        var requeued = await store.Outbox.RequeueAsync(id, actor.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogRequeued(logger, id, actor.Id);
        diagnostics.CountChange(nameof(Notification), "requeue");
        return requeued;
    }

    public async ValueTask<int> RequeueAllAsync(CancellationToken cancellationToken = default)
    {
        var actor = access.RequireOrganiserRole("requeue the dead letters");
        using var activity = diagnostics.StartOperation("Notifications.RequeueAll");
        var count = 0;
        var pageSize = options.Value.PageSize;
        while (true)
        {
            // Requeued ones leave the dead letters, so each round reads the first page again.
            var page = await ToListAsync(store.Outbox.ListAsync(NotificationStatus.Failed, new PageRequest(null, pageSize), cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var dead in page)
            {
                try
                {
                    await store.Outbox.RequeueAsync(dead.Id, actor.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                    count++;
                }
                catch (InvalidStateException)
                {
                    // Requeued meanwhile by someone else.
                }
            }

            if (page.Count < pageSize)
            {
                break;
            }
        }

        LogRequeuedAll(logger, count, actor.Id);
        diagnostics.CountChange(nameof(Notification), "requeue", count);
        return count;
    }

    private static async ValueTask<List<Notification>> ToListAsync(IAsyncEnumerable<Notification> source, CancellationToken cancellationToken)
    {
        var list = new List<Notification>();
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Requeued dead letter {NotificationId} (by {ActorId}).")]
    private static partial void LogRequeued(ILogger logger, string notificationId, string actorId);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Requeued {Count} dead letters (by {ActorId}).")]
    private static partial void LogRequeuedAll(ILogger logger, int count, string actorId);
}
