namespace Crowdsourcing.Quality;

/// <summary>
/// Analysts' reviews of readiness reports: an organiser of the campaign (or an administrator) records the readiness
/// level an analyst found where a report (a <see cref="QualityAssessment"/>) showed one, and lists them. The campaign
/// learner (<see cref="Learning.ICampaignLearningService"/>) pairs each reviewed level with the reported one to estimate
/// the report model O(x, o) of the intervention that prompted the report.
/// </summary>
/// <remarks>
/// At most one review per report is kept: a later review replaces it when it carries the version of the review it
/// replaces (<see cref="ReportReviewInput.ExpectedVersion"/>), so two analysts reviewing one report at once cannot
/// overwrite each other unnoticed. The reviewer and the time come from the acting person and the runtime's
/// <see cref="TimeProvider"/>, never from the input. Every refusal and every failure writes nothing.
/// </remarks>
public interface IReportReviewService
{
    /// <summary>Records a review of one report of a knowledge request.</summary>
    /// <param name="assignmentId">The knowledge request whose report is reviewed.</param>
    /// <param name="review">Which report (its assessment time), the level found, an optional comment, the version replaced.</param>
    /// <param name="cancellationToken">Cancels the review; nothing is stored then.</param>
    /// <returns>The review as stored, with its version.</returns>
    /// <exception cref="ArgumentException"><paramref name="assignmentId"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotFoundException">The knowledge request or its campaign does not exist, or the request has no report assessed at <see cref="ReportReviewInput.AssessedAt"/>.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an administrator nor an organiser of the campaign.</exception>
    /// <exception cref="ValidationFailedException">The level is not on the campaign's readiness scale (the error names
    /// <c>reviewedLevel</c> and the allowed levels), the comment is longer than the configured text limit
    /// (<c>Crowdsourcing:Limits:MaxTextLength</c>, default 4,000), or the expected version is negative.</exception>
    /// <exception cref="Storage.ConcurrencyConflictException">The report's stored review is not at <see cref="ReportReviewInput.ExpectedVersion"/>: somebody reviewed it first.</exception>
    ValueTask<ReportReview> ReviewAsync(string assignmentId, ReportReviewInput review, CancellationToken cancellationToken = default);

    /// <summary>Lists a knowledge request's reports, oldest first, each with its review when it has one.</summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The reports.</returns>
    /// <exception cref="NotFoundException">The knowledge request or its campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an administrator nor an organiser of the campaign.</exception>
    ValueTask<IReadOnlyList<ReviewedReport>> ListReportsAsync(string assignmentId, CancellationToken cancellationToken = default);

    /// <summary>Lists the reviews of a campaign's reports, by knowledge request id, then report time.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The reviews.</returns>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an administrator nor an organiser of the campaign.</exception>
    ValueTask<IReadOnlyList<ReportReview>> ListByCampaignAsync(string campaignId, CancellationToken cancellationToken = default);
}

/// <summary>What an analyst found of one report (see <see cref="IReportReviewService.ReviewAsync"/>).</summary>
/// <param name="AssessedAt">Which report: its assessment time (<see cref="QualityAssessment.AssessedAt"/>, as
/// <see cref="IReportReviewService.ListReportsAsync"/> shows it).</param>
/// <param name="ReviewedLevel">The readiness level found: a level of the campaign's <see cref="ReadinessScale"/>.</param>
public sealed record ReportReviewInput(DateTimeOffset AssessedAt, string ReviewedLevel)
{
    /// <summary>The analyst's comment, or <see langword="null"/> (blank counts as none); at most the configured text limit (default 4,000 characters).</summary>
    public string? Comment { get; init; }

    /// <summary>The version of the report's review the analyst saw and replaces; 0 (the default) for a report not reviewed yet.</summary>
    public long ExpectedVersion { get; init; }
}

/// <summary>A report of a knowledge request with its review.</summary>
/// <param name="Report">The report: the quality assessment of a submission.</param>
/// <param name="Review">Its review, or <see langword="null"/> when it has none.</param>
public sealed record ReviewedReport(QualityAssessment Report, ReportReview? Review);
