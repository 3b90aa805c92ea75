using Crowdsourcing.Delegations;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>The body of <c>POST /assignments/{id}/delegations</c>.</summary>
/// <param name="FromParticipantId">Who delegates: an assignee, or a delegate passing questions on.</param>
/// <param name="ToParticipantId">The colleague.</param>
/// <param name="QuestionIds">The questions; none for all the delegator holds.</param>
/// <param name="Message">A note to the colleague.</param>
internal sealed record DelegateBody(string FromParticipantId, string ToParticipantId, IReadOnlyList<string>? QuestionIds = null, string? Message = null);

/// <summary>Delegation of questions to colleagues, the chains it forms and the campaign's collaboration graph.</summary>
internal static class DelegationEndpoints
{
    public static IEndpointRouteBuilder MapDelegationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/assignments/{assignmentId}/delegations", async (string assignmentId, DelegateBody body, IDelegationService delegations, CancellationToken ct) =>
            {
                var stored = await delegations.DelegateAsync(new DelegationRequest(assignmentId, body.FromParticipantId, body.ToParticipantId, body.QuestionIds, body.Message), ct);
                return TypedResults.Created($"/assignments/{Uri.EscapeDataString(assignmentId)}/delegations", stored);
            })
            .WithTags("Delegation")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Hand questions to a colleague (who is notified); refused for a non-colleague, a cycle or questions not held.");

        app.MapGet("/assignments/{assignmentId}/delegations", async (string assignmentId, string? questionId, IDelegationService delegations, CancellationToken ct) =>
                TypedResults.Ok(await delegations.GetChainAsync(assignmentId, string.IsNullOrEmpty(questionId) ? null : questionId, ct)))
            .WithTags("Delegation")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The chain of hand-overs of one question (?questionId=) or of every question, in the order made.");

        app.MapGet("/campaigns/{campaignId}/collaboration", async (string campaignId, IDelegationService delegations, CancellationToken ct) =>
                TypedResults.Ok(await delegations.GetCollaborationGraphAsync(campaignId, ct)))
            .WithTags("Delegation")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Who involved whom, about which subject, across the campaign, and who answered how much.");

        return app;
    }
}
