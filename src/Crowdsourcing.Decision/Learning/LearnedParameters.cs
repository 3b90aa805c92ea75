using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Learning;

/// <summary>A learned row-stochastic matrix with its uncertainty: a transition matrix (<see cref="ParameterLearner"/>) or
/// an expert's confusion matrix (<see cref="TruthInference.WorkerEstimate.Confusion"/>).</summary>
/// <param name="Estimate">The point estimate: the posterior mean of each row's Dirichlet, e.g. (N(x, y) + a) / (Σ_y N(x, y) + S·a).</param>
/// <param name="PosteriorCounts">The Dirichlet posterior parameters (counts plus prior pseudo-counts) per row (N the observed or, with missing states, expected counts).</param>
/// <param name="Lower">The lower end of the central credible interval of each entry (Beta marginal of the row's Dirichlet).</param>
/// <param name="Upper">The upper end of that interval.</param>
public sealed record LearnedMatrix(DecisionMatrix Estimate, DecisionMatrix PosteriorCounts, DecisionMatrix Lower, DecisionMatrix Upper)
{
    /// <summary>The posterior mean and the central credible intervals (Beta marginals) of a size × size matrix whose rows are Dirichlet posteriors.</summary>
    /// <param name="size">The number of rows and columns.</param>
    /// <param name="posteriorCounts">The Dirichlet parameters, row-major (taken over, not copied); each positive.</param>
    /// <param name="level">The mass of the intervals, in (0, 1).</param>
    internal static LearnedMatrix FromPosteriorCounts(int size, double[] posteriorCounts, double level)
    {
        var tail = (1 - level) / 2;
        var estimate = new double[size * size];
        var lower = new double[size * size];
        var upper = new double[size * size];
        for (var x = 0; x < size; x++)
        {
            var total = 0.0;
            for (var y = 0; y < size; y++)
            {
                total += posteriorCounts[(x * size) + y];
            }

            for (var y = 0; y < size; y++)
            {
                var i = (x * size) + y;
                estimate[i] = posteriorCounts[i] / total;
                var rest = total - posteriorCounts[i];
                if (rest <= 0)
                {
                    // A single column (one class): the entry is 1 for certain.
                    lower[i] = upper[i] = 1;
                    continue;
                }

                lower[i] = MathNet.Numerics.Distributions.Beta.InvCDF(posteriorCounts[i], rest, tail);
                upper[i] = MathNet.Numerics.Distributions.Beta.InvCDF(posteriorCounts[i], rest, 1 - tail);
            }
        }

        return new LearnedMatrix(DecisionMatrix.Wrap(size, size, estimate), DecisionMatrix.Wrap(size, size, posteriorCounts), DecisionMatrix.Wrap(size, size, lower), DecisionMatrix.Wrap(size, size, upper));
    }
}

/// <summary>A learned response rate (one entry, or one per state at contact time) with its uncertainty.</summary>
/// <param name="StateDependent">Whether there is one rate per state.</param>
/// <param name="Estimate">The posterior mean (R + b) / (R + N + 2b) per entry.</param>
/// <param name="PosteriorResponses">R + b: the Beta posterior's first parameter per entry (R responses, expected when states are missing).</param>
/// <param name="PosteriorSilences">N + b: the second parameter (N silences).</param>
/// <param name="Lower">The lower end of the central credible interval per entry.</param>
/// <param name="Upper">The upper end per entry.</param>
public sealed record LearnedResponseRate(bool StateDependent, IReadOnlyList<double> Estimate, IReadOnlyList<double> PosteriorResponses, IReadOnlyList<double> PosteriorSilences, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);

/// <summary>One learned intervention.</summary>
/// <param name="Name">The intervention's name.</param>
/// <param name="Transition">C_k.</param>
/// <param name="ResponseRate">r_k or r_k(x).</param>
public sealed record LearnedIntervention(string Name, LearnedMatrix Transition, LearnedResponseRate ResponseRate)
{
    /// <summary>The learned report model O_k(x, o) with its uncertainty, when the log has analyst-reviewed reports after this intervention (<see cref="ReviewedReports"/> &gt; 0); otherwise <see langword="null"/> (the template's report model is kept).</summary>
    public LearnedMatrix? ReportModel { get; init; }

    /// <summary>The number of analyst-reviewed reports after this intervention in the log.</summary>
    public int ReviewedReports { get; init; }
}

/// <summary>The outcome of <see cref="ParameterLearner"/>.</summary>
/// <param name="Model">The template model with the learned T, C_k, r_k and, where reviews exist, O_k (utilities, names and costs kept).</param>
/// <param name="Transition">T with its uncertainty.</param>
/// <param name="Interventions">Each C_k and r_k with its uncertainty.</param>
/// <param name="InitialDistribution">The estimated distribution of the week-0 state.</param>
/// <param name="Participants">The number of participants in the log.</param>
/// <param name="ParticipantWeeks">The number of cycles (participant × week transitions) modelled.</param>
/// <param name="ObservedFraction">The fraction of those cycles whose end state was observed.</param>
/// <param name="Iterations">EM iterations run (1 when every state was observed: plain counting).</param>
/// <param name="Converged">Whether EM met its tolerance.</param>
/// <param name="LogLikelihood">The log-likelihood of the observations under the final parameters.</param>
/// <param name="IntervalLevel">The mass of the credible intervals, e.g. 0.95.</param>
public sealed record LearnedParameters(
    DecisionModel Model,
    LearnedMatrix Transition,
    IReadOnlyList<LearnedIntervention> Interventions,
    IReadOnlyList<double> InitialDistribution,
    int Participants,
    int ParticipantWeeks,
    double ObservedFraction,
    int Iterations,
    bool Converged,
    double LogLikelihood,
    double IntervalLevel);
