using Crowdsourcing.DecisionCycles;

namespace Crowdsourcing.AspNetCore.Decisions;

/// <summary>Whom the next decision cycle would contact, and why, as of now.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="NextCycle">The cycle this previews (the latest recorded cycle + 1).</param>
/// <param name="Week">The week the beliefs describe (the latest recorded cycle; 0 before the first).</param>
/// <param name="Policy">The contact policy applied.</param>
/// <param name="Participants">The size of the crowd evaluated.</param>
/// <param name="ReportsApplied">How many participants' submissions since the latest cycle were applied as reports.</param>
/// <param name="Contacts">Whom to contact, highest value first, with the reason.</param>
internal sealed record NextContacts(string CampaignId, int NextCycle, int Week, string Policy, int Participants, int ReportsApplied, IReadOnlyList<NextContact> Contacts)
{
    /// <summary>What contacting them all would cost.</summary>
    public double Spend => Contacts.Sum(c => c.Cost);
}

/// <summary>One participant to contact, and why.</summary>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Intervention">The intervention (for example <c>email-campaign</c>).</param>
/// <param name="Value">V_k (or the response-aware value), compared with the cost.</param>
/// <param name="Cost">c_k.</param>
/// <param name="BestActionWithoutContact">The best action on the participant left alone (b·T).</param>
/// <param name="ExpectedUtilityWithoutContact">MEU(b·T).</param>
/// <param name="Belief">The belief the decision is made on, in the model's state order.</param>
/// <param name="Reason">The reason in words.</param>
internal sealed record NextContact(string ParticipantId, string Intervention, double Value, double Cost, string BestActionWithoutContact, double ExpectedUtilityWithoutContact, IReadOnlyList<double> Belief, string Reason);

/// <summary>The dashboard's view of <see cref="IDecisionCycleService.PreviewNextCycleAsync"/>: whom the next cycle would
/// contact and why, recording nothing.</summary>
internal sealed class NextContactsPreview(IDecisionCycleService cycles)
{
    public async Task<NextContacts> PreviewAsync(string campaignId, CancellationToken cancellationToken)
    {
        var preview = await cycles.PreviewNextCycleAsync(campaignId, cancellationToken);
        return new NextContacts(
            campaignId,
            preview.Cycle,
            preview.Week,
            preview.Policy,
            preview.Participants,
            preview.ReportsApplied,
            [.. preview.Contacts.Select(c => new NextContact(c.ParticipantId, c.Intervention, c.Value, c.Cost, c.BestActionWithoutContact ?? string.Empty, c.ExpectedUtilityWithoutContact ?? 0, c.Belief, c.Describe()))]);
    }
}
