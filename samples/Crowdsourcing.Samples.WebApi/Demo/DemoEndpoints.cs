using Crowdsourcing.Samples.WebApi.Demo;

namespace Crowdsourcing.Samples.WebApi.Endpoints;

/// <summary>The demo campaign, on demand (it is also created at start when <c>Sample:SeedDemo</c> is true).</summary>
internal static class DemoEndpoints
{
    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/demo/seed", async (DemoCampaign demo, CancellationToken ct) =>
            {
                var seeded = await demo.SeedAsync(ct);
                return seeded.Created
                    ? TypedResults.Created($"/campaigns/{seeded.CampaignId}", seeded)
                    : Results.Ok(seeded);
            })
            .WithTags("Demo")
            .Produces<DemoSeedResult>(StatusCodes.Status201Created)
            .Produces<DemoSeedResult>()
            .WithSummary("Create the demo campaign (40 experts, simulated weekly cycles) unless it exists.");

        return app;
    }
}
