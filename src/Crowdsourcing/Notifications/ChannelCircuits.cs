using Crowdsourcing.Options;

namespace Crowdsourcing.Notifications;

/// <summary>
/// The circuit breaker of each notification channel, kept by the dispatcher (one per host instance): after
/// <see cref="NotificationDeliveryOptions.BreakAfterFailures"/> failed sends in a row through a channel, its circuit is
/// open for <see cref="NotificationDeliveryOptions.BreakDuration"/>; the first send after that probes the channel (one
/// more failure opens it again, a success closes it).
/// </summary>
internal sealed class ChannelCircuits
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset? OpenUntil)> _circuits = new(StringComparer.Ordinal);

    /// <summary>Until when the channel's circuit is open at <paramref name="now"/>; <see langword="null"/> when it is closed (or half open: a probe may go).</summary>
    public DateTimeOffset? OpenUntil(string channel, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _circuits.TryGetValue(channel, out var c) && c.OpenUntil is { } until && now < until ? until : null;
        }
    }

    /// <summary>Closes the channel's circuit.</summary>
    public void Succeeded(string channel)
    {
        lock (_gate)
        {
            _circuits.Remove(channel);
        }
    }

    /// <summary>Counts a failed send; returns until when the circuit is open when this failure opened it.</summary>
    public DateTimeOffset? Failed(string channel, DateTimeOffset now, NotificationDeliveryOptions delivery)
    {
        lock (_gate)
        {
            var failures = (_circuits.TryGetValue(channel, out var c) ? c.Failures : 0) + 1;
            DateTimeOffset? until = failures >= delivery.BreakAfterFailures ? now + delivery.BreakDuration : null;
            _circuits[channel] = (failures, until);
            return until;
        }
    }
}
