using System.Globalization;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// Is one more answer worth it? The expected value of sample information (EVSI) of asking one more expert about an
/// item, exact over the expert's possible answers, against the answer's cost.
/// </summary>
/// <remarks>
/// <para>With the item's posterior π over K labels, the expert's confusion matrix E (E(c, k) = P(answer k | true c))
/// and the utility U(c, d) of deciding d when c is true: now the best decision is d₀ = argmax_d Σ_c π_c U(c, d) with
/// expected utility MEU₀. The expert answers k with probability P(k) = Σ_c π_c E(c, k), after which the posterior is
/// π_c E(c, k)/P(k) and the best decision d_k. The value is</para>
/// <para>EVSI = Σ_k max_d Σ_c π_c E(c, k) [U(c, d) − U(c, d₀)] = Σ_k P(k) MEU(π | k) − MEU₀,</para>
/// <para>computed in the first form, in which every term is ≥ 0 (d = d₀ gives 0), so the value is never negative even
/// in floating point, and exactly 0 when the posterior is certain. A more informative expert (one whose answers a
/// garbling of can reproduce a less informative one's, such as a symmetric expert of higher accuracy) is never worth
/// less. Ask when EVSI &gt; cost.</para>
/// </remarks>
public static class NextAnswerValue
{
    /// <summary>The value of one more answer.</summary>
    /// <param name="labels">The K labels (for the explanation).</param>
    /// <param name="posterior">The item's current posterior over the labels: non-negative, summing to 1 within 1e-9.</param>
    /// <param name="confusion">The expert's K × K confusion matrix: row = true label, column = answer, rows summing to 1 within 1e-9.</param>
    /// <param name="utility">The utility of deciding right or wrong.</param>
    /// <param name="cost">The cost of the answer, in the utility's units: finite, ≥ 0.</param>
    /// <returns>The assessment, with an explanation per possible answer.</returns>
    /// <exception cref="ValidationFailedException">An argument is malformed; the path names it.</exception>
    public static NextAnswerAssessment Evaluate(IReadOnlyList<string> labels, IReadOnlyList<double> posterior, DecisionMatrix confusion, LabelUtility utility, double cost)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(confusion);
        ArgumentNullException.ThrowIfNull(utility);
        var ci = CultureInfo.InvariantCulture;
        var k = labels.Count;
        if (k is 0 or > TruthInferenceEngine.MaxLabels)
        {
            throw new ValidationFailedException("labels", string.Create(ci, $"There must be 1 to {TruthInferenceEngine.MaxLabels} labels (got {k})."));
        }

        Distribution(posterior, k, "posterior");
        if (confusion.RowCount != k || confusion.ColumnCount != k)
        {
            throw new ValidationFailedException("confusion", string.Create(ci, $"The confusion matrix is {confusion.RowCount} × {confusion.ColumnCount}; it must be {k} × {k}, one row and one column per label."));
        }

        for (var c = 0; c < k; c++)
        {
            var row = confusion.GetRow(c);
            Distribution([.. row.ToArray()], k, string.Create(ci, $"confusion[{c}] ('{labels[c]}')"));
        }

        utility.Check(k);
        if (!double.IsFinite(cost) || cost < 0)
        {
            throw new ValidationFailedException("cost", string.Create(ci, $"The cost must be a finite number ≥ 0 (value: {cost})."));
        }

        var now = Decide(posterior, utility, k, out var nowUtility);
        var value = 0.0;
        var withAnswer = 0.0;
        var outcomes = new PossibleAnswer[k];
        var joint = new double[k];
        for (var answer = 0; answer < k; answer++)
        {
            var probability = 0.0;
            for (var c = 0; c < k; c++)
            {
                joint[c] = posterior[c] * confusion[c, answer];
                probability += joint[c];
            }

            // The gain of deciding d instead of d₀ after this answer, weighted by its probability: ≥ 0 for d = d₀.
            var bestGain = 0.0;
            var decision = now;
            for (var d = 0; d < k; d++)
            {
                var gain = 0.0;
                for (var c = 0; c < k; c++)
                {
                    gain += joint[c] * (utility.Of(c, d) - utility.Of(c, now));
                }

                if (gain > bestGain)
                {
                    bestGain = gain;
                    decision = d;
                }
            }

            value += bestGain;
            var after = probability > 0 ? joint.Select(p => p / probability).ToArray() : [.. posterior];
            var expected = 0.0;
            for (var c = 0; c < k; c++)
            {
                expected += after[c] * utility.Of(c, decision);
            }

            withAnswer += probability * expected;
            outcomes[answer] = new PossibleAnswer(labels[answer], probability, after, labels[decision], expected);
        }

