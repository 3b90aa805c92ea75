using System.Globalization;

namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// What <see cref="IDecisionCycleService.RunCycleAsync"/> did: whom the cycle contacts and why, the total expected
/// utility, and how the beliefs were formed. Made to be printed by a command line or shown in a report.
/// </summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Cycle">The cycle t; it moved the campaign from week t − 1 to week t.</param>
/// <param name="AlreadyRecorded"><see langword="true"/> when the cycle had been recorded before (by an earlier run, or by
/// another instance at the same time): nothing was done and the stored record is returned.</param>
/// <param name="Record">The stored record of the cycle.</param>
/// <param name="Contacts">The participants contacted, with the reason, highest value first.</param>
/// <param name="ModelName">The decision model's name; <see langword="null"/> when <paramref name="AlreadyRecorded"/>.</param>
/// <param name="Policy">The contact policy's name; <see langword="null"/> when <paramref name="AlreadyRecorded"/>.</param>
/// <param name="Participants">The size of the crowd evaluated; <see langword="null"/> when <paramref name="AlreadyRecorded"/>.</param>
/// <param name="ReportsApplied">How many participants' reported states (quality assessments made since the previous
/// cycle) were applied as the states of week t − 1; <see langword="null"/> when <paramref name="AlreadyRecorded"/>.</param>
/// <param name="PriorsUsed">How many participants had no stored belief and started from the model's prior;
/// <see langword="null"/> when <paramref name="AlreadyRecorded"/>.</param>
public sealed record DecisionCycleOutcome(
    string CampaignId,
    int Cycle,
    bool AlreadyRecorded,
    DecisionCycleRecord Record,
    IReadOnlyList<ContactDecision> Contacts,
    string? ModelName,
    string? Policy,
    int? Participants,
    int? ReportsApplied,
    int? PriorsUsed)
{
    /// <summary>The week the cycle ends in (the same number as <see cref="Cycle"/>).</summary>
    public int Week => Cycle;

    /// <summary>The total expected utility of week <see cref="Week"/> as known when the cycle was decided.</summary>
    public double TotalExpectedUtility => Record.TotalExpectedUtility;

    /// <summary>The cycle's spend: the sum of the contacts' costs.</summary>
    public double Spend => Record.Contacts is CycleContacts contacts ? contacts.TotalCost() : Record.Contacts.Sum(c => c.Cost);

    /// <summary>
    /// What the policy reported when it decided the cycle — its budget, the budget used and its price, the weeks to the
    /// workshop and, for the planning policies, the plan (expected total at the workshop, expected spend, its Lagrangian
    /// bound and the gap); <see langword="null"/> for a cycle read back from its record (the record keeps the figures).
    /// </summary>
    public Decision.Policies.PolicyCycleReport? Report { get; init; }

    /// <summary>When the campaign's next cycle is due by its schedule (<c>StartsAt + (t + 1) × CycleLength</c>), or <see langword="null"/>.</summary>
    public DateTimeOffset? NextDueAt { get; init; }
}

/// <summary>One participant a cycle contacts, and why.</summary>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Intervention">The intervention, a name from the model (for example <c>email-campaign</c>).</param>
/// <param name="Value">The value the policy compared with the cost: V_k for <c>myopic</c>, the response-aware value for <c>response-aware</c>.</param>
/// <param name="Cost">The intervention's cost c_k.</param>
/// <param name="BestActionWithoutContact">The action the organiser would take on the participant left alone (the best
/// action on b·T); <see langword="null"/> for a cycle read back from its record.</param>
/// <param name="ExpectedUtilityWithoutContact">MEU_0(b) = MEU(b·T); <see langword="null"/> for a cycle read back from its record.</param>
public sealed record ContactDecision(string ParticipantId, string Intervention, double Value, double Cost, string? BestActionWithoutContact, double? ExpectedUtilityWithoutContact)
{
    /// <summary>The participant's belief when the cycle decided (week t − 1), in the model's state order; empty for a
    /// cycle read back from the store, which keeps only the decision.</summary>
    public IReadOnlyList<double> Belief { get; init; } = [];

    /// <summary>Why the policy contacts the participant, in words (for example <c>value 6.79 with email, cost 3, 4 weeks to the workshop</c>); <see langword="null"/> for records from before this field.</summary>
    public string? Reason { get; init; }

