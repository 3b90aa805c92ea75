using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crowdsourcing.Tests.Support;

/// <summary>
/// Records the <c>crowdsourcing.state_changes</c> measurements of one <see cref="Diagnostics.CrowdsourcingDiagnostics"/>
/// meter, and the <c>Crowdsourcing</c> activities started while it lives.
/// </summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<(string Record, string Operation, long Value)> _changes = new();
    private readonly ConcurrentQueue<string> _started = new();

    /// <summary>Starts recording the instruments of <paramref name="meter"/>.</summary>
    public MetricsRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Record(instrument, value, tags);
            if (instrument.Name != "crowdsourcing.state_changes")
            {
                return;
            }

            string? record = null, operation = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "record")
                {
                    record = tag.Value as string;
                }
                else if (tag.Key == "operation")
                {
                    operation = tag.Value as string;
                }
            }

            _changes.Enqueue((record ?? "?", operation ?? "?", value));
        });
        _listener.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Crowdsourcing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = a => _started.Enqueue(a.OperationName),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    private readonly ConcurrentQueue<(string Instrument, double Value, string[] Tags)> _measurements = new();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            values[i] = tags[i].Value?.ToString() ?? string.Empty;
        }

        _measurements.Enqueue((instrument.Name, value, values));
    }

    /// <summary>Every measurement of one instrument, in order, with its tag values.</summary>
    public IReadOnlyList<(double Value, string[] Tags)> Measurements(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags))];

    /// <summary>The total counted for a record type and operation.</summary>
    public long Count(string record, string operation) =>
        _changes.Where(c => c.Record == record && c.Operation == operation).Sum(c => c.Value);

    /// <summary>The names of the activities started (from any thread; filter by name).</summary>
    public IReadOnlyList<string> Activities => _started.ToArray();

    public void Dispose()
    {
        _listener.Dispose();
        _activities.Dispose();
    }
}
