using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>A campaign's decision settings with the campaign version they belong to: what <c>GET</c> answers and what
/// <c>PUT</c> takes (the version read, so that a concurrent change is refused with 409).</summary>
/// <param name="CampaignVersion">The campaign's version (the one read, in a <c>PUT</c>).</param>
/// <param name="Settings">The decision settings.</param>
internal sealed record DecisionSettingsBody(long CampaignVersion, CampaignDecisionSettings Settings);

/// <summary>Campaigns: create (checked against the stored task, questionnaire and crowd), get, list, the crowd and the
/// knowledge requests, for their organisers.</summary>
internal static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/campaigns").WithTags("Campaigns");

        group.MapPost("/", async (HttpRequest request, ICampaignService campaigns, CancellationToken ct) =>
            {
                var stored = await campaigns.CreateAsync(await ReadAsync<Campaign>(request, ct), ct);
                return Created($"/campaigns/{Escape(stored.Id)}", stored);
            })
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .Accepts<Campaign>("application/json")
            .Produces<Campaign>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a campaign (organisers; version 0 in the body). The signed-in organiser becomes one of its organisers and its modifiedBy. Idempotent by id.");

        group.MapGet("/", async (string? after, string? limit, ICampaignService campaigns, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(campaigns.ListAsync(Page(after, limit), ct), ct)))
            .ProducesValidationProblem()
            .SignedInProblems()
            .WithSummary("The campaigns the signed-in person organises (administrators: all), by id (?after= the last id of the previous page, ?limit= 1 to 1000, default 100).");

        group.MapGet("/{campaignId}", async (string campaignId, ICampaignService campaigns, CancellationToken ct) =>
                TypedResults.Ok(await campaigns.GetAsync(campaignId, ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a campaign (its organisers).");

        group.MapGet("/{campaignId}/crowd", async (string campaignId, ICampaignService campaigns, CancellationToken ct) =>
                TypedResults.Ok<IReadOnlyList<Participant>>(await ToListAsync(campaigns.ListCrowdAsync(campaignId, ct), ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The campaign's crowd with their personal data (its organisers): the participants it selects, limited to the layers its task allows.");

        group.MapGet("/{campaignId}/assignments", async (string campaignId, string? after, string? limit, IAssignmentService assignments, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(assignments.ListByCampaignAsync(campaignId, Page(after, limit), ct), ct)))
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The campaign's knowledge requests (its organisers), by id.");

        group.MapGet("/{campaignId}/decision-settings", async (string campaignId, ICampaignService campaigns, CancellationToken ct) =>
            {
                var campaign = await campaigns.GetAsync(campaignId, ct);
                return TypedResults.Ok(new DecisionSettingsBody(campaign.Version, campaign.Decision));
            })
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The campaign's decision settings (its organisers): policy, workshop week or date, threshold, budget per cycle, the interventions allowed and what each does, the decision model version; with the campaign version to send back when changing them.");

        group.MapPut("/{campaignId}/decision-settings", async (string campaignId, HttpRequest request, ICampaignService campaigns, CancellationToken ct) =>
            {
                var body = await ReadAsync<DecisionSettingsBody>(request, ct);
                if (body.CampaignVersion < 1)
                {
                    throw new ValidationFailedException("campaignVersion", $"'campaignVersion' must be the version read from GET /campaigns/{{campaignId}}/decision-settings (1 or more); it was {body.CampaignVersion}.");
                }

                var stored = await campaigns.UpdateDecisionSettingsAsync(campaignId, body.Settings ?? throw new ValidationFailedException("settings", "'settings' is required and was not given."), body.CampaignVersion, ct);
                return TypedResults.Ok(new DecisionSettingsBody(stored.Version, stored.Decision));
            })
            .Accepts<DecisionSettingsBody>("application/json")
            .Produces<DecisionSettingsBody>()
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Replace the campaign's decision settings (its organisers): a new campaign version stamped with the signed-in organiser; carries the campaign version read (409 with who and when if someone changed the campaign in between). The next cycle decides with them.");

        return app;
    }
}
