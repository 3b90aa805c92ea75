using System.Text.Json;

namespace Crowdsourcing.Cli.Tests;

public sealed class PomdpCommandTests
{
    private static string Tiger => Samples.Path("tiger.pomdp");

    [Fact]
    public async Task Table_output_has_the_value_bounds_vector_count_and_time()
    {
        var run = await CliRunner.RunAsync("pomdp", "solve", Tiger, "--horizon", "3", "--discount", "1", "--method", "exact");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.StartsWith("tiger.pomdp: 2 states, 3 actions, 2 observations, discount 1.", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"value at the start belief\s*│\s*2\.72\b", run.Output);
        Assert.Matches(@"alpha vectors\s*│\s*7\b", run.Output);
        Assert.Matches(@"first action\s*│\s*listen\b", run.Output);
        Assert.Matches(@"time\s*│\s*\d+\.\d ms", run.Output);
    }

    [Fact]
    public async Task Json_has_the_value_and_the_alpha_vectors_per_horizon()
    {
        var run = await CliRunner.RunAsync("pomdp", "solve", Tiger, "--horizon", "3", "--discount", "1", "--method", "exact", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(2.72, root.GetProperty("value").GetDouble(), 9);
        Assert.Equal("exact", root.GetProperty("method").GetString());
        Assert.InRange(root.GetProperty("gap").GetDouble(), 0, 1e-5);
        Assert.True(root.GetProperty("elapsedMilliseconds").GetDouble() >= 0);
        var levels = root.GetProperty("alphaVectors").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], levels.Select(l => l.GetProperty("stepsToGo").GetInt32()));
        Assert.Equal([1, 3, 5, 7], levels.Select(l => l.GetProperty("vectors").GetArrayLength()));
        var top = levels[3].GetProperty("vectors").EnumerateArray().ToList();
        Assert.Contains(top, v => v.GetProperty("action").GetString() == "listen" && Math.Abs(v.GetProperty("values")[0].GetDouble() - 2.72) < 1e-9);
        Assert.Equal(JsonValueKind.Null, levels[0].GetProperty("vectors")[0].GetProperty("action").ValueKind);
    }

    [Fact]
    public async Task Point_based_reports_a_gap_and_its_belief_points()
    {
        var run = await CliRunner.RunAsync("pomdp", "solve", Tiger, "--horizon", "20", "--method", "point-based", "--belief-points", "5", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("point-based", root.GetProperty("method").GetString());
        Assert.True(root.GetProperty("upperBound").GetDouble() >= root.GetProperty("lowerBound").GetDouble());
        Assert.Equal(root.GetProperty("upperBound").GetDouble() - root.GetProperty("lowerBound").GetDouble(), root.GetProperty("gap").GetDouble(), 9);
        Assert.InRange(root.GetProperty("beliefPoints").GetInt32(), 3, 7);
    }

    [Fact]
    public async Task A_bad_file_is_one_line_naming_the_file_line_and_field()
    {
        using var temp = new TempDirectory();
        var path = temp.File("broken.pomdp");
        await File.WriteAllTextAsync(path, "discount: 0.9\nstates: a b\nactions: x\nobservations: o\nT: x : a\n0.5 0.6\n");

        var run = await CliRunner.RunAsync("pomdp", "solve", path, "--horizon", "2");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.StartsWith("error: broken.pomdp line 5, T: the probabilities of T(x, a, ·) sum to 1.1", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_horizon_out_of_range_is_refused()
    {
        var run = await CliRunner.RunAsync("pomdp", "solve", Tiger, "--horizon", "-1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("horizon must be between 0 and 100,000", run.Error, StringComparison.Ordinal);
    }
}
