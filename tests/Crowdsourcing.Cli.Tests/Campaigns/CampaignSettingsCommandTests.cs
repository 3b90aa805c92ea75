using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crowdsourcing.Cli.Campaigns;

namespace Crowdsourcing.Cli.Tests.Campaigns;

/// <summary>`campaign settings` and `campaign cycle` on the campaign's schedule, against a temporary SQLite file.</summary>
public sealed class CampaignSettingsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Store => _temp.File("campaign.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Cycle_twice_in_a_row_contacts_nobody_again_before_the_next_cycle_is_due_and_force_runs_it()
    {
        // The sample campaign, starting eight days ago with weekly cycles: cycle 1 is due, cycle 2 in six days.
        var file = CampaignStartingAt(DateTimeOffset.UtcNow.AddDays(-8));
        await Json("campaign", "init", file);
        await Json("campaign", "import", Samples.Path("participants.csv"));

        var first = await Json("campaign", "cycle");
        Assert.Equal(1, first.GetProperty("cycle").GetInt32());
        Assert.False(first.GetProperty("alreadyRecorded").GetBoolean());
        Assert.NotEqual(0, first.GetProperty("contacts").GetArrayLength());

        var second = await Json("campaign", "cycle");
        Assert.Equal(1, second.GetProperty("cycle").GetInt32());
        Assert.True(second.GetProperty("alreadyRecorded").GetBoolean());
        Assert.True(second.TryGetProperty("nextDueAt", out _));
        var table = await Ok("campaign", "cycle");
        Assert.Contains("was already recorded; nobody was contacted again. The next cycle is due at", table.Output, StringComparison.Ordinal);

        var forced = await Json("campaign", "cycle", "--force");
        Assert.Equal(2, forced.GetProperty("cycle").GetInt32());
        Assert.False(forced.GetProperty("alreadyRecorded").GetBoolean());
        Assert.False(string.IsNullOrEmpty(forced.GetProperty("forcedBy").GetString()));
    }

    [Fact]
    public async Task Settings_are_stored_as_a_new_version_and_the_next_cycle_decides_with_them()
    {
        await Json("campaign", "init", CampaignStartingAt(DateTimeOffset.UtcNow.AddDays(-8)));
        await Json("campaign", "import", Samples.Path("participants.csv"));
        var shown = await Json("campaign", "settings");
        Assert.False(shown.GetProperty("changed").GetBoolean());
        var version = shown.GetProperty("version").GetInt64();

        var set = await Json("campaign", "settings", "--policy", "least-spend", "--workshop-week", "6", "--threshold", "120", "--budget", "3", "--budget-kind", "count");
        Assert.True(set.GetProperty("changed").GetBoolean());
        Assert.Equal(version + 1, set.GetProperty("version").GetInt64());
        Assert.Equal("least-spend", set.GetProperty("policy").GetString());
        Assert.Equal(6, set.GetProperty("workshopWeek").GetInt32());
        Assert.Equal(3, set.GetProperty("budget").GetDouble());

        var cycle = await Json("campaign", "cycle");
        Assert.Equal("least-spend-budget", cycle.GetProperty("policy").GetString());
        Assert.Equal(1, cycle.GetProperty("modelVersion").GetInt32());
        Assert.Equal(6, cycle.GetProperty("weeksToWorkshop").GetInt32());
        Assert.Equal(3, cycle.GetProperty("budget").GetDouble());
        Assert.True(cycle.GetProperty("contacts").GetArrayLength() <= 3);
        Assert.All(cycle.GetProperty("contacts").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("why").GetString())));

        // Bad settings change nothing and say what is wrong.
        (await CliRunner.RunAsync("campaign", "settings", "--policy", "planned", "--workshop-week", "-1", "--store", Store)).AssertUserError("WorkshopWeek must be between 0 and 10000");
        (await CliRunner.RunAsync("campaign", "settings", "--policy", "nope", "--store", Store)).AssertUserError("No contact policy is registered as 'nope'");
        (await CliRunner.RunAsync("campaign", "settings", "--intervention", "phone", "--store", Store)).AssertUserError("has no intervention 'phone'");
        Assert.Equal(version + 1, (await Json("campaign", "settings")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Learn_shows_the_model_learned_from_the_history_beside_the_current_one_and_adopt_makes_it_the_next_version()
    {
        await Json("campaign", "init", CampaignStartingAt(DateTimeOffset.UtcNow.AddDays(-8)));
        await Json("campaign", "import", Samples.Path("participants.csv"));
        (await CliRunner.RunAsync("campaign", "learn", "--store", Store)).AssertUserError("no recorded cycle yet");

        await Json("campaign", "record", Samples.Path("submission.json"));
        await Json("campaign", "cycle");
        var learned = await Json("campaign", "learn");
        Assert.Equal(1, learned.GetProperty("currentModelVersion").GetInt32());
        Assert.Equal(1, learned.GetProperty("toCycle").GetInt32());
        Assert.Equal(8, learned.GetProperty("participants").GetInt32());
        Assert.Equal(3, learned.GetProperty("transition").GetProperty("learned").GetArrayLength());
        Assert.False(learned.TryGetProperty("adoptedModelVersion", out _));
        Assert.Equal(10, learned.GetProperty("priorStrength").GetDouble());
        var plans = learned.GetProperty("plans");
        Assert.Equal(1, plans.GetProperty("week").GetInt32());
        Assert.True(plans.GetProperty("current").GetProperty("expectedSpend").GetDouble() >= 0);
        Assert.True(plans.GetProperty("learned").TryGetProperty("mostLikelyCrossingWeek", out _));
        var table = await Ok("campaign", "learn");
        Assert.Contains("T (left alone)", table.Output, StringComparison.Ordinal);
        Assert.Contains("how the plan would change", table.Output, StringComparison.Ordinal);
        Assert.Contains("learned model: ", table.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was recorded", table.Output, StringComparison.Ordinal);

        var adopted = await Json("campaign", "learn", "--adopt");
        Assert.Equal(2, adopted.GetProperty("adoptedModelVersion").GetInt32());
        Assert.Equal(2, (await Json("campaign", "settings")).GetProperty("modelVersion").GetInt32());
        var forced = await Json("campaign", "cycle", "--force");
        Assert.Equal(2, forced.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task Review_records_an_analyst_s_level_for_a_report_as_the_operator_reviews_lists_them_and_learn_counts_them()
    {
        await Json("campaign", "init", CampaignStartingAt(DateTimeOffset.UtcNow.AddDays(-8)));
        await Json("campaign", "import", Samples.Path("participants.csv"));
        (await CliRunner.RunAsync("campaign", "review", "acme-alice", "--level", "fair", "--store", Store)).AssertUserError("no knowledge request 'acme-alice'");
        await Json("campaign", "record", Samples.Path("submission.json"));

        var reports = await Json("campaign", "reviews", "--request", "acme-alice");
        var report = Assert.Single(reports.GetProperty("reports").EnumerateArray().ToArray());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("review").ValueKind);
        var assessedAt = report.GetProperty("assessedAt").GetString()!;

        var first = await Json("campaign", "review", "acme-alice", "--level", "poor", "--comment", "Two sections are copies.");
        Assert.Equal((assessedAt, "good", "poor", RuntimeHost.Operator.Id, 1L), (first.GetProperty("assessedAt").GetString(), first.GetProperty("reportedLevel").GetString(), first.GetProperty("reviewedLevel").GetString(), first.GetProperty("reviewedBy").GetString(), first.GetProperty("version").GetInt64()));
        var second = await Json("campaign", "review", "acme-alice", "--level", "fair", "--report", assessedAt);
        Assert.Equal(2L, second.GetProperty("version").GetInt64());
        (await CliRunner.RunAsync("campaign", "review", "acme-alice", "--level", "good", "--version", "1", "--store", Store)).AssertUserError("expected version 1 but version 2 is stored");
        (await CliRunner.RunAsync("campaign", "review", "acme-alice", "--level", "excellent", "--store", Store)).AssertUserError("its levels are poor, fair, good");
        (await CliRunner.RunAsync("campaign", "review", "acme-alice", "--level", "good", "--report", "yesterday", "--store", Store)).AssertUserError("is not a time");

        var listed = await Json("campaign", "reviews");
        Assert.Equal("fair", Assert.Single(listed.GetProperty("reviews").EnumerateArray().ToArray()).GetProperty("reviewedLevel").GetString());
        Assert.Contains("reported good, found fair", (await Ok("campaign", "reviews")).Output, StringComparison.Ordinal);

        await Json("campaign", "cycle");
        var learned = await Json("campaign", "learn");
        Assert.Equal(1, learned.GetProperty("reviewedReports").GetInt32());
        Assert.Contains("(1 reviewed by an analyst)", (await Ok("campaign", "learn")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_report_shows_the_plan_beside_the_recorded_cycles_and_the_forecast_crossing_week()
    {
        await Json("campaign", "init", CampaignStartingAt(DateTimeOffset.UtcNow.AddDays(-8)));
        await Json("campaign", "import", Samples.Path("participants.csv"));
        await Json("campaign", "settings", "--policy", "myopic", "--workshop-week", "3");
        await Json("campaign", "cycle");

        var report = await Json("campaign", "plan-report");
        Assert.Equal("myopic", report.GetProperty("policy").GetString());
        Assert.Equal(1, report.GetProperty("week").GetInt32());
        Assert.Equal(3, report.GetProperty("workshopWeek").GetInt32());
        var weeks = report.GetProperty("weeks");
        Assert.Equal(8, weeks.GetArrayLength()); // weeks 0-7: 4 past the workshop week
        Assert.NotEqual(JsonValueKind.Null, weeks[1].GetProperty("recordedTotal").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, weeks[1].GetProperty("forecastTotal").ValueKind);
        Assert.Equal(JsonValueKind.Null, weeks[0].GetProperty("forecastTotal").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, weeks[0].GetProperty("actualTotal").ValueKind); // cycle 1's starting total, read back from the store
        Assert.Equal(0.8, report.GetProperty("forecast").GetProperty("intervalLevel").GetDouble());
        Assert.Equal(4, (await Json("campaign", "plan-report", "--weeks", "2")).GetProperty("weeks").GetArrayLength());

        var table = await Ok("campaign", "plan-report");
        Assert.Contains("crossing the threshold, forecast from now:", table.Output, StringComparison.Ordinal);
        Assert.Contains("policy myopic", table.Output, StringComparison.Ordinal);
        (await CliRunner.RunAsync("campaign", "plan-report", "--weeks", "0", "--store", Store)).AssertUserError("from 1 to 520");
    }

    private string CampaignStartingAt(DateTimeOffset start)
    {
        var json = JsonNode.Parse(File.ReadAllText(Samples.Path("campaign.json")))!;
        json["campaign"]!["startsAt"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var path = _temp.File("campaign.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private async Task<CliRun> Ok(params string[] args)
    {
        var run = await CliRunner.RunAsync([.. args, "--store", Store]);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: exit {run.ExitCode}: {run.Error}");
        return run;
    }

    private async Task<JsonElement> Json(params string[] args)
    {
        var run = await Ok([.. args, "--format", "json"]);
        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    }
}
