using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IReportReviewStore: one review per stored report, replaced under optimistic concurrency.
public abstract partial class CrowdsourcingStoreSpecification
{
    private static readonly DateTimeOffset ReviewedAt = new(2026, 3, 9, 14, 0, 0, TimeSpan.Zero);

    private static ReportReview Review(string assignment, DateTimeOffset assessedAt, string reviewed = "fair", string campaign = "campaign-1", string by = "analyst-1", string? comment = null) =>
        new(campaign, assignment, assessedAt, "poor", reviewed, by, ReviewedAt) { Comment = comment };

    /// <summary>Assignments a-1 (two reports: T0 and T0 + 1 day) and a-2 (one report at T0) of campaign-1, and a-3 of campaign-2.</summary>
    private async Task ReportsAsync()
    {
        await Assignments.InsertAsync(Assignment("a-1"));
        await Assignments.InsertAsync(Assignment("a-2"));
        await Assignments.InsertAsync(Assignment("a-3", "campaign-2"));
        await Store.CommitAsync(new ChangeSet().Assess(Assessment("a-1", T0)).Assess(Assessment("a-1", T0.AddDays(1))).Assess(Assessment("a-2", T0)).Assess(Assessment("a-3", T0)));
    }

    [Fact]
    public async Task A_review_is_stored_as_version_1_found_and_listed_by_assignment_and_by_campaign_in_order()
    {
        await ReportsAsync();
        var stored = await ReportReviews.SaveAsync(Review("a-2", T0, comment: "Two data-centre sections are copies of one. 🚧 'quoted'") with { Version = 42 }, 0);
        await ReportReviews.SaveAsync(Review("a-1", T0.AddDays(1), "good"), 0);
        await ReportReviews.SaveAsync(Review("a-1", T0.ToOffset(TimeSpan.FromHours(2))), 0);
        await ReportReviews.SaveAsync(Review("a-3", T0, campaign: "campaign-2"), 0);

        Assert.Equal(1, stored.Version);
        Assert.Equal("Two data-centre sections are copies of one. 🚧 'quoted'", stored.Comment);
        Assert.Equal(stored, await ReportReviews.FindAsync("a-2", T0));
        Assert.Null(await ReportReviews.FindAsync("a-2", T0.AddTicks(1)));
        Assert.Equal("good", (await ReportReviews.FindAsync("a-1", T0.AddDays(1)))!.ReviewedLevel);
        var campaign = await ToListAsync(ReportReviews.ListByCampaignAsync("campaign-1"));
        Assert.Equal([("a-1", T0), ("a-1", T0.AddDays(1)), ("a-2", T0)], campaign.Select(r => (r.AssignmentId, r.AssessedAt)));
        Assert.All(campaign, r => Assert.Equal((1L, "analyst-1", ReviewedAt, "poor"), (r.Version, r.ReviewedBy, r.ReviewedAt, r.ReportedLevel)));
        Assert.Equal([T0, T0.AddDays(1)], (await ToListAsync(ReportReviews.ListByAssignmentAsync("a-1"))).Select(r => r.AssessedAt));
        Assert.Single(await ToListAsync(ReportReviews.ListByCampaignAsync("campaign-2")));
        Assert.Empty(await ToListAsync(ReportReviews.ListByCampaignAsync("campaign-3")));
        Assert.Empty(await ToListAsync(ReportReviews.ListByAssignmentAsync("a-9")));
    }

