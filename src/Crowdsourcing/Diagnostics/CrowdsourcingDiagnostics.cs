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
    }

    /// <summary>The activity source named <c>Crowdsourcing</c>.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>The meter named <c>Crowdsourcing</c>.</summary>
    public Meter Meter { get; }

    /// <summary>Counts state changes; tags: <c>record</c> (the record type) and <c>operation</c>.</summary>
    public Counter<long> StateChanges { get; }

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
