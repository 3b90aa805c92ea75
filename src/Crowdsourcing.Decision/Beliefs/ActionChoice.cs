using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Beliefs;

/// <summary>The best action for a belief and its expected utility: MEU(b) = max over a of EU(b, a).</summary>
/// <param name="ActionIndex">The index of the best action in <see cref="DecisionModel.Actions"/>; ties go to the lowest index.</param>
/// <param name="Action">The name of the best action.</param>
/// <param name="ExpectedUtility">The maximum expected utility.</param>
public readonly record struct ActionChoice(int ActionIndex, string Action, double ExpectedUtility);
