using Crowdsourcing.Tasks;
using static Crowdsourcing.Samples.WebApi.Endpoints.EndpointSupport;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>Tasks as a participant sees them: only those their crowd layer may see.</summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/participants/{participantId}/tasks", async (string participantId, string? after, int? limit, ITaskCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(catalog.ListVisibleAsync(participantId, Page(after, limit), ct), ct)))
            .WithTags("Tasks")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The tasks a participant's crowd layer may see, ordered by id.");

        app.MapGet("/tasks/{taskId}", async (string taskId, string? participantId, ITaskCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok(await catalog.GetAsync(taskId, Required(participantId, "participantId"), ct)))
            .WithTags("Tasks")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A task, for a participant (?participantId=) to view; 403 when the task does not allow their layer.");

        return app;
    }
}
