namespace Crowdsourcing.Quality;

/// <summary>
/// The analysts' reviews of readiness reports (<see cref="ReportReview"/>): at most one per report, identified by the
/// report's assignment and assessment time, replaced under optimistic concurrency.
/// </summary>
/// <remarks>
/// Semantics every provider has (the conformance suite checks them): a review is stored only for a stored assessment of
/// an assignment of its campaign; listings are ordered by assignment id in code-point order
/// (<see cref="Storage.CodePointComparer"/>), then by assessment time; deleting an assignment
/// (<see cref="Storage.IAssignmentStore.DeleteAsync"/>) deletes its reviews with it; nothing a caller holds shares state
/// with the store.
/// </remarks>
public interface IReportReviewStore
{
    /// <summary>
    /// Stores a review of the report (<see cref="ReportReview.AssignmentId"/>, <see cref="ReportReview.AssessedAt"/>)
    /// in one transaction: the first one when <paramref name="expectedVersion"/> is 0 and none is stored (it becomes
    /// version 1), or in place of the stored one when that is at <paramref name="expectedVersion"/> (it becomes the next
    /// version). The review's own <see cref="ReportReview.Version"/> is ignored. A retry is recognised: when the stored
    /// review is at <paramref name="expectedVersion"/> + 1 with the same campaign, levels, reviewer and comment (only
    /// <see cref="ReportReview.ReviewedAt"/> may differ), it is returned and nothing is written.
    /// </summary>
    /// <param name="review">The review.</param>
    /// <param name="expectedVersion">The version of the stored review the reviewer saw; 0 when there was none.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is written then.</param>
    /// <returns>The review as stored, with its version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="NotFoundException">No assessment of that assignment at that time is stored, or the assignment is not of the review's campaign; nothing is written.</exception>
    /// <exception cref="Storage.ConcurrencyConflictException">The stored review is not at <paramref name="expectedVersion"/> (another analyst reviewed the report first); nothing is written.</exception>
    ValueTask<ReportReview> SaveAsync(ReportReview review, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Finds the review of one report.</summary>
    /// <param name="assignmentId">The report's assignment.</param>
    /// <param name="assessedAt">When the report was assessed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The review, or <see langword="null"/> when the report has none.</returns>
    ValueTask<ReportReview?> FindAsync(string assignmentId, DateTimeOffset assessedAt, CancellationToken cancellationToken = default);

    /// <summary>Lists the reviews of an assignment's reports, oldest report first.</summary>
    IAsyncEnumerable<ReportReview> ListByAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default);

    /// <summary>Lists the reviews of a campaign's reports ordered by assignment id, then report time: what the campaign learner reads.</summary>
    IAsyncEnumerable<ReportReview> ListByCampaignAsync(string campaignId, CancellationToken cancellationToken = default);
}

/// <summary>What every <see cref="IReportReviewStore"/> provider shares: the argument checks made before any I/O, how a
/// report is named in messages, and the errors.</summary>
public static class ReportReviewStoreChecks
{
    /// <summary>The record type named in the errors: <c>ReportReview</c>.</summary>
    public const string RecordType = nameof(ReportReview);

    /// <summary>How a report is named in messages and errors: <c>{assignmentId}@{assessedAt}</c>, the time in UTC, ISO 8601 with seven decimals.</summary>
    /// <param name="assignmentId">The report's assignment.</param>
    /// <param name="assessedAt">When it was assessed.</param>
    /// <returns>The name.</returns>
    public static string ReportId(string assignmentId, DateTimeOffset assessedAt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{assignmentId}@{assessedAt.UtcDateTime:O}");

    /// <summary>Checks the arguments of <see cref="IReportReviewStore.SaveAsync"/>.</summary>
    /// <param name="review">The review.</param>
    /// <param name="expectedVersion">The expected version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    public static void CheckSave(ReportReview review, long expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
    }

    /// <summary>Whether two reviews say the same thing of the same report (campaign, report, levels, reviewer, comment), whatever their time and version: a retry.</summary>
    /// <param name="a">One review.</param>
    /// <param name="b">The other.</param>
    /// <returns>Whether they have the same content.</returns>
    public static bool SameContent(ReportReview a, ReportReview b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a with { ReviewedAt = default, Version = 0, AssessedAt = a.AssessedAt.ToUniversalTime() } == b with { ReviewedAt = default, Version = 0, AssessedAt = b.AssessedAt.ToUniversalTime() };
    }

    /// <summary>The outcome of a save that found <paramref name="stored"/> (or nothing): the stored review for a retry, or the error.</summary>
    /// <param name="review">The review being saved.</param>
    /// <param name="expectedVersion">The version the caller expected.</param>
    /// <param name="stored">The review stored now, or <see langword="null"/>.</param>
    /// <returns><paramref name="stored"/> when the save is a retry of the write that stored it.</returns>
    /// <exception cref="Storage.ConcurrencyConflictException">Otherwise.</exception>
    public static ReportReview RetryOrConflict(ReportReview review, long expectedVersion, ReportReview? stored)
    {
        ArgumentNullException.ThrowIfNull(review);
        if (stored is not null && stored.Version == expectedVersion + 1 && SameContent(review, stored))
        {
            return stored;
        }

        throw new Storage.ConcurrencyConflictException(RecordType, ReportId(review.AssignmentId, review.AssessedAt), expectedVersion, stored?.Version ?? 0, stored?.ReviewedBy, stored?.ReviewedAt);
    }

    /// <summary>The error for a review of a report that is not stored.</summary>
    /// <param name="review">The review.</param>
    /// <returns>A <see cref="NotFoundException"/> naming the assignment, the time and the campaign.</returns>
    public static NotFoundException ReportNotFound(ReportReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return new NotFoundException(
            "Report",
            ReportId(review.AssignmentId, review.AssessedAt),
            Validation.Guard.Message($"Assignment '{review.AssignmentId}' of campaign '{review.CampaignId}' has no report assessed at {review.AssessedAt.UtcDateTime:O}; review one of its stored assessments (their assessedAt)."));
    }
}
