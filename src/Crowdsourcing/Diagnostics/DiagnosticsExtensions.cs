using System.Diagnostics;

namespace Crowdsourcing.Diagnostics;

/// <summary>The one way the runtime's services trace operations and count state changes.</summary>
internal static class DiagnosticsExtensions
{
    /// <summary>The tag naming the record an activity works on.</summary>
    public const string RecordIdTag = "crowdsourcing.record_id";

    /// <summary>Starts the activity of one operation, named <c>Crowdsourcing.{name}</c> (for example
    /// <c>Crowdsourcing.DecisionCycle.Run</c>).</summary>
    public static Activity? StartOperation(this CrowdsourcingDiagnostics diagnostics, string name, string? recordId = null)
    {
        var activity = diagnostics.ActivitySource.StartActivity("Crowdsourcing." + name);
        if (recordId is not null)
        {
            activity?.SetTag(RecordIdTag, recordId);
        }

        return activity;
    }

    /// <summary>Counts state changes of one record type by one operation (nothing when <paramref name="count"/> is 0).</summary>
    public static void CountChange(this CrowdsourcingDiagnostics diagnostics, string record, string operation, long count = 1)
    {
        if (count > 0)
        {
            diagnostics.StateChanges.Add(count, new KeyValuePair<string, object?>("record", record), new KeyValuePair<string, object?>("operation", operation));
        }
    }

    /// <summary>Marks an activity failed with the exception's message.</summary>
    public static void Failed(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }
}
