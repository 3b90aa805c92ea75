using Crowdsourcing.Validation;

namespace Crowdsourcing.Reconciliation;

/// <summary>Where an <see cref="ExpertReliability"/> comes from. Users spell them <c>learned</c> and <c>seed</c>.</summary>
public enum ReliabilitySource
{
    /// <summary>Learned from the campaign's own answers by its latest reconciliation (replaced by the next one).</summary>
    Learned = 0,

    /// <summary>Copied from an earlier campaign to seed this one: the inference starts from it (a warm start).</summary>
    Seed = 1,
}

/// <summary>
/// How reliable one expert is on one choice question of a campaign: a confusion matrix over the question's choices
/// (row = true answer, column = the expert's answer) and the probability of a right answer with its credible interval.
/// Kept per campaign; an earlier campaign's learned reliabilities can seed a later one (<see cref="ReliabilitySource.Seed"/>).
/// </summary>
/// <param name="CampaignId">The campaign it is kept for.</param>
/// <param name="QuestionId">The choice question.</param>
/// <param name="ParticipantId">The expert.</param>
/// <param name="Source">Learned in the campaign or seeded from an earlier one.</param>
/// <param name="Method">The truth-inference method that learned it, as users spell it (for example <c>dawid-skene</c>).</param>
/// <param name="Labels">The question's choices, in the matrix's order: 1 to <see cref="MaxLabels"/>, distinct.</param>
/// <param name="Confusion">The confusion matrix, row-major (labels² values), each value in [0, 1] and each row summing
/// to 1 within <see cref="SumTolerance"/>.</param>
/// <param name="Skill">The probability of a right answer, in [0, 1].</param>
/// <param name="SkillLower">The lower end of its credible interval, in [0, 1].</param>
/// <param name="SkillUpper">The upper end, in [0, 1].</param>
/// <param name="Answers">How many answers it was learned from (≥ 0).</param>
/// <param name="UpdatedBy">Who reconciled (or seeded): the acting person.</param>
/// <param name="UpdatedAt">When, as the runtime's <see cref="TimeProvider"/> told it.</param>
public sealed record ExpertReliability(
    string CampaignId,
    string QuestionId,
    string ParticipantId,
    ReliabilitySource Source,
    string Method,
    IReadOnlyList<string> Labels,
    IReadOnlyList<double> Confusion,
    double Skill,
    double SkillLower,
    double SkillUpper,
    int Answers,
    string UpdatedBy,
    DateTimeOffset UpdatedAt)
{
    /// <summary>How far a row of <see cref="Confusion"/> may sum from 1: 1e-6.</summary>
    public const double SumTolerance = 1e-6;

    /// <summary>The most choices a reliability covers: 256 (as the truth-inference engine).</summary>
    public const int MaxLabels = 256;

    /// <summary>The campaign.</summary>
    public string CampaignId { get; init => field = Guard.Id(value, nameof(ExpertReliability), nameof(CampaignId)); } = Guard.Id(CampaignId, nameof(ExpertReliability), nameof(CampaignId));

    /// <summary>The choice question.</summary>
    public string QuestionId { get; init => field = Guard.Id(value, nameof(ExpertReliability), nameof(QuestionId)); } = Guard.Id(QuestionId, nameof(ExpertReliability), nameof(QuestionId));

    /// <summary>The expert.</summary>
    public string ParticipantId { get; init => field = Guard.Id(value, nameof(ExpertReliability), nameof(ParticipantId)); } = Guard.Id(ParticipantId, nameof(ExpertReliability), nameof(ParticipantId));

    /// <summary>Learned or seeded.</summary>
    public ReliabilitySource Source { get; init => field = Guard.Defined(value, nameof(ExpertReliability), nameof(Source)); } = Guard.Defined(Source, nameof(ExpertReliability), nameof(Source));

    /// <summary>The method that learned it.</summary>
    public string Method { get; init => field = Guard.Id(value, nameof(ExpertReliability), nameof(Method)); } = Guard.Id(Method, nameof(ExpertReliability), nameof(Method));

    /// <summary>The choices, in the matrix's order.</summary>
    public IReadOnlyList<string> Labels { get; init => field = CheckLabels(value); } = CheckLabels(Labels);

    /// <summary>The confusion matrix, row-major.</summary>
    public IReadOnlyList<double> Confusion { get; init => field = CheckConfusion(value, Labels, ParticipantId, QuestionId); } = CheckConfusion(Confusion, CheckLabels(Labels), ParticipantId, QuestionId);

    /// <summary>The probability of a right answer.</summary>
    public double Skill { get; init => field = Probability(value, nameof(Skill)); } = Probability(Skill, nameof(Skill));

    /// <summary>The lower end of the skill's credible interval.</summary>
    public double SkillLower { get; init => field = Probability(value, nameof(SkillLower)); } = Probability(SkillLower, nameof(SkillLower));

    /// <summary>The upper end of the skill's credible interval.</summary>
    public double SkillUpper { get; init => field = Probability(value, nameof(SkillUpper)); } = Probability(SkillUpper, nameof(SkillUpper));

    /// <summary>How many answers it was learned from.</summary>
    public int Answers { get; init => field = Guard.NonNegative(value, nameof(ExpertReliability), nameof(Answers)); } = Guard.NonNegative(Answers, nameof(ExpertReliability), nameof(Answers));

    /// <summary>Who reconciled or seeded.</summary>
    public string UpdatedBy { get; init => field = Guard.Id(value, nameof(ExpertReliability), nameof(UpdatedBy)); } = Guard.Id(UpdatedBy, nameof(ExpertReliability), nameof(UpdatedBy));

    /// <summary>For a <see cref="ReliabilitySource.Seed"/>: the campaign it was learned in; otherwise <see langword="null"/>.</summary>
    public string? SeededFrom { get; init => field = Guard.OptionalId(value, nameof(ExpertReliability), nameof(SeededFrom)); }

    /// <summary>The probability that the expert answers <paramref name="answer"/> when <paramref name="truth"/> is right.</summary>
    /// <param name="truth">The index of the true answer in <see cref="Labels"/>.</param>
    /// <param name="answer">The index of the expert's answer.</param>
    /// <returns>The probability.</returns>
    public double this[int truth, int answer] => Confusion[(truth * Labels.Count) + answer];

    private static IReadOnlyList<string> CheckLabels(IReadOnlyList<string> labels)
    {
        var checkedLabels = Guard.DistinctIds(labels, nameof(ExpertReliability), nameof(Labels));
        return checkedLabels.Count is > 0 and <= MaxLabels
            ? checkedLabels
            : throw Guard.Fail(nameof(Labels), Guard.Message($"ExpertReliability.Labels must name 1 to {MaxLabels} choices (got {checkedLabels.Count})."));
    }

    private static double[] CheckConfusion(IReadOnlyList<double> confusion, IReadOnlyList<string> labels, string participantId, string questionId)
    {
        var values = Guard.NotNull(confusion, nameof(ExpertReliability), nameof(Confusion)).ToArray();
        var k = labels.Count;
        if (values.Length != k * k)
        {
            throw Guard.Fail(nameof(Confusion), Guard.Message($"ExpertReliability.Confusion of '{participantId}' on question '{questionId}' has {values.Length} values; {k} choices need {k * k} (row-major)."));
        }

        for (var r = 0; r < k; r++)
        {
            var sum = 0.0;
            for (var c = 0; c < k; c++)
            {
                var p = values[(r * k) + c];
                if (!(p >= 0 && p <= 1))
                {
                    throw Guard.Fail(nameof(Confusion), Guard.Message($"ExpertReliability.Confusion[{r}][{c}] of '{participantId}' on question '{questionId}' must be a probability in [0, 1] (value: {p})."));
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > SumTolerance)
            {
                throw Guard.Fail(nameof(Confusion), Guard.Message($"ExpertReliability.Confusion row {r} ('{labels[r]}') of '{participantId}' on question '{questionId}' sums to {sum:R}; it must sum to 1 within {SumTolerance}."));
            }
        }

        return values;
    }

    private static double Probability(double value, string field) =>
        value is >= 0 and <= 1
            ? value
            : throw Guard.Fail(field, Guard.Message($"ExpertReliability.{field} must be a probability in [0, 1] (value: {value})."));
}
