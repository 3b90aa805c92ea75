using Crowdsourcing.Access;
using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.AspNetCore.UI;
using Crowdsourcing.Assignments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>The body of <c>POST /assignments</c>. Who creates it is the signed-in organiser, never a field.</summary>
/// <param name="Id">The knowledge request's id (also the idempotency key).</param>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Subject">What it is about, for example a client.</param>
/// <param name="AssigneeIds">The experts.</param>
internal sealed record CreateAssignmentBody(string Id, string CampaignId, Subject Subject, IReadOnlyList<string> AssigneeIds);

/// <summary>The body of a draft save or a submission. Who saves or submits is the signed-in person, never a field.</summary>
/// <param name="ResponseVersion">The response version the caller read (from <c>GET /assignments/{id}</c>).</param>
/// <param name="Answers">Answers to set; a null value clears one. Optional for a submission.</param>
internal sealed record AnswersBody(long ResponseVersion, IReadOnlyList<AnswerInput>? Answers = null);

/// <summary>The body of a cancellation. Who cancels is the signed-in organiser, never a field.</summary>
/// <param name="Reason">Why, shown to the contributors.</param>
internal sealed record CancelBody(string? Reason = null);

/// <summary>The body of a reopening. Who reopens is the signed-in organiser, never a field.</summary>
/// <param name="Reason">What to improve, shown to the experts as the feedback (required, at most 2,000 characters).</param>
/// <param name="Version">The request's version the caller read; omitted, whatever version is stored.</param>
internal sealed record ReopenBody(string Reason, long? Version = null);

/// <summary>Knowledge requests: create, view, drafts, submission (accepted or reopened with feedback), cancellation,
/// reopening by an organiser, deletion by an administrator.</summary>
internal static class AssignmentEndpoints
{
    /// <summary>The longest cancellation reason: 2,000 characters.</summary>
    public const int MaximumReasonLength = 2000;

    public static IEndpointRouteBuilder MapAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/assignments").WithTags("Knowledge requests");

