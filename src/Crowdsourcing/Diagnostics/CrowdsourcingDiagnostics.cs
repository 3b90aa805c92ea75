using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crowdsourcing.Diagnostics;

/// <summary>
/// The runtime's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Crowdsourcing</c>, with the
/// instruments the runtime records. Registered as a singleton by <c>AddCrowdsourcing()</c>.
/// </summary>
public sealed class CrowdsourcingDiagnostics : IDisposable
{
    /// <summary>The name of the activity source and the meter: <c>Crowdsourcing</c>.</summary>
    public const string Name = "Crowdsourcing";

    private readonly bool _ownsMeter;

    /// <summary>Creates the diagnostics, with the meter from <paramref name="meterFactory"/> when there is one.</summary>
    /// <param name="meterFactory">The host's meter factory; <see langword="null"/> to create the meter directly.</param>
    public CrowdsourcingDiagnostics(IMeterFactory? meterFactory = null)
    {
        ActivitySource = new ActivitySource(Name, typeof(CrowdsourcingDiagnostics).Assembly.GetName().Version?.ToString());
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(Name) ?? new Meter(Name);
        StateChanges = Meter.CreateCounter<long>("crowdsourcing.state_changes", unit: "{change}", description: "State changes of campaign records, tagged by record type and operation.");
        DeliveryFailures = Meter.CreateCounter<long>("crowdsourcing.outbox.failures", unit: "{failure}", description: "Failed notification sends, tagged by channel and outcome (retry, dead-letter, circuit-open).");
        OutboxDepth = Meter.CreateGauge<long>("crowdsourcing.outbox.depth", unit: "{notification}", description: "Notifications waiting in the outbox, recorded after each dispatch run.");
        OutboxDeadLetters = Meter.CreateGauge<long>("crowdsourcing.outbox.dead_letters", unit: "{notification}", description: "Dead letters waiting to be requeued, recorded after each dispatch run.");
        OutboxOldestPendingAge = Meter.CreateGauge<double>("crowdsourcing.outbox.oldest_pending_age", unit: "s", description: "How long the oldest pending notification has been queued, recorded after each dispatch run (0 when none is).");
    }

    /// <summary>The activity source named <c>Crowdsourcing</c>.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>The meter named <c>Crowdsourcing</c>.</summary>
    public Meter Meter { get; }

    /// <summary>Counts state changes; tags: <c>record</c> (the record type) and <c>operation</c>.</summary>
    public Counter<long> StateChanges { get; }

    /// <summary>Counts failed notification sends; tags: <c>channel</c> and <c>outcome</c> (<c>retry</c>,
    /// <c>dead-letter</c>, <c>circuit-open</c>).</summary>
    public Counter<long> DeliveryFailures { get; }

    /// <summary>The number of pending notifications (<c>crowdsourcing.outbox.depth</c>).</summary>
    public Gauge<long> OutboxDepth { get; }

    /// <summary>The number of dead letters (<c>crowdsourcing.outbox.dead_letters</c>).</summary>
    public Gauge<long> OutboxDeadLetters { get; }

    /// <summary>The age in seconds of the oldest pending notification (<c>crowdsourcing.outbox.oldest_pending_age</c>).</summary>
    public Gauge<double> OutboxOldestPendingAge { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        ActivitySource.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
