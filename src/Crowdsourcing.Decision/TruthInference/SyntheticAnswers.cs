using System.Globalization;
using Crowdsourcing.Decision.Internal;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>Answers drawn from known confusion matrices, for tests, benchmarks and trying the methods out.</summary>
/// <param name="Labels">The classes <c>c0</c>, <c>c1</c>, ….</param>
/// <param name="Answers">The answers, task by task.</param>
/// <param name="Truth">Every task's true label.</param>
/// <param name="Confusion">Every worker's true confusion matrix (row = true label, column = answer).</param>
public sealed record SyntheticAnswerSet(IReadOnlyList<string> Labels, IReadOnlyList<CrowdAnswer> Answers, IReadOnlyList<GoldLabel> Truth, IReadOnlyDictionary<string, DecisionMatrix> Confusion);

/// <summary>Generates <see cref="SyntheticAnswerSet"/>s: seeded and deterministic.</summary>
public static class SyntheticAnswers
{
    /// <summary>
    /// Draws tasks <c>t0</c>, <c>t1</c>, … with uniformly distributed true labels, and workers <c>w0</c>, <c>w1</c>, …
    /// each with a confusion matrix whose row c puts s_w(c) on the diagonal (s_w drawn uniformly from
    /// [<paramref name="minAccuracy"/>, <paramref name="maxAccuracy"/>], then each row's diagonal moved by up to ±0.05)
    /// and spreads the rest over the other labels with random weights. Each task is answered by
    /// <paramref name="answersPerTask"/> distinct workers drawn uniformly.
    /// </summary>
    /// <param name="tasks">The number of tasks, ≥ 1.</param>
    /// <param name="workers">The number of workers, ≥ <paramref name="answersPerTask"/>.</param>
    /// <param name="classes">The number of labels, 2 to <see cref="TruthInferenceEngine.MaxLabels"/>.</param>
    /// <param name="answersPerTask">Answers per task, ≥ 1.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="minAccuracy">The lowest worker accuracy; default 0.55.</param>
    /// <param name="maxAccuracy">The highest; default 0.95.</param>
    /// <returns>The answers, the truth and the matrices.</returns>
    /// <exception cref="ValidationFailedException">An argument is out of range, or there would be more than <see cref="TruthInferenceEngine.MaxAnswers"/> answers.</exception>
    public static SyntheticAnswerSet Generate(int tasks, int workers, int classes, int answersPerTask, int seed, double minAccuracy = 0.55, double maxAccuracy = 0.95)
    {
        var ci = CultureInfo.InvariantCulture;
        if (tasks < 1 || answersPerTask < 1 || workers < answersPerTask || classes is < 2 or > TruthInferenceEngine.MaxLabels
            || (long)tasks * answersPerTask > TruthInferenceEngine.MaxAnswers || !(minAccuracy >= 0 && minAccuracy <= maxAccuracy && maxAccuracy <= 1))
        {
            throw new ValidationFailedException("synthetic", string.Create(ci, $"Synthetic answers need tasks ≥ 1, 1 ≤ answers per task ≤ workers, 2 to {TruthInferenceEngine.MaxLabels} classes, at most {TruthInferenceEngine.MaxAnswers:N0} answers and 0 ≤ minAccuracy ≤ maxAccuracy ≤ 1 (got {tasks}, {answersPerTask}, {workers}, {classes}, {minAccuracy}, {maxAccuracy})."));
        }

        var random = SplitMix64.For(seed, 0, 0, 0);
        var labels = Enumerable.Range(0, classes).Select(c => string.Create(ci, $"c{c}")).ToArray();
        var confusion = new Dictionary<string, DecisionMatrix>(StringComparer.Ordinal);
        var cumulative = new double[workers][];
        var names = new string[workers];
        for (var w = 0; w < workers; w++)
        {
            names[w] = string.Create(ci, $"w{w}");
            var s = minAccuracy + ((maxAccuracy - minAccuracy) * random.NextDouble());
            var rows = new double[classes][];
            cumulative[w] = new double[classes * classes];
            for (var c = 0; c < classes; c++)
            {
                var diagonal = Math.Clamp(s + ((random.NextDouble() - 0.5) * 0.1), 0, 1);
                var weights = Enumerable.Range(0, classes).Select(l => l == c ? 0 : 0.1 + random.NextDouble()).ToArray();
                var total = weights.Sum();
                rows[c] = [.. weights.Select((x, l) => l == c ? diagonal : (1 - diagonal) * x / total)];
                var sum = 0.0;
                for (var l = 0; l < classes; l++)
                {
                    sum += rows[c][l];
                    cumulative[w][(c * classes) + l] = sum;
                }

                cumulative[w][(c * classes) + classes - 1] = 1;
            }

            confusion[names[w]] = DecisionMatrix.FromRows(rows);
        }

        var answers = new List<CrowdAnswer>(tasks * answersPerTask);
        var truth = new List<GoldLabel>(tasks);
        var chosen = new HashSet<int>();
        for (var j = 0; j < tasks; j++)
        {
            var task = string.Create(ci, $"t{j}");
            var z = (int)(random.NextDouble() * classes);
            truth.Add(new GoldLabel(task, labels[z]));
            chosen.Clear();
            while (chosen.Count < answersPerTask)
            {
                var w = (int)(random.NextDouble() * workers);
                if (!chosen.Add(w))
                {
                    continue;
                }

                var u = random.NextDouble();
                var l = 0;
                while (l < classes - 1 && u >= cumulative[w][(z * classes) + l])
                {
                    l++;
                }

                answers.Add(new CrowdAnswer(task, names[w], labels[l]));
            }
        }

        return new SyntheticAnswerSet(labels, answers, truth, confusion);
    }
}
