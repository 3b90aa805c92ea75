namespace Crowdsourcing.Decision.Learning;

/// <summary>Options of <see cref="ParameterLearner"/>.</summary>
public sealed record LearningOptions
{
    /// <summary>The Dirichlet prior pseudo-count a of every transition cell (of T and every C_k); default 1 (uniform). Must be positive.</summary>
    public double TransitionPrior { get; init; } = 1;

    /// <summary>The Beta(b, b) prior pseudo-count of every response rate; default 1 (uniform). Must be positive.</summary>
    public double ResponsePrior { get; init; } = 1;

    /// <summary>
    /// How strongly the learner's prior is centred on the template model (the campaign's current model), in
    /// pseudo-observations: every row x of T and of each C_k gets the Dirichlet prior a + m·P₀(x, ·) (P₀ the template's
    /// row, m this strength) and every response rate the Beta prior (b + m·r₀, b + m·(1 − r₀)). The estimate is the
    /// posterior mean, so a history with far fewer than m transitions out of a state stays near the template and one with
    /// far more follows the data; the credible intervals are the posterior's. Default 0: no centring (the uniform priors
    /// a and b alone). Must be at least 0 and finite.
    /// </summary>
    public double PriorStrength { get; init; }

    /// <summary>Estimate one response rate per state, r_k(x) (x the state at contact time), instead of one per intervention; default <see langword="false"/>.</summary>
    public bool StateDependentResponseRates { get; init; }

    /// <summary>
    /// The strength of the Dirichlet prior of each row of a learned report model O_k (see
    /// <see cref="ParameterLearner"/>): the row gets ReportPrior × S pseudo-counts, half on the template's O_k (the
    /// identity when it has none) and half spread evenly; default 1. Must be positive.
    /// </summary>
    public double ReportPrior { get; init; } = 1;

    /// <summary>The most EM iterations; default 500.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>EM stops when no parameter moves by more than this between iterations; default 1e-6 (far below the statistical error of any realistic log).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The probability mass of the reported credible intervals; default 0.95.</summary>
    public double IntervalLevel { get; init; } = 0.95;
}
