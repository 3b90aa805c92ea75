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

    public ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
    {
        if (Failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        _delivered.Enqueue((notification, recipient));
        return ValueTask.CompletedTask;
    }
}