        return new NextAnswerAssessment(labels[now], nowUtility, withAnswer, value, cost, outcomes);
    }

    /// <summary>The best decision on <paramref name="p"/> (the first on ties) and its expected utility.</summary>
    private static int Decide(IReadOnlyList<double> p, LabelUtility utility, int k, out double expected)
    {
        var best = 0;
        expected = double.NegativeInfinity;
        for (var d = 0; d < k; d++)
        {
            var eu = 0.0;
            for (var c = 0; c < k; c++)
            {
                eu += p[c] * utility.Of(c, d);
            }

            if (eu > expected)
            {
                expected = eu;
                best = d;
            }
        }

        return best;
    }

    private static void Distribution(IReadOnlyList<double> p, int k, string path)
    {
        var ci = CultureInfo.InvariantCulture;
        if (p.Count != k)
        {
            throw new ValidationFailedException(path, string.Create(ci, $"{path} has {p.Count} entries; there are {k} labels."));
        }

        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            if (!double.IsFinite(p[i]) || p[i] < 0)
            {
                throw new ValidationFailedException(path, string.Create(ci, $"{path}: entry {i} is {p[i]}; probabilities must be finite and ≥ 0."));
            }

            sum += p[i];
        }

        if (Math.Abs(sum - 1) > 1e-9)
        {
            throw new ValidationFailedException(path, string.Create(ci, $"{path} sums to {sum}; probabilities must sum to 1 within 1e-9."));
        }
    }
}

/// <summary>One possible answer of the expert and what would follow from it.</summary>
/// <param name="Answer">The label the expert might answer.</param>
/// <param name="Probability">P(answer) = Σ_c π_c E(c, answer).</param>
/// <param name="Posterior">The item's posterior after that answer.</param>
/// <param name="Decision">The best decision after that answer.</param>
/// <param name="ExpectedUtility">Its expected utility.</param>
public sealed record PossibleAnswer(string Answer, double Probability, IReadOnlyList<double> Posterior, string Decision, double ExpectedUtility);

/// <summary>Whether one more answer pays, and why (see <see cref="NextAnswerValue"/>).</summary>
/// <param name="CurrentDecision">The best label to decide now.</param>
/// <param name="CurrentExpectedUtility">MEU₀: its expected utility.</param>
/// <param name="ExpectedUtilityWithAnswer">Σ_k P(k)·MEU(π | k): the expected utility of deciding after one more answer.</param>
/// <param name="Value">EVSI, the difference (never negative).</param>
/// <param name="Cost">The answer's cost.</param>
/// <param name="Answers">Each possible answer with its probability, the posterior and the decision it leads to.</param>
public sealed record NextAnswerAssessment(
    string CurrentDecision,
    double CurrentExpectedUtility,
    double ExpectedUtilityWithAnswer,
    double Value,
    double Cost,
    IReadOnlyList<PossibleAnswer> Answers)
{
    /// <summary>Ask when the value exceeds the cost.</summary>
    public bool Ask => Value > Cost;

    /// <summary>One line: <c>value 3.2 &gt; cost 2: ask</c> or <c>value 0.4 ≤ cost 2: do not ask</c>.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"value {Value:0.####} {(Ask ? ">" : "≤")} cost {Cost:0.####}: {(Ask ? "ask" : "do not ask")}");

    /// <summary>A multi-line account: the decision now, each possible answer, and the verdict.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.Append(ci, $"Now: decide '{CurrentDecision}', expected utility {CurrentExpectedUtility:0.####}.").AppendLine();
        foreach (var a in Answers)
        {
            text.Append(ci, $"  answer '{a.Answer}' (probability {a.Probability:0.####}): decide '{a.Decision}', expected utility {a.ExpectedUtility:0.####}").AppendLine();
        }

        text.Append(ci, $"With one more answer: expected utility {ExpectedUtilityWithAnswer:0.####}; ").Append(Summary).Append('.');
        return text.ToString();
    }
}
