using System.Text.Json;

namespace Crowdsourcing.Cli.Tests;

public class SimulateCommandTests
{
    [Fact]
    public async Task No_arguments_compares_both_policies_side_by_side()
    {
        var run = await CliRunner.RunAsync("simulate");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("none: total EU", run.Output);
        Assert.Contains("myopic: total EU", run.Output);
        Assert.Contains("myopic: the total reaches 9,000 in week 11.", run.Output);
        Assert.Contains("none: the total never reaches 9,000", run.Output);
        Approvals.Verify(run.Output, "simulate-default", "txt");
    }

    [Fact]
    public async Task Json_has_weeks_and_the_crossing_week()
    {
        var run = await CliRunner.RunAsync("simulate", "--preset", "crowdarb-paper", "--policy", "myopic", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(11, root.GetProperty("thresholdCrossedWeek").GetInt32());
        var weeks = root.GetProperty("weeks");
        Assert.Equal(21, weeks.GetArrayLength());
        foreach (var (week, index) in weeks.EnumerateArray().Select((w, i) => (w, i)))
        {
            Assert.Equal(index, week.GetProperty("week").GetInt32());
            Assert.Equal(JsonValueKind.Number, week.GetProperty("totalExpectedUtility").ValueKind);
            Assert.Equal(JsonValueKind.Number, week.GetProperty("contacts").ValueKind);
            Assert.Equal(JsonValueKind.Number, week.GetProperty("responses").ValueKind);
            Assert.Equal(JsonValueKind.Number, week.GetProperty("spend").ValueKind);
        }

        Assert.Equal(3920, weeks[0].GetProperty("totalExpectedUtility").GetDouble(), 6);
    }

    [Fact]
    public async Task Json_crossing_week_is_null_when_never_crossed()
    {
        var run = await CliRunner.RunAsync("simulate", "--policy", "none", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("thresholdCrossedWeek").ValueKind);
    }

    [Fact]
    public async Task Literal_non_responder_update_does_not_cross()
    {
        var run = await CliRunner.RunAsync("simulate", "--policy", "myopic", "--non-responders", "passive", "--format", "json");
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("thresholdCrossedWeek").ValueKind);
        Assert.Equal("passive", json.RootElement.GetProperty("nonResponderUpdate").GetString());
    }

    [Fact]
    public async Task Json_without_policy_carries_the_comparison()
    {
        var run = await CliRunner.RunAsync("simulate", "--format", "json");
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("myopic", json.RootElement.GetProperty("policy").GetString());
        Assert.Equal("none", json.RootElement.GetProperty("compared")[0].GetProperty("policy").GetString());
    }

    [Fact]
    public async Task Monte_carlo_is_seeded_and_reports_spread()
    {
        string[] args = ["simulate", "--policy", "myopic", "--mode", "monte-carlo", "--runs", "5", "--seed", "7", "--participants", "300", "--weeks", "8", "--format", "json"];
        var first = await CliRunner.RunAsync(args);
        var second = await CliRunner.RunAsync(args);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
        using var json = JsonDocument.Parse(first.Output);
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("runs").GetInt32());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(9, root.GetProperty("weeks").GetArrayLength());
        Assert.True(root.GetProperty("weeks")[8].GetProperty("totalExpectedUtilityStandardDeviation").GetDouble() > 0);
        Assert.Equal(5, root.GetProperty("runThresholdCrossedWeeks").GetArrayLength());
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_row_per_policy_and_week()
    {
        var run = await CliRunner.RunAsync("simulate", "--format", "csv", "--weeks", "4");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("policy,week,totalExpectedUtility,totalExpectedUtilityStandardDeviation,contacts,responses,spend", lines[0]);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("none,0,3920,", lines[1]);
    }

    [Theory]
    [InlineData("--policy", "foo", "'foo' not recognized")]
    [InlineData("--mode", "sampling", "'sampling' not recognized")]
    [InlineData("--weeks", "0", "--weeks must be at least 1")]
    [InlineData("--participants", "-3", "--participants must be at least 1")]
    [InlineData("--runs", "0", "--runs must be at least 1")]
    [InlineData("--seed", "abc", "abc")]
    [InlineData("--preset", "nope", "unknown preset 'nope'")]
    [InlineData("--model", "/no/such/model.json", "does not exist")]
    public async Task Bad_arguments_give_one_line_and_exit_2(string option, string value, string fragment)
    {
        var run = await CliRunner.RunAsync("simulate", option, value);
        run.AssertUserError(fragment);
    }

    [Fact]
    public async Task Preset_and_model_together_are_refused()
    {
        var run = await CliRunner.RunAsync("simulate", "--preset", "crowdarb-paper", "--model", "x.json");
        run.AssertUserError("either --preset or --model");
    }
}
