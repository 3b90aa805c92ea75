using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>Marks the API's <c>GET /me</c> endpoint, so that the pages find where <c>MapCrowdsourcingApi()</c> mapped
/// the API (the site's root, or a route group such as <c>/api</c>).</summary>
internal sealed class ApiRootMarker
{
    public static ApiRootMarker Instance { get; } = new();

    private ApiRootMarker()
    {
    }
}

/// <summary>Where the web API is mapped, as the console's dashboard script calls it.</summary>
internal static class ApiLocation
{
    /// <summary>The API's base path with a trailing <c>/</c> (for example <c>/</c> or <c>/api/</c>), with the request's
    /// path base; the site's root when the API is not mapped on this application.</summary>
    public static string Of(HttpContext http)
    {
        var pathBase = http.Request.PathBase.Value ?? string.Empty;
        var me = http.RequestServices.GetService<EndpointDataSource>()?.Endpoints
            .OfType<RouteEndpoint>()
            .FirstOrDefault(e => e.Metadata.GetMetadata<ApiRootMarker>() is not null);
        var raw = "/" + (me?.RoutePattern.RawText ?? "/me").Trim('/');
        while (raw.Contains("//", StringComparison.Ordinal))
        {
            raw = raw.Replace("//", "/", StringComparison.Ordinal);
        }

        var root = raw.EndsWith("/me", StringComparison.Ordinal) ? raw[..^2] : "/";
        return pathBase.TrimEnd('/') + root;
    }
}
