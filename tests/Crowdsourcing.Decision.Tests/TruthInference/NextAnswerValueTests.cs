using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.TruthInference;
using FsCheck;
using FsCheck.Fluent;

namespace Crowdsourcing.Decision.Tests.TruthInference;

/// <summary>The value of one more answer: a worked example, and FsCheck properties over random posteriors, experts and utilities.</summary>
public class NextAnswerValueTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly string[] Two = ["yes", "no"];

    private static Gen<double[]> Distribution(int size) =>
        Gen.ArrayOf(Gen.Choose(0, 1000), size).Select(weights =>
        {
            var sum = weights.Sum();
            if (sum == 0)
            {
                weights[0] = 1;
                sum = 1;
            }

            return weights.Select(w => w / (double)sum).ToArray();
        });

    private static Gen<DecisionMatrix> Stochastic(int size) => Gen.ArrayOf(Distribution(size), size).Select(rows => DecisionMatrix.FromRows(rows));

    private static Gen<LabelUtility> Utilities(int size) =>
        Gen.OneOf(
            from right in Gen.Choose(-20, 50)
            from loss in Gen.Choose(0, 50)
            select LabelUtility.RightOrWrong(right, right - loss),
            Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(-50, 50).Select(v => (double)v), size), size).Select(rows => LabelUtility.FromTable(DecisionMatrix.FromRows(rows))));

    private static string[] Labels(int size) => [.. Enumerable.Range(0, size).Select(i => "l" + i)];

    [Fact]
    public void A_worked_example_asks_when_the_value_beats_the_cost()
    {
        // Posterior 0.7/0.3, an expert right 90% of the time, 10 for a right decision and 0 for a wrong one.
        // Now: decide yes, EU 7. The expert says yes with probability 0.66 (then yes: 6.3) and no with 0.34 (then no: 2.7).
        var assessment = NextAnswerValue.Evaluate(Two, [0.7, 0.3], TruthInferenceResult.Symmetric(2, 0.9), LabelUtility.RightOrWrong(10, 0), cost: 1.5);

        Assert.Equal("yes", assessment.CurrentDecision);
        Assert.Equal(7, assessment.CurrentExpectedUtility, 12);
        Assert.Equal(9, assessment.ExpectedUtilityWithAnswer, 12);
        Assert.Equal(2, assessment.Value, 12);
        Assert.True(assessment.Ask);
        Assert.Equal("value 2 > cost 1.5: ask", assessment.Summary);
        Assert.Equal(0.66, assessment.Answers[0].Probability, 12);
        Assert.Equal("no", assessment.Answers[1].Decision);
        Assert.Contains("answer 'no' (probability 0.34): decide 'no', expected utility 7.9412", assessment.ToString());

        var dear = NextAnswerValue.Evaluate(Two, [0.7, 0.3], TruthInferenceResult.Symmetric(2, 0.9), LabelUtility.RightOrWrong(10, 0), cost: 2.5);
        Assert.False(dear.Ask);
        Assert.Equal("value 2 ≤ cost 2.5: do not ask", dear.Summary);
    }

    [Fact]
    public void The_value_is_never_negative_and_equals_the_gain_in_expected_utility()
    {
        var gen =
            from size in Gen.Choose(2, 5)
            from posterior in Distribution(size)
            from confusion in Stochastic(size)
            from utility in Utilities(size)
            select (size, posterior, confusion, utility);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (size, posterior, confusion, utility) = input;
            var a = NextAnswerValue.Evaluate(Labels(size), posterior, confusion, utility, 0);
            return a.Value >= 0 && Math.Abs(a.Value - (a.ExpectedUtilityWithAnswer - a.CurrentExpectedUtility)) <= 1e-9 * (1 + Math.Abs(a.CurrentExpectedUtility));
        }));
    }

    [Fact]
    public void The_value_is_zero_when_the_posterior_is_certain()
    {
        var gen =
            from size in Gen.Choose(2, 5)
            from label in Gen.Choose(0, size - 1)
            from confusion in Stochastic(size)
            from utility in Utilities(size)
            select (size, label, confusion, utility);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (size, label, confusion, utility) = input;
            var posterior = new double[size];
            posterior[label] = 1;
            return NextAnswerValue.Evaluate(Labels(size), posterior, confusion, utility, 0).Value == 0;
        }));
    }

    [Fact]
    public void A_more_reliable_expert_is_worth_at_least_as_much()
    {
        // Symmetric experts: accuracy s1 ≥ s2 ≥ 1/K.
        var symmetric =
            from size in Gen.Choose(2, 5)
            from posterior in Distribution(size)
            from a in Gen.Choose(0, 1000)
            from b in Gen.Choose(0, 1000)
            from utility in Utilities(size)
            select (size, posterior, a, b, utility);
        Check.One(Config, Prop.ForAll(symmetric.ToArbitrary(), input =>
        {
            var (size, posterior, a, b, utility) = input;
            var floor = 1.0 / size;
            var high = floor + ((1 - floor) * Math.Max(a, b) / 1000.0);
            var low = floor + ((1 - floor) * Math.Min(a, b) / 1000.0);
            var better = NextAnswerValue.Evaluate(Labels(size), posterior, TruthInferenceResult.Symmetric(size, high), utility, 0).Value;
            var worse = NextAnswerValue.Evaluate(Labels(size), posterior, TruthInferenceResult.Symmetric(size, low), utility, 0).Value;
            return better >= worse - 1e-9;
        }));

        // Any expert against a garbled copy of it (its answers passed through more noise, E·G): Blackwell's order.
        var garbled =
            from size in Gen.Choose(2, 5)
            from posterior in Distribution(size)
            from expert in Stochastic(size)
            from noise in Stochastic(size)
            from utility in Utilities(size)
            select (size, posterior, expert, noise, utility);
        Check.One(Config, Prop.ForAll(garbled.ToArbitrary(), input =>
        {
            var (size, posterior, expert, noise, utility) = input;
            var product = new double[size][];
            for (var c = 0; c < size; c++)
            {
                product[c] = new double[size];
                for (var l = 0; l < size; l++)
                {
                    for (var m = 0; m < size; m++)
                    {
                        product[c][m] += expert[c, l] * noise[l, m];
                    }
                }

                var sum = product[c].Sum();
                product[c] = [.. product[c].Select(v => v / sum)];
            }

            var original = NextAnswerValue.Evaluate(Labels(size), posterior, expert, utility, 0).Value;
            var noisier = NextAnswerValue.Evaluate(Labels(size), posterior, DecisionMatrix.FromRows(product), utility, 0).Value;
            return original >= noisier - 1e-9;
        }));
    }

    [Fact]
    public void A_result_prices_another_answer_from_its_own_model()
    {
        var answers = PublicDataSets.Answers("rte");
        var result = TruthInferenceEngine.Infer(answers);
        var utility = LabelUtility.RightOrWrong(10, 0);
        var unsure = result.Items.OrderBy(i => i.Confidence).First();
        var sure = result.Items.OrderByDescending(i => i.Confidence).First();
        // The most discerning expert (the best worse-class accuracy) who answered neither item.
        var expert = result.Workers
            .Where(w => !answers.Any(a => a.Worker == w.Worker && (a.Task == unsure.Task || a.Task == sure.Task)))
            .OrderByDescending(w => Math.Min(w.Confusion!.Estimate[0, 0], w.Confusion.Estimate[1, 1]))
            .First();

        var forUnsure = result.ValueOfAnotherAnswer(unsure.Task, expert.Worker, utility, cost: 0.5);
        var forSure = result.ValueOfAnotherAnswer(sure.Task, expert.Worker, utility, cost: 0.5);

        Assert.True(forUnsure.Value > forSure.Value, $"{forUnsure}\n{forSure}\n{string.Join(",", unsure.Posterior)} {string.Join(",", sure.Posterior)}");
        Assert.True(forSure.Value < 1e-6);
        Assert.False(forSure.Ask);
        Assert.Equal(forUnsure.Value, NextAnswerValue.Evaluate(result.Labels, unsure.Posterior, expert.Confusion!.Estimate, utility, 0.5).Value, 12);
        var who = answers.First(a => a.Task == unsure.Task).Worker;
        Assert.Contains("already answered", Assert.Throws<ValidationFailedException>(() => result.ValueOfAnotherAnswer(unsure.Task, who, utility, 1)).Message);
        var majority = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Majority });
        Assert.Throws<InvalidStateException>(() => majority.ValueOfAnotherAnswer(unsure.Task, expert.Worker, utility, 1));
        var glad = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Glad });
        Assert.True(glad.ValueOfAnotherAnswer(unsure.Task, expert.Worker, utility, 0).Value >= 0);
    }

    [Fact]
    public void Malformed_inputs_name_what_is_wrong()
    {
        var utility = LabelUtility.RightOrWrong(1, 0);
        Assert.Equal("posterior", Assert.Throws<ValidationFailedException>(() => NextAnswerValue.Evaluate(Two, [0.7, 0.2], TruthInferenceResult.Symmetric(2, 0.9), utility, 0)).Path);
        Assert.Equal("confusion[1] ('no')", Assert.Throws<ValidationFailedException>(() => NextAnswerValue.Evaluate(Two, [0.7, 0.3], DecisionMatrix.FromRows([1, 0], [0.5, 0.6]), utility, 0)).Path);
        Assert.Equal("confusion", Assert.Throws<ValidationFailedException>(() => NextAnswerValue.Evaluate(Two, [0.7, 0.3], TruthInferenceResult.Symmetric(3, 0.9), utility, 0)).Path);
        Assert.Equal("cost", Assert.Throws<ValidationFailedException>(() => NextAnswerValue.Evaluate(Two, [0.7, 0.3], TruthInferenceResult.Symmetric(2, 0.9), utility, -1)).Path);
        Assert.Equal("utility", Assert.Throws<ValidationFailedException>(() => NextAnswerValue.Evaluate(Two, [0.7, 0.3], TruthInferenceResult.Symmetric(2, 0.9), LabelUtility.FromTable(DecisionMatrix.Identity(3)), 0)).Path);
        Assert.Equal("utility", Assert.Throws<ValidationFailedException>(() => LabelUtility.RightOrWrong(double.NaN, 0)).Path);
    }
}
