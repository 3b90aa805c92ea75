using Crowdsourcing.Access;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Quality;

/// <summary>The default <see cref="IReportReviewService"/> over the provider's <see cref="IReportReviewStore"/>.</summary>
internal sealed partial class ReportReviewService(
    ICrowdsourcingStore store,
    TimeProvider time,
    AccessPolicy access,
    InputLimits limits,
    CrowdsourcingDiagnostics diagnostics,
    ILogger<ReportReviewService> logger) : IReportReviewService
{
    public async ValueTask<ReportReview> ReviewAsync(string assignmentId, ReportReviewInput review, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignmentId);
        ArgumentNullException.ThrowIfNull(review);
        using var activity = diagnostics.StartOperation("Quality.ReviewReport", assignmentId);
        try
        {
            var comment = string.IsNullOrWhiteSpace(review.Comment) ? null : review.Comment;
            limits.Text(comment, nameof(ReportReview), nameof(ReportReview.Comment));
            if (review.ExpectedVersion < 0)
            {
                throw new ValidationFailedException("expectedVersion", Validation.Guard.Message($"'expectedVersion' must be the version of the report's review you replace, or 0 when it has none (value: {review.ExpectedVersion})."));
            }

            var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireOrganiserOf(campaign, $"review the reports of knowledge request '{assignment.Id}'");
            var levels = campaign.Readiness.Levels.Select(l => l.Name).ToList();
            if (review.ReviewedLevel is null || !levels.Contains(review.ReviewedLevel, StringComparer.Ordinal))
            {
                throw new ValidationFailedException(
                    "reviewedLevel",
                    Validation.Guard.Message($"'reviewedLevel' {Validation.Guard.Show(review.ReviewedLevel)} is not a readiness level of campaign '{campaign.Id}'; its levels are {string.Join(", ", levels)}."));
            }

            var reports = await ReportsAsync(assignment.Id, cancellationToken).ConfigureAwait(false);
            var report = reports.FirstOrDefault(r => r.AssessedAt == review.AssessedAt) ?? throw new NotFoundException(
                "Report",
                ReportReviewStoreChecks.ReportId(assignment.Id, review.AssessedAt),
                reports.Count == 0
                    ? $"Knowledge request '{assignment.Id}' has no report yet: it is reviewed once it has been submitted."
                    : Validation.Guard.Message($"Knowledge request '{assignment.Id}' has no report assessed at {review.AssessedAt.UtcDateTime:O}; its reports were assessed at {string.Join(", ", reports.Select(r => r.AssessedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))}."));
            var stored = await store.ReportReviews.SaveAsync(
                new ReportReview(campaign.Id, assignment.Id, report.AssessedAt, report.ReadinessLevel, review.ReviewedLevel, actor.Id, time.GetUtcNow()) { Comment = comment },
                review.ExpectedVersion,
                cancellationToken).ConfigureAwait(false);
            diagnostics.CountChange(nameof(ReportReview), "review");
            LogReviewed(logger, campaign.Id, assignment.Id, report.AssessedAt, report.ReadinessLevel, stored.ReviewedLevel, actor.Id);
            return stored;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<ReviewedReport>> ListReportsAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignmentId);
        var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
        var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see the reports of knowledge request '{assignment.Id}' and their reviews");
        var reports = await ReportsAsync(assignment.Id, cancellationToken).ConfigureAwait(false);
        var reviews = new Dictionary<long, ReportReview>();
        await foreach (var review in store.ReportReviews.ListByAssignmentAsync(assignment.Id, cancellationToken).ConfigureAwait(false))
        {
            reviews[review.AssessedAt.UtcTicks] = review;
        }

        return [.. reports.Select(r => new ReviewedReport(r, reviews.GetValueOrDefault(r.AssessedAt.UtcTicks)))];
    }

    public async ValueTask<IReadOnlyList<ReportReview>> ListByCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see the report reviews of campaign '{campaign.Id}'");
        var reviews = new List<ReportReview>();
        await foreach (var review in store.ReportReviews.ListByCampaignAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            reviews.Add(review);
        }

        return reviews;
    }

    private async ValueTask<List<QualityAssessment>> ReportsAsync(string assignmentId, CancellationToken cancellationToken)
    {
        var reports = new List<QualityAssessment>();
        await foreach (var report in store.Assignments.ListAssessmentsAsync(assignmentId, cancellationToken).ConfigureAwait(false))
        {
            reports.Add(report);
        }

        return reports;
    }

    [LoggerMessage(EventId = 1720, Level = LogLevel.Information, Message = "Report of knowledge request {AssignmentId} in campaign {CampaignId} assessed at {AssessedAt} reviewed: reported {ReportedLevel}, found {ReviewedLevel}, by {ActorId}.")]
    private static partial void LogReviewed(ILogger logger, string campaignId, string assignmentId, DateTimeOffset assessedAt, string reportedLevel, string reviewedLevel, string actorId);
}
