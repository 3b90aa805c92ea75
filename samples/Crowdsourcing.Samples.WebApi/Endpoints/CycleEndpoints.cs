using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Samples.WebApi.Decisions;
using Crowdsourcing.Storage;
using static Crowdsourcing.Samples.WebApi.Endpoints.EndpointSupport;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>One recorded cycle, in brief.</summary>
/// <param name="Cycle">The cycle t (it ends in week t).</param>
/// <param name="DecidedAt">When it was decided.</param>
/// <param name="Contacts">How many participants it contacted.</param>
/// <param name="Spend">What the contacts cost.</param>
/// <param name="TotalExpectedUtility">The total expected utility of week t, as known when the cycle was decided.</param>
internal sealed record CycleSummary(int Cycle, DateTimeOffset DecidedAt, int Contacts, double Spend, double TotalExpectedUtility);

/// <summary>A campaign's recorded cycles: the total expected utility over the weeks, against the workshop threshold.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="CampaignName">Its name.</param>
/// <param name="Threshold">The workshop threshold.</param>
/// <param name="FirstWeekAtThreshold">The first week whose total reaches the threshold; null when none has.</param>
/// <param name="Cycles">The cycles in order.</param>
internal sealed record CycleHistory(string CampaignId, string CampaignName, double Threshold, int? FirstWeekAtThreshold, IReadOnlyList<CycleSummary> Cycles);

/// <summary>Decision cycles: run the next, list them, preview whom to contact next and why, the workshop recommendation.</summary>
internal static class CycleEndpoints
{
    public static IEndpointRouteBuilder MapCycleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/campaigns/{campaignId}").WithTags("Decision cycles");

        group.MapPost("/cycles", async Task<IResult> (string campaignId, ICrowdsourcingStore store, IDecisionCycleService cycles, CancellationToken ct) =>
            {
                _ = await store.Campaigns.FindAsync(campaignId, ct) ?? throw new NotFoundException(nameof(Campaign), campaignId);
                var latest = await store.Cycles.FindLatestAsync(campaignId, ct);
                var outcome = await cycles.RunCycleAsync(campaignId, (latest?.Cycle ?? 0) + 1, ct);
                return outcome.AlreadyRecorded
                    ? TypedResults.Ok(outcome)
                    : TypedResults.Created($"/campaigns/{Uri.EscapeDataString(campaignId)}/cycles/{outcome.Cycle}", outcome);
            })
            .Produces<DecisionCycleOutcome>(StatusCodes.Status201Created)
            .Produces<DecisionCycleOutcome>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Run the campaign's next decision cycle now: whom it contacts and why (200 when another caller recorded it first).");

        group.MapGet("/cycles", async (string campaignId, ICampaignService campaigns, ICrowdsourcingStore store, CancellationToken ct) =>
            {
                var campaign = await campaigns.GetAsync(campaignId, ct);
                var records = await ToListAsync(store.Cycles.ListAsync(campaignId, ct), ct);
                var first = records.FirstOrDefault(r => r.TotalExpectedUtility >= campaign.WorkshopThreshold)?.Cycle;
                return TypedResults.Ok(new CycleHistory(campaign.Id, campaign.Name, campaign.WorkshopThreshold, first, [.. records.Select(Summary)]));
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The recorded cycles: contacts, spend and the total expected utility week by week, with the workshop threshold.");

        group.MapGet("/cycles/{cycle:int}", async (string campaignId, int cycle, ICrowdsourcingStore store, CancellationToken ct) =>
                TypedResults.Ok(await store.Cycles.FindAsync(campaignId, cycle, ct)
                    ?? throw new NotFoundException(nameof(DecisionCycleRecord), $"{campaignId}/{cycle}")))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One recorded cycle with every contact (participant, intervention, value, cost).");

        group.MapGet("/contacts/next", async (string campaignId, NextContactsPreview preview, CancellationToken ct) =>
                TypedResults.Ok(await preview.PreviewAsync(campaignId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Whom the next cycle would contact and why, on the current beliefs and the answers since the last cycle. Records nothing.");

        group.MapGet("/workshop", async (string campaignId, IDecisionCycleService cycles, CancellationToken ct) =>
                TypedResults.Ok(await cycles.GetWorkshopRecommendationAsync(campaignId, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The workshop recommendation: hold it when the total expected utility reaches the threshold, and whom to invite.");

        return app;
    }

    private static CycleSummary Summary(DecisionCycleRecord record) =>
        new(record.Cycle, record.DecidedAt, record.Contacts.Count, record.Contacts.Sum(c => c.Cost), record.TotalExpectedUtility);
}
