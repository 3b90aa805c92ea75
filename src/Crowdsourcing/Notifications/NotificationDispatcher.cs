using Crowdsourcing.Access;
using Crowdsourcing.Crowd;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications;

/// <summary>The default <see cref="INotificationDispatcher"/>.</summary>
internal sealed partial class NotificationDispatcher : INotificationDispatcher
{
    /// <summary>The share of the lease a send may use: a send still running at 90 % of the lease is cancelled, so it ends
    /// before another instance may claim the notification.</summary>
    internal const double SendShareOfLease = 0.9;

    private readonly ICrowdsourcingStore _store;
    private readonly TimeProvider _time;
    private readonly CrowdsourcingDiagnostics _diagnostics;
    private readonly IOptions<CrowdsourcingOptions> _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, INotificationChannel> _channels;
    private readonly AccessPolicy _access;
    private readonly ChannelCircuits _circuits = new();

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
        var tally = new Tally();
        while (true)
        {
            var batch = await _store.Outbox.ClaimDueAsync(_time.GetUtcNow(), delivery.BatchSize, options.InstanceName, delivery.LeaseDuration, cancellationToken).ConfigureAwait(false);
            tally.Claimed += batch.Count;
            var sessions = new Dictionary<string, INotificationBatch>(StringComparer.Ordinal);
            try
            {
                foreach (var notification in batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    tally.Add(await DeliverOneAsync(notification, options.InstanceName, delivery, sessions, cancellationToken).ConfigureAwait(false));
                }
            }
            finally
            {
                foreach (var session in sessions.Values)
                {
                    await DisposeQuietlyAsync(session).ConfigureAwait(false);
                }
            }

            if (batch.Count < delivery.BatchSize)
            {
                break;
            }
        }

