using System.Globalization;
using Crowdsourcing.AspNetCore.Decisions;
using Crowdsourcing.AspNetCore.SignIn;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Learning;
using Crowdsourcing.PlanReports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>The campaign's plan beside what happened, and learning its model from its history (estimate, adopt).</summary>
internal static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/campaigns/{campaignId}").WithTags("Plans and learning");

        group.MapGet("/plan-report", async (string campaignId, string? weeks, ICampaignPlanReportService reports, CancellationToken ct) =>
                TypedResults.Ok(await reports.GetPlanReportAsync(campaignId, Weeks(weeks), ct)))
            .Produces<CampaignPlanReport>()
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("The plan versus what happened (its organisers), week by week: the plan from the start, each recorded cycle's totals, contacts, spend, budget used and its price, and the forecast from now with an 80 % interval of the total, the projected crossing week of the threshold (most likely, 10-90 % interval) and the probability of reaching it by the workshop week. ?weeks=N (1-520) sets how far the forecast looks. Records nothing.");

        group.MapGet("/learning", async (string campaignId, ICampaignService campaigns, ICampaignLearningService learning, CancellationToken ct) =>
            {
                var campaign = await campaigns.GetAsync(campaignId, ct);
                var estimate = await learning.LearnAsync(campaignId, ct);
                return TypedResults.Ok(LearningView.Of(campaign, estimate));
            })
            .Produces<LearningView>()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Learn the campaign's decision model from its own history (its organisers): T, each C_k and r_k beside the current model with credible intervals, the prior's strength and the fit, and how the plan would change (expected total at the workshop, spend, contacts this cycle, crossing week) under the current and the learned model; with the campaign version to send when adopting. Records nothing; 409 before any cycle.");

        group.MapPost("/learning/adopt", async (string campaignId, HttpRequest request, ICampaignLearningService learning, CancellationToken ct) =>
            {
                var body = await ReadAsync<AdoptBody>(request, ct);
                if (body.CampaignVersion < 1)
                {
                    throw new ValidationFailedException("campaignVersion", string.Create(CultureInfo.InvariantCulture, $"'campaignVersion' must be the version read from GET /campaigns/{{campaignId}}/learning (1 or more); it was {body.CampaignVersion}."));
                }

                return TypedResults.Ok(AdoptedModel.Of(await learning.AdoptAsync(campaignId, body.CampaignVersion, ct)));
            })
            .Accepts<AdoptBody>("application/json")
            .Produces<AdoptedModel>()
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Learn the model again and adopt it as the campaign's next model version (its organisers): stamped with the signed-in organiser, when, and the cycles it was learned from; the next cycles decide with it. Carries the campaign version read (409 with who and when if the campaign changed in between).");

        return app;
    }

    private static int? Weeks(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var weeks)
            ? weeks
            : throw new ValidationFailedException("weeks", $"'weeks' must be a whole number of weeks from 1 to {Decision.Forecasts.PlanForecastOptions.MaxWeeks}; it was '{value}'.");
    }
}
