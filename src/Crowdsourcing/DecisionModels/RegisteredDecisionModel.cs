using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.DecisionModels;

/// <summary>A decision model as registered with the runtime, with what the decision cycle needs besides the model.</summary>
/// <param name="Name">The name campaigns refer to it by.</param>
/// <param name="Model">The validated model.</param>
/// <param name="InitialBelief">The prior: the week-0 belief of a participant the campaign holds no belief for.</param>
/// <param name="InviteAction">The action that means "invite to the workshop".</param>
/// <param name="Source">Where it came from, for messages: <c>code</c>, <c>preset 'crowdarb-paper'</c> or <c>file '/path/model.json'</c>.</param>
public sealed record RegisteredDecisionModel(string Name, DecisionModel Model, Belief InitialBelief, string InviteAction, string Source)
{
    /// <summary>The index of <see cref="InviteAction"/> among the model's actions.</summary>
    public int InviteActionIndex => Model.IndexOfAction(InviteAction);
}
