using Crowdsourcing.Assignments;
using static Crowdsourcing.Samples.WebApi.Endpoints.EndpointSupport;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>The body of <c>POST /assignments</c>.</summary>
/// <param name="Id">The knowledge request's id (also the idempotency key).</param>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Subject">What it is about, for example a client.</param>
/// <param name="AssigneeIds">The experts.</param>
/// <param name="CreatedBy">Who creates it.</param>
internal sealed record CreateAssignmentBody(string Id, string CampaignId, Subject Subject, IReadOnlyList<string> AssigneeIds, string CreatedBy);

/// <summary>The body of a draft save or a submission.</summary>
/// <param name="ParticipantId">Who saves or submits.</param>
/// <param name="ResponseVersion">The response version the caller read (from <c>GET /assignments/{id}</c>).</param>
/// <param name="Answers">Answers to set; a null value clears one. Optional for a submission.</param>
internal sealed record AnswersBody(string ParticipantId, long ResponseVersion, IReadOnlyList<AnswerInput>? Answers = null);

/// <summary>The body of a cancellation.</summary>
/// <param name="CancelledBy">Who cancels.</param>
/// <param name="Reason">Why, shown to the contributors.</param>
internal sealed record CancelBody(string CancelledBy, string? Reason = null);

/// <summary>Knowledge requests: create, view, drafts, submission (accepted or reopened with feedback), cancellation.</summary>
internal static class AssignmentEndpoints
{
    public static IEndpointRouteBuilder MapAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/assignments").WithTags("Assignments");

        group.MapPost("/", async (CreateAssignmentBody body, IAssignmentService assignments, CancellationToken ct) =>
            {
                var stored = await assignments.CreateAsync(new NewAssignment(body.Id, body.CampaignId, body.Subject, body.AssigneeIds), ct);
                return TypedResults.Created($"/assignments/{Uri.EscapeDataString(stored.Id)}", stored);
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a knowledge request for one or more experts; they are notified. Idempotent by id.");

        group.MapGet("/{assignmentId}", async (string assignmentId, string? participantId, IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await assignments.GetAsync(assignmentId, Required(participantId, "participantId"), ct)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A knowledge request with its answers, the questionnaire and what the participant (?participantId=) may answer.");

        group.MapPut("/{assignmentId}/draft", async (string assignmentId, AnswersBody body, IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await assignments.SaveDraftAsync(assignmentId, body.ParticipantId, Version(body.ResponseVersion), body.Answers ?? [], ct)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Save answers as a draft; carries the response version read. 409 with who and when if someone saved in between.");

        group.MapPost("/{assignmentId}/submission", async (string assignmentId, AnswersBody body, IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await assignments.SubmitAsync(assignmentId, body.ParticipantId, Version(body.ResponseVersion), body.Answers, ct)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Submit (every mandatory question answered): assessed, then accepted, or reopened with the violations as feedback.");

        group.MapPost("/{assignmentId}/cancellation", async (string assignmentId, CancelBody body, IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await assignments.CancelAsync(assignmentId, Required(body.CancelledBy, "cancelledBy"), body.Reason, ct)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancel a knowledge request; every contributor is notified.");

        app.MapGet("/participants/{participantId}/assignments", async (string participantId, IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(assignments.ListForParticipantAsync(participantId, ct), ct)))
            .WithTags("Assignments")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The knowledge requests a participant is an assignee or a delegate of.");

        return app;
    }

    /// <summary>A response version as read from <c>GET /assignments/{id}</c>: stored responses start at 1.</summary>
    private static long Version(long responseVersion) =>
        responseVersion >= 1
            ? responseVersion
            : throw new ArgumentOutOfRangeException(nameof(responseVersion), responseVersion, $"'responseVersion' must be the version read from GET /assignments/{{id}} (1 or more); it was {responseVersion}.");
}
