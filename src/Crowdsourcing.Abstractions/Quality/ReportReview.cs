using Crowdsourcing.Validation;

namespace Crowdsourcing.Quality;

/// <summary>
/// An analyst's review of one readiness report: the readiness level the analyst found where the report (a
/// <see cref="QualityAssessment"/>) showed <see cref="ReportedLevel"/>. A report is identified by its assignment and
/// the time it was assessed (<see cref="AssignmentId"/>, <see cref="AssessedAt"/>). Reviews are evidence for the report
/// model O(x, o), the probability that a participant in state x is reported as o: the campaign learner pairs each
/// reviewed level x with the reported level o.
/// </summary>
/// <remarks>
/// At most one review per report is kept: a later review replaces it under optimistic concurrency
/// (<see cref="Version"/>; see <see cref="IReportReviewStore.SaveAsync"/>), so two analysts reviewing the same report at
/// once cannot overwrite each other unnoticed.
/// </remarks>
/// <param name="CampaignId">The campaign the report's assignment belongs to.</param>
/// <param name="AssignmentId">The reviewed report's assignment (knowledge request).</param>
/// <param name="AssessedAt">When the reviewed report was assessed (<see cref="QualityAssessment.AssessedAt"/>).</param>
/// <param name="ReportedLevel">The readiness level the report showed (<see cref="QualityAssessment.ReadinessLevel"/>).</param>
/// <param name="ReviewedLevel">The readiness level the analyst found: a level of the campaign's <see cref="ReadinessScale"/>.</param>
/// <param name="ReviewedBy">Who reviewed (the acting person, never a field of a request).</param>
/// <param name="ReviewedAt">When, as the runtime's <see cref="TimeProvider"/> told it.</param>
public sealed record ReportReview(string CampaignId, string AssignmentId, DateTimeOffset AssessedAt, string ReportedLevel, string ReviewedLevel, string ReviewedBy, DateTimeOffset ReviewedAt)
{
    /// <summary>The campaign.</summary>
    public string CampaignId { get; init => field = Guard.Id(value, nameof(ReportReview), nameof(CampaignId)); } = Guard.Id(CampaignId, nameof(ReportReview), nameof(CampaignId));

    /// <summary>The reviewed report's assignment.</summary>
    public string AssignmentId { get; init => field = Guard.Id(value, nameof(ReportReview), nameof(AssignmentId)); } = Guard.Id(AssignmentId, nameof(ReportReview), nameof(AssignmentId));

    /// <summary>The level the report showed.</summary>
    public string ReportedLevel { get; init => field = Guard.Key(value, nameof(ReportReview), nameof(ReportedLevel)); } = Guard.Key(ReportedLevel, nameof(ReportReview), nameof(ReportedLevel));

    /// <summary>The level the analyst found.</summary>
    public string ReviewedLevel { get; init => field = Guard.Key(value, nameof(ReportReview), nameof(ReviewedLevel)); } = Guard.Key(ReviewedLevel, nameof(ReportReview), nameof(ReviewedLevel));

    /// <summary>Who reviewed.</summary>
    public string ReviewedBy { get; init => field = Guard.Id(value, nameof(ReportReview), nameof(ReviewedBy)); } = Guard.Id(ReviewedBy, nameof(ReportReview), nameof(ReviewedBy));

    /// <summary>The analyst's comment, or <see langword="null"/>: at most <see cref="Limits.MaxTextLength"/> (4,000)
    /// characters (a host may lower it with <c>Crowdsourcing:Limits:MaxTextLength</c>).</summary>
    public string? Comment { get; init => field = Guard.OptionalText(value, nameof(ReportReview), nameof(Comment)); }

    /// <summary>The review's version: 1 for the first review of the report, one more for each review that replaced
    /// it. Set by the store (<see cref="IReportReviewStore.SaveAsync"/>); 0 on a review not stored yet.</summary>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(ReportReview), nameof(Version)); }
}
