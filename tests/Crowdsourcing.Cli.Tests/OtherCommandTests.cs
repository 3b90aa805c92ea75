using System.Text.Json;

namespace Crowdsourcing.Cli.Tests;

public class OtherCommandTests
{
    [Fact]
    public async Task Value_reports_the_value_of_the_campaign()
    {
        var run = await CliRunner.RunAsync("value", "--preset", "crowdarb-paper", "--belief", "0.67,0,0.33", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(6.789, root.GetProperty("value").GetDouble(), 3);
        Assert.Equal(root.GetProperty("meuWithIntervention").GetDouble() - root.GetProperty("meu").GetDouble(), root.GetProperty("value").GetDouble(), 9);
        Assert.Equal(3, root.GetProperty("cost").GetDouble());
        Assert.True(root.GetProperty("contact").GetBoolean());
        Assert.Equal("invite", root.GetProperty("bestAction").GetString());
    }

    [Fact]
    public async Task Value_table_explains_per_state()
    {
        var run = await CliRunner.RunAsync("value", "--belief", "0,1,0");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("fair", run.Output);
        Assert.Contains("Value: 1.5", run.Output);
        Assert.Contains("do not contact", run.Output);
    }

    [Theory]
    [InlineData("0.5,0.5", "has 2 entries; the model has 3 states")]
    [InlineData("0.5,-0.1,0.6", "entry 2 (state 'fair') is -0.1; entries must be non-negative")]
    [InlineData("0.5,0.2,0.2", "sum to 0.9; they must sum to 1 within 1e-6")]
    [InlineData("0.5,x,0.5", "entry 2 ('x', state 'fair') is not a finite number")]
    public async Task Value_refuses_bad_beliefs(string belief, string fragment)
    {
        var run = await CliRunner.RunAsync("value", "--belief", belief);
        run.AssertUserError(fragment);
    }

    [Fact]
    public async Task Value_requires_a_belief()
    {
        var run = await CliRunner.RunAsync("value");
        run.AssertUserError("--belief");
    }

    [Fact]
    public async Task Exported_preset_validates_and_simulates()
    {
        var export = await CliRunner.RunAsync("model", "export", "--preset", "crowdarb-paper");
        Assert.Equal(0, export.ExitCode);
        Approvals.Verify(export.Output, "model-export-crowdarb-paper", "json");
        var file = Path.Combine(Path.GetTempPath(), $"crowdarb-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, export.Output);
            var validate = await CliRunner.RunAsync("model", "validate", file);
            Assert.Equal(0, validate.ExitCode);
            Assert.StartsWith("valid: 3 states (poor, fair, good)", validate.Output);
            var simulate = await CliRunner.RunAsync("simulate", "--model", file, "--policy", "myopic", "--format", "json");
            Assert.Equal(0, simulate.ExitCode);
            using var json = JsonDocument.Parse(simulate.Output);
            Assert.Equal(11, json.RootElement.GetProperty("thresholdCrossedWeek").GetInt32());
            var value = await CliRunner.RunAsync("value", "--model", file, "--belief", "1,0,0", "--format", "json");
            Assert.Equal(0, value.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Invalid_model_file_exits_2_with_the_path_on_stderr()
    {
        var export = await CliRunner.RunAsync("model", "export");
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        try
        {
            var json = export.Output.Replace("\"cost\": 3", "\"cost\": -3");
            await File.WriteAllTextAsync(file, json);
            var run = await CliRunner.RunAsync("model", "validate", file);
            run.AssertUserError("$.interventions[0].cost");
            await File.WriteAllTextAsync(file, "{ \"states\": ");
            run = await CliRunner.RunAsync("model", "validate", file);
            run.AssertUserError("(line 1, column 13): the JSON ends before an object or an array is closed");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Validate_of_a_missing_file_exits_2()
    {
        var run = await CliRunner.RunAsync("model", "validate", "/no/such/file.json");
        run.AssertUserError("the model file '/no/such/file.json' does not exist: there is no directory '/no/such'");
    }

    [Fact]
    public async Task Bench_reports_json()
    {
        var run = await CliRunner.RunAsync("bench", "--participants", "20000", "--cycles", "3", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(20000, root.GetProperty("participants").GetInt32());
        Assert.Equal(3, root.GetProperty("cycles").GetInt32());
        Assert.True(root.GetProperty("medianCycleMilliseconds").GetDouble() > 0);
        Assert.True(root.GetProperty("participantsPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task Bench_end_to_end_imports_reimports_and_runs_a_cycle_that_contacts_everyone_through_a_new_sqlite_store()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("crowdsourcing-bench-test-");
        try
        {
            var store = Path.Combine(folder.FullName, "bench.db");
            var run = await CliRunner.RunAsync("bench", "--end-to-end", "--store", store, "--participants", "500", "--format", "json");
            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.Output);
            var root = json.RootElement;
            Assert.Equal("SQLite", root.GetProperty("store").GetString());
            Assert.Equal(500, root.GetProperty("participants").GetInt32());
            Assert.Equal(500, root.GetProperty("contacts").GetInt32());
            foreach (var measure in new[] { "importSeconds", "reimportSeconds", "cycleSeconds", "engineCycleMilliseconds", "cycleToEngineRatio", "warmUpCycleSeconds" })
            {
                Assert.True(root.GetProperty(measure).GetDouble() > 0, measure);
            }

            Assert.True(root.GetProperty("cyclePeakMemoryBytes").GetInt64() > 0);

            // Processor time is counted in clock ticks (10 ms on Linux): a 500-participant cycle may take less than one.
            Assert.True(root.GetProperty("cycleCpuSeconds").GetDouble() >= 0);

            (await CliRunner.RunAsync("bench", "--end-to-end", "--store", store, "--participants", "500")).AssertUserError("needs a new store");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bench_refuses_bad_counts()
    {
        (await CliRunner.RunAsync("bench", "--cycles", "0")).AssertUserError("--cycles must be at least 1");
        (await CliRunner.RunAsync("bench", "--participants", "ten")).AssertUserError("ten");
    }

    [Fact]
    public async Task Version_and_help_work()
    {
        var version = await CliRunner.RunAsync("--version");
        Assert.Equal(0, version.ExitCode);
        // The version comes from git tags (MinVer): a semantic version such as 0.2.0 or 0.2.0-alpha.0.16, never 1.0.0 by default.
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?(\+\S+)?\s*$", version.Output);
        Assert.DoesNotMatch(@"^1\.0\.0\s*$", version.Output);
        var help = await CliRunner.RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("simulate", help.Output);
        Assert.Contains("bench", help.Output);
    }

    [Fact]
    public async Task Unknown_command_exits_2()
    {
        var run = await CliRunner.RunAsync("frobnicate");
        run.AssertUserError("frobnicate");
    }
}
