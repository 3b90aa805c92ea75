using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Roadmap.Rendering;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>
/// Roadmap plans: an initiative spec in, the six-stage plan out as JSON or Markdown, with its sources (paper passages and
/// planner heuristics), ties and flags. A spec whose inputs cannot both hold is a 400 naming their JSON paths.
/// </summary>
internal static class RoadmapEndpoints
{
    public static IEndpointRouteBuilder MapRoadmapEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/roadmap/plans", async (HttpRequest request, string? format, IRoadmapPlanner planner, CancellationToken ct) =>
            {
                var markdown = format switch
                {
                    null or "" => request.Headers.Accept.ToString().Contains("text/markdown", StringComparison.OrdinalIgnoreCase),
                    "json" => false,
                    "markdown" => true,
                    _ => throw new ValidationFailedException("format", $"'format' must be 'json' or 'markdown'; it was '{format}'."),
                };
                var initiative = await InitiativeJson.ReadAsync(request.Body, ct);
                var plan = planner.Plan(initiative);
                return markdown
                    ? Results.Text(RoadmapMarkdown.Render(plan), "text/markdown; charset=utf-8")
                    : Results.Text(RoadmapJson.Write(plan), "application/json; charset=utf-8");
            })
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .WithTags("Roadmap")
            .Accepts<object>("application/json")
            .Produces<string>(StatusCodes.Status200OK, "application/json", "text/markdown")
            .ProducesValidationProblem()
            .SignedInProblems()
            .WithSummary("Plan an initiative (organisers; the spec of docs/roadmap.md) along the six-stage roadmap, with sources, ties and flags; ?format=markdown or Accept: text/markdown for Markdown.");

        return app;
    }
}
