using Crowdsourcing.Access;
using Crowdsourcing.AspNetCore.UI;
using Crowdsourcing.Delegations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>The body of <c>POST /assignments/{id}/delegations</c>. Who delegates is the signed-in person, never a field.</summary>
/// <param name="ToParticipantId">The colleague.</param>
/// <param name="QuestionIds">The questions; none for all the delegator holds.</param>
/// <param name="Message">A note to the colleague.</param>
internal sealed record DelegateBody(string ToParticipantId, IReadOnlyList<string>? QuestionIds = null, string? Message = null);

/// <summary>Delegation of questions to colleagues, the chains it forms and the campaign's collaboration graph.</summary>
internal static class DelegationEndpoints
{
    public static IEndpointRouteBuilder MapDelegationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/assignments/{assignmentId}/delegations", async (string assignmentId, HttpRequest request, IDelegationService delegations, RequestChangeFeed feed, IActorAccessor actors, TimeProvider time, CancellationToken ct) =>
            {
                var body = await ReadAsync<DelegateBody>(request, ct);
                var stored = await delegations.DelegateAsync(new DelegationRequest(assignmentId, body.ToParticipantId, body.QuestionIds, body.Message), ct);
                AssignmentEndpoints.Publish(feed, actors, time, assignmentId, "delegated", 0, stored.ModifiedAt);
                return Created($"/assignments/{Escape(assignmentId)}/delegations", stored);
            })
            .WithTags("Delegation")
            .Accepts<DelegateBody>("application/json")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Hand questions the signed-in person holds to one of their colleagues (who is notified); refused for a non-colleague, a cycle or questions not held.");

        app.MapGet("/assignments/{assignmentId}/delegations", async (string assignmentId, string? questionId, IDelegationService delegations, CancellationToken ct) =>
                TypedResults.Ok(await delegations.GetChainAsync(assignmentId, string.IsNullOrEmpty(questionId) ? null : questionId, ct)))
            .WithTags("Delegation")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The chain of hand-overs of one question (?questionId=) or of every question (contributors and the campaign's organisers).");

        app.MapGet("/campaigns/{campaignId}/collaboration", async (string campaignId, IDelegationService delegations, CancellationToken ct) =>
                TypedResults.Ok(await delegations.GetCollaborationGraphAsync(campaignId, ct)))
            .WithTags("Delegation")
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Who involved whom, about which subject, across the campaign, and who answered how much (its organisers).");

        return app;
    }
}