        group.MapPost("/", async (HttpRequest request, IAssignmentService assignments, CancellationToken ct) =>
            {
                var body = await ReadAsync<CreateAssignmentBody>(request, ct);
                var stored = await assignments.CreateAsync(new NewAssignment(body.Id, body.CampaignId, body.Subject, body.AssigneeIds), ct);
                return Created($"/assignments/{Escape(stored.Id)}", stored);
            })
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .Accepts<CreateAssignmentBody>("application/json")
            .Produces<Assignment>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a knowledge request for one or more experts (the campaign's organisers); they are notified. Idempotent by id.");

        group.MapGet("/", async (IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(assignments.ListMineAsync(ct), ct)))
            .SignedInProblems()
            .WithSummary("The knowledge requests the signed-in person is an assignee or a delegate of.");

        app.MapGet("/me/escalations", async (Reminders.IReminderService reminders, CancellationToken ct) =>
                TypedResults.Ok(await reminders.ListEscalationsAsync(ct)))
            .WithTags("Knowledge requests")
            .SignedInProblems()
            .WithSummary("The escalations about the signed-in person's reports: their knowledge requests pending longer than the campaign's escalation delay (status only, never answers); empty for anyone who manages nobody.");

        group.MapGet("/{assignmentId}", async (string assignmentId, IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await assignments.GetAsync(assignmentId, ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A knowledge request with its answers and what the signed-in person may answer: an assignee everything, a delegate the questions delegated to them, an organiser of the campaign reads all.");

        group.MapPut("/{assignmentId}/draft", async (string assignmentId, HttpRequest request, IAssignmentService assignments, RequestChangeFeed feed, IActorAccessor actors, TimeProvider time, CancellationToken ct) =>
            {
                var body = await ReadAsync<AnswersBody>(request, ct);
                var saved = await assignments.SaveDraftAsync(assignmentId, Version(body.ResponseVersion), body.Answers ?? [], ct);
                if (saved.Version != body.ResponseVersion)
                {
                    Publish(feed, actors, time, assignmentId, "saved", saved.Version, saved.ModifiedAt);
                }

                return TypedResults.Ok(saved);
            })
            .Accepts<AnswersBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Save answers as a draft (assignees; delegates their questions); carries the response version read. 409 with who and when if someone saved in between.");

        group.MapPost("/{assignmentId}/submission", async (string assignmentId, HttpRequest request, IAssignmentService assignments, RequestChangeFeed feed, IActorAccessor actors, TimeProvider time, CancellationToken ct) =>
            {
                var body = await ReadAsync<AnswersBody>(request, ct);
                var outcome = await assignments.SubmitAsync(assignmentId, Version(body.ResponseVersion), body.Answers, ct);
                Publish(feed, actors, time, assignmentId, "submitted", outcome.Response.Version, outcome.Response.ModifiedAt);
                return TypedResults.Ok(outcome);
            })
            .Accepts<AnswersBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Submit (assignees; every mandatory question answered): assessed, then accepted, or reopened with the violations as feedback.");

        group.MapPost("/{assignmentId}/cancellation", async (string assignmentId, HttpRequest request, IAssignmentService assignments, RequestChangeFeed feed, IActorAccessor actors, TimeProvider time, CancellationToken ct) =>
            {
                var body = await ReadAsync<CancelBody>(request, ct);
                if (body.Reason is { Length: > MaximumReasonLength })
                {
                    throw new ValidationFailedException("reason", $"'reason' has {body.Reason.Length} characters; at most {MaximumReasonLength} are allowed.");
                }

                var cancelled = await assignments.CancelAsync(assignmentId, body.Reason, ct);
                Publish(feed, actors, time, assignmentId, "cancelled", 0, cancelled.ModifiedAt);
                return TypedResults.Ok(cancelled);
            })
            .Accepts<CancelBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancel a knowledge request (the campaign's organisers); every contributor is notified.");

        group.MapPost("/{assignmentId}/reopen", async (string assignmentId, HttpRequest request, IAssignmentService assignments, RequestChangeFeed feed, IActorAccessor actors, TimeProvider time, CancellationToken ct) =>
            {
                var body = await ReadAsync<ReopenBody>(request, ct);
                if (body.Reason is { Length: > IAssignmentService.MaxReasonLength })
                {
                    throw new ValidationFailedException("reason", $"'reason' has {body.Reason.Length} characters; at most {IAssignmentService.MaxReasonLength} are allowed.");
                }

                if (string.IsNullOrWhiteSpace(body.Reason))
                {
                    throw new ValidationFailedException("reason", "'reason' is required: say what the experts should improve.");
                }

                var reopened = await assignments.ReopenAsync(assignmentId, body.Reason, body.Version, ct);
                Publish(feed, actors, time, assignmentId, "reopened", 0, reopened.ModifiedAt);
                return TypedResults.Ok(reopened);
            })
            .Accepts<ReopenBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Reopen a submitted or accepted knowledge request with a reason (the campaign's organisers and administrators); the assignees are notified. 409 if it is in another status or changed since 'version'.");

        group.MapDelete("/{assignmentId}", async (string assignmentId, string? version, IAssignmentService assignments, RequestChangeFeed feed, IActorAccessor actors, TimeProvider time, CancellationToken ct) =>
            {
                long? expected = string.IsNullOrEmpty(version)
                    ? null
                    : long.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= 1
                        ? parsed
                        : throw new ValidationFailedException("version", $"'version' must be the request's version read from GET /assignments/{{id}} (1 or more); it was '{version}'.");
                await assignments.DeleteAsync(assignmentId, expected, ct);
                Publish(feed, actors, time, assignmentId, "deleted", 0, null);
                return TypedResults.NoContent();
            })
            .SignedInProblems()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a cancelled knowledge request with its answers, delegations and assessments (administrators). 409 unless cancelled first, or if it changed since the optional ?version=.");

        return app;
    }

    /// <summary>Tells the pages that have the request open (the live notice of <c>MapCrowdsourcingUI()</c>).</summary>
    internal static void Publish(RequestChangeFeed feed, IActorAccessor actors, TimeProvider time, string assignmentId, string kind, long responseVersion, DateTimeOffset? at)
    {
        var actor = actors.Current;
        feed.Publish(new RequestChange(assignmentId, kind, responseVersion, actor?.Id ?? string.Empty, actor?.DisplayName ?? string.Empty, at ?? time.GetUtcNow()));
    }

    /// <summary>A response version as read from <c>GET /assignments/{id}</c>: stored responses start at 1.</summary>
    private static long Version(long responseVersion) =>
        responseVersion >= 1
            ? responseVersion
            : throw new ValidationFailedException("responseVersion", $"'responseVersion' must be the version read from GET /assignments/{{id}} (1 or more); it was {responseVersion}.");
}
