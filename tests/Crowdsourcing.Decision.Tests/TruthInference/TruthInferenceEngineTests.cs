using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.TruthInference;

namespace Crowdsourcing.Decision.Tests.TruthInference;

public class TruthInferenceEngineTests
{
    private static readonly TruthInferenceMethod[] EmMethods = [TruthInferenceMethod.DawidSkene, TruthInferenceMethod.OneCoin, TruthInferenceMethod.Glad];

    private static CrowdAnswer A(string task, string worker, string label) => new(task, worker, label);

    [Theory]
    [InlineData(TruthInferenceMethod.DawidSkene)]
    [InlineData(TruthInferenceMethod.OneCoin)]
    [InlineData(TruthInferenceMethod.Glad)]
    public void Incremental_updates_end_where_a_batch_run_over_all_answers_ends(TruthInferenceMethod method)
    {
        var answers = PublicDataSets.Answers("rte");
        var options = new TruthInferenceOptions { Method = method, Tolerance = 1e-11, MaxIterations = 5000 };
        var batch = TruthInferenceEngine.Infer(answers, options);

        // Four arrivals: the first quarter of the file, then a quarter at a time.
        var quarter = answers.Count / 4;
        var incremental = TruthInferenceEngine.Infer(answers.Take(quarter), options);
        var lastUpdate = incremental;
        for (var part = 1; part < 4; part++)
        {
            lastUpdate = TruthInferenceEngine.Update(incremental, answers.Skip(part * quarter).Take(part == 3 ? answers.Count : quarter));
            incremental = lastUpdate;
        }

        Assert.Equal(batch.AnswerCount, incremental.AnswerCount);
        Assert.True(incremental.Convergence.Converged);
        foreach (var item in batch.Items)
        {
            var other = incremental.GetItem(item.Task);
            Assert.Equal(item.Label, other.Label);
            Assert.True(Math.Abs(item.Confidence - other.Confidence) < 1e-3, $"{item.Task}: {item.Confidence} vs {other.Confidence}");
        }

        foreach (var worker in batch.Workers)
        {
            Assert.True(Math.Abs(worker.Skill - incremental.GetWorker(worker.Worker).Skill) < 1e-3, worker.Worker);
        }

        Assert.True(Math.Abs(batch.LogLikelihood!.Value - incremental.LogLikelihood!.Value) < 1e-2 * answers.Count / 1000);
    }

    [Theory]
    [InlineData(TruthInferenceMethod.Majority)]
    [InlineData(TruthInferenceMethod.Wawa)]
    public void Voting_updates_are_exactly_the_batch_result(TruthInferenceMethod method)
    {
        var answers = PublicDataSets.Answers("temp");
        var options = new TruthInferenceOptions { Method = method };
        var batch = TruthInferenceEngine.Infer(answers, options);

        var updated = TruthInferenceEngine.Update(TruthInferenceEngine.Infer(answers.Take(3000), options), answers.Skip(3000));

        Assert.Equal(batch.Items, updated.Items, (a, b) => a.Task == b.Task && a.Label == b.Label && a.Posterior.SequenceEqual(b.Posterior));
        Assert.Equal(batch.Workers.Select(w => w.Skill), updated.Workers.Select(w => w.Skill));
    }

    [Fact]
    public void An_update_refines_from_where_it_stood_in_fewer_iterations_than_a_fresh_run()
    {
        var answers = PublicDataSets.Answers("rte");
        var options = new TruthInferenceOptions { Tolerance = 1e-9 };
        var most = answers.Count - 100;
        var earlier = TruthInferenceEngine.Infer(answers.Take(most), options);

        var updated = TruthInferenceEngine.Update(earlier, answers.Skip(most));
        var fresh = TruthInferenceEngine.Infer(answers, options);

        Assert.True(updated.Convergence.Iterations < fresh.Convergence.Iterations, $"update {updated.Convergence.Iterations}, fresh {fresh.Convergence.Iterations}");
        Assert.Equal(fresh.Items.Select(i => i.Label), updated.Items.OrderBy(i => fresh.Items.Select(f => f.Task).ToList().IndexOf(i.Task)).Select(i => i.Label));
    }

    [Fact]
    public void Updates_refuse_a_repeated_answer_and_a_label_the_first_run_did_not_have()
    {
        var first = TruthInferenceEngine.Infer([A("t1", "w1", "yes"), A("t1", "w2", "no")]);

        var repeated = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Update(first, [A("t2", "w1", "no"), A("t1", "w2", "yes")]));
        Assert.Equal("answers[1].worker", repeated.Path);
        Assert.Contains("worker 'w2' already answered task 't1' (in the earlier answers)", repeated.Message);

