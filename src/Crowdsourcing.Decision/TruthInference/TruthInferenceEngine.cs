using System.Globalization;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// Truth inference: reconciles several workers' categorical answers to the same items and learns how reliable each
/// worker is, by majority vote, Wawa, Dawid-Skene, one-coin Dawid-Skene or GLAD (<see cref="TruthInferenceMethod"/>).
/// Pure and deterministic: the same answers and options give the same result, bit for bit.
/// </summary>
/// <remarks>
/// <para><b>Model.</b> Each item j has a hidden true label z_j among K classes with prior π. Dawid-Skene gives each
/// worker w a confusion matrix E_w(c, l) = P(w answers l | z = c); one-coin Dawid-Skene sets E_w(c, c) = s_w and
/// E_w(c, l) = (1 − s_w)/(K − 1) otherwise; GLAD sets s = σ(α_w·β_j) per answer, α_w the worker's ability and
/// β_j = exp(b_j) &gt; 0 the item's inverse difficulty, with priors α ~ N(1, 1) and b ~ N(0, 1).</para>
/// <para><b>EM.</b> It starts from the majority vote's posteriors. Each iteration is an M-step (posterior means under
/// Dirichlet/Beta priors of <see cref="TruthInferenceOptions.PriorCount"/> pseudo-counts for π, E_w and s_w; for GLAD,
/// <see cref="TruthInferenceOptions.GladGradientSteps"/> preconditioned gradient steps on the expected log-posterior)
/// and an E-step (each item's posterior, in log space with the log-sum-exp shift, so long answer lists do not
/// underflow). Gold items keep their gold label as posterior throughout. EM stops when the log-likelihood per answer
/// changes by at most <see cref="TruthInferenceOptions.Tolerance"/>, or after <see cref="TruthInferenceOptions.MaxIterations"/>.</para>
/// <para><b>Ties.</b> An item's label is the one with the highest posterior; labels within 1e-12 of the highest are
/// tied and the first of them in <see cref="TruthInferenceResult.Labels"/> wins (the declared order, otherwise the
/// ordinal order of the label strings). The same rule picks the majority vote that Wawa measures agreement against.
/// Items are listed in the order their task first appears, workers in the order they first answer.</para>
/// <para><b>Limits</b> (each refused with a <see cref="ValidationFailedException"/> naming the row and field): at
/// least one answer and at most <see cref="MaxAnswers"/> answers (and gold labels); task, worker and label names of 1
/// to <see cref="MaxNameLength"/> characters without control characters; at most <see cref="MaxLabels"/> classes; a
/// worker answers a task at most once; a task has at most one gold label; Dawid-Skene holds at most
/// <see cref="MaxConfusionCells"/> confusion-matrix cells (workers × K²).</para>
/// </remarks>
public static class TruthInferenceEngine
{
    /// <summary>The most answers (and, separately, gold labels) one inference takes: 10,000,000.</summary>
    public const int MaxAnswers = 10_000_000;

    /// <summary>The most classes: 256.</summary>
    public const int MaxLabels = 256;

    /// <summary>The longest task, worker or label name: 256 characters.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The most confusion-matrix cells Dawid-Skene keeps (workers × classes²): 100,000,000 (800 MB of counts).</summary>
    public const long MaxConfusionCells = 100_000_000;

    /// <summary>Infers each item's label and each worker's reliability from the answers.</summary>
    /// <param name="answers">The answers, in any order.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults (Dawid-Skene).</param>
    /// <param name="cancellationToken">Cancels between EM iterations.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ValidationFailedException">An answer, a gold label, the warm start or an option breaks a limit; the path names the row and field.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TruthInferenceResult Infer(IEnumerable<CrowdAnswer> answers, TruthInferenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        options ??= new TruthInferenceOptions();
        options.Validate();
        var data = AnswerData.Build(answers, options.Gold, options.Labels, previous: null);
        return Solve(data, options, previous: null, cancellationToken);
    }

    /// <summary>
    /// Adds answers (and gold labels) to an earlier result and refines it from where it stood: EM starts from the earlier
    /// posteriors for the items it knew (majority vote for new items) and, for GLAD, from the earlier abilities and
    /// difficulties, so it usually needs far fewer iterations than a run over all the answers, and it ends at the same
    /// estimates up to the tolerance (EM may in principle settle on another local optimum). The labels are the earlier
    /// run's: declare every class in <see cref="TruthInferenceOptions.Labels"/> up front when a class may appear later.
    /// </summary>
    /// <param name="previous">The earlier result; it is not changed.</param>
    /// <param name="answers">The new answers (a worker may not answer a task twice, across both).</param>
    /// <param name="gold">New gold labels, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between EM iterations.</param>
    /// <returns>The refined result over all the answers.</returns>
    /// <exception cref="ValidationFailedException">An answer or a gold label breaks a limit, repeats an earlier one or names an unknown label.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TruthInferenceResult Update(TruthInferenceResult previous, IEnumerable<CrowdAnswer> answers, IEnumerable<GoldLabel>? gold = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(answers);
        var newGold = gold?.ToList() ?? [];
        var data = AnswerData.Build(answers, newGold, declaredLabels: null, previous.Solver.Data);
        var options = previous.Options;
        if (newGold.Count > 0)
        {
            options = options with { Gold = [.. options.Gold ?? [], .. newGold] };
        }

        return Solve(data, options, previous, cancellationToken);
    }

    /// <summary>Why <paramref name="value"/> is not a valid name (ending with a full stop), or <see langword="null"/> when it is.</summary>
    internal static string? CheckName(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is empty.";
        }

        if (value.Length > MaxNameLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long; the limit is {MaxNameLength}.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return $"'{value.ReplaceLineEndings(" ")}' contains a control character.";
            }
        }

        return null;
    }

    private static TruthInferenceResult Solve(AnswerData data, TruthInferenceOptions options, TruthInferenceResult? previous, CancellationToken cancellationToken)
    {
        if (options.Method == TruthInferenceMethod.DawidSkene && (long)data.WorkerCount * data.K * data.K > MaxConfusionCells)
        {
            throw new ValidationFailedException("answers", string.Create(CultureInfo.InvariantCulture, $"Dawid-Skene would keep {data.WorkerCount:N0} workers × {data.K}² = {(long)data.WorkerCount * data.K * data.K:N0} confusion-matrix cells; the limit is {MaxConfusionCells:N0}. Use one-coin or glad, or fewer classes."));
        }

        var solver = new TruthInferenceSolver(data, options, previous);
        solver.Run(cancellationToken);
        return new TruthInferenceResult(solver);
    }
}
