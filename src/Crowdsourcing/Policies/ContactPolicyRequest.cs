using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionModels;

namespace Crowdsourcing.Policies;

/// <summary>What an <see cref="IContactPolicyFactory"/> is told when the runtime asks it for a cycle's policy.</summary>
/// <param name="Campaign">The campaign the cycle belongs to.</param>
/// <param name="Model">The campaign's registered decision model.</param>
/// <param name="Cycle">The cycle being decided, from 1 (it moves the campaign from week <c>Cycle − 1</c> to week <c>Cycle</c>).</param>
public sealed record ContactPolicyRequest(Campaign Campaign, RegisteredDecisionModel Model, int Cycle);
