using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.AspNetCore.Decisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>The value of the campaign's intervention over the belief simplex, for the dashboard's heat map.</summary>
internal static class HeatMapEndpoints
{
    /// <summary>The default number of steps per edge of the simplex.</summary>
    public const int DefaultResolution = 24;

    public static IEndpointRouteBuilder MapHeatMapEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/campaigns/{campaignId}/heatmap", async (string campaignId, string? resolution, string? intervention, ICampaignService campaigns, IDecisionModelRegistry models, CancellationToken ct) =>
            {
                var campaign = await campaigns.GetAsync(campaignId, ct);
                var model = models.GetModel(campaign.DecisionModel);
                return TypedResults.Ok(HeatMap.Compute(model.Name, model.Model, string.IsNullOrEmpty(intervention) ? null : intervention, EndpointSupport.Integer(resolution, "resolution") ?? DefaultResolution));
            })
            .WithTags("Decision cycles")
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("V_k = MEU_k − MEU over the belief simplex of the campaign's model (?resolution= 1 to 60 steps per edge, default 24; ?intervention=).");

        return app;
    }
}