    [Fact]
    public async Task A_newer_review_replaces_the_stored_one_only_at_its_version_and_a_stale_one_conflicts_and_writes_nothing()
    {
        await ReportsAsync();
        await ReportReviews.SaveAsync(Review("a-1", T0, "fair"), 0);

        var replaced = await ReportReviews.SaveAsync(Review("a-1", T0, "good", by: "analyst-2") with { ReviewedAt = ReviewedAt.AddHours(1) }, 1);
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await ReportReviews.SaveAsync(Review("a-1", T0, "poor", by: "analyst-3"), 1));
        var first = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await ReportReviews.SaveAsync(Review("a-1", T0, "poor", by: "analyst-3"), 0));
        var ahead = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await ReportReviews.SaveAsync(Review("a-2", T0), 3));

        Assert.Equal((2L, "good", "analyst-2"), (replaced.Version, replaced.ReviewedLevel, replaced.ReviewedBy));
        Assert.Equal(replaced, await ReportReviews.FindAsync("a-1", T0));
        Assert.Equal((1L, 2L, "analyst-2"), (stale.ExpectedVersion, stale.ActualVersion, stale.ModifiedBy));
        Assert.Equal((0L, 2L), (first.ExpectedVersion, first.ActualVersion));
        Assert.Equal((3L, 0L), (ahead.ExpectedVersion, ahead.ActualVersion));
        Assert.Contains("a-1@", stale.Message, StringComparison.Ordinal);
        Assert.Null(await ReportReviews.FindAsync("a-2", T0));
        Assert.Single(await ToListAsync(ReportReviews.ListByCampaignAsync("campaign-1")));
    }

    [Fact]
    public async Task A_retried_review_returns_the_stored_one_and_writes_nothing()
    {
        await ReportsAsync();
        var stored = await ReportReviews.SaveAsync(Review("a-1", T0, "good", comment: "Checked on site."), 0);

        var retried = await ReportReviews.SaveAsync(Review("a-1", T0, "good", comment: "Checked on site.") with { ReviewedAt = ReviewedAt.AddMinutes(1) }, 0);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await ReportReviews.SaveAsync(Review("a-1", T0, "good", comment: "Another comment."), 0));

        Assert.Equal(stored, retried);
        Assert.Equal(stored, await ReportReviews.FindAsync("a-1", T0));
    }

    [Fact]
    public async Task A_review_of_a_report_that_is_not_stored_or_not_of_its_campaign_is_not_found_and_writes_nothing()
    {
        await ReportsAsync();

        var otherTime = await Assert.ThrowsAsync<NotFoundException>(async () => await ReportReviews.SaveAsync(Review("a-1", T0.AddHours(1)), 0));
        await Assert.ThrowsAsync<NotFoundException>(async () => await ReportReviews.SaveAsync(Review("a-9", T0), 0));
        await Assert.ThrowsAsync<NotFoundException>(async () => await ReportReviews.SaveAsync(Review("a-3", T0, campaign: "campaign-1"), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ReportReviews.SaveAsync(Review("a-1", T0), -1));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await ReportReviews.SaveAsync(null!, 0));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ReportReviews.SaveAsync(Review("a-1", T0), 0, Cancelled));

        Assert.Contains("a-1", otherTime.Message, StringComparison.Ordinal);
        Assert.Empty(await ToListAsync(ReportReviews.ListByCampaignAsync("campaign-1")));
        Assert.Empty(await ToListAsync(ReportReviews.ListByCampaignAsync("campaign-2")));
    }

    [Fact]
    public async Task Deleting_an_assignment_deletes_the_reviews_of_its_reports_and_no_others()
    {
        await ReportsAsync();
        await ReportReviews.SaveAsync(Review("a-1", T0), 0);
        await ReportReviews.SaveAsync(Review("a-1", T0.AddDays(1)), 0);
        await ReportReviews.SaveAsync(Review("a-2", T0), 0);

        await Assignments.DeleteAsync("a-1", 1);

        Assert.Empty(await ToListAsync(ReportReviews.ListByAssignmentAsync("a-1")));
        Assert.Equal(["a-2"], (await ToListAsync(ReportReviews.ListByCampaignAsync("campaign-1"))).Select(r => r.AssignmentId));
    }

    [Fact]
    public async Task Concurrent_first_reviews_of_one_report_store_exactly_one_and_the_others_conflict()
    {
        await ReportsAsync();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            try
            {
                await ReportReviews.SaveAsync(Review("a-2", T0, by: "analyst-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 0);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, o => o);
        Assert.Equal(1, (await ReportReviews.FindAsync("a-2", T0))!.Version);
    }
}
