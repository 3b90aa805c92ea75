using Crowdsourcing.Quality;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>The body of <c>POST /assignments/{id}/reviews</c>. Who reviews is the signed-in organiser and the time the
/// server's clock, never fields.</summary>
/// <param name="AssessedAt">Which report: its assessment time, as <c>GET /assignments/{id}/reviews</c> lists it.</param>
/// <param name="ReviewedLevel">The readiness level the analyst found: a level of the campaign's readiness scale.</param>
/// <param name="Comment">The analyst's comment (optional; at most the configured text limit, default 4,000 characters).</param>
/// <param name="ExpectedVersion">The version of the report's review being replaced (0, the default, when it has none).</param>
internal sealed record ReviewBody(DateTimeOffset AssessedAt, string ReviewedLevel, string? Comment = null, long ExpectedVersion = 0);

/// <summary>Analysts' reviews of readiness reports, for the organisers of a campaign: a request's reports with their
/// reviews, a review recorded (or replaced under optimistic concurrency), the campaign's reviews.</summary>
internal static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assignments/{assignmentId}/reviews", async (string assignmentId, IReportReviewService reviews, CancellationToken ct) =>
                TypedResults.Ok(await reviews.ListReportsAsync(assignmentId, ct)))
            .WithTags("Report reviews")
            .Produces<IReadOnlyList<ReviewedReport>>()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A knowledge request's readiness reports, oldest first, each with its analyst's review or null (the campaign's organisers).");

        app.MapPost("/assignments/{assignmentId}/reviews", async (string assignmentId, HttpRequest request, IReportReviewService reviews, CancellationToken ct) =>
            {
                var body = await ReadAsync<ReviewBody>(request, ct);
                return TypedResults.Ok(await reviews.ReviewAsync(assignmentId, new ReportReviewInput(body.AssessedAt, body.ReviewedLevel) { Comment = body.Comment, ExpectedVersion = body.ExpectedVersion }, ct));
            })
            .WithTags("Report reviews")
            .Accepts<ReviewBody>("application/json")
            .Produces<ReportReview>()
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record an analyst's review of one report (the campaign's organisers): the readiness level found. One review per report; a later one replaces it when it carries the replaced review's version (409 otherwise). Campaign learning estimates the report model O from reviews.");

        app.MapGet("/campaigns/{campaignId}/reviews", async (string campaignId, IReportReviewService reviews, CancellationToken ct) =>
                TypedResults.Ok(await reviews.ListByCampaignAsync(campaignId, ct)))
            .WithTags("Report reviews")
            .Produces<IReadOnlyList<ReportReview>>()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The analysts' reviews of the campaign's reports, by knowledge request, then report time (its organisers).");

        return app;
    }
}
