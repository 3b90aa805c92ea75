using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.Tests.Support;

/// <summary>The routes <c>MapCrowdsourcingApi()</c> maps, as "METHOD /pattern", and the pattern of a concrete path.</summary>
public static partial class ApiRoutes
{
    public static async Task<List<string>> MappedAsync()
    {
        await using var host = await ApiHost.StartAsync();
        return
        [
            .. host.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalise(e.RoutePattern.RawText ?? string.Empty)}"))
                .Distinct(),
        ];
    }

    /// <summary>The route pattern a concrete path of the role matrix matches.</summary>
    public static string Pattern(string path)
    {
        var pattern = path.Split('?')[0];
        pattern = pattern.Replace("/campaigns/" + ApiWorld.CampaignId, "/campaigns/{campaignId}", StringComparison.Ordinal)
            .Replace("/tasks/" + ApiWorld.TaskId, "/tasks/{taskId}", StringComparison.Ordinal)
            .Replace("/questionnaires/" + ApiWorld.QuestionnaireId, "/questionnaires/{questionnaireId}", StringComparison.Ordinal)
            .Replace("/participants/alice", "/participants/{participantId}", StringComparison.Ordinal)
            .Replace("/assignments/m-1", "/assignments/{assignmentId}", StringComparison.Ordinal)
            .Replace("/gold/acme/w2-q1", "/gold/{subjectId}/{questionId}", StringComparison.Ordinal)
            .Replace("/outbox/notifications/assignment-created:m-1:alice/", "/outbox/notifications/{notificationKey}/", StringComparison.Ordinal);
        return Cycle().Replace(pattern, "/cycles/{cycle:int}");
    }

    private static string Normalise(string raw)
    {
        var text = "/" + raw.Trim('/');
        while (text.Contains("//", StringComparison.Ordinal))
        {
            text = text.Replace("//", "/", StringComparison.Ordinal);
        }

        return text;
    }

    [GeneratedRegex(@"/cycles/\d+$")]
    private static partial Regex Cycle();
}
