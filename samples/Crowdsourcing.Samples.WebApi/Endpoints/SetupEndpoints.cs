using Crowdsourcing.Crowd;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using static Crowdsourcing.Samples.WebApi.Endpoints.EndpointSupport;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>What a campaign is built from: tasks, questionnaires and participants (idempotent inserts by id).</summary>
internal static class SetupEndpoints
{
    public static IEndpointRouteBuilder MapSetupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/").WithTags("Setup");

        group.MapPost("/tasks", async (HttpRequest request, ICrowdsourcingStore store, CancellationToken ct) =>
                Inserted("tasks", await store.Tasks.InsertAsync(await ReadModelAsync<CrowdTask>(request, ct), ct)))
            .Accepts<CrowdTask>("application/json")
            .Produces<CrowdTask>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Store a task (what is crowdsourced, its confidentiality and the crowd layers that may see it).");

        group.MapPost("/questionnaires", async (HttpRequest request, ICrowdsourcingStore store, CancellationToken ct) =>
                Inserted("questionnaires", await store.Questionnaires.InsertAsync(await ReadModelAsync<Questionnaire>(request, ct), ct)))
            .Accepts<Questionnaire>("application/json")
            .Produces<Questionnaire>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Store a questionnaire (sections grouped by tag, typed questions).");

        group.MapGet("/questionnaires/{questionnaireId}", async (string questionnaireId, ICrowdsourcingStore store, CancellationToken ct) =>
                TypedResults.Ok(await store.Questionnaires.FindAsync(questionnaireId, ct) ?? throw new NotFoundException(nameof(Questionnaire), questionnaireId)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a questionnaire.");

        group.MapPost("/participants", async (HttpRequest request, ICrowdsourcingStore store, CancellationToken ct) =>
                Inserted("participants", await store.Participants.InsertAsync(await ReadModelAsync<Participant>(request, ct), ct)))
            .Accepts<Participant>("application/json")
            .Produces<Participant>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Store a participant (crowd layer, qualifications, manager, colleagues).");

        group.MapGet("/participants/{participantId}", async (string participantId, ICrowdsourcingStore store, CancellationToken ct) =>
                TypedResults.Ok(await store.Participants.FindAsync(participantId, ct) ?? throw new NotFoundException(nameof(Participant), participantId)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a participant.");

        return app;
    }

    /// <summary>201 with the stored record when it was inserted now, 200 when the insert was a retry of the same content.</summary>
    private static IResult Inserted<T>(string collection, InsertOutcome<T> outcome)
        where T : class, IVersionedRecord =>
        outcome.Inserted ? TypedResults.Created($"/{collection}/{Uri.EscapeDataString(outcome.Record.Id)}", outcome.Record) : TypedResults.Ok(outcome.Record);
}
