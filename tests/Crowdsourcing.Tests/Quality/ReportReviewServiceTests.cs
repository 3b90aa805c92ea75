using Crowdsourcing.Options;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.DecisionCycles;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Crowdsourcing.Tests.Support.ActingAs;

namespace Crowdsourcing.Tests.Quality;

public sealed class ReportReviewServiceTests
{
    /// <summary>Campaign "c" organised by olivia, with request "a-1" of p1 reported "fair" twice (day 1 and day 8) and request "a-2" of p2 not reported.</summary>
    private static async Task<CycleWorld> WorldAsync(Action<IServiceCollection>? services = null)
    {
        var world = await CycleWorld.CreateAsync(services: services);
        var campaign = (await world.Store.Campaigns.FindAsync(CycleWorld.CampaignId))!;
        await world.Store.Campaigns.UpdateAsync(campaign with { OrganiserIds = ["olivia"] });
        await world.ReportAsync("a-1", "p1", "fair", Day(1));
        await world.ReportAsync("a-1", "p1", "fair", Day(8));
        await world.Store.Assignments.InsertAsync(new Crowdsourcing.Assignments.Assignment("a-2", CycleWorld.CampaignId, "t", "q", new Crowdsourcing.Assignments.Subject("acme", "ACME"), ["p2"], Crowdsourcing.Assignments.AssignmentStatus.Draft, world.Start));
        return world;
    }

    private static DateTimeOffset Day(int day) => ManualTimeProvider.DefaultStart.AddDays(day);

    private static IReportReviewService Service(CycleWorld world) => world.Host.Get<IReportReviewService>();

    private static async Task<List<ReportReview>> StoredAsync(CycleWorld world) => await TestHost.ToListAsync(world.Store.ReportReviews.ListByCampaignAsync(CycleWorld.CampaignId));

    [Fact]
    public async Task An_organiser_reviews_a_report_as_herself_at_the_clock_s_time_and_the_review_is_listed_with_its_report()
    {
        using var world = await WorldAsync();
        world.Host.Time.SetUtcNow(Day(9));

        var review = await As(Organiser("olivia"), () => Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(8), "poor") { Comment = "  Only one data centre was really described.  " }));

        Assert.Equal((CycleWorld.CampaignId, "a-1", Day(8), "fair", "poor", "olivia", Day(9), 1L), (review.CampaignId, review.AssignmentId, review.AssessedAt, review.ReportedLevel, review.ReviewedLevel, review.ReviewedBy, review.ReviewedAt, review.Version));
        Assert.Equal("  Only one data centre was really described.  ", review.Comment);
        var reports = await As(Organiser("olivia"), () => Service(world).ListReportsAsync("a-1"));
        Assert.Equal([Day(1), Day(8)], reports.Select(r => r.Report.AssessedAt));
        Assert.Null(reports[0].Review);
        Assert.Equal(review, reports[1].Review);
        Assert.Equal([review], await As(Administrator(), () => Service(world).ListByCampaignAsync(CycleWorld.CampaignId)));
        Assert.Empty(await Service(world).ListReportsAsync("a-2"));
    }

    [Fact]
    public async Task A_later_review_replaces_the_one_it_read_and_a_stale_one_is_a_conflict_that_writes_nothing()
    {
        using var world = await WorldAsync();
        var first = await Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "poor"));

        var second = await As(Organiser("olivia"), () => Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "good") { ExpectedVersion = first.Version }));
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "fair") { ExpectedVersion = first.Version }));

        Assert.Equal((2L, "good", "olivia"), (second.Version, second.ReviewedLevel, second.ReviewedBy));
        Assert.Equal((1L, 2L, "olivia"), (stale.ExpectedVersion, stale.ActualVersion, stale.ModifiedBy));
        Assert.Equal([second], await StoredAsync(world));
    }

    [Theory]
    [InlineData("p1")]
    [InlineData("somebody")]
    public async Task Anyone_but_an_administrator_or_an_organiser_of_the_campaign_is_refused_and_nothing_is_written(string who)
    {
        using var world = await WorldAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Person(who), () => Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "good"))));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Organiser("other-organiser"), () => Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "good"))));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Person(who), () => Service(world).ListReportsAsync("a-1")));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Organiser("other-organiser"), () => Service(world).ListByCampaignAsync(CycleWorld.CampaignId)));

        Assert.Empty(await StoredAsync(world));
    }

    [Fact]
    public async Task An_unknown_request_or_report_is_not_found_and_a_report_time_that_is_not_one_names_the_request_s_reports()
    {
        using var world = await WorldAsync();

        await Assert.ThrowsAsync<NotFoundException>(async () => await Service(world).ReviewAsync("a-9", new ReportReviewInput(Day(1), "good")));
        var wrongTime = await Assert.ThrowsAsync<NotFoundException>(async () => await Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(2), "good")));
        var unreported = await Assert.ThrowsAsync<NotFoundException>(async () => await Service(world).ReviewAsync("a-2", new ReportReviewInput(Day(1), "good")));

        Assert.Contains("no report assessed at 2026-", wrongTime.Message, StringComparison.Ordinal);
        Assert.Contains(Day(8).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), wrongTime.Message, StringComparison.Ordinal);
        Assert.Contains("has no report yet", unreported.Message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(world));
    }

    [Fact]
    public async Task A_level_off_the_campaign_s_scale_is_refused_naming_the_field_and_the_allowed_levels()
    {
        using var world = await WorldAsync();

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(async () => await Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "excellent")));

        Assert.Equal("reviewedLevel", ex.Errors[0].Path);
        Assert.Contains("'excellent' is not a readiness level of campaign 'c'; its levels are poor, fair, good.", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(world));
    }

    [Fact]
    public async Task A_comment_over_the_configured_text_limit_or_a_negative_version_is_refused_and_nothing_is_written()
    {
        using var world = await WorldAsync(s => s.Configure<InputLimitsOptions>(o => o.MaxTextLength = 100));

        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(async () => await Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "good") { Comment = new string('x', 101) }));
        var negative = await Assert.ThrowsAsync<ValidationFailedException>(async () => await Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "good") { ExpectedVersion = -1 }));
        var fits = await Service(world).ReviewAsync("a-1", new ReportReviewInput(Day(1), "good") { Comment = new string('x', 100) });

        Assert.Contains("at most 100 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal("expectedVersion", negative.Errors[0].Path);
        Assert.Equal([fits], await StoredAsync(world));
    }
}
