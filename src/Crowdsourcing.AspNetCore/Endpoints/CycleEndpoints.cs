using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.AspNetCore.Decisions;
using Crowdsourcing.AspNetCore.SignIn;
using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

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

        group.MapPost("/cycles", async Task<IResult> (string campaignId, string? force, IDecisionCycleService cycles, CancellationToken ct) =>
            {
                var outcome = await cycles.RunNextCycleAsync(campaignId, Flag(force, "force"), ct);
                return outcome.AlreadyRecorded
                    ? TypedResults.Ok(outcome)
                    : TypedResults.Created($"/campaigns/{Escape(campaignId)}/cycles/{outcome.Cycle}", outcome);
            })
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .RequireRateLimiting(CrowdsourcingApiDefaults.CycleRunsPolicy)
            .Produces<DecisionCycleOutcome>(StatusCodes.Status201Created)
            .Produces<DecisionCycleOutcome>()
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Run the campaign's next decision cycle when it is due by the campaign's schedule, or now with ?force=true (its organisers; rate limited; the record says who forced it): whom it contacts and why (201). Simultaneous calls record one cycle; the others, and a call when nothing is due, get the latest cycle back (200, alreadyRecorded, nextDueAt). 409 when no cycle is recorded and cycle 1 is not due. To retry one cycle safely, use PUT /campaigns/{campaignId}/cycles/{cycle}.");

        group.MapPut("/cycles/{cycle:int}", async (string campaignId, int cycle, IDecisionCycleService cycles, ICrowdsourcingStore store, CancellationToken ct) =>
            {
                var outcome = await cycles.RunCycleAsync(campaignId, cycle, ct);
                return TypedResults.Ok(await store.Cycles.FindAsync(campaignId, outcome.Cycle, ct) ?? outcome.Record);
            })
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .RequireRateLimiting(CrowdsourcingApiDefaults.CycleRunsPolicy)
            .Produces<DecisionCycleRecord>()
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Run cycle t of the campaign unless it is recorded (its organisers; rate limited): idempotent, a retry answers the same record.");

        group.MapGet("/cycles", async (string campaignId, ICampaignService campaigns, ICrowdsourcingStore store, CancellationToken ct) =>
            {
                var campaign = await campaigns.GetAsync(campaignId, ct);
                var records = await ToListAsync(store.Cycles.ListAsync(campaignId, ct), ct);
                var first = records.FirstOrDefault(r => r.TotalExpectedUtility >= campaign.WorkshopThreshold)?.Cycle;
                return TypedResults.Ok(new CycleHistory(campaign.Id, campaign.Name, campaign.WorkshopThreshold, first, [.. records.Select(Summary)]));
            })
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The recorded cycles: contacts, spend and the total expected utility week by week, with the workshop threshold.");

        group.MapGet("/cycles/{cycle:int}", async (string campaignId, int cycle, ICampaignService campaigns, ICrowdsourcingStore store, CancellationToken ct) =>
            {
                _ = await campaigns.GetAsync(campaignId, ct);
                return TypedResults.Ok(await store.Cycles.FindAsync(campaignId, cycle, ct)
                    ?? throw new NotFoundException(nameof(DecisionCycleRecord), $"{campaignId}/{cycle}"));
            })
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One recorded cycle with every contact (participant, intervention, value, cost).");

        group.MapGet("/contacts/next", async (string campaignId, NextContactsPreview preview, CancellationToken ct) =>
                TypedResults.Ok(await preview.PreviewAsync(campaignId, ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Whom the next cycle would contact and why, on the current beliefs and the answers since the last cycle. Records nothing.");

        group.MapGet("/workshop", async (string campaignId, IDecisionCycleService cycles, CancellationToken ct) =>
                TypedResults.Ok(await cycles.GetWorkshopRecommendationAsync(campaignId, ct)))
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The workshop recommendation: hold it when the total expected utility reaches the threshold, and whom to invite.");

        return app;
    }

    /// <summary>A <c>true</c>/<c>false</c> query value (absent: false), refused with the parameter's name otherwise.</summary>
    private static bool Flag(string? value, string name) =>
        value switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => throw new ValidationFailedException(name, $"'{name}' must be true or false; it was '{value}'."),
        };

    private static CycleSummary Summary(DecisionCycleRecord record) =>
        new(record.Cycle, record.DecidedAt, record.Contacts.Count, record.Contacts.Sum(c => c.Cost), record.TotalExpectedUtility);
}
