using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>The pages' stylesheet and scripts, embedded in the package and served from it (no CDN, nothing external).</summary>
internal static class UIAssets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType, string ETag)> Assets = Load();

    public static void Map(RouteGroupBuilder anonymous)
    {
        anonymous.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            if (string.Equals(http.Request.Headers.IfNoneMatch, asset.ETag, StringComparison.Ordinal))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            http.Response.Headers.ETag = asset.ETag;
            return Results.Bytes(asset.Content, asset.ContentType);
        });
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(UIAssets).Assembly;
        var assets = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("ui.css", "text/css; charset=utf-8"), ("ui.js", "text/javascript; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("Crowdsourcing.AspNetCore.UI.Assets." + name)
                ?? throw new InvalidOperationException($"The package's UI asset '{name}' is missing from the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var etag = "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes), 0, 8) + "\"";
            assets[name] = (bytes, type, etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
