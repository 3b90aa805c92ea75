using Crowdsourcing.Validation;

namespace Crowdsourcing.Reconciliation;

/// <summary>
/// A known correct ("gold") answer to one choice question about one subject in a campaign, checked by an analyst and
/// marked by an organiser. Answer reconciliation clamps the question's item to it and learns from it how reliable
/// each expert who answered is. At most one per (campaign, subject, question): marking again replaces it.
/// </summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="SubjectId">The subject the knowledge requests are about (<c>Assignment.Subject.Id</c>).</param>
/// <param name="QuestionId">The choice question.</param>
/// <param name="Value">The correct answer: one of the question's choices.</param>
/// <param name="MarkedBy">Who marked it (the acting organiser, never a field of a request).</param>
/// <param name="MarkedAt">When, as the runtime's <see cref="TimeProvider"/> told it.</param>
public sealed record GoldAnswer(string CampaignId, string SubjectId, string QuestionId, string Value, string MarkedBy, DateTimeOffset MarkedAt)
{
    /// <summary>The campaign.</summary>
    public string CampaignId { get; init => field = Guard.Id(value, nameof(GoldAnswer), nameof(CampaignId)); } = Guard.Id(CampaignId, nameof(GoldAnswer), nameof(CampaignId));

    /// <summary>The subject.</summary>
    public string SubjectId { get; init => field = Guard.Id(value, nameof(GoldAnswer), nameof(SubjectId)); } = Guard.Id(SubjectId, nameof(GoldAnswer), nameof(SubjectId));

    /// <summary>The choice question.</summary>
    public string QuestionId { get; init => field = Guard.Id(value, nameof(GoldAnswer), nameof(QuestionId)); } = Guard.Id(QuestionId, nameof(GoldAnswer), nameof(QuestionId));

    /// <summary>The correct answer.</summary>
    public string Value { get; init => field = Guard.Id(value, nameof(GoldAnswer), nameof(Value)); } = Guard.Id(Value, nameof(GoldAnswer), nameof(Value));

    /// <summary>Who marked it.</summary>
    public string MarkedBy { get; init => field = Guard.Id(value, nameof(GoldAnswer), nameof(MarkedBy)); } = Guard.Id(MarkedBy, nameof(GoldAnswer), nameof(MarkedBy));
}