        await RecordStatisticsAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag("crowdsourcing.delivered", tally.Delivered);
        return tally.ToSummary();
    }

    /// <summary>Records the outbox gauges: depth, dead letters, age of the oldest pending notification.</summary>
    private async ValueTask RecordStatisticsAsync(CancellationToken cancellationToken)
    {
        var statistics = await _store.Outbox.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        _diagnostics.OutboxDepth.Record(statistics.Pending);
        _diagnostics.OutboxDeadLetters.Record(statistics.Failed);
        var age = statistics.OldestPendingQueuedAt is { } queued ? Math.Max(0, (_time.GetUtcNow() - queued).TotalSeconds) : 0;
        _diagnostics.OutboxOldestPendingAge.Record(age);
    }

    private async ValueTask<DeliveryOutcome> DeliverOneAsync(Notification notification, string owner, NotificationDeliveryOptions delivery, Dictionary<string, INotificationBatch> sessions, CancellationToken cancellationToken)
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
            else if (_circuits.OpenUntil(channel.Name, _time.GetUtcNow()) is { } openUntil)
            {
                return await DeferAsync(notification, owner, delivery, openUntil, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                return await SendAsync(notification, recipient, channel, owner, delivery, sessions, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NotificationDeliveryException ex)
        {
            failure = ex.Message;
            permanent = ex.IsPermanent;
        }

        activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure);
        return await FailAsync(notification, owner, delivery, failure, permanent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renews the lease, sends before it can run out, and marks the outcome.</summary>
    private async ValueTask<DeliveryOutcome> SendAsync(Notification notification, Participant recipient, INotificationChannel channel, string owner, NotificationDeliveryOptions delivery, Dictionary<string, INotificationBatch> sessions, CancellationToken cancellationToken)
    {
        // Right before the send: renew the lease, and only when nobody claimed the notification since this batch did.
        Notification leased;
        try
        {
            leased = await _store.Outbox.RenewLeaseAsync(notification.Id, owner, notification.Version, _time.GetUtcNow(), delivery.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            LogLeaseLost(_logger, notification.Id, owner);
            return DeliveryOutcome.LeaseLost;
        }

        string failure;
        var permanent = false;
        using (var deadline = new CancellationTokenSource(delivery.LeaseDuration * SendShareOfLease, _time))
        using (var send = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                if (!sessions.TryGetValue(channel.Name, out var session))
                {
                    session = await channel.OpenBatchAsync(send.Token).ConfigureAwait(false);
                    sessions.Add(channel.Name, session);
                }

                await session.DeliverAsync(leased, recipient, send.Token).ConfigureAwait(false);
                _circuits.Succeeded(channel.Name);
                return await MarkDeliveredAsync(leased, owner, cancellationToken).ConfigureAwait(false);
            }
            catch (NotificationDeliveryException ex)
            {
                failure = ex.Message;
                permanent = ex.IsPermanent;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failure = $"The send through channel '{channel.Name}' was cancelled after {delivery.LeaseDuration * SendShareOfLease} (90 % of the lease), so that it cannot overlap another instance's attempt.";
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        // A session that failed may hold a broken connection: the next notification opens a new one.
        if (sessions.Remove(channel.Name, out var broken))
        {
            await DisposeQuietlyAsync(broken).ConfigureAwait(false);
        }

        if (!permanent && _circuits.Failed(channel.Name, _time.GetUtcNow(), delivery) is { } opened)
        {
            LogCircuitOpened(_logger, channel.Name, delivery.BreakAfterFailures, opened);
        }

        return await FailAsync(leased, owner, delivery, failure, permanent, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<DeliveryOutcome> MarkDeliveredAsync(Notification notification, string owner, CancellationToken cancellationToken)
    {
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

    /// <summary>Puts a notification of a channel whose circuit is open back, due when the circuit closes (within its retry window).</summary>
    private async ValueTask<DeliveryOutcome> DeferAsync(Notification notification, string owner, NotificationDeliveryOptions delivery, DateTimeOffset openUntil, CancellationToken cancellationToken)
    {
        var failure = $"Not sent: the circuit of channel '{notification.Channel}' is open until {openUntil:O} after {delivery.BreakAfterFailures} failed sends in a row.";
        var now = _time.GetUtcNow();
        var windowEnd = notification.QueuedAt + delivery.RetryFor;
        DateTimeOffset? retryAt = now >= windowEnd ? null : (openUntil < windowEnd ? openUntil : windowEnd);
        if (!await TryMarkFailedAsync(notification, owner, failure, now, retryAt, cancellationToken).ConfigureAwait(false))
        {
            return DeliveryOutcome.LeaseLost;
        }

        CountFailure(notification.Channel, retryAt is null ? "dead-letter" : "circuit-open");
        return retryAt is null ? DeliveryOutcome.DeadLettered : DeliveryOutcome.Deferred;
    }

    /// <summary>Records a failed attempt: retried with backoff within the retry window, or kept as a dead letter.</summary>
    private async ValueTask<DeliveryOutcome> FailAsync(Notification notification, string owner, NotificationDeliveryOptions delivery, string failure, bool permanent, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var retryAt = permanent ? null : RetryTime(notification, now, delivery, Random.Shared.NextDouble());
        if (!await TryMarkFailedAsync(notification, owner, failure, now, retryAt, cancellationToken).ConfigureAwait(false))
        {
            return DeliveryOutcome.LeaseLost;
        }

        if (retryAt is null)
        {
            LogDeadLettered(_logger, notification.Id, notification.Channel, notification.Attempts, failure);
            _diagnostics.CountChange(nameof(Notification), "dead-letter");
            CountFailure(notification.Channel, "dead-letter");
            return DeliveryOutcome.DeadLettered;
        }

        LogRetry(_logger, notification.Id, notification.Channel, notification.Attempts, retryAt.Value, failure);
        _diagnostics.CountChange(nameof(Notification), "retry");
        CountFailure(notification.Channel, "retry");
        return DeliveryOutcome.Retried;
    }

    private async ValueTask<bool> TryMarkFailedAsync(Notification notification, string owner, string failure, DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        try
        {
            await _store.Outbox.MarkFailedAsync(notification.Id, owner, failure, now, retryAt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            LogLeaseLost(_logger, notification.Id, owner);
            return false;
        }
    }

    private void CountFailure(string channel, string outcome) =>
        _diagnostics.DeliveryFailures.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    private static async ValueTask DisposeQuietlyAsync(INotificationBatch session)
    {
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Closing a batch (for example an SMTP QUIT on a dropped connection) cannot undo or redo a send.
        }
    }

    /// <summary>
    /// When a failed notification is tried again: after the backoff of its attempt (see <see cref="Backoff"/>), but no
    /// later than the end of its retry window (<see cref="Notification.QueuedAt"/> + <see cref="NotificationDeliveryOptions.RetryFor"/>),
    /// so the last attempt is made when the window closes; <see langword="null"/> (a dead letter) when it has closed.
    /// </summary>
    /// <param name="notification">The notification, with its attempt counted.</param>
    /// <param name="now">When the attempt failed.</param>
    /// <param name="delivery">The delivery options.</param>
    /// <param name="jitter">A number from 0 to 1 that places the wait between half the backoff and all of it.</param>
    internal static DateTimeOffset? RetryTime(Notification notification, DateTimeOffset now, NotificationDeliveryOptions delivery, double jitter)
    {
        var windowEnd = notification.QueuedAt + delivery.RetryFor;
        if (now >= windowEnd)
        {
            return null;
        }

        var backoff = Backoff(delivery.InitialRetryDelay, delivery.MaxRetryDelay, notification.Attempts);
        var wait = backoff / 2 + backoff / 2 * Math.Clamp(jitter, 0, 1);
        var at = now + wait;
        return at < windowEnd ? at : windowEnd;
    }

    /// <summary>The backoff after failed attempt <paramref name="attempt"/> (from 1), before jitter:
    /// initial × 2^(attempt-1), capped at <paramref name="max"/>.</summary>
    internal static TimeSpan Backoff(TimeSpan initial, TimeSpan max, int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 40));
        var ticks = initial.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    private enum DeliveryOutcome
    {
        Delivered,
        Retried,
        Deferred,
        DeadLettered,
        LeaseLost,
    }

    private sealed class Tally
    {
        public int Claimed { get; set; }

        public int Delivered { get; private set; }

        private int _retried, _deferred, _deadLettered, _leaseLost;

        public void Add(DeliveryOutcome outcome)
        {
            switch (outcome)
            {
                case DeliveryOutcome.Delivered: Delivered++; break;
                case DeliveryOutcome.Retried: _retried++; break;
                case DeliveryOutcome.Deferred: _deferred++; break;
                case DeliveryOutcome.DeadLettered: _deadLettered++; break;
                default: _leaseLost++; break;
            }
        }

        public DispatchSummary ToSummary() => new(Claimed, Delivered, _retried, _deadLettered, _leaseLost) { Deferred = _deferred };
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Delivered notification {NotificationId} through {Channel} to {RecipientId} (attempt {Attempt}).")]
    private static partial void LogDelivered(ILogger logger, string notificationId, string channel, string recipientId, int attempt);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Delivery of notification {NotificationId} through {Channel} failed (attempt {Attempt}); retrying at {RetryAt}: {Failure}")]
    private static partial void LogRetry(ILogger logger, string notificationId, string channel, int attempt, DateTimeOffset retryAt, string failure);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Notification {NotificationId} through {Channel} is a dead letter after {Attempt} attempts (requeue it to try again): {Failure}")]
    private static partial void LogDeadLettered(ILogger logger, string notificationId, string channel, int attempt, string failure);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "The lease on notification {NotificationId} held by {Owner} passed to another instance before it could be sent or marked; this instance leaves it.")]
    private static partial void LogLeaseLost(ILogger logger, string notificationId, string owner);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "The circuit of notification channel {Channel} opened after {Failures} failed sends in a row; its notifications wait until {OpenUntil}.")]
    private static partial void LogCircuitOpened(ILogger logger, string channel, int failures, DateTimeOffset openUntil);
}
