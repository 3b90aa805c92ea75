using Crowdsourcing.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>Tasks as the signed-in person may see them: a participant only those their crowd layer may see.</summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tasks", async (string? after, string? limit, ITaskCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(catalog.ListVisibleAsync(Page(after, limit), ct), ct)))
            .WithTags("Tasks")
            .ProducesValidationProblem()
            .SignedInProblems()
            .WithSummary("The tasks the signed-in person may see (a participant: those their crowd layer may see; organisers: all), by id.");

        app.MapGet("/tasks/{taskId}", async (string taskId, ITaskCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok(await catalog.GetAsync(taskId, ct)))
            .WithTags("Tasks")
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A task; 403 when it does not allow the signed-in participant's crowd layer.");

        return app;
    }
}