    /// <summary>What contacting is expected to gain over its cost: <see cref="Value"/> − <see cref="Cost"/>.</summary>
    public double NetValue => Value - Cost;

    /// <summary>The reason in words, for example <c>email-campaign: value 6.79 &gt; cost 3 (left alone: leave-out, MEU 0)</c>.</summary>
    /// <returns>The reason.</returns>
    public string Describe()
    {
        var reason = string.Create(CultureInfo.InvariantCulture, $"{Intervention}: value {Value:0.###} > cost {Cost:0.###}");
        return BestActionWithoutContact is null
            ? reason
            : string.Create(CultureInfo.InvariantCulture, $"{reason} (left alone: {BestActionWithoutContact}, MEU {ExpectedUtilityWithoutContact:0.###})");
    }
}

/// <summary>The workshop recommendation of a campaign: hold it or not, and whom to invite.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Week">The week the beliefs describe: the latest recorded cycle (0 before the first).</param>
/// <param name="Hold">Whether to hold the workshop: the total expected utility reaches the threshold.</param>
/// <param name="TotalExpectedUtility">Σ_i MEU(b_i) over the crowd.</param>
/// <param name="Threshold">The campaign's workshop threshold.</param>
/// <param name="Invitees">The participants whose best action is the invite action, highest expected utility first
/// (ties by participant id); listed whether or not <paramref name="Hold"/> is true.</param>
/// <param name="Participants">The size of the crowd.</param>
public sealed record WorkshopRecommendation(string CampaignId, int Week, bool Hold, double TotalExpectedUtility, double Threshold, IReadOnlyList<WorkshopInvitee> Invitees, int Participants)
{
    /// <summary>Whether the threshold is reached (the same as <see cref="Hold"/>).</summary>
    public bool ThresholdReached => Hold;
}

/// <summary>One participant to invite to the workshop.</summary>
/// <param name="Rank">1 for the highest expected utility.</param>
/// <param name="ParticipantId">The participant.</param>
/// <param name="ExpectedUtility">The expected utility of inviting them, MEU(b).</param>
/// <param name="Belief">The belief they were ranked on, in the model's state order.</param>
public sealed record WorkshopInvitee(int Rank, string ParticipantId, double ExpectedUtility, IReadOnlyList<double> Belief);

/// <summary>What <see cref="IDecisionCycleService.RunDueCyclesAsync"/> did.</summary>
/// <param name="Outcomes">The cycles run, in order.</param>
/// <param name="Failures">The campaigns whose next cycle failed, with the error.</param>
public sealed record DueCyclesRun(IReadOnlyList<DecisionCycleOutcome> Outcomes, IReadOnlyList<DueCycleFailure> Failures);

/// <summary>A due cycle that failed.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Cycle">The cycle that failed.</param>
/// <param name="Error">The error, in words.</param>
public sealed record DueCycleFailure(string CampaignId, int Cycle, string Error);

/// <summary>What the next decision cycle would decide if it ran now (see <see cref="IDecisionCycleService.PreviewNextCycleAsync"/>): nothing is recorded.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Cycle">The cycle that would run (the latest recorded one + 1).</param>
/// <param name="Contacts">Whom it would contact, highest value first, with the belief each decision was made on.</param>
/// <param name="ModelName">The decision model used.</param>
/// <param name="Policy">The contact policy used.</param>
/// <param name="Participants">The size of the crowd.</param>
/// <param name="ReportsApplied">How many reports made since the latest cycle were applied.</param>
/// <param name="PriorsUsed">How many participants had no stored belief.</param>
public sealed record DecisionCyclePreview(
    string CampaignId,
    int Cycle,
    IReadOnlyList<ContactDecision> Contacts,
    string ModelName,
    string Policy,
    int Participants,
    int ReportsApplied,
    int PriorsUsed)
{
    /// <summary>The week whose beliefs the preview decides from: <see cref="Cycle"/> − 1.</summary>
    public int Week => Cycle - 1;

    /// <summary>The spend the contacts would cost.</summary>
    public double Spend => Contacts.Sum(c => c.Cost);

    /// <summary>What the policy reported: its budget and the budget's price, and for the planning policies the plan and its bound.</summary>
    public Decision.Policies.PolicyCycleReport? Report { get; init; }
}
