using Crowdsourcing.Assignments;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>The reviews of readiness reports, keyed by (assignment in code-point order, assessment time in UTC ticks).
/// Not thread-safe: the store's lock guards it.</summary>
internal sealed class ReportReviewTable
{
    private static readonly IComparer<(string Assignment, long Ticks)> KeyOrder = Comparer<(string Assignment, long Ticks)>.Create(static (a, b) =>
    {
        var c = CodePointComparer.Instance.Compare(a.Assignment, b.Assignment);
        return c != 0 ? c : a.Ticks.CompareTo(b.Ticks);
    });

    private readonly SortedDictionary<(string Assignment, long Ticks), ReportReview> _rows = new(KeyOrder);

    public ReportReview? Find(string assignmentId, DateTimeOffset assessedAt) =>
        _rows.TryGetValue((assignmentId, assessedAt.UtcTicks), out var review) ? review : null;

    public void Set(ReportReview review) => _rows[(review.AssignmentId, review.AssessedAt.UtcTicks)] = review;

    /// <summary>Removes every review of one assignment's reports.</summary>
    public void Remove(string assignmentId)
    {
        foreach (var key in _rows.Keys.Where(k => string.Equals(k.Assignment, assignmentId, StringComparison.Ordinal)).ToList())
        {
            _rows.Remove(key);
        }
    }

    public List<ReportReview> Where(Func<ReportReview, bool> predicate) => [.. _rows.Values.Where(predicate)];
}

/// <summary>The in-memory <see cref="IReportReviewStore"/>: a review is stored only for a stored assessment, under the store's lock.</summary>
internal sealed class InMemoryReportReviewStore(Lock gate, RecordTable<Assignment> assignments, AssessmentTable assessments, ReportReviewTable reviews) : IReportReviewStore
{
    public ValueTask<ReportReview> SaveAsync(ReportReview review, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ReportReviewStoreChecks.CheckSave(review, expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!assignments.Rows.TryGet(review.AssignmentId, out var assignment)
                || !string.Equals(assignment.Record.CampaignId, review.CampaignId, StringComparison.Ordinal)
                || !assessments.List(review.AssignmentId).Exists(a => a.AssessedAt == review.AssessedAt))
            {
                throw ReportReviewStoreChecks.ReportNotFound(review);
            }

            var stored = reviews.Find(review.AssignmentId, review.AssessedAt);
            if ((stored?.Version ?? 0) != expectedVersion)
            {
                return ValueTask.FromResult(ReportReviewStoreChecks.RetryOrConflict(review, expectedVersion, stored));
            }

            var saved = review with { Version = expectedVersion + 1 };
            reviews.Set(saved);
            return ValueTask.FromResult(saved);
        }
    }

    public ValueTask<ReportReview?> FindAsync(string assignmentId, DateTimeOffset assessedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return ValueTask.FromResult(reviews.Find(assignmentId, assessedAt));
        }
    }

    public IAsyncEnumerable<ReportReview> ListByAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        return List(r => string.Equals(r.AssignmentId, assignmentId, StringComparison.Ordinal), cancellationToken);
    }

    public IAsyncEnumerable<ReportReview> ListByCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return List(r => string.Equals(r.CampaignId, campaignId, StringComparison.Ordinal), cancellationToken);
    }

    private SnapshotAsyncEnumerable<ReportReview, ReportReview> List(Func<ReportReview, bool> predicate, CancellationToken cancellationToken) =>
        new(
            () =>
            {
                lock (gate)
                {
                    return reviews.Where(predicate);
                }
            },
            static r => r,
            cancellationToken);
}
