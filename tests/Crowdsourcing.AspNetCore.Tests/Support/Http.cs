using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.AspNetCore.Tests.Support;

/// <summary>Sends JSON and reads JSON and problem-details responses.</summary>
public static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Model<T>(T value) => Json(CrowdsourcingJson.Serialize(value));

    public static StringContent Body(object value) => Json(System.Text.Json.JsonSerializer.Serialize(value, System.Text.Json.JsonSerializerOptions.Web));

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>
    /// Checks a problem-details response: the status, the media type, the status in the body, and that nothing of a
    /// stack trace leaks into it. Returns the body.
    /// </summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("StackTrace", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)expected, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        return problem;
    }

    /// <summary>The messages a 400 problem gives for one field (the key of its <c>errors</c>).</summary>
    public static IReadOnlyList<string> FieldErrors(JsonObject problem, string field)
    {
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"The problem names no error for '{field}': {problem.ToJsonString()}");
        return [.. errors![field]!.AsArray().Select(e => (string)e!)];
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, object body) =>
        await client.PutAsync(url, Body(body));

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body) =>
        await client.PostAsync(url, Body(body));

    public static HttpRequestMessage Accepting(HttpMethod method, string url, HttpContent content, string mediaType)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        return request;
    }
}
