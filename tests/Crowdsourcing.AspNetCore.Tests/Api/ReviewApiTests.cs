using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>Analysts' reviews of readiness reports: listed with their reports, recorded, replaced under optimistic concurrency.</summary>
public sealed class ReviewApiTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    [Fact]
    public async Task An_organiser_reviews_a_submitted_report_as_herself_and_a_stale_review_is_a_conflict()
    {
        await ReadAsync(await PostAsync(world.Organiser, "/assignments", new { id = "a-review", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME Corp" }, assigneeIds = new[] { "alice" } }), HttpStatusCode.Created);
        await ReadAsync(await PostAsync(world.As("alice"), "/assignments/a-review/submission", new { responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }));

        var reports = (await ReadAsync(await world.Organiser.GetAsync("/assignments/a-review/reviews"))).AsArray();
        var report = Assert.Single(reports)!;
        Assert.Null(report["review"]);
        var assessedAt = (string)report["report"]!["assessedAt"]!;
        var reported = (string)report["report"]!["readinessLevel"]!;

        var review = await ReadAsync(await PostAsync(world.Organiser, "/assignments/a-review/reviews", new { assessedAt, reviewedLevel = "poor", comment = "Two sections are copies." }));
        Assert.Equal(("organiser", reported, "poor", 1L), ((string)review["reviewedBy"]!, (string)review["reportedLevel"]!, (string)review["reviewedLevel"]!, (long)review["version"]!));

        var stale = await ProblemAsync(await PostAsync(world.Organiser, "/assignments/a-review/reviews", new { assessedAt, reviewedLevel = "good" }), HttpStatusCode.Conflict);
        Assert.Contains("expected version 0 but version 1 is stored", (string)stale["detail"]!, StringComparison.Ordinal);
        var replaced = await ReadAsync(await PostAsync(world.Organiser, "/assignments/a-review/reviews", new { assessedAt, reviewedLevel = "good", expectedVersion = 1 }));
        Assert.Equal(2L, (long)replaced["version"]!);

        var listed = (await ReadAsync(await world.Organiser.GetAsync($"/campaigns/{ApiWorld.CampaignId}/reviews"))).AsArray();
        Assert.Contains(listed, r => (string?)r!["assignmentId"] == "a-review" && (string?)r["reviewedLevel"] == "good");
        Assert.Equal("good", (string?)(await ReadAsync(await world.Organiser.GetAsync("/assignments/a-review/reviews")))[0]!["review"]!["reviewedLevel"]);
    }

    [Fact]
    public async Task A_level_off_the_scale_is_a_problem_naming_the_field_and_the_levels_and_the_reviewer_is_never_taken_from_the_body()
    {
        await ReadAsync(await PostAsync(world.Organiser, "/assignments", new { id = "a-review-2", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME Corp" }, assigneeIds = new[] { "alice" } }), HttpStatusCode.Created);
        await ReadAsync(await PostAsync(world.As("alice"), "/assignments/a-review-2/submission", new { responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }));
        var assessedAt = (string)(await ReadAsync(await world.Organiser.GetAsync("/assignments/a-review-2/reviews")))[0]!["report"]!["assessedAt"]!;

        var problem = await ProblemAsync(await PostAsync(world.Organiser, "/assignments/a-review-2/reviews", new { assessedAt, reviewedLevel = "excellent" }), HttpStatusCode.BadRequest);
        var impostor = await ProblemAsync(await PostAsync(world.Organiser, "/assignments/a-review-2/reviews", new { assessedAt, reviewedLevel = "fair", reviewedBy = "admin" }), HttpStatusCode.BadRequest);

        Assert.Contains("its levels are poor, fair, good", Assert.Single(FieldErrors(problem, "reviewedLevel")), StringComparison.Ordinal);
        Assert.NotNull(impostor["detail"]);
        Assert.Null((await ReadAsync(await world.Organiser.GetAsync("/assignments/a-review-2/reviews")))[0]!["review"]);
    }
}
