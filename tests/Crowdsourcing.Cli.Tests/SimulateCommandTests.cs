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
        Assert.Equal("policy,week,totalExpectedUtility,totalExpectedUtilityStandardDeviation,contacts,responses,spend,netUtility", lines[0]);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("none,0,3920,", lines[1]);
    }

    [Fact]
    public async Task Least_spend_reaches_the_threshold_at_the_workshop_week_at_its_bound()
    {
        var run = await CliRunner.RunAsync("simulate", "--policy", "least-spend", "--threshold", "9000", "--workshop-week", "11", "--weeks", "11", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("least-spend", root.GetProperty("policy").GetString());
        Assert.Equal(11, root.GetProperty("thresholdCrossedWeek").GetInt32());
        var weeks = root.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(9000, weeks[11].GetProperty("totalExpectedUtility").GetDouble(), 6);
        var spend = weeks.Sum(w => w.GetProperty("spend").GetDouble());
        Assert.Equal(9000 - spend, weeks[11].GetProperty("netUtility").GetDouble(), 6);
        var plan = weeks[1].GetProperty("plan");
        Assert.Equal(11, plan.GetProperty("weeksToWorkshop").GetInt32());
        Assert.Equal(spend, plan.GetProperty("bound").GetDouble(), 6);
        Assert.True(plan.GetProperty("spendWeight").GetDouble() > 0);
        Assert.Equal(10, weeks[2].GetProperty("plan").GetProperty("weeksToWorkshop").GetInt32());

        var table = await CliRunner.RunAsync("simulate", "--policy", "least-spend", "--workshop-week", "11", "--weeks", "12");
        Assert.Contains("least-spend: the total reaches 9,000 in week 11.", table.Output, StringComparison.Ordinal);
        Assert.Contains("no plan spends less than 4,199.7", table.Output, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> PoliciesBudgetsModes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var policy in new[] { "none", "myopic", "response-aware", "planned", "least-spend" })
        {
            foreach (var kind in new[] { "count", "money" })
            {
                foreach (var mode in new[] { "expected", "monte-carlo" })
                {
                    data.Add(policy, kind, mode);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PoliciesBudgetsModes))]
    public async Task Every_policy_takes_a_budget_in_both_modes(string policy, string kind, string mode)
    {
        var amount = kind == "count" ? 40 : 150;
        string[] args = ["simulate", "--policy", policy, "--budget", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--budget-kind", kind, "--mode", mode, "--weeks", "8", "--format", "json"];
        if (policy is "planned" or "least-spend")
        {
            args = [.. args, "--workshop-week", "8"];
        }

        var run = await CliRunner.RunAsync(args);
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(policy == "none" ? "none" : policy + "-budget", root.GetProperty("policy").GetString());
        Assert.Equal(kind, root.GetProperty("budget").GetProperty("kind").GetString());
        foreach (var week in root.GetProperty("weeks").EnumerateArray().Skip(1))
        {
            var used = kind == "count" ? week.GetProperty("contacts").GetDouble() : week.GetProperty("spend").GetDouble();
            Assert.True(used <= amount + 1e-6, $"week {week.GetProperty("week").GetInt32()}: {used}");
            Assert.Equal(JsonValueKind.Number, week.GetProperty("netUtility").ValueKind);
            if (policy != "none")
            {
                Assert.Equal(used, week.GetProperty("budgetUsed").GetDouble(), 6);
            }
        }
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
    [InlineData("--budget", "-1", "--budget must be a non-negative number")]
    [InlineData("--budget-kind", "money", "--budget-kind applies only with --budget")]
    [InlineData("--workshop-week", "4", "--workshop-week applies only to --policy planned or least-spend")]
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
