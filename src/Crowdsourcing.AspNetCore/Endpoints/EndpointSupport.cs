using Crowdsourcing.AspNetCore.Requests;
using Crowdsourcing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>Small helpers the endpoint groups share.</summary>
internal static class EndpointSupport
{
    /// <summary>The largest page a listing serves.</summary>
    public const int MaximumPageSize = 1000;

    /// <summary>Reads a request body strictly (see <see cref="RequestJson"/>), so that a bad value is reported with its
    /// JSON path, an unknown property or a number sent as a string refused.</summary>
    public static Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) =>
        RequestJson.ReadAsync<T>(request, cancellationToken);

    /// <summary>A required query value, refused with the parameter's name when missing.</summary>
    public static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ValidationFailedException(name, $"'{name}' is required and was not given.")
            : value;

    /// <summary>A page of a listing from the <c>after</c> and <c>limit</c> query parameters.</summary>
    public static PageRequest Page(string? after, string? limit)
    {
        var l = Integer(limit, "limit") ?? 100;
        if (l < 1 || l > MaximumPageSize)
        {
            throw new ValidationFailedException("limit", $"'limit' must be between 1 and {MaximumPageSize}; it was {l}.");
        }

        return new PageRequest(string.IsNullOrEmpty(after) ? null : after, l);
    }

    /// <summary>An optional whole-number query parameter, refused with its name when it is not one.</summary>
    public static int? Integer(string? value, string name) =>
        string.IsNullOrEmpty(value)
            ? null
            : int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ValidationFailedException(name, $"'{name}' must be a whole number; it was '{value}'.");

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

    /// <summary>The responses every endpoint of the API may give besides its own: 401 and 403 as problems.</summary>
    public static RouteHandlerBuilder SignedInProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>201 with the location of the record; the same status and body for an identical retry.</summary>
    public static IResult Created<T>(string location, T value) => TypedResults.Created(location, value);

    /// <summary>An id escaped for a URL path.</summary>
    public static string Escape(string id) => Uri.EscapeDataString(id);
}
