using Crowdsourcing.Validation;

namespace Crowdsourcing.Reconciliation;

/// <summary>
/// A recorded decision whether to ask one more expert to answer a choice question about a subject: the expected value
/// of that answer against its cost, the expert it would be asked of, and, when it paid, the knowledge request created.
/// Recorded whether or not another expert was asked, so the organiser sees why.
/// </summary>
/// <param name="Id">The decision's identifier within its campaign (also its idempotency key).</param>
/// <param name="CampaignId">The campaign.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="QuestionId">The choice question.</param>
/// <param name="Asked">Whether another expert was asked (the value exceeded the cost).</param>
/// <param name="Value">The expected value of one more answer (EVSI), in the utility's units; finite, ≥ 0.</param>
/// <param name="Cost">The cost of one more answer, in the same units; finite, ≥ 0.</param>
/// <param name="Reason">Why, in words: the decision now, the value against the cost, the expert.</param>
/// <param name="DecidedBy">Who asked for the decision (the acting person).</param>
/// <param name="DecidedAt">When, as the runtime's <see cref="TimeProvider"/> told it.</param>
public sealed record AnotherAnswerDecision(
    string Id,
    string CampaignId,
    string SubjectId,
    string QuestionId,
    bool Asked,
    double Value,
    double Cost,
    string Reason,
    string DecidedBy,
    DateTimeOffset DecidedAt)
{
    /// <summary>The decision's identifier.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(AnotherAnswerDecision), nameof(Id)); } = Guard.Id(Id, nameof(AnotherAnswerDecision), nameof(Id));

    /// <summary>The campaign.</summary>
    public string CampaignId { get; init => field = Guard.Id(value, nameof(AnotherAnswerDecision), nameof(CampaignId)); } = Guard.Id(CampaignId, nameof(AnotherAnswerDecision), nameof(CampaignId));

    /// <summary>The subject.</summary>
    public string SubjectId { get; init => field = Guard.Id(value, nameof(AnotherAnswerDecision), nameof(SubjectId)); } = Guard.Id(SubjectId, nameof(AnotherAnswerDecision), nameof(SubjectId));

    /// <summary>The choice question.</summary>
    public string QuestionId { get; init => field = Guard.Id(value, nameof(AnotherAnswerDecision), nameof(QuestionId)); } = Guard.Id(QuestionId, nameof(AnotherAnswerDecision), nameof(QuestionId));

    /// <summary>The expected value of one more answer.</summary>
    public double Value { get; init => field = NonNegative(value, nameof(Value)); } = NonNegative(Value, nameof(Value));

    /// <summary>The cost of one more answer.</summary>
    public double Cost { get; init => field = NonNegative(value, nameof(Cost)); } = NonNegative(Cost, nameof(Cost));

    /// <summary>Why.</summary>
    public string Reason { get; init => field = Guard.Text(value, nameof(AnotherAnswerDecision), nameof(Reason)); } = Guard.Text(Reason, nameof(AnotherAnswerDecision), nameof(Reason));

    /// <summary>Who asked for the decision.</summary>
    public string DecidedBy { get; init => field = Guard.Id(value, nameof(AnotherAnswerDecision), nameof(DecidedBy)); } = Guard.Id(DecidedBy, nameof(AnotherAnswerDecision), nameof(DecidedBy));

    /// <summary>The expert the answer would be (or was) asked of: the one whose answer is worth most; <see langword="null"/> when nobody is left to ask.</summary>
    public string? ParticipantId { get; init => field = Guard.OptionalId(value, nameof(AnotherAnswerDecision), nameof(ParticipantId)); }

    /// <summary>When <see cref="Asked"/>: the knowledge request created for that expert; otherwise <see langword="null"/>.</summary>
    public string? AssignmentId { get; init => field = Guard.OptionalId(value, nameof(AnotherAnswerDecision), nameof(AssignmentId)); }

    private static double NonNegative(double value, string field) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw Guard.Fail(field, Guard.Message($"AnotherAnswerDecision.{field} must be a finite number ≥ 0 (value: {value})."));
}
