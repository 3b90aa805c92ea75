using System.Collections.Concurrent;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;

namespace Crowdsourcing.Tests.Notifications;

/// <summary>A channel that records what it delivers and fails on demand.</summary>
internal sealed class RecordingChannel(string name = "email") : INotificationChannel
{
    private readonly ConcurrentQueue<(Notification Notification, Participant Recipient)> _delivered = new();

    /// <summary>Failures to throw, one per delivery attempt, before deliveries succeed.</summary>
    public ConcurrentQueue<Exception> Failures { get; } = new();

    public string Name { get; } = name;

    public IReadOnlyList<(Notification Notification, Participant Recipient)> Delivered => _delivered.ToArray();

    /// <summary>While set, every delivery fails (an outage).</summary>
    public bool Down { get; set; }

    /// <summary>How many deliveries were attempted (failed or not).</summary>
    public int Attempts => _attempts;

    private int _attempts;

    public ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _attempts);
        if (Down)
        {
            throw new HttpRequestException("Connection refused (the receiver is down).");
        }

        if (Failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        _delivered.Enqueue((notification, recipient));
        return ValueTask.CompletedTask;
    }
}
