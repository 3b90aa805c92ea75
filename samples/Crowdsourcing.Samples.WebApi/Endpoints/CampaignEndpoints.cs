using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using static Crowdsourcing.Samples.WebApi.Endpoints.EndpointSupport;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>Campaigns: create (checked against the stored task, questionnaire and crowd), get, list, and the crowd.</summary>
internal static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/campaigns").WithTags("Campaigns");

        group.MapPost("/", async (HttpRequest request, string? createdBy, ICampaignService campaigns, CancellationToken ct) =>
            {
                var by = Required(createdBy, "createdBy");
                var campaign = await ReadModelAsync<Campaign>(request, ct);
                var stored = await campaigns.CreateAsync(campaign, by, ct);
                return TypedResults.Created($"/campaigns/{Uri.EscapeDataString(stored.Id)}", stored);
            })
            .Accepts<Campaign>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a campaign (version 0 in the body; ?createdBy= names who creates it). Idempotent by id.");

        group.MapGet("/", async (string? after, int? limit, ICampaignService campaigns, CancellationToken ct) =>
                TypedResults.Ok(await ToListAsync(campaigns.ListAsync(Page(after, limit), ct), ct)))
            .ProducesValidationProblem()
            .WithSummary("List campaigns ordered by id (?after= the last id of the previous page, ?limit= 1 to 1000, default 100).");

        group.MapGet("/{campaignId}", async (string campaignId, ICampaignService campaigns, CancellationToken ct) =>
                TypedResults.Ok(await campaigns.GetAsync(campaignId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a campaign.");

        group.MapGet("/{campaignId}/crowd", async (string campaignId, ICampaignService campaigns, CancellationToken ct) =>
                TypedResults.Ok<IReadOnlyList<Participant>>(await ToListAsync(campaigns.ListCrowdAsync(campaignId, ct), ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The campaign's crowd: the participants it selects, limited to the layers its task allows.");

        return app;
    }
}
