using System.Globalization;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>Options of <see cref="TruthInferenceEngine"/>. Every limit is checked before any work starts; a
/// <see cref="ValidationFailedException"/> lists every failure.</summary>
public sealed record TruthInferenceOptions
{
    /// <summary>The method; default <see cref="TruthInferenceMethod.DawidSkene"/>.</summary>
    public TruthInferenceMethod Method { get; init; } = TruthInferenceMethod.DawidSkene;

    /// <summary>
    /// The classes, in the order results list them and ties are broken; default <see langword="null"/>: the distinct
    /// labels of the answers and the gold labels, in ordinal string order. Declare them when a class may not appear in
    /// the answers yet (incremental updates cannot add a class later) or to choose the tie order. At most
    /// <see cref="TruthInferenceEngine.MaxLabels"/> distinct, non-empty names.
    /// </summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>
    /// Known correct labels (for example analyst-checked answers); default none. Inside the EM each gold item's
    /// posterior is clamped to its gold label in every E-step, so gold items teach the workers' confusion matrices and
    /// skills; majority vote and Wawa report the gold label for them (and Wawa measures agreement against it). A gold
    /// task without answers is an item of the result with no answers. At most one gold label per task.
    /// </summary>
    public IReadOnlyList<GoldLabel>? Gold { get; init; }

    /// <summary>Confusion matrices learned earlier (for example in an earlier campaign) to start from; default none.
    /// Only for <see cref="TruthInferenceMethod.DawidSkene"/>, <see cref="TruthInferenceMethod.OneCoin"/> and
    /// <see cref="TruthInferenceMethod.Glad"/>; see <see cref="TruthInferenceWarmStart"/>.</summary>
    public TruthInferenceWarmStart? WarmStart { get; init; }

    /// <summary>The most EM iterations (one M-step and one E-step each); default 500, from 1 to 100,000.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>EM has converged when the log-likelihood per answer changed by at most this (in nats) in the last
    /// iteration, as crowd-kit's tolerance; default 1e-6, finite and positive. The result also reports the largest
    /// move of any posterior in that iteration (<see cref="TruthInferenceConvergence.LastPosteriorChange"/>).</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// The prior pseudo-count a. Each row of a Dawid-Skene confusion matrix has a Dirichlet prior with 2(K − 1)·a on the
    /// diagonal and a on every other cell; an accuracy (one-coin, and every reported skill) has a
    /// Beta(2(K − 1)·a, (K − 1)·a) prior; the class priors a Dirichlet(a, …, a). So a worker is believed, before its
    /// answers, to be right two times in three whatever K, with the weight of 3(K − 1)·a answers: enough to keep a worker
    /// with few answers from being read as a random guesser or as a perfect one (with a flat prior, Dawid-Skene on sparse
    /// workers can drift away from what they answered). The M-step takes posterior means, e.g.
    /// E_w(c, l) = (N_w(c, l) + prior(c, l)) / Σ_l (N_w(c, l) + prior(c, l)) with N the expected counts. Default 1;
    /// finite, from 1e-6 to 1e6.
    /// </summary>
    public double PriorCount { get; init; } = 1;

    /// <summary>The probability mass of the reported credible intervals; default 0.95, in (0, 1).</summary>
    public double IntervalLevel { get; init; } = 0.95;

    /// <summary>GLAD only: the gradient steps per M-step (each with a backtracking line search on the expected
    /// log-posterior); default 20, from 1 to 1,000.</summary>
    public int GladGradientSteps { get; init; } = 20;

    /// <summary>Checks the options; the message lists every failure.</summary>
    /// <exception cref="ValidationFailedException">An option is out of its range.</exception>
    public void Validate()
    {
        var errors = new List<ValidationError>();
        var ci = CultureInfo.InvariantCulture;
        if (!Enum.IsDefined(Method))
        {
            errors.Add(new ValidationError(nameof(Method), $"Method must be one of {EnumNames.Describe<TruthInferenceMethod>()}."));
        }

        if (MaxIterations is < 1 or > 100_000)
        {
            errors.Add(new ValidationError(nameof(MaxIterations), string.Create(ci, $"MaxIterations must be from 1 to 100,000 (value: {MaxIterations}).")));
        }

        if (!double.IsFinite(Tolerance) || Tolerance <= 0)
        {
            errors.Add(new ValidationError(nameof(Tolerance), string.Create(ci, $"Tolerance must be a finite positive number (value: {Tolerance}).")));
        }

        if (!(PriorCount >= 1e-6 && PriorCount <= 1e6))
        {
            errors.Add(new ValidationError(nameof(PriorCount), string.Create(ci, $"PriorCount must be from 1e-6 to 1e6 (value: {PriorCount}).")));
        }

        if (!(IntervalLevel > 0 && IntervalLevel < 1))
        {
            errors.Add(new ValidationError(nameof(IntervalLevel), string.Create(ci, $"IntervalLevel must be in (0, 1) (value: {IntervalLevel}).")));
        }

        if (GladGradientSteps is < 1 or > 1000)
        {
            errors.Add(new ValidationError(nameof(GladGradientSteps), string.Create(ci, $"GladGradientSteps must be from 1 to 1,000 (value: {GladGradientSteps}).")));
        }

        if (Labels is not null)
        {
            if (Labels.Count is 0 or > TruthInferenceEngine.MaxLabels)
            {
                errors.Add(new ValidationError(nameof(Labels), string.Create(ci, $"Labels must name 1 to {TruthInferenceEngine.MaxLabels} classes (got {Labels.Count}).")));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Labels.Count; i++)
            {
                var problem = TruthInferenceEngine.CheckName(Labels[i]);
                if (problem is not null)
                {
                    errors.Add(new ValidationError(string.Create(ci, $"Labels[{i}]"), string.Create(ci, $"Labels[{i}] {problem}")));
                }
                else if (!seen.Add(Labels[i]))
                {
                    errors.Add(new ValidationError(string.Create(ci, $"Labels[{i}]"), string.Create(ci, $"Labels[{i}] '{Labels[i]}' appears twice.")));
                }
            }
        }

        if (WarmStart is not null && Method is TruthInferenceMethod.Majority or TruthInferenceMethod.Wawa)
        {
            errors.Add(new ValidationError(nameof(WarmStart), $"A warm start applies to dawid-skene, one-coin and glad, not to {EnumNames.Of(Method)}."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(
                errors.Count == 1 ? errors[0].Message : "The truth-inference options are not valid: " + string.Join(" ", errors.Select(e => e.Message)),
                errors);
        }
    }
}
