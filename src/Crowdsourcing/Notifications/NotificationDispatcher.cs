using Crowdsourcing.Access;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications;

/// <summary>The default <see cref="INotificationDispatcher"/>.</summary>
internal sealed partial class NotificationDispatcher : INotificationDispatcher
{
    private readonly ICrowdsourcingStore _store;
    private readonly TimeProvider _time;
    private readonly CrowdsourcingDiagnostics _diagnostics;
    private readonly IOptions<CrowdsourcingOptions> _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, INotificationChannel> _channels;
    private readonly AccessPolicy _access;

    /// <exception cref="InvalidStateException">Two channels have the same name (the options validation refuses this at start).</exception>
    public NotificationDispatcher(ICrowdsourcingStore store, TimeProvider time, CrowdsourcingDiagnostics diagnostics, IOptions<CrowdsourcingOptions> options, IEnumerable<INotificationChannel> channels, AccessPolicy access, ILogger<NotificationDispatcher> logger)
    {
        _store = store;
        _time = time;
        _diagnostics = diagnostics;
        _options = options;
        _logger = logger;
        _access = access;
        _channels = new Dictionary<string, INotificationChannel>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (!_channels.TryAdd(channel.Name, channel))
            {
                throw new InvalidStateException($"Two notification channels are named '{channel.Name}'; channel names must be unique.");
            }
        }
    }

    public async ValueTask<DispatchSummary> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        _access.RequireAdministrator("deliver the due notifications");
        using var activity = _diagnostics.StartOperation("Notifications.Dispatch");
        var options = _options.Value;
        var delivery = options.Notifications;
        int claimed = 0, delivered = 0, retried = 0, givenUp = 0, leaseLost = 0;
        while (true)
        {
            var batch = await _store.Outbox.ClaimDueAsync(_time.GetUtcNow(), delivery.BatchSize, options.InstanceName, delivery.LeaseDuration, cancellationToken).ConfigureAwait(false);
            claimed += batch.Count;
            foreach (var notification in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (await DeliverOneAsync(notification, options.InstanceName, delivery, cancellationToken).ConfigureAwait(false))
                {
                    case DeliveryOutcome.Delivered: delivered++; break;
                    case DeliveryOutcome.Retried: retried++; break;
                    case DeliveryOutcome.GivenUp: givenUp++; break;
                    default: leaseLost++; break;
                }
            }

            if (batch.Count < delivery.BatchSize)
            {
                break;
            }
        }

        activity?.SetTag("crowdsourcing.delivered", delivered);
        return new DispatchSummary(claimed, delivered, retried, givenUp, leaseLost);
    }

    private async ValueTask<DeliveryOutcome> DeliverOneAsync(Notification notification, string owner, NotificationDeliveryOptions delivery, CancellationToken cancellationToken)
    {
        using var activity = _diagnostics.StartOperation("Notifications.Deliver", notification.Id);
        activity?.SetTag("crowdsourcing.channel", notification.Channel);
        string failure;
        var permanent = false;
        try
        {
            var recipient = await _store.Participants.FindAsync(notification.RecipientId, cancellationToken).ConfigureAwait(false);
            if (recipient is null)
            {
                failure = $"The recipient participant '{notification.RecipientId}' does not exist.";
                permanent = true;
            }
            else if (!_channels.TryGetValue(notification.Channel, out var channel))
            {
                failure = $"No notification channel named '{notification.Channel}' is registered on instance '{owner}' (registered: {(_channels.Count == 0 ? "none" : string.Join(", ", _channels.Keys.Order(StringComparer.Ordinal)))}).";
            }
            else
            {
                await channel.DeliverAsync(notification, recipient, cancellationToken).ConfigureAwait(false);
                try
                {
                    await _store.Outbox.MarkDeliveredAsync(notification.Id, owner, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
                catch (ConcurrencyConflictException)
                {
                    LogLeaseLost(_logger, notification.Id, owner);
                    return DeliveryOutcome.LeaseLost;
                }

                LogDelivered(_logger, notification.Id, notification.Channel, notification.RecipientId, notification.Attempts);
                _diagnostics.CountChange(nameof(Notification), "deliver");
                return DeliveryOutcome.Delivered;
            }
        }
        catch (NotificationDeliveryException ex)
        {
            failure = ex.Message;
            permanent = ex.IsPermanent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = $"{ex.GetType().Name}: {ex.Message}";
        }

        activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure);
        var giveUp = permanent || notification.Attempts >= delivery.MaxAttempts;
        DateTimeOffset? retryAt = giveUp ? null : _time.GetUtcNow() + Backoff(delivery.InitialRetryDelay, notification.Attempts);
        try
        {
            await _store.Outbox.MarkFailedAsync(notification.Id, owner, failure, retryAt, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            LogLeaseLost(_logger, notification.Id, owner);
            return DeliveryOutcome.LeaseLost;
        }

        if (giveUp)
        {
            LogGivenUp(_logger, notification.Id, notification.Channel, notification.Attempts, failure);
            _diagnostics.CountChange(nameof(Notification), "give-up");
            return DeliveryOutcome.GivenUp;
        }

        LogRetry(_logger, notification.Id, notification.Channel, notification.Attempts, retryAt!.Value, failure);
        _diagnostics.CountChange(nameof(Notification), "retry");
        return DeliveryOutcome.Retried;
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (from 1): initial × 2^(attempt-1), capped at 30 days.</summary>
    internal static TimeSpan Backoff(TimeSpan initial, int attempt)
    {
        var cap = TimeSpan.FromDays(30);
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 40));
        var ticks = initial.Ticks * factor;
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }

    private enum DeliveryOutcome
    {
        Delivered,
        Retried,
        GivenUp,
        LeaseLost,
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Delivered notification {NotificationId} through {Channel} to {RecipientId} (attempt {Attempt}).")]
    private static partial void LogDelivered(ILogger logger, string notificationId, string channel, string recipientId, int attempt);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Delivery of notification {NotificationId} through {Channel} failed (attempt {Attempt}); retrying at {RetryAt}: {Failure}")]
    private static partial void LogRetry(ILogger logger, string notificationId, string channel, int attempt, DateTimeOffset retryAt, string failure);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Gave up notification {NotificationId} through {Channel} after {Attempt} attempts: {Failure}")]
    private static partial void LogGivenUp(ILogger logger, string notificationId, string channel, int attempt, string failure);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "The lease on notification {NotificationId} held by {Owner} expired before it could be marked; another instance owns it now.")]
    private static partial void LogLeaseLost(ILogger logger, string notificationId, string owner);
}
