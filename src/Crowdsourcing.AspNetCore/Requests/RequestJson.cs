using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Crowdsourcing.AspNetCore.Options;
using Crowdsourcing.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.AspNetCore.Requests;

/// <summary>
/// Strict JSON for every request body of the API: the model's rules (camelCase, kebab-case enum values, required
/// members, no null where none is allowed), plus an unknown property refused, a number sent as a string refused, and a
/// body over <see cref="CrowdsourcingApiOptions.MaximumBodyBytes"/> refused (413). Errors name the JSON path in the
/// user's words (<see cref="JsonReadError"/>).
/// </summary>
internal static class RequestJson
{
    /// <summary>The strict options: the model context first, reflection for the API's own body records.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Configures the options ASP.NET Core writes responses with, as the model writes JSON.</summary>
    public static void ConfigureResponses(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>Reads the body as <typeparamref name="T"/>.</summary>
    /// <exception cref="ValidationFailedException">The body is not JSON of that shape; the path and the problem are named.</exception>
    /// <exception cref="BadHttpRequestException">The body is too large (413) or not JSON (415).</exception>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } contentType && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException($"The request body must be JSON (Content-Type: application/json); it was '{contentType}'.", StatusCodes.Status415UnsupportedMediaType);
        }

        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<CrowdsourcingApiOptions>>().Value.MaximumBodyBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        var json = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var type = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException ex)
        {
            var error = JsonReadError.From(ex, type, json);
            throw new ValidationFailedException(error.Path ?? "$", $"The request body is not valid: {error.Message}.");
        }

        return value ?? throw new ValidationFailedException("$", "The request body is empty or null; a JSON object is expected.");
    }

    private static BadHttpRequestException TooLarge(int limit) =>
        new($"The request body is larger than {limit} bytes, the most this API reads.", StatusCodes.Status413PayloadTooLarge);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(CrowdsourcingJson.Options)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            WriteIndented = false,
        };
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }
}
