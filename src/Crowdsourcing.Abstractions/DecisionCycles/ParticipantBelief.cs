using Crowdsourcing.Validation;

namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// The organiser's belief about one participant's readiness in one campaign: a probability for each state of the
/// campaign's decision model, as of a week.
/// </summary>
public sealed record ParticipantBelief
{
    /// <summary>How far the probabilities may sum from 1.</summary>
    public const double SumTolerance = 1e-6;

    /// <summary>Creates a belief.</summary>
    /// <exception cref="ValidationFailedException">A field is empty, a probability is negative or not finite, or they do not sum to 1 within <see cref="SumTolerance"/>.</exception>
    public ParticipantBelief(string campaignId, string participantId, int week, IReadOnlyList<double> probabilities)
    {
        CampaignId = campaignId;
        ParticipantId = participantId;
        Week = week;
        Probabilities = probabilities;
    }

    /// <summary>The campaign.</summary>
    public string CampaignId { get; init => field = Guard.Id(value, nameof(ParticipantBelief), nameof(CampaignId)); }

    /// <summary>The participant.</summary>
    public string ParticipantId { get; init => field = Guard.Id(value, nameof(ParticipantBelief), nameof(ParticipantId)); }

    /// <summary>The week the belief describes (0 is the campaign's start).</summary>
    public int Week { get; init => field = Guard.NonNegative(value, nameof(ParticipantBelief), nameof(Week)); }

    /// <summary>The probability of each state, in the decision model's state order: at least one, each finite and not
    /// negative, summing to 1 within <see cref="SumTolerance"/>.</summary>
    public IReadOnlyList<double> Probabilities
    {
        get;
        init
        {
            var probabilities = Guard.NotNull(value, nameof(ParticipantBelief), nameof(Probabilities)).ToArray();
            if (probabilities.Length == 0)
            {
                throw Guard.Fail(nameof(Probabilities), $"ParticipantBelief.Probabilities for participant '{ParticipantId}' must not be empty.");
            }

            var sum = 0.0;
            for (var i = 0; i < probabilities.Length; i++)
            {
                var p = probabilities[i];
                if (!double.IsFinite(p) || p < 0)
                {
                    throw Guard.Fail(nameof(Probabilities), Guard.Message($"ParticipantBelief.Probabilities[{i}] for participant '{ParticipantId}' must be a finite, non-negative number (value: {p})."));
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > SumTolerance)
            {
                throw Guard.Fail(nameof(Probabilities), Guard.Message($"ParticipantBelief.Probabilities for participant '{ParticipantId}' sum to {sum:R}; they must sum to 1 within {SumTolerance}."));
            }

            field = probabilities;
        }
    }
}

/// <summary>One participant contacted in a decision cycle, and why.</summary>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Intervention">The intervention used, a name from the decision model (for example <c>email</c>).</param>
/// <param name="Value">The value of the intervention for this participant, V_k.</param>
/// <param name="Cost">The intervention's cost for this participant, c_k.</param>
public sealed record ContactRecord(string ParticipantId, string Intervention, double Value, double Cost)
{
    /// <summary>The participant.</summary>
    public string ParticipantId { get; init => field = Guard.Id(value, nameof(ContactRecord), nameof(ParticipantId)); } = Guard.Id(ParticipantId, nameof(ContactRecord), nameof(ParticipantId));

    /// <summary>The intervention used.</summary>
    public string Intervention { get; init => field = Guard.Key(value, nameof(ContactRecord), nameof(Intervention)); } = Guard.Key(Intervention, nameof(ContactRecord), nameof(Intervention));

    /// <summary>The value of the intervention, V_k.</summary>
    public double Value { get; init => field = Guard.Finite(value, nameof(ContactRecord), nameof(Value)); } = Guard.Finite(Value, nameof(ContactRecord), nameof(Value));

    /// <summary>The intervention's cost, c_k.</summary>
    public double Cost { get; init => field = Guard.Finite(value, nameof(ContactRecord), nameof(Cost)); } = Guard.Finite(Cost, nameof(ContactRecord), nameof(Cost));

    /// <summary>Why the participant was contacted, in the organiser's words (for example "value 6.79 with email, cost 3,
    /// 4 weeks to the workshop"), at most <see cref="MaxReasonLength"/> characters, or <see langword="null"/> (records from before this field).</summary>
    public string? Reason
    {
        get;
        init => field = value is { Length: > MaxReasonLength }
            ? throw Guard.Fail(nameof(Reason), Guard.Message($"ContactRecord.Reason of participant '{ParticipantId}' has {value.Length} characters; at most {MaxReasonLength} are allowed."))
            : value;
    }

