using System.Data.Common;
using Crowdsourcing.Quality;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The relational <see cref="IReportReviewStore"/> (schema version 6, <c>0006_report_reviews</c>): a row per reviewed
/// report keyed by (assignment, assessment time in UTC ticks) as <c>quality_assessments</c> keeps it, with the campaign
/// and version beside the JSON. A save checks, in its transaction, that the assessment is stored for an assignment of
/// the review's campaign, then inserts (expected version 0) or replaces the row at the expected version in one
/// statement, so two concurrent reviewers cannot both win.
/// </summary>
internal sealed class RelationalReportReviewStore(RelationalDatabase db) : IReportReviewStore
{
    public ValueTask<ReportReview> SaveAsync(ReportReview review, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ReportReviewStoreChecks.CheckSave(review, expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var saved = review with { Version = expectedVersion + 1 };
        var json = RecordJson.Serialize(saved);
        var at = review.AssessedAt.UtcTicks;
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                var report = db.Command(connection, transaction, "SELECT a.id FROM quality_assessments q JOIN assignments a ON a.id = q.assignment_id WHERE q.assignment_id = @assignment AND q.assessed_at = @at AND a.campaign_id = @campaign LIMIT 1");
                await using (report.ConfigureAwait(false))
                {
                    if (await report.With("@assignment", review.AssignmentId).With("@at", at).With("@campaign", review.CampaignId).ScalarStringAsync(cancellationToken).ConfigureAwait(false) is null)
                    {
                        throw ReportReviewStoreChecks.ReportNotFound(review);
                    }
                }

                var write = expectedVersion == 0
                    ? db.Command(connection, transaction, "INSERT INTO report_reviews (assignment_id, assessed_at, campaign_id, version, json) VALUES (@assignment, @at, @campaign, 1, @json) ON CONFLICT (assignment_id, assessed_at) DO NOTHING")
                    : db.Command(connection, transaction, "UPDATE report_reviews SET version = @version, json = @json WHERE assignment_id = @assignment AND assessed_at = @at AND version = @expected");
                await using (write.ConfigureAwait(false))
                {
                    write.With("@assignment", review.AssignmentId).With("@at", at).With("@json", json);
                    if (expectedVersion == 0)
                    {
                        write.With("@campaign", review.CampaignId);
                    }
                    else
                    {
                        write.With("@version", expectedVersion + 1).With("@expected", expectedVersion);
                    }

                    if (await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    {
                        return saved;
                    }
                }

                return ReportReviewStoreChecks.RetryOrConflict(review, expectedVersion, await FindAsync(connection, transaction, review.AssignmentId, at, cancellationToken).ConfigureAwait(false));
            },
            cancellationToken);
    }

    public ValueTask<ReportReview?> FindAsync(string assignmentId, DateTimeOffset assessedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.ReadAsync(connection => FindAsync(connection, null, assignmentId, assessedAt.UtcTicks, cancellationToken), cancellationToken);
    }

    public IAsyncEnumerable<ReportReview> ListByAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        return Listing.QueryAsync(
            db,
            "SELECT json FROM report_reviews WHERE assignment_id = @assignment ORDER BY assessed_at",
            [("@assignment", assignmentId)],
            static r => RecordJson.Deserialize<ReportReview>(r.GetString(0)),
            cancellationToken);
    }

    public IAsyncEnumerable<ReportReview> ListByCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Listing.QueryAsync(
            db,
            "SELECT json FROM report_reviews WHERE campaign_id = @campaign ORDER BY assignment_id, assessed_at",
            [("@campaign", campaignId)],
            static r => RecordJson.Deserialize<ReportReview>(r.GetString(0)),
            cancellationToken);
    }

    private async ValueTask<ReportReview?> FindAsync(DbConnection connection, DbTransaction? transaction, string assignmentId, long assessedAtTicks, CancellationToken cancellationToken)
    {
        var find = db.Command(connection, transaction, "SELECT json FROM report_reviews WHERE assignment_id = @assignment AND assessed_at = @at");
        await using (find.ConfigureAwait(false))
        {
            var json = await find.With("@assignment", assignmentId).With("@at", assessedAtTicks).ScalarStringAsync(cancellationToken).ConfigureAwait(false);
            return json is null ? null : RecordJson.Deserialize<ReportReview>(json);
        }
    }
}
