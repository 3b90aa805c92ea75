using System.Text.Json;
using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Cli.Tests;

public class PlanningCommandTests
{
    [Fact]
    public async Task Plan_json_puts_planned_first_on_net_utility()
    {
        var run = await CliRunner.RunAsync("plan", "--horizon", "20", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("exact", root.GetProperty("solver").GetProperty("method").GetString());
        var policies = root.GetProperty("policies").EnumerateArray().ToDictionary(p => p.GetProperty("policy").GetString()!, p => p.GetProperty("netUtility").GetDouble());
        Assert.Equal(["none", "myopic", "response-aware", "planned", "least-spend"], policies.Keys);
        Assert.Equal(policies.Values.Max(), policies["planned"]);
        Assert.Equal(6303.09, policies["planned"], 2);

        // Least spend reaches the threshold at week 20 and reports its bound, which its spend meets.
        var least = root.GetProperty("policies")[4];
        Assert.Equal(20, least.GetProperty("thresholdCrossedWeek").GetInt32());
        var plan = least.GetProperty("plan");
        Assert.Equal("least-spend", plan.GetProperty("objective").GetString());
        Assert.Equal(least.GetProperty("spend").GetDouble(), plan.GetProperty("bound").GetDouble(), 6);
        Assert.True(plan.GetProperty("gap").GetDouble() < 1e-6);
    }

    [Fact]
    public async Task Plan_with_budget_and_threshold_reports_prices_and_the_earliest_week()
    {
        var run = await CliRunner.RunAsync("plan", "--budget", "50", "--threshold", "9000", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var budget = root.GetProperty("budget");
        Assert.Equal("count", budget.GetProperty("kind").GetString());
        Assert.Contains(budget.GetProperty("planned-budget").EnumerateArray(), r => r.GetProperty("price").GetDouble() > 0);
        Assert.Contains(budget.GetProperty("myopic-budget").EnumerateArray(), r => r.GetProperty("price").GetDouble() > 0);
        Assert.All(budget.GetProperty("myopic-budget").EnumerateArray(), r => Assert.True(r.GetProperty("exact").GetBoolean()));
        foreach (var p in root.GetProperty("policies").EnumerateArray().Where(p => p.GetProperty("policy").GetString()!.EndsWith("-budget", StringComparison.Ordinal)))
        {
            Assert.True(p.GetProperty("contacts").GetDouble() <= (50 * 20) + 1e-6);
        }

        var earliest = root.GetProperty("earliestWorkshop");
        Assert.True(earliest.GetProperty("reachable").GetBoolean());
        Assert.Equal(6, earliest.GetProperty("week").GetInt32());

        // The least-spend plan for week 6 reaches the Lagrangian bound (6,660.0; the best single price spent 6,753.2).
        Assert.Equal(earliest.GetProperty("spendLowerBound").GetDouble(), earliest.GetProperty("expectedSpend").GetDouble(), 6);
        Assert.Equal(6659.96, earliest.GetProperty("expectedSpend").GetDouble(), 2);
        var table = await CliRunner.RunAsync("plan", "--threshold", "20000");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("not reachable within 20 weeks", table.Output);
    }

    [Fact]
    public async Task Simulate_runs_the_planned_policy()
    {
        var run = await CliRunner.RunAsync("simulate", "--preset", "crowdarb-multichannel", "--policy", "planned", "--workshop-week", "20", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("planned", json.RootElement.GetProperty("policy").GetString());
        Assert.Equal(20, json.RootElement.GetProperty("workshopWeek").GetInt32());
        Assert.Equal(21, json.RootElement.GetProperty("weeks").GetArrayLength());

        // --horizon is the older name of --workshop-week.
        var alias = await CliRunner.RunAsync("simulate", "--preset", "crowdarb-multichannel", "--policy", "planned", "--horizon", "20", "--format", "json");
        Assert.Equal(run.Output, alias.Output);
        (await CliRunner.RunAsync("simulate", "--policy", "myopic", "--workshop-week", "5")).AssertUserError("--workshop-week applies only to --policy planned or least-spend");
    }

    [Fact]
    public async Task Simulate_in_expected_mode_with_a_noisy_report_model_keeps_the_class_bound_and_says_it_is_approximate()
    {
        var paper = DecisionPresets.Get(DecisionPresets.CrowdArbPaper);
        var noise = Crowdsourcing.Decision.Models.DecisionMatrix.FromRows([0.8, 0.2, 0], [0.1, 0.8, 0.1], [0, 0.2, 0.8]);
        var noisy = paper.Model.With(interventions: [.. paper.Model.Interventions.Select(k => k.WithReportModel(noise))]);
        var file = Path.Combine(Path.GetTempPath(), $"noisy-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, Crowdsourcing.Decision.Json.DecisionModelJson.Serialize(noisy, paper.Scenario));
            var run = await CliRunner.RunAsync("simulate", "--model", file, "--policy", "myopic", "--mode", "expected", "--weeks", "20", "--max-classes", "64", "--format", "json");
            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.Output);
            Assert.True(json.RootElement.GetProperty("mergedClasses").GetInt64() > 0);
            Assert.Equal(21, json.RootElement.GetProperty("weeks").GetArrayLength());

            var table = await CliRunner.RunAsync("simulate", "--model", file, "--policy", "myopic", "--weeks", "20", "--max-classes", "64");
            Assert.Equal(0, table.ExitCode);
            Assert.Contains("approximate", table.Output, StringComparison.Ordinal);

            var truthful = await CliRunner.RunAsync("simulate", "--policy", "myopic", "--format", "json");
            using var exact = JsonDocument.Parse(truthful.Output);
            Assert.Equal(0, exact.RootElement.GetProperty("mergedClasses").GetInt64());

            var refused = await CliRunner.RunAsync("simulate", "--model", file, "--max-classes", "0");
            refused.AssertUserError("--max-classes must be at least 1; got 0");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Simulate_and_plan_with_a_noisy_report_model()
    {
        var paper = DecisionPresets.Get(DecisionPresets.CrowdArbPaper);
        var noisy = paper.Model.With(interventions: [paper.Model.Interventions[0].WithReportModel(Crowdsourcing.Decision.Models.DecisionMatrix.FromRows([0.8, 0.2, 0], [0.1, 0.8, 0.1], [0, 0.2, 0.8]))]);
        var file = Path.Combine(Path.GetTempPath(), $"noisy-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, Crowdsourcing.Decision.Json.DecisionModelJson.Serialize(noisy, paper.Scenario));
            var run = await CliRunner.RunAsync("simulate", "--model", file, "--policy", "planned", "--workshop-week", "8", "--format", "json");
            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.Output);
            Assert.Equal("planned", json.RootElement.GetProperty("policy").GetString());
            Assert.Equal(8, json.RootElement.GetProperty("workshopWeek").GetInt32());

            var least = await CliRunner.RunAsync("simulate", "--model", file, "--policy", "least-spend", "--threshold", "8000", "--workshop-week", "8", "--format", "json");
            Assert.Equal(0, least.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Learn_shows_the_report_model_learned_from_reviewed_reports()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"reviewed-{Guid.NewGuid():N}.csv");
        try
        {
            // Every report after the campaign is reviewed; one in five participants in truth "fair" was reported "good".
            var lines = new List<string> { EventLog.CsvHeaderWithReviews };
            for (var p = 0; p < 200; p++)
            {
                lines.Add($"p{p},0,,poor,");
                var truth = p % 2 == 0 ? "good" : "fair";
                var reported = p % 10 == 1 ? "good" : truth;
                lines.Add($"p{p},1,email-campaign,{reported},{truth}");
            }

            await File.WriteAllLinesAsync(csv, lines);
            var run = await CliRunner.RunAsync("learn", "--log", csv, "--format", "json");
            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.Output);
            var campaign = json.RootElement.GetProperty("interventions")[0];
            Assert.Equal(200, campaign.GetProperty("reviewedReports").GetInt32());
            var o = campaign.GetProperty("reportModel");
            Assert.True(o[1][2].GetDouble() > 0.1, o.ToString());
            Assert.True(o[2][2].GetDouble() > 0.9, o.ToString());
            Assert.Equal(3, campaign.GetProperty("reportModelUncertainty").GetProperty("lower").GetArrayLength());

            var table = await CliRunner.RunAsync("learn", "--log", csv);
            Assert.Contains("email-campaign report model", table.Output);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Plan_compares_the_budgeted_forms_with_a_money_budget()
    {
        var run = await CliRunner.RunAsync("plan", "--workshop-week", "8", "--budget", "600", "--budget-kind", "money", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToDictionary(p => p.GetProperty("policy").GetString()!);
        Assert.Equal(["none", "myopic", "response-aware", "planned", "least-spend", "myopic-budget", "response-aware-budget", "planned-budget", "least-spend-budget"], policies.Keys);
        Assert.Equal("money", json.RootElement.GetProperty("budget").GetProperty("kind").GetString());
        Assert.All(json.RootElement.GetProperty("budget").GetProperty("planned-budget").EnumerateArray(), r => Assert.True(r.GetProperty("used").GetDouble() <= 600 + 1e-6));
        var planned = policies["planned-budget"].GetProperty("plan");
        Assert.Equal("net-utility", planned.GetProperty("objective").GetString());
        Assert.Equal(8, planned.GetProperty("cyclePrices").GetArrayLength());
        Assert.True(planned.GetProperty("gap").GetDouble() < 1e-6);
        Assert.True(policies["planned-budget"].GetProperty("netUtility").GetDouble() <= planned.GetProperty("bound").GetDouble() + 1e-6);

        var table = await CliRunner.RunAsync("plan", "--workshop-week", "11", "--threshold", "9000");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("least-spend: the plan for the 11 weeks to the workshop reaches 9,000.0 for an expected spend of 4,199.7; no plan spends less than 4,199.7", table.Output, StringComparison.Ordinal);
        (await CliRunner.RunAsync("plan", "--budget-kind", "money")).AssertUserError("--budget-kind applies only with --budget");
        (await CliRunner.RunAsync("plan", "--budget", "-5")).AssertUserError("--budget must be a non-negative number");
        (await CliRunner.RunAsync("plan", "--budget", "5", "--budget-kind", "contacts")).AssertUserError("'contacts'");
    }

    [Fact]
    public async Task Learn_reads_csv_and_json_lines_and_reports_uncertainty()
    {
        var truth = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;
        var events = SyntheticEventLog.Generate(truth, 300, 10, 0.5, 0.5, seed: 3);
        var csv = Path.Combine(Path.GetTempPath(), $"log-{Guid.NewGuid():N}.csv");
        var jsonl = Path.ChangeExtension(csv, ".jsonl");
        try
        {
            await File.WriteAllTextAsync(csv, EventLog.ToCsv(events));
            await File.WriteAllLinesAsync(jsonl, events.Select(e => JsonSerializer.Serialize(new Dictionary<string, object?> { ["participant"] = e.Participant, ["week"] = e.Week, ["intervention"] = e.Intervention, ["reportedState"] = e.ReportedState })));
            var fromCsv = await CliRunner.RunAsync("learn", "--log", csv, "--preset", "crowdarb-multichannel", "--format", "json");
            var fromJson = await CliRunner.RunAsync("learn", "--log", jsonl, "--preset", "crowdarb-multichannel", "--format", "json", "--response-rates", "constant");
            Assert.Equal(0, fromCsv.ExitCode);
            Assert.Equal(fromCsv.Output, fromJson.Output);
            using var json = JsonDocument.Parse(fromCsv.Output);
            var root = json.RootElement;
            Assert.Equal(3, root.GetProperty("transition").GetArrayLength());
            Assert.Equal(3, root.GetProperty("transitionUncertainty").GetProperty("lower").GetArrayLength());
            var interventions = root.GetProperty("interventions").EnumerateArray().ToList();
            Assert.Equal(["email", "phone-call", "manager-escalation"], interventions.Select(i => i.GetProperty("name").GetString()));
            Assert.All(interventions, i => Assert.Equal(JsonValueKind.Number, i.GetProperty("responseRate").ValueKind));
            Assert.All(interventions, i => Assert.Equal(3, i.GetProperty("transition").GetArrayLength()));
            Assert.All(interventions, i => Assert.True(i.GetProperty("responseRateUncertainty").GetProperty("upper")[0].GetDouble() > i.GetProperty("responseRate").GetDouble()));

            var perState = await CliRunner.RunAsync("learn", "--log", csv, "--preset", "crowdarb-multichannel", "--response-rates", "per-state", "--format", "json");
            using var perStateJson = JsonDocument.Parse(perState.Output);
            Assert.Equal(3, perStateJson.RootElement.GetProperty("interventions")[1].GetProperty("responseRate").GetArrayLength());

            var table = await CliRunner.RunAsync("learn", "--log", csv, "--preset", "crowdarb-multichannel");
            Assert.Equal(0, table.ExitCode);
            Assert.Contains("phone-call response rate", table.Output);

            await File.WriteAllTextAsync(csv, "participant,week,intervention,reportedState\np1,0,,poor\np1,2,fax,\n");
            (await CliRunner.RunAsync("learn", "--log", csv)).AssertUserError("line 3: unknown intervention 'fax'");
            await File.WriteAllTextAsync(csv, "participant,week,intervention,reportedState\np1,zero,,poor\n");
            (await CliRunner.RunAsync("learn", "--log", csv)).AssertUserError("line 2: week 'zero' is not a whole number");
        }
        finally
        {
            File.Delete(csv);
            File.Delete(jsonl);
        }

        (await CliRunner.RunAsync("learn", "--log", "/no/such/log.csv")).AssertUserError("does not exist");
    }

    [Fact]
    public async Task Sensitivity_lists_every_entry()
    {
        var run = await CliRunner.RunAsync("sensitivity", "--belief", "0.67,0,0.33", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("invite", json.RootElement.GetProperty("bestAction").GetString());
        Assert.Equal("email-campaign", json.RootElement.GetProperty("contact").GetString());
        Assert.Equal(24, json.RootElement.GetProperty("entries").GetArrayLength());
        (await CliRunner.RunAsync("sensitivity", "--belief", "0.5,0.5")).AssertUserError("has 2 entries");
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("learn")]
    [InlineData("simulate")]
    [InlineData("sensitivity")]
    [InlineData("value")]
    public async Task Help_has_examples(string command)
    {
        var run = await CliRunner.RunAsync(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Output);
        Assert.Contains("crowdsourcing " + command, run.Output);
    }
}
