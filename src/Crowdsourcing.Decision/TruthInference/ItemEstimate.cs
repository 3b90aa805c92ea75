namespace Crowdsourcing.Decision.TruthInference;

/// <summary>What the inference concludes about one item (task).</summary>
/// <param name="Task">The task's identifier.</param>
/// <param name="Label">The inferred label: the one with the highest posterior (ties: see <see cref="TruthInferenceEngine"/>).</param>
/// <param name="Confidence">The posterior probability of <paramref name="Label"/> (majority vote and Wawa: its vote share).</param>
/// <param name="Posterior">The posterior probability of every label, in <see cref="TruthInferenceResult.Labels"/> order.</param>
/// <param name="Answers">How many answers the item has.</param>
/// <param name="IsGold">Whether the label was given as gold (the posterior is then clamped to it).</param>
/// <param name="Difficulty">GLAD only: the item's difficulty 1/β (β the inverse difficulty; larger is harder); otherwise <see langword="null"/>.</param>
public sealed record ItemEstimate(string Task, string Label, double Confidence, IReadOnlyList<double> Posterior, int Answers, bool IsGold, double? Difficulty);
