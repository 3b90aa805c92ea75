namespace Crowdsourcing.Decision.Population;

/// <summary>The workshop decision for a population.</summary>
/// <param name="Hold">Whether to hold the workshop: the total expected utility reaches the threshold.</param>
/// <param name="TotalExpectedUtility">Σ_i MEU(b_i).</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="Invitations">The participants whose best action is the invite action, by expected utility (highest first, ties by index). Computed whether or not <paramref name="Hold"/> is true.</param>
public sealed record WorkshopDecision(bool Hold, double TotalExpectedUtility, double Threshold, IReadOnlyList<WorkshopInvitation> Invitations);

/// <summary>One invited participant.</summary>
/// <param name="Participant">The participant index.</param>
/// <param name="ExpectedUtility">The participant's MEU (the expected utility of inviting them).</param>
public readonly record struct WorkshopInvitation(int Participant, double ExpectedUtility);
