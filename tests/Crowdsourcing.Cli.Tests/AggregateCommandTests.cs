using System.Text.Json;

namespace Crowdsourcing.Cli.Tests;

public sealed class AggregateCommandTests
{
    private static string SampleAnswers => Samples.Path("answers.csv");

    [Fact]
    public async Task Table_output_says_how_the_EM_went_and_lists_labels_and_workers()
    {
        var run = await CliRunner.RunAsync("aggregate", "--answers", SampleAnswers);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        var first = run.Output.ReplaceLineEndings("\n").Split('\n')[0];
        Assert.Matches(@"^24 answers, 8 tasks, 4 workers, labels oracle, other, sap; dawid-skene converged in \d+ iterations? \(tolerance 1E-6 per answer\), log-likelihood -\d+\.\d+\.$", first);
        Assert.Contains("│ hooli-erp ", run.Output);
        Assert.Contains("P(sap|sap)", run.Output);
        Assert.Contains("vandelay, inc-erp", run.Output);
    }

    [Theory]
    [InlineData("dawid-skene", "confusionMatrix")]
    [InlineData("one-coin", "skill")]
    [InlineData("glad", "ability")]
    [InlineData("majority", "skill")]
    [InlineData("wawa", "skill")]
    public async Task Json_has_labels_and_workers(string method, string workerProperty)
    {
        var run = await CliRunner.RunAsync("aggregate", "--answers", SampleAnswers, "--method", method, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(method, root.GetProperty("method").GetString());
        var labels = root.GetProperty("labels").EnumerateArray().ToList();
        Assert.Equal(8, labels.Count);
        var hooli = labels.Single(l => l.GetProperty("task").GetString() == "hooli-erp");
        Assert.Equal("other", hooli.GetProperty("label").GetString());
        Assert.InRange(hooli.GetProperty("confidence").GetDouble(), 0.5, 1);
        var workers = root.GetProperty("workers").EnumerateArray().ToList();
        Assert.Equal(["alice", "bob", "carol", "dave"], workers.Select(w => w.GetProperty("worker").GetString()));
        Assert.All(workers, w => Assert.True(w.TryGetProperty(workerProperty, out _)));
        Assert.All(workers, w => Assert.Equal(2, w.GetProperty("skillInterval").GetArrayLength()));
        if (method == "dawid-skene")
        {
            var matrix = workers[0].GetProperty("confusionMatrix");
            Assert.Equal(3, matrix.GetArrayLength());
            Assert.All(matrix.EnumerateArray(), row => Assert.Equal(1, row.EnumerateArray().Sum(v => v.GetDouble()), 9));
        }
    }

    [Fact]
    public async Task Gold_labels_are_kept()
    {
        var run = await CliRunner.RunAsync("aggregate", "--answers", SampleAnswers, "--gold", Samples.Path("gold.csv"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var initech = json.RootElement.GetProperty("labels").EnumerateArray().Single(l => l.GetProperty("task").GetString() == "initech-erp");
        Assert.Equal("other", initech.GetProperty("label").GetString());
        Assert.Equal(1, initech.GetProperty("confidence").GetDouble());
        Assert.True(initech.GetProperty("gold").GetBoolean());
    }

    [Fact]
    public async Task Dawid_Skene_on_RTE_matches_the_documented_accuracy()
    {
        // The repository root holds tools/Crowdsourcing.Cli/samples; the data is shared/data beside the repository.
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SampleAnswers)!, "..", "..", ".."));
        var data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
        Assert.True(File.Exists(Path.Combine(data, "rte-answers.csv")), $"The public data sets are missing: expected them in {data} (shared/data beside the repository).");

        var run = await CliRunner.RunAsync("aggregate", "--answers", Path.Combine(data, "rte-answers.csv"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var labels = json.RootElement.GetProperty("labels").EnumerateArray().ToDictionary(l => l.GetProperty("task").GetString()!, l => l.GetProperty("label").GetString());
        var truth = File.ReadAllLines(Path.Combine(data, "rte-truth.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(742, truth.Count(t => labels[t[0]] == t[1])); // docs/truth-inference.md: 0.9275 (742/800)
    }

    [Fact]
    public async Task Errors_name_the_file_the_line_and_the_column()
    {
        using var directory = new TempDirectory();
        var duplicate = directory.File("dup.csv");
        await File.WriteAllTextAsync(duplicate, "task,worker,label\nt1,w1,a\nt1,w2,b\nt1,w1,b\n");
        var empty = directory.File("empty.csv");
        await File.WriteAllTextAsync(empty, "worker,task,label\nw1,t1,a\nw2,,b\n");
        var gold = directory.File("gold.csv");
        await File.WriteAllTextAsync(gold, "task,label\nt1,a\nt1,b\n");

        (await CliRunner.RunAsync("aggregate", "--answers", duplicate)).AssertUserError(
            "error: dup.csv line 4, column 2 (worker): worker 'w1' already answered task 't1' (at answers[0] (line 2)); a worker answers a task at most once.");
        (await CliRunner.RunAsync("aggregate", "--answers", empty)).AssertUserError("error: empty.csv line 3, column 2 (task): the task is empty.");
        (await CliRunner.RunAsync("aggregate", "--answers", directory.File("missing.csv"))).AssertUserError("answers file");
        (await CliRunner.RunAsync("aggregate", "--answers", duplicate, "--method", "median")).AssertUserError("median");
        (await CliRunner.RunAsync("aggregate", "--answers", SampleAnswers, "--gold", gold)).AssertUserError(
            "error: gold.csv line 3, column 1 (task): task 't1' already has a gold label (at gold[0] (line 2)); a task has at most one.");
    }
}
