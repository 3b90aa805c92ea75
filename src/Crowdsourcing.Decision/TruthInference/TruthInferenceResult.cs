using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Serialization;
using MathNet.Numerics.Distributions;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// The outcome of <see cref="TruthInferenceEngine.Infer"/> or <see cref="TruthInferenceEngine.Update"/>: each item's
/// label with its posterior, each worker's skill (and confusion matrix or ability) with intervals, the class priors,
/// convergence and the log-likelihood. Immutable; <see cref="Items"/> and <see cref="Workers"/> are built the first
/// time they are read (the intervals cost an inverse Beta CDF per cell), safely from any thread.
/// </summary>
public sealed class TruthInferenceResult
{
    private readonly Lazy<ItemEstimate[]> _items;
    private readonly Lazy<WorkerEstimate[]> _workers;

    internal TruthInferenceResult(TruthInferenceSolver solver)
    {
        Solver = solver;
        _items = new Lazy<ItemEstimate[]>(BuildItems, LazyThreadSafetyMode.ExecutionAndPublication);
        _workers = new Lazy<WorkerEstimate[]>(BuildWorkers, LazyThreadSafetyMode.ExecutionAndPublication);
        Convergence = new TruthInferenceConvergence(solver.Iterations, solver.Converged, solver.Options.Tolerance, solver.LastChange, solver.LastPosteriorChange);
        ClassPriors = [.. solver.Prior];
    }

    /// <summary>The method used.</summary>
    public TruthInferenceMethod Method => Options.Method;

    /// <summary>The options in force (for an update: the first run's, with every gold label given so far).</summary>
    public TruthInferenceOptions Options => Solver.Options;

    /// <summary>The classes, in the order of every posterior and confusion matrix (see <see cref="TruthInferenceOptions.Labels"/>).</summary>
    public IReadOnlyList<string> Labels => Solver.Data.Labels;

    /// <summary>The estimated class priors, in <see cref="Labels"/> order (majority vote and Wawa: uniform, unused).</summary>
    public IReadOnlyList<double> ClassPriors { get; }

    /// <summary>How many answers were aggregated.</summary>
    public int AnswerCount => Solver.Data.AnswerCount;

    /// <summary>Every item, in the order its task first appeared (answers first, then gold labels).</summary>
    public IReadOnlyList<ItemEstimate> Items => _items.Value;

    /// <summary>Every worker, in the order it first appeared in the answers.</summary>
    public IReadOnlyList<WorkerEstimate> Workers => _workers.Value;

    /// <summary>How the EM ended.</summary>
    public TruthInferenceConvergence Convergence { get; }

    /// <summary>
    /// The log-likelihood (natural log) of the answers, and of the gold labels, under the parameters of the last
    /// M-step: Σ over items of log Σ_c π_c Π_answers P(answer | c) (a gold item contributes its gold class's term only);
    /// <see langword="null"/> for majority vote and Wawa, which have no probability model.
    /// </summary>
    public double? LogLikelihood => Solver.LogLikelihood;

    /// <summary>The mass of every credible interval (<see cref="TruthInferenceOptions.IntervalLevel"/>).</summary>
    public double IntervalLevel => Options.IntervalLevel;

    internal TruthInferenceSolver Solver { get; }

    /// <summary>The estimate of one item.</summary>
    /// <param name="task">The task's identifier.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="NotFoundException">The task is not in the result.</exception>
    public ItemEstimate GetItem(string task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Solver.Data.TaskIndex.TryGetValue(task, out var j) ? Items[j] : throw new NotFoundException("task", task);
    }

    /// <summary>The estimate of one worker.</summary>
    /// <param name="worker">The worker's identifier.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="NotFoundException">The worker is not in the result.</exception>
    public WorkerEstimate GetWorker(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return Solver.Data.WorkerIndex.TryGetValue(worker, out var w) ? Workers[w] : throw new NotFoundException("worker", worker);
    }

    /// <summary>What this result learned about the workers, to start the next inference from (see <see cref="TruthInferenceWarmStart"/>).</summary>
    /// <param name="strength">How many answers per true class the matrices count for in the next M-steps; default 0 (a starting point only).</param>
    /// <returns>Every worker's confusion matrix (Dawid-Skene: the estimate; one-coin and GLAD: the symmetric matrix of its
    /// accuracy) and the class priors.</returns>
    /// <exception cref="InvalidStateException">The method is majority vote or Wawa, which learn no model of the workers.</exception>
    public TruthInferenceWarmStart ToWarmStart(double strength = 0)
    {
        RequireModel("a warm start");
        var confusion = new Dictionary<string, DecisionMatrix>(StringComparer.Ordinal);
        foreach (var worker in Workers)
        {
            confusion[worker.Worker] = worker.Confusion?.Estimate ?? Symmetric(Labels.Count, worker.Skill);
        }

        return new TruthInferenceWarmStart([.. Labels], confusion) { ClassPriors = [.. ClassPriors], Strength = strength };
    }

