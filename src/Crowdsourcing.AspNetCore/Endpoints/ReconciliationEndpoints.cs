using Crowdsourcing.Reconciliation;
using Crowdsourcing.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>The body of <c>PUT /campaigns/{id}/gold/{subjectId}/{questionId}</c>. Who marks it is the signed-in organiser, never a field.</summary>
/// <param name="Value">The analyst-checked answer: one of the question's choices.</param>
internal sealed record GoldBody(string Value);

/// <summary>The body of <c>POST /campaigns/{id}/reliabilities/seed</c>.</summary>
/// <param name="FromCampaignId">The earlier campaign whose learned reliabilities seed this one.</param>
internal sealed record SeedBody(string FromCampaignId);

/// <summary>The body of <c>POST /campaigns/{id}/another-answer</c>.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="QuestionId">The single-choice question.</param>
internal sealed record AnotherAnswerBody(string SubjectId, string QuestionId);

/// <summary>What <c>DELETE /campaigns/{id}/gold/{subjectId}/{questionId}</c> did.</summary>
/// <param name="Removed">Whether a gold answer was marked.</param>
internal sealed record GoldRemoval(bool Removed);

/// <summary>What <c>POST /campaigns/{id}/reliabilities/seed</c> did.</summary>
/// <param name="Seeded">How many reliabilities were seeded.</param>
internal sealed record SeedOutcome(int Seeded);

/// <summary>Answer reconciliation, for the organisers of a campaign: a request's reconciled choice questions, the
/// campaign reconciled with its expert reliabilities, gold answers, seeds, and whether to ask one more expert.</summary>
internal static class ReconciliationEndpoints
{
    public static IEndpointRouteBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assignments/{assignmentId}/reconciliation", async (string assignmentId, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
                TypedResults.Ok(await reconciliation.GetAsync(assignmentId, ct)))
            .WithTags("Answer reconciliation")
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A knowledge request's single-choice questions reconciled over every expert's answers about its subject: the inferred answer, its confidence and who answered what (the campaign's organisers).");

        var group = app.MapGroup("/campaigns/{campaignId}").WithTags("Answer reconciliation");

        group.MapPost("/reconciliation", async (string campaignId, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
                TypedResults.Ok(await reconciliation.ReconcileAsync(campaignId, ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Reconcile the campaign's answers and store each expert's learned reliability per question (its organisers).");

        group.MapGet("/reliabilities", async (string campaignId, string? source, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
            {
                var parsed = source is null ? ReliabilitySource.Learned : EnumNames.Parse<ReliabilitySource>(source, "source");
                return TypedResults.Ok(await ToListAsync(reconciliation.ListReliabilitiesAsync(campaignId, parsed, ct), ct));
            })
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The experts' reliabilities kept for the campaign (?source=learned, the default, or seed), by question and expert (its organisers).");

        group.MapPost("/reliabilities/seed", async (string campaignId, HttpRequest request, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
            {
                var body = await ReadAsync<SeedBody>(request, ct);
                return TypedResults.Ok(new SeedOutcome(await reconciliation.SeedAsync(campaignId, body.FromCampaignId, ct)));
            })
            .Accepts<SeedBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Seed the campaign with the reliabilities learned in an earlier one (organisers of both campaigns).");

        group.MapGet("/gold", async (string campaignId, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(reconciliation.ListGoldAsync(campaignId, ct), ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The campaign's gold answers, by subject and question (its organisers).");

        group.MapPut("/gold/{subjectId}/{questionId}", async (string campaignId, string subjectId, string questionId, HttpRequest request, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
            {
                var body = await ReadAsync<GoldBody>(request, ct);
                return TypedResults.Ok(await reconciliation.MarkGoldAsync(campaignId, subjectId, questionId, body.Value, ct));
            })
            .Accepts<GoldBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Mark the analyst-checked answer of a single-choice question about a subject (the campaign's organisers); replaces an earlier mark.");

        group.MapDelete("/gold/{subjectId}/{questionId}", async (string campaignId, string subjectId, string questionId, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
                TypedResults.Ok(new GoldRemoval(await reconciliation.ClearGoldAsync(campaignId, subjectId, questionId, ct))))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Remove a gold answer (the campaign's organisers).");

        group.MapPost("/another-answer", async (string campaignId, HttpRequest request, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
            {
                var body = await ReadAsync<AnotherAnswerBody>(request, ct);
                return TypedResults.Ok(await reconciliation.ConsiderAnotherAnswerAsync(campaignId, body.SubjectId, body.QuestionId, ct));
            })
            .Accepts<AnotherAnswerBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Decide whether one more expert should answer a single-choice question about a subject: asked (a new knowledge request) only when the value of their answer exceeds its cost; the decision and its reason are recorded (the campaign's organisers).");

        group.MapGet("/another-answer", async (string campaignId, IAnswerReconciliationService reconciliation, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(reconciliation.ListDecisionsAsync(campaignId, ct), ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The recorded decisions whether to ask one more expert, oldest first, each with its value, cost and reason (the campaign's organisers).");

        return app;
    }
}
