using Crowdsourcing.Decision.TruthInference;

namespace Crowdsourcing.Decision.Tests.TruthInference;

/// <summary>Recovery of known confusion matrices and skills from answers drawn from them (seeded, so every run is the same).</summary>
public class SyntheticRecoveryTests
{
    /// <summary>3,000 items × 8 answers from 60 workers (about 400 answers each), 3 classes, accuracies 0.55 to 0.95.</summary>
    private static readonly SyntheticAnswerSet Data = SyntheticAnswers.Generate(3000, 60, 3, 8, seed: 7);

    private static double Accuracy(TruthInferenceResult result) =>
        Data.Truth.Count(g => result.GetItem(g.Task).Label == g.Label) / (double)Data.Truth.Count;

    private static double TrueAccuracy(string worker)
    {
        var m = Data.Confusion[worker];
        return Enumerable.Range(0, m.RowCount).Average(c => m[c, c]);
    }

    [Fact]
    public void Dawid_Skene_recovers_each_workers_confusion_matrix_within_its_intervals()
    {
        var result = TruthInferenceEngine.Infer(Data.Answers);

        var errors = new List<double>();
        var inside = 0;
        foreach (var worker in result.Workers)
        {
            var truth = Data.Confusion[worker.Worker];
            var learned = worker.Confusion!;
            for (var c = 0; c < 3; c++)
            {
                for (var l = 0; l < 3; l++)
                {
                    errors.Add(Math.Abs(learned.Estimate[c, l] - truth[c, l]));
                    inside += learned.Lower[c, l] <= truth[c, l] && truth[c, l] <= learned.Upper[c, l] ? 1 : 0;
                }
            }
        }

        Assert.True(errors.Average() < 0.025, $"mean absolute error {errors.Average():0.0000}");
        Assert.True(errors.Max() < 0.15, $"largest error {errors.Max():0.0000}");
        Assert.True(inside >= 0.85 * errors.Count, $"{inside} of {errors.Count} true cells inside their 95% intervals");
        Assert.True(Accuracy(result) >= Accuracy(TruthInferenceEngine.Infer(Data.Answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Majority })));
        Assert.True(result.ClassPriors.All(p => Math.Abs(p - (1 / 3.0)) < 0.03), string.Join(", ", result.ClassPriors));
    }

    [Theory]
    [InlineData(TruthInferenceMethod.OneCoin)]
    [InlineData(TruthInferenceMethod.Glad)]
    [InlineData(TruthInferenceMethod.DawidSkene)]
    public void Skills_track_each_workers_true_accuracy(TruthInferenceMethod method)
    {
        var result = TruthInferenceEngine.Infer(Data.Answers, new TruthInferenceOptions { Method = method });

        var errors = result.Workers.Select(w => Math.Abs(w.Skill - TrueAccuracy(w.Worker))).ToList();
        Assert.True(errors.Average() < 0.03, $"{method}: mean absolute skill error {errors.Average():0.0000}");
        var covered = result.Workers.Count(w => w.SkillLower <= TrueAccuracy(w.Worker) && TrueAccuracy(w.Worker) <= w.SkillUpper);
        Assert.True(covered >= 0.8 * result.Workers.Count, $"{method}: {covered} of {result.Workers.Count} true accuracies inside the intervals");
        Assert.True(Accuracy(result) >= 0.93, $"{method}: accuracy {Accuracy(result):0.0000}");
    }

    [Fact]
    public void GLAD_abilities_rank_the_workers_as_their_true_accuracies_do()
    {
        var result = TruthInferenceEngine.Infer(Data.Answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Glad });

        var byAbility = result.Workers.OrderBy(w => w.Ability).Select(w => w.Worker).ToList();
        var byTruth = result.Workers.OrderBy(w => TrueAccuracy(w.Worker)).Select(w => w.Worker).ToList();
        var n = byAbility.Count;
        var d2 = byAbility.Select((w, i) => Math.Pow(i - byTruth.IndexOf(w), 2)).Sum();
        var spearman = 1 - (6 * d2 / (n * ((n * n) - 1.0)));
        Assert.True(spearman > 0.95, $"Spearman {spearman:0.000}");
        Assert.All(result.Workers, w => Assert.True(w.AbilityLower < w.Ability && w.Ability < w.AbilityUpper));
        Assert.All(result.Items, i => Assert.True(i.Difficulty > 0));
    }

    [Fact]
    public void Wawa_weights_are_agreement_with_the_majority()
    {
        var majority = TruthInferenceEngine.Infer(Data.Answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Majority });
        var wawa = TruthInferenceEngine.Infer(Data.Answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Wawa });

        var worker = wawa.Workers[0];
        var agreed = Data.Answers.Count(a => a.Worker == worker.Worker && majority.GetItem(a.Task).Label == a.Label);
        Assert.Equal((agreed + 4) / (worker.Answers + 6.0), worker.Skill, 12); // prior Beta(2(K − 1), K − 1), K = 3

        // The weighted vote of one item by hand, with crowd-kit's weights: the plain agreement rates.
        var task = Data.Truth[0].Task;
        var weights = Data.Answers.Where(a => a.Task == task).GroupBy(a => a.Label).ToDictionary(
            g => g.Key,
            g => g.Sum(a => Data.Answers.Count(b => b.Worker == a.Worker && majority.GetItem(b.Task).Label == b.Label) / (double)Data.Answers.Count(b => b.Worker == a.Worker)));
        Assert.Equal(weights.GetValueOrDefault("c0") / weights.Values.Sum(), wawa.GetItem(task).Posterior[0], 12);
        Assert.True(Accuracy(wawa) >= Accuracy(majority));
    }

    [Fact]
    public void Generation_is_deterministic_and_checked()
    {
        var again = SyntheticAnswers.Generate(3000, 60, 3, 8, seed: 7);

        Assert.Equal(Data.Answers, again.Answers);
        Assert.Equal(24_000, again.Answers.Count);
        Assert.Throws<ValidationFailedException>(() => SyntheticAnswers.Generate(10, 3, 2, 4, seed: 1));
    }
}
