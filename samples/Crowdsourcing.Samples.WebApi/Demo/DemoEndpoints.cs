using Crowdsourcing.AspNetCore.Access;

namespace Crowdsourcing.Samples.WebApi.Demo;

/// <summary>The demo campaign, on demand (it is also created at start when <c>Sample:SeedDemo</c> is true).</summary>
internal static class DemoEndpoints
{
    /// <summary>Maps <c>POST /demo/seed</c> (administrators) on the API's group, so that its antiforgery check applies.</summary>
    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/demo/seed", async (DemoCampaign demo, CancellationToken ct) =>
                TypedResults.Ok(await demo.SeedAsync(ct)))
            .RequireAuthorization(CrowdsourcingPolicies.Administrator)
            .WithTags("Demo")
            .Produces<DemoSeedResult>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Create the demo campaign (40 experts, simulated weekly cycles) unless it exists (administrators); organised by the demo user 'organiser'.");

        return app;
    }
}