    /// <summary>
    /// How <paramref name="worker"/> would answer <paramref name="task"/> under the fitted model, as a confusion matrix
    /// (row = true label, column = answer): Dawid-Skene, the worker's matrix; one-coin, the symmetric matrix of its
    /// accuracy; GLAD, the symmetric matrix of σ(α·β) for this item.
    /// </summary>
    /// <param name="worker">A worker of the result.</param>
    /// <param name="task">A task of the result.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="NotFoundException">The worker or the task is not in the result.</exception>
    /// <exception cref="InvalidStateException">The method is majority vote or Wawa.</exception>
    public DecisionMatrix AnswerModel(string worker, string task)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(task);
        RequireModel("a model of how a worker answers");
        var d = Solver.Data;
        if (!d.WorkerIndex.TryGetValue(worker, out var w))
        {
            throw new NotFoundException("worker", worker);
        }

        if (!d.TaskIndex.TryGetValue(task, out var j))
        {
            throw new NotFoundException("task", task);
        }

        return Method switch
        {
            TruthInferenceMethod.DawidSkene => Workers[w].Confusion!.Estimate,
            TruthInferenceMethod.OneCoin => Symmetric(d.K, Solver.Skill[w]),
            _ => Symmetric(d.K, TruthInferenceSolver.Sigmoid(Solver.Alpha[w] * Math.Exp(Solver.LogBeta[j]))),
        };
    }

    /// <summary>
    /// Is one more answer to <paramref name="task"/>, from <paramref name="worker"/>, worth <paramref name="cost"/>? The
    /// expected value of sample information of that answer given the item's current posterior and the worker's
    /// <see cref="AnswerModel"/> (see <see cref="NextAnswerValue"/>).
    /// </summary>
    /// <param name="task">A task of the result.</param>
    /// <param name="worker">A worker of the result who has not answered the task.</param>
    /// <param name="utility">The utility of deciding the item right or wrong.</param>
    /// <param name="cost">The cost of the answer, in the utility's units (finite, ≥ 0).</param>
    /// <returns>The value, the decision and the explanation.</returns>
    /// <exception cref="NotFoundException">The worker or the task is not in the result.</exception>
    /// <exception cref="InvalidStateException">The method is majority vote or Wawa (their vote shares are not probabilities).</exception>
    /// <exception cref="ValidationFailedException">The worker already answered the task, the cost is out of range, or the utility does not fit the labels.</exception>
    public NextAnswerAssessment ValueOfAnotherAnswer(string task, string worker, LabelUtility utility, double cost)
    {
        var model = AnswerModel(worker, task);
        var d = Solver.Data;
        var j = d.TaskIndex[task];
        var w = d.WorkerIndex[worker];
        for (var a = d.TaskStart[j]; a < d.TaskStart[j + 1]; a++)
        {
            if (d.AnswerWorker[a] == w)
            {
                throw new ValidationFailedException("worker", $"Worker '{worker}' already answered task '{task}'; the value of another answer is for a worker who has not.");
            }
        }

        return NextAnswerValue.Evaluate(Labels, Items[j].Posterior, model, utility, cost);
    }

    /// <summary>The value of one more answer to <paramref name="task"/> from an expert described by <paramref name="confusion"/> (for example a newcomer with an assumed accuracy).</summary>
    /// <param name="task">A task of the result.</param>
    /// <param name="confusion">The expert's confusion matrix over <see cref="Labels"/> (row = true label, column = answer).</param>
    /// <param name="utility">The utility of deciding the item right or wrong.</param>
    /// <param name="cost">The cost of the answer.</param>
    /// <returns>The value, the decision and the explanation.</returns>
    /// <exception cref="NotFoundException">The task is not in the result.</exception>
    /// <exception cref="InvalidStateException">The method is majority vote or Wawa.</exception>
    /// <exception cref="ValidationFailedException">The matrix, the utility or the cost is not valid.</exception>
    public NextAnswerAssessment ValueOfAnotherAnswer(string task, DecisionMatrix confusion, LabelUtility utility, double cost)
    {
        ArgumentNullException.ThrowIfNull(task);
        RequireModel("the value of another answer");
        return NextAnswerValue.Evaluate(Labels, GetItem(task).Posterior, confusion, utility, cost);
    }

    /// <summary>The symmetric ("one-coin") confusion matrix: <paramref name="accuracy"/> on the diagonal, the rest shared equally.</summary>
    /// <param name="labels">The number of labels K (1 to <see cref="TruthInferenceEngine.MaxLabels"/>).</param>
    /// <param name="accuracy">The probability of a right answer, in [0, 1].</param>
    /// <returns>The K × K matrix.</returns>
    /// <exception cref="ValidationFailedException">An argument is out of range.</exception>
    public static DecisionMatrix Symmetric(int labels, double accuracy)
    {
        if (labels is < 1 or > TruthInferenceEngine.MaxLabels || !(accuracy >= 0 && accuracy <= 1))
        {
            throw new ValidationFailedException("accuracy", FormattableString.Invariant($"A symmetric confusion matrix needs 1 to {TruthInferenceEngine.MaxLabels} labels (got {labels}) and an accuracy in [0, 1] (got {accuracy})."));
        }

        var values = new double[labels * labels];
        var wrong = labels > 1 ? (1 - accuracy) / (labels - 1) : 0;
        for (var c = 0; c < labels; c++)
        {
            for (var l = 0; l < labels; l++)
            {
                values[(c * labels) + l] = c == l ? (labels > 1 ? accuracy : 1) : wrong;
            }
        }

        return DecisionMatrix.Wrap(labels, labels, values);
    }

    private void RequireModel(string what)
    {
        if (Method is TruthInferenceMethod.Majority or TruthInferenceMethod.Wawa)
        {
            throw new InvalidStateException($"{char.ToUpperInvariant(what[0])}{what[1..]} needs a method with a probability model (dawid-skene, one-coin or glad); this result is from {EnumNames.Of(Method)}.");
        }
    }

    private ItemEstimate[] BuildItems()
    {
        var s = Solver;
        var d = s.Data;
        var k = d.K;
        var items = new ItemEstimate[d.TaskCount];
        for (var j = 0; j < d.TaskCount; j++)
        {
            var posterior = s.Posterior.AsSpan(j * k, k);
            var best = TruthInferenceSolver.Best(posterior);
            double? difficulty = Method == TruthInferenceMethod.Glad ? Math.Exp(-s.LogBeta[j]) : null;
            items[j] = new ItemEstimate(d.Tasks[j], d.Labels[best], posterior[best], posterior.ToArray(), d.TaskStart[j + 1] - d.TaskStart[j], d.Gold[j] >= 0, difficulty);
        }

        return items;
    }

    private WorkerEstimate[] BuildWorkers()
    {
        var s = Solver;
        var d = s.Data;
        var tail = (1 - IntervalLevel) / 2;

        // C: right answers per worker, expected under the final posteriors (EM) or counted against the vote.
        var correct = Method switch
        {
            TruthInferenceMethod.Majority or TruthInferenceMethod.Wawa => s.Agreement,
            TruthInferenceMethod.OneCoin => s.Correct,
            _ => ExpectedCorrect(),
        };
        var curvature = Method == TruthInferenceMethod.Glad ? s.AbilityCurvature() : null;
        var z = Normal.InvCDF(0, 1, 1 - tail);
        var workers = new WorkerEstimate[d.WorkerCount];
        for (var w = 0; w < d.WorkerCount; w++)
        {
            var n = d.WorkerAnswers[w];
            var right = correct[w] + s.RightPrior;
            var wrong = Math.Max(n - correct[w], 0) + s.WrongPrior;
            if (Method == TruthInferenceMethod.OneCoin && s.WarmSkill.Length > 0 && s.WarmSkill[w] > 0)
            {
                right += s.WarmSkill[w];
                wrong += Math.Max(Options.WarmStart!.Strength - s.WarmSkill[w], 0);
            }

            var skill = Method == TruthInferenceMethod.OneCoin ? s.Skill[w] : right / (right + wrong);
            LearnedMatrix? confusion = Method == TruthInferenceMethod.DawidSkene ? Confusion(w) : null;
            double? ability = null, lower = null, upper = null;
            if (curvature is not null)
            {
                ability = s.Alpha[w];
                var half = z / Math.Sqrt(curvature[w]);
                lower = s.Alpha[w] - half;
                upper = s.Alpha[w] + half;
            }

            workers[w] = new WorkerEstimate(d.Workers[w], n, skill, Beta.InvCDF(right, wrong, tail), Beta.InvCDF(right, wrong, 1 - tail), confusion, ability, lower, upper);
        }

        return workers;
    }

    private double[] ExpectedCorrect()
    {
        var s = Solver;
        var d = s.Data;
        var correct = new double[d.WorkerCount];
        for (var j = 0; j < d.TaskCount; j++)
        {
            for (var at = d.TaskStart[j]; at < d.TaskStart[j + 1]; at++)
            {
                correct[d.AnswerWorker[at]] += s.Posterior[(j * d.K) + d.AnswerLabel[at]];
            }
        }

        return correct;
    }

    private LearnedMatrix Confusion(int w)
    {
        var s = Solver;
        var k = s.Data.K;
        var posterior = new double[k * k];
        for (var c = 0; c < k; c++)
        {
            for (var l = 0; l < k; l++)
            {
                var i = (((w * k) + l) * k) + c;
                posterior[(c * k) + l] = s.Counts[i] + s.CellPrior(c, l) + (s.WarmCounts.Length > 0 ? s.WarmCounts[i] : 0);
            }
        }

        return LearnedMatrix.FromPosteriorCounts(k, posterior, IntervalLevel);
    }
}
