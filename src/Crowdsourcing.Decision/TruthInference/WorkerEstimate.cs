using Crowdsourcing.Decision.Learning;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>What the inference learned about one worker (expert).</summary>
/// <remarks>
/// <para><b>Skill</b> is the probability that the worker's answer is the true label, with a central credible interval
/// of <see cref="TruthInferenceResult.IntervalLevel"/> mass from a Beta posterior: with C the worker's right answers
/// (expected under the final posteriors for the EM methods; answers equal to the majority vote for majority and Wawa)
/// out of n, and the accuracy prior Beta(r, v) of <see cref="TruthInferenceOptions.PriorCount"/> a (r = 2(K − 1)·a,
/// v = (K − 1)·a), the interval is that of Beta(C + r, n − C + v) and the estimate its mean (C + r)/(n + r + v)
/// (one-coin: the model's own accuracy, the same formula with the counts of its last M-step). Wawa weighs each answer
/// by the plain agreement rate C/n, as crowd-kit does.</para>
/// <para><b>Confusion</b> (Dawid-Skene) is the worker's confusion matrix, row = true label, column = answered label,
/// with per-cell central credible intervals from the Beta marginals of each row's Dirichlet posterior over the expected
/// counts (plus the prior pseudo-counts and any warm-start ones). Expected counts treat the posteriors as known, so the
/// intervals are somewhat too narrow where items are uncertain.</para>
/// <para><b>Ability</b> (GLAD) is α with a Laplace (normal) interval: α ± z/√h, h = −∂²Q/∂α² at the estimate.</para>
/// </remarks>
/// <param name="Worker">The worker's identifier.</param>
/// <param name="Answers">How many answers the worker gave.</param>
/// <param name="Skill">The probability of a right answer (see remarks).</param>
/// <param name="SkillLower">The lower end of its credible interval.</param>
/// <param name="SkillUpper">The upper end.</param>
/// <param name="Confusion">Dawid-Skene: the confusion matrix with its uncertainty; otherwise <see langword="null"/>.</param>
/// <param name="Ability">GLAD: the ability α; otherwise <see langword="null"/>.</param>
/// <param name="AbilityLower">GLAD: the lower end of α's interval.</param>
/// <param name="AbilityUpper">GLAD: the upper end of α's interval.</param>
public sealed record WorkerEstimate(
    string Worker,
    int Answers,
    double Skill,
    double SkillLower,
    double SkillUpper,
    LearnedMatrix? Confusion,
    double? Ability,
    double? AbilityLower,
    double? AbilityUpper);

/// <summary>How the EM ended.</summary>
/// <param name="Iterations">EM iterations run (an M-step and an E-step each); 0 for majority vote and Wawa, which are not iterative.</param>
/// <param name="Converged">Whether the log-likelihood per answer changed by at most <paramref name="Tolerance"/> in the last iteration (always true for majority vote and Wawa).</param>
/// <param name="Tolerance">The tolerance in force (<see cref="TruthInferenceOptions.Tolerance"/>).</param>
/// <param name="LastChange">The change of the log-likelihood per answer in the last iteration (nats).</param>
/// <param name="LastPosteriorChange">The largest change of any item's posterior probability of any label in the last iteration.</param>
public sealed record TruthInferenceConvergence(int Iterations, bool Converged, double Tolerance, double LastChange, double LastPosteriorChange);
