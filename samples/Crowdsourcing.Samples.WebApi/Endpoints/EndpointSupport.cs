using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>Small helpers the endpoint groups share.</summary>
internal static class EndpointSupport
{
    /// <summary>The largest page a listing serves.</summary>
    public const int MaximumPageSize = 1000;

    /// <summary>Reads a model record (a campaign, task, questionnaire or participant) from the request body with the model's
    /// own JSON rules, so that a bad value is reported with its JSON path or the field it breaks.</summary>
    public static async Task<T> ReadModelAsync<T>(HttpRequest request, CancellationToken cancellationToken) =>
        await CrowdsourcingJson.DeserializeAsync<T>(request.Body, cancellationToken);

    /// <summary>A required query or body value, refused with the parameter's name when missing.</summary>
    public static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException($"'{name}' is required and was not given.", name)
            : value;

    /// <summary>A page of a listing from the <c>after</c> and <c>limit</c> query parameters.</summary>
    public static PageRequest Page(string? after, int? limit)
    {
        if (limit is { } l && (l < 1 || l > MaximumPageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), l, $"'limit' must be between 1 and {MaximumPageSize}; it was {l}.");
        }

        return new PageRequest(string.IsNullOrEmpty(after) ? null : after, limit ?? 100);
    }

    /// <summary>Reads a listing to the end before the response starts, so that an error still becomes a problem response.</summary>
    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
