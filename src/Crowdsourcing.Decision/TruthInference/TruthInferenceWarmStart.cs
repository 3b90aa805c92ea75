using System.Globalization;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// What an earlier inference learned about the workers, to start a new one from (for example the next campaign with
/// the same experts): <see cref="TruthInferenceResult.ToWarmStart"/> makes one, or build it from stored matrices.
/// </summary>
/// <remarks>
/// <para>Dawid-Skene: the first E-step uses these matrices for the workers they cover (the others start from matrices
/// estimated on the majority vote). One-coin: a worker starts from the mean of its matrix's diagonal as its accuracy.
/// GLAD: a worker with accuracy s starts from the ability α = logit(s), which is also the mean of its ability prior.
/// With <see cref="Strength"/> &gt; 0 the matrices also stay in the M-step as prior pseudo-counts, so the earlier
/// experience counts as <see cref="Strength"/> answers per true class (GLAD: the ability prior's precision is
/// 1 + <see cref="Strength"/>).</para>
/// <para>Labels are matched by name: every label of the new run must be among <see cref="Labels"/>, and a matrix is
/// rearranged to the run's label order.</para>
/// </remarks>
/// <param name="Labels">The labels the matrices' rows and columns follow.</param>
/// <param name="Confusion">Per worker, the confusion matrix: row = true label, column = answered label, rows summing
/// to 1 within 1e-6.</param>
public sealed record TruthInferenceWarmStart(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, DecisionMatrix> Confusion)
{
    /// <summary>Class priors to start from, in <see cref="Labels"/> order; default <see langword="null"/> (estimated).</summary>
    public IReadOnlyList<double>? ClassPriors { get; init; }

    /// <summary>How many answers per true class the earlier matrices count for in the M-step; default 0 (a starting
    /// point only). Finite, from 0 to 1e6.</summary>
    public double Strength { get; init; }

    /// <summary>Checks the warm start against the run's labels and returns, per worker, the matrix in the run's label order (row-major).</summary>
    internal Dictionary<string, double[]> Align(IReadOnlyList<string> runLabels)
    {
        var ci = CultureInfo.InvariantCulture;
        var errors = new List<ValidationError>();
        void Fail(string path, string message) => errors.Add(new ValidationError(path, $"{path}: {message}"));
        if (Labels is null || Confusion is null)
        {
            throw new ValidationFailedException("WarmStart", "WarmStart: the labels and the confusion matrices are required.");
        }

        if (!(Strength >= 0 && Strength <= 1e6))
        {
            Fail("WarmStart.Strength", string.Create(ci, $"must be from 0 to 1e6 (value: {Strength})."));
        }

        var k = Labels.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < k; i++)
        {
            if (Labels[i] is null || !index.TryAdd(Labels[i], i))
            {
                Fail(string.Create(ci, $"WarmStart.Labels[{i}]"), "is missing or appears twice.");
            }
        }

        var map = new int[runLabels.Count];
        for (var i = 0; i < runLabels.Count; i++)
        {
            if (!index.TryGetValue(runLabels[i], out map[i]))
            {
                Fail("WarmStart.Labels", $"label '{runLabels[i]}' of this run is not among the warm start's labels ({string.Join(", ", Labels)}).");
            }
        }

        if (ClassPriors is not null && (ClassPriors.Count != k || ClassPriors.Any(p => !(p > 0) || !double.IsFinite(p)) || Math.Abs(ClassPriors.Sum() - 1) > 1e-6))
        {
            Fail("WarmStart.ClassPriors", string.Create(ci, $"must be {k} positive probabilities summing to 1."));
        }

        var aligned = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (worker, matrix) in Confusion.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var path = $"WarmStart.Confusion['{worker}']";
            if (matrix is null || matrix.RowCount != k || matrix.ColumnCount != k)
            {
                Fail(path, string.Create(ci, $"must be a {k} × {k} matrix (one row and one column per warm-start label)."));
                continue;
            }

            var bad = false;
            for (var r = 0; r < k && !bad; r++)
            {
                var row = matrix.GetRow(r);
                var sum = 0.0;
                foreach (var v in row)
                {
                    bad |= !double.IsFinite(v) || v < 0;
                    sum += v;
                }

                if (bad || Math.Abs(sum - 1) > 1e-6)
                {
                    Fail(path, string.Create(ci, $"row {r} ('{Labels[r]}') must hold non-negative probabilities summing to 1 within 1e-6 (sum: {sum})."));
                    bad = true;
                }
            }

            if (bad || errors.Count > 0)
            {
                continue;
            }

            var n = runLabels.Count;
            var values = new double[n * n];
            for (var c = 0; c < n; c++)
            {
                var rowSum = 0.0;
                for (var l = 0; l < n; l++)
                {
                    rowSum += matrix[map[c], map[l]];
                }

                for (var l = 0; l < n; l++)
                {
                    // Renormalised: the run may use fewer labels than the warm start.
                    values[(c * n) + l] = rowSum > 0 ? matrix[map[c], map[l]] / rowSum : 1.0 / n;
                }
            }

            aligned[worker] = values;
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors.Count == 1 ? errors[0].Message : "The warm start is not valid: " + string.Join(" ", errors.Select(e => e.Message)), errors);
        }

        return aligned;
    }

    /// <summary>The class priors in the run's label order, renormalised, or <see langword="null"/>.</summary>
    internal double[]? AlignPriors(IReadOnlyList<string> runLabels)
    {
        if (ClassPriors is null)
        {
            return null;
        }

        var index = Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var priors = runLabels.Select(l => ClassPriors[index[l]]).ToArray();
        var sum = priors.Sum();
        return [.. priors.Select(p => p / sum)];
    }
}