        var unknown = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Update(first, [A("t2", "w1", "maybe")]));
        Assert.Equal("answers[0].label", unknown.Path);
        Assert.Contains("label 'maybe' is not one of the first run's labels (no, yes); an update keeps them", unknown.Message);
    }

    [Fact]
    public void Gold_answers_are_clamped_inside_the_EM_and_teach_the_workers()
    {
        var answers = PublicDataSets.Answers("rte");
        var truth = PublicDataSets.Truth("rte");
        var gold = truth.Where((_, i) => i % 5 == 0).ToList();
        var withoutGold = TruthInferenceEngine.Infer(answers);
        var withGold = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Gold = gold });

        var goldTasks = gold.Select(g => g.Task).ToHashSet();
        Assert.All(gold, g =>
        {
            var item = withGold.GetItem(g.Task);
            Assert.True(item.IsGold);
            Assert.Equal(g.Label, item.Label);
            Assert.Equal(1, item.Confidence);
        });
        var rest = truth.Where(g => !goldTasks.Contains(g.Task)).ToList();
        double Accuracy(TruthInferenceResult r) => rest.Count(g => r.GetItem(g.Task).Label == g.Label) / (double)rest.Count;
        Assert.True(Accuracy(withGold) >= Accuracy(withoutGold) - 0.005, $"{Accuracy(withGold)} vs {Accuracy(withoutGold)}");
        Assert.NotEqual(withoutGold.GetWorker(answers[0].Worker).Confusion!.Estimate, withGold.GetWorker(answers[0].Worker).Confusion!.Estimate);
    }

    [Fact]
    public void Gold_tasks_without_answers_are_items_and_majority_vote_reports_gold()
    {
        var result = TruthInferenceEngine.Infer(
            [A("t1", "w1", "a"), A("t1", "w2", "b"), A("t1", "w3", "b")],
            new TruthInferenceOptions { Method = TruthInferenceMethod.Majority, Gold = [new GoldLabel("t1", "a"), new GoldLabel("t9", "b")] });

        Assert.Equal(["t1", "t9"], result.Items.Select(i => i.Task));
        Assert.Equal("a", result.GetItem("t1").Label);
        Assert.Equal(0, result.GetItem("t9").Answers);
        Assert.Equal("b", result.GetItem("t9").Label);
        Assert.Equal(0.75, result.GetWorker("w1").Skill, 12); // agreed once, prior Beta(2, 1): (1 + 2) / (1 + 3)
        Assert.Equal(0.5, result.GetWorker("w2").Skill, 12);
    }

    [Fact]
    public void A_warm_start_from_an_earlier_campaign_is_where_the_EM_starts()
    {
        var answers = PublicDataSets.Answers("rte");
        var tasks = answers.Select(a => a.Task).Distinct().ToList();
        var firstHalf = tasks.Take(tasks.Count / 2).ToHashSet();
        var earlier = TruthInferenceEngine.Infer(answers.Where(a => firstHalf.Contains(a.Task)));
        var later = answers.Where(a => !firstHalf.Contains(a.Task)).ToList();
        var warmStart = earlier.ToWarmStart();

        // One iteration: the E-step uses the earlier matrices and priors for the workers they cover.
        var first = TruthInferenceEngine.Infer(later, new TruthInferenceOptions { WarmStart = warmStart, MaxIterations = 1 });
        var covered = later.GroupBy(a => a.Task).First(g => g.All(a => warmStart.Confusion.ContainsKey(a.Worker)));
        var expected = new double[2];
        for (var c = 0; c < 2; c++)
        {
            expected[c] = Math.Log(warmStart.ClassPriors![c]) + covered.Sum(a => Math.Log(warmStart.Confusion[a.Worker][c, first.Labels.ToList().IndexOf(a.Label)]));
        }

        var p0 = 1 / (1 + Math.Exp(expected[1] - expected[0]));
        Assert.Equal(p0, first.GetItem(covered.Key).Posterior[0], 9);

        var cold = TruthInferenceEngine.Infer(later);
        var warm = TruthInferenceEngine.Infer(later, new TruthInferenceOptions { WarmStart = warmStart });
        var anchored = TruthInferenceEngine.Infer(later, new TruthInferenceOptions { WarmStart = earlier.ToWarmStart(strength: 20) });
        Assert.True(warm.Convergence.Converged);
        var truth = PublicDataSets.Truth("rte").Where(g => !firstHalf.Contains(g.Task)).ToList();
        Assert.True(PublicDataSets.Accuracy(warm, truth) >= PublicDataSets.Accuracy(cold, truth) - 0.01);

        // With a strength, the earlier matrix stays in the prior: the estimate sits between the earlier one and the cold one.
        var worker = later.GroupBy(a => a.Worker).Where(g => earlier.Workers.Any(w => w.Worker == g.Key)).OrderByDescending(g => g.Count()).First().Key;
        var before = earlier.GetWorker(worker).Confusion!.Estimate[0, 0];
        var coldValue = cold.GetWorker(worker).Confusion!.Estimate[0, 0];
        var anchoredValue = anchored.GetWorker(worker).Confusion!.Estimate[0, 0];
        Assert.True(Math.Abs(anchoredValue - before) <= Math.Abs(coldValue - before) + 1e-9, $"{before} {coldValue} {anchoredValue}");
    }

    [Fact]
    public void A_warm_start_must_cover_the_runs_labels()
    {
        var warm = new TruthInferenceWarmStart(["yes", "no"], new Dictionary<string, DecisionMatrix> { ["w1"] = DecisionMatrix.FromRows([0.9, 0.1], [0.2, 0.8]) });
        var answers = new[] { A("t1", "w1", "yes"), A("t1", "w2", "maybe") };

        var error = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { WarmStart = warm }));

        Assert.Equal("WarmStart.Labels", error.Path);
        Assert.Contains("label 'maybe' of this run is not among the warm start's labels (yes, no)", error.Message);
        var majority = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Wawa, WarmStart = warm }));
        Assert.Contains("A warm start applies to dawid-skene, one-coin and glad, not to wawa.", majority.Message);
    }

    [Fact]
    public void Ties_go_to_the_first_label_in_order()
    {
        CrowdAnswer[] answers = [A("t1", "w1", "b"), A("t1", "w2", "a")];

        var sorted = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Majority });
        var declared = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Majority, Labels = ["b", "a", "c"] });

        Assert.Equal(["a", "b"], sorted.Labels);
        Assert.Equal("a", sorted.GetItem("t1").Label);
        Assert.Equal("b", declared.GetItem("t1").Label);
        Assert.Equal([0.5, 0.5, 0.0], declared.GetItem("t1").Posterior);
    }

    [Theory]
    [InlineData(TruthInferenceMethod.Majority)]
    [InlineData(TruthInferenceMethod.Wawa)]
    [InlineData(TruthInferenceMethod.DawidSkene)]
    [InlineData(TruthInferenceMethod.OneCoin)]
    [InlineData(TruthInferenceMethod.Glad)]
    public void Runs_are_deterministic_whatever_the_method(TruthInferenceMethod method)
    {
        var answers = PublicDataSets.Answers("temp");
        var a = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = method });
        var b = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = method });

        Assert.Equal(a.Items.SelectMany(i => i.Posterior), b.Items.SelectMany(i => i.Posterior));
        Assert.Equal(a.Workers.Select(w => w.Skill), b.Workers.Select(w => w.Skill));
        Assert.Equal(a.LogLikelihood, b.LogLikelihood);
    }

    [Theory]
    [InlineData(TruthInferenceMethod.DawidSkene)]
    [InlineData(TruthInferenceMethod.OneCoin)]
    [InlineData(TruthInferenceMethod.Glad)]
    public void Thousands_of_answers_to_one_item_do_not_underflow(TruthInferenceMethod method)
    {
        // 3,000 answers to one item (plain products of probabilities would underflow to 0 for every label), and
        // 3,000 other items that teach the workers' reliability.
        var answers = new List<CrowdAnswer>();
        for (var w = 0; w < 3000; w++)
        {
            answers.Add(A("big", $"w{w}", w % 4 == 0 ? "no" : "yes"));
            answers.Add(A($"t{w}", $"w{w}", "yes"));
            answers.Add(A($"t{w}", $"w{(w + 1) % 3000}", "yes"));
        }

        var result = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = method });

        var big = result.GetItem("big");
        Assert.Equal("yes", big.Label);
        Assert.All(big.Posterior, p => Assert.True(double.IsFinite(p)));
        Assert.InRange(big.Posterior.Sum(), 1 - 1e-12, 1 + 1e-12);
        Assert.True(double.IsFinite(result.LogLikelihood!.Value));
    }

    [Fact]
    public void Several_classes_are_handled_and_one_class_is_trivial()
    {
        var five = TruthInferenceEngine.Infer([A("t", "w1", "c4"), A("t", "w2", "c4"), A("t", "w3", "c1"), A("u", "w1", "c0"), A("u", "w2", "c2"), A("u", "w3", "c0")], new TruthInferenceOptions { Labels = ["c0", "c1", "c2", "c3", "c4"] });
        Assert.Equal("c4", five.GetItem("t").Label);
        Assert.Equal(5, five.GetWorker("w1").Confusion!.Estimate.RowCount);

        foreach (var method in Enum.GetValues<TruthInferenceMethod>())
        {
            var one = TruthInferenceEngine.Infer([A("t", "w1", "x"), A("t", "w2", "x")], new TruthInferenceOptions { Method = method });
            Assert.Equal("x", one.GetItem("t").Label);
            Assert.Equal(1, one.GetItem("t").Confidence);
        }
    }

    [Theory]
    [InlineData("", "w", "a", "answers[0].task", "answers[0]: the task is empty.")]
    [InlineData("t", " ", "a", "answers[0].worker", "answers[0]: the worker is empty.")]
    [InlineData("t", "w", "a\u0001", "answers[0].label", "contains a control character")]
    public void Invalid_answers_are_refused_naming_the_row_and_field(string task, string worker, string label, string path, string message)
    {
        var error = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer([new CrowdAnswer(task, worker, label) { Line = 0 }]));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Limits_are_enforced_with_the_row_and_line()
    {
        var longName = new string('x', TruthInferenceEngine.MaxNameLength + 1);
        var tooLong = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer([A("t", "w", "a"), new CrowdAnswer("t2", longName, "a") { Line = 3 }]));
        Assert.Equal("answers[1] (line 3).worker", tooLong.Path);
        Assert.Contains("is 257 characters long; the limit is 256", tooLong.Message);

        var twice = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer([new CrowdAnswer("t", "w", "a") { Line = 2 }, A("u", "w", "a"), new CrowdAnswer("t", "w", "b") { Line = 4 }]));
        Assert.Equal("answers[2] (line 4).worker", twice.Path);
        Assert.Contains("worker 'w' already answered task 't' (at answers[0] (line 2))", twice.Message);

        var labels = Enumerable.Range(0, TruthInferenceEngine.MaxLabels + 1).Select(i => A("t", $"w{i}", $"l{i}"));
        var tooMany = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer(labels));
        Assert.Equal("answers[256].label", tooMany.Path);

        var none = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer([]));
        Assert.Equal("There are no answers to aggregate.", none.Message);

        var goldTwice = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer([A("t", "w", "a")], new TruthInferenceOptions { Gold = [new GoldLabel("t", "a"), new GoldLabel("t", "a")] }));
        Assert.Equal("gold[1].task", goldTwice.Path);

        var undeclared = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer([A("t", "w", "a")], new TruthInferenceOptions { Labels = ["b"] }));
        Assert.Contains("label 'a' is not one of the declared labels (b)", undeclared.Message);
    }

    [Fact]
    public void Invalid_options_are_listed_all_at_once()
    {
        var options = new TruthInferenceOptions { MaxIterations = 0, Tolerance = double.NaN, PriorCount = 0, IntervalLevel = 1, GladGradientSteps = 0, Labels = ["a", "a", ""] };

        var error = Assert.Throws<ValidationFailedException>(() => TruthInferenceEngine.Infer([A("t", "w", "a")], options));

        Assert.Equal(["MaxIterations", "Tolerance", "PriorCount", "IntervalLevel", "GladGradientSteps", "Labels[1]", "Labels[2]"], error.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Cancellation_stops_the_EM()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => TruthInferenceEngine.Infer([A("t", "w", "a"), A("t", "v", "b")], cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Results_name_missing_items_and_workers()
    {
        var result = TruthInferenceEngine.Infer([A("t", "w", "a"), A("t", "v", "b")]);

        Assert.Equal("task 'nope' does not exist.", Assert.Throws<NotFoundException>(() => result.GetItem("nope")).Message);
        Assert.Equal("worker 'nope' does not exist.", Assert.Throws<NotFoundException>(() => result.GetWorker("nope")).Message);
        Assert.All(EmMethods, m => Assert.NotNull(TruthInferenceEngine.Infer([A("t", "w", "a"), A("t", "v", "b")], new TruthInferenceOptions { Method = m }).ToWarmStart()));
        Assert.Throws<InvalidStateException>(() => TruthInferenceEngine.Infer([A("t", "w", "a")], new TruthInferenceOptions { Method = TruthInferenceMethod.Majority }).ToWarmStart());
    }
}
