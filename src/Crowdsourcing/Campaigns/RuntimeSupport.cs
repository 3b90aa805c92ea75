using System.Diagnostics;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Campaigns;

/// <summary>Activities and state-change counts shared by the runtime services.</summary>
internal static class RuntimeSupport
{
    /// <summary>The tag naming the record an activity works on.</summary>
    public const string RecordIdTag = "crowdsourcing.record_id";

    /// <summary>Starts the activity of one operation, named <c>Crowdsourcing.{name}</c>.</summary>
    public static Activity? StartOperation(this CrowdsourcingDiagnostics diagnostics, string name, string? recordId = null)
    {
        var activity = diagnostics.ActivitySource.StartActivity("Crowdsourcing." + name);
        if (recordId is not null)
        {
            activity?.SetTag(RecordIdTag, recordId);
        }

        return activity;
    }

    /// <summary>Counts state changes of one record type by one operation.</summary>
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

    /// <summary>Finds a record or throws <see cref="NotFoundException"/> naming it.</summary>
    public static async ValueTask<T> GetRequiredAsync<T>(this IRecordStore<T> store, string id, CancellationToken cancellationToken)
        where T : class, IVersionedRecord
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return await store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException(typeof(T).Name, id);
    }

    /// <summary>Collects an async listing.</summary>
    public static async ValueTask<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Walks a whole listing page by page, <paramref name="pageSize"/> items at a time.</summary>
    public static async IAsyncEnumerable<T> AllPagesAsync<T>(Func<PageRequest, IAsyncEnumerable<T>> list, Func<T, string> key, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            var count = 0;
            await foreach (var item in list(new PageRequest(after, pageSize)).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                count++;
                after = key(item);
                yield return item;
            }

            if (count < pageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>Checks a caller-supplied identifier.</summary>
    public static string RequireId(string? value, string type, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{type}.{field} must not be empty or whitespace (value: {(value is null ? "null" : $"'{value}'")}).", field);
        }

        return value;
    }
}