    /// <summary>The longest <see cref="Reason"/>: 500 characters.</summary>
    public const int MaxReasonLength = 500;
}

/// <summary>
/// What one decision cycle of a campaign decided: the week, whom it contacted, and the total expected utility.
/// Keyed by (<see cref="CampaignId"/>, <see cref="Cycle"/>): a cycle is recorded once, so rerunning it contacts
/// nobody twice.
/// </summary>
public sealed record DecisionCycleRecord
{
    /// <summary>Creates a record.</summary>
    /// <exception cref="ValidationFailedException">A field is empty or out of range, or a participant is contacted twice.</exception>
    public DecisionCycleRecord(string campaignId, int cycle, DateTimeOffset decidedAt, IReadOnlyList<ContactRecord>? contacts, double totalExpectedUtility)
    {
        CampaignId = campaignId;
        Cycle = cycle;
        DecidedAt = decidedAt;
        Contacts = contacts ?? [];
        TotalExpectedUtility = totalExpectedUtility;
    }

    /// <summary>The campaign.</summary>
    public string CampaignId { get; init => field = Guard.Id(value, nameof(DecisionCycleRecord), nameof(CampaignId)); }

    /// <summary>The cycle number, from 1. Cycle t moves the campaign from week t-1 to week t.</summary>
    public int Cycle { get; init => field = Guard.Positive(value, nameof(DecisionCycleRecord), nameof(Cycle)); }

    /// <summary>When the cycle was decided.</summary>
    public DateTimeOffset DecidedAt { get; init; }

    /// <summary>The participants contacted, at most once each, in the order the cycle decided them. A
    /// <see cref="CycleContacts"/> is kept as it is (it was checked when it was made), so a cycle of a million contacts
    /// is not a million records.</summary>
    public IReadOnlyList<ContactRecord> Contacts
    {
        get;
        init => field = value is CycleContacts columns
            ? columns
            : Guard.UniqueBy(Guard.List(value, nameof(DecisionCycleRecord), nameof(Contacts), int.MaxValue), c => c.ParticipantId, nameof(DecisionCycleRecord), nameof(Contacts), nameof(ContactRecord.ParticipantId));
    }

    /// <summary>The total expected utility of the campaign's population at the end of the cycle (week <see cref="Cycle"/>).</summary>
    public double TotalExpectedUtility { get; init => field = Guard.Finite(value, nameof(DecisionCycleRecord), nameof(TotalExpectedUtility)); }

    /// <summary>The contact policy that decided the cycle, or <see langword="null"/> (records from before this field).</summary>
    public string? Policy { get; init; }

    /// <summary>The version of the campaign's decision model the cycle used (<see cref="Campaigns.CampaignDecisionSettings.ModelVersion"/>), or <see langword="null"/> (records from before this field).</summary>
    public int? ModelVersion { get; init; }

    /// <summary>Who forced the cycle before it was due, or <see langword="null"/> when it ran on schedule.</summary>
    public string? ForcedBy { get; init; }

    /// <summary>The money spent on the cycle's contacts (Σ c_k), or <see langword="null"/> (records from before this field).</summary>
    public double? Spend { get; init; }

    /// <summary>The campaign's budget per cycle and its kind (<c>count</c> or <c>money</c>) when it had one, else <see langword="null"/>.</summary>
    public double? Budget { get; init; }

    /// <summary>How much of <see cref="Budget"/> the cycle used (contacts or money), or <see langword="null"/>.</summary>
    public double? BudgetUsed { get; init; }

    /// <summary>The price of the budget: the value of one more unit of it in this cycle (0 when it does not bind), or <see langword="null"/>.</summary>
    public double? BudgetPrice { get; init; }

    /// <summary>The weeks from this cycle to the workshop (this cycle included), for the planning policies, or <see langword="null"/>.</summary>
    public int? WeeksToWorkshop { get; init; }

    /// <summary>The plan's expected total at the workshop week, as planned in this cycle, or <see langword="null"/>.</summary>
    public double? PlannedTotal { get; init; }

    /// <summary>The plan's expected spend from this cycle to the workshop, or <see langword="null"/>.</summary>
    public double? PlannedSpend { get; init; }

    /// <summary>The plan's Lagrangian bound (least spend: no plan spends less; net utility: no plan does better), or <see langword="null"/>.</summary>
    public double? PlanBound { get; init; }

    /// <summary>
    /// The total expected utility the cycle decided from: week t − 1's, with that week's reports applied (what happened
    /// after cycle t − 1's contacts), or <see langword="null"/> (records from before this field).
    /// </summary>
    public double? StartingTotal { get; init => field = value is { } v ? Guard.Finite(v, nameof(DecisionCycleRecord), nameof(StartingTotal)) : null; }
}
