namespace Crowdsourcing.Cli.Tests.Campaigns;

/// <summary>The tests that set environment variables: they run alone, after the others, so that no other command
/// sees their settings.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "environment variables";
}

/// <summary>
/// The command line takes its limits from the environment like its other settings: the runtime's input limits
/// (<c>Crowdsourcing__Limits__…</c>) for what its files hold, and its own file limits
/// (<c>Crowdsourcing__Cli__MaxInputFileBytes</c>, <c>Crowdsourcing__Cli__MaxParticipantRows</c>). A lowered limit is
/// refused with one line naming the file, where, and the limit; the store is unchanged.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfiguredLimitsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Store => _temp.File("campaign.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Import_refuses_a_display_name_over_the_configured_name_limit_naming_the_line_and_column()
    {
        await SeedAsync();
        var file = await CsvAsync("id,displayName,layer\nann,Ann,internal\nlong," + new string('n', 60) + ",internal\n");
        var before = await FailedCommandTests.SnapshotAsync(Store);

        CliRun run;
        using (new EnvironmentVariables(("Crowdsourcing__Limits__MaxNameLength", "50")))
        {
            run = await CliRunner.RunAsync("campaign", "import", file, "--store", Store);
        }

        run.AssertUserError("participants.csv line 3, column 'displayName': Participant.DisplayName must be at most 50 characters (value has 60)");
        Assert.Equal(before, await FailedCommandTests.SnapshotAsync(Store));
    }

    [Fact]
    public async Task Init_refuses_a_participant_over_the_configured_name_limit_naming_the_JSON_path_and_creates_no_store()
    {
        var text = (await File.ReadAllTextAsync(Samples.Path("campaign.json"))).TrimStart();
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        var file = _temp.File("campaign.json");
        await File.WriteAllTextAsync(file, $$"""{ "participants": [ { "id": "ann", "displayName": "Ann", "layer": "internal" }, { "id": "long", "displayName": "{{new string('m', 120)}}", "layer": "internal" } ],""" + text[1..]);

        CliRun run;
        using (new EnvironmentVariables(("Crowdsourcing__Limits__MaxNameLength", "100")))
        {
            run = await CliRunner.RunAsync("campaign", "init", file, "--store", Store);
        }

        run.AssertUserError("campaign.json: $.participants[1]: Participant.DisplayName must be at most 100 characters (value has 120)");
        Assert.False(File.Exists(Store), "a refused init created the store");
    }

    [Fact]
    public async Task Import_refuses_more_rows_than_the_configured_row_limit()
    {
        await SeedAsync();
        var before = await FailedCommandTests.SnapshotAsync(Store);

        CliRun run;
        using (new EnvironmentVariables(("Crowdsourcing__Cli__MaxParticipantRows", "2")))
        {
            run = await CliRunner.RunAsync("campaign", "import", Samples.Path("participants.csv"), "--store", Store);
        }

        run.AssertUserError("participants.csv: 8 rows; a participants file may have at most 2 (split it into several imports)");
        Assert.Equal(before, await FailedCommandTests.SnapshotAsync(Store));
    }

    [Fact]
    public async Task An_input_file_over_the_configured_size_is_refused_before_it_is_read()
    {
        await SeedAsync();
        var file = await CsvAsync("id,displayName,layer\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"p{i},Person {i},internal\n")));
        var before = await FailedCommandTests.SnapshotAsync(Store);

        CliRun run;
        using (new EnvironmentVariables(("Crowdsourcing__Cli__MaxInputFileBytes", "1024")))
        {
            run = await CliRunner.RunAsync("campaign", "import", file, "--store", Store);
        }

        run.AssertUserError("bytes; the command line reads input files of at most 1,024 bytes (1 KiB)");
        Assert.Equal(before, await FailedCommandTests.SnapshotAsync(Store));
    }

    [Theory]
    [InlineData("Crowdsourcing__Cli__MaxInputFileBytes", "1000000000", "the environment variable Crowdsourcing__Cli__MaxInputFileBytes must be a whole number from 1,024 to 268,435,456, which the command line may lower but not raise (value: '1000000000')")]
    [InlineData("Crowdsourcing__Cli__MaxParticipantRows", "many", "the environment variable Crowdsourcing__Cli__MaxParticipantRows must be a whole number from 1 to 1,000,000, which the command line may lower but not raise (value: 'many')")]
    public async Task A_file_limit_set_out_of_its_range_is_an_error_naming_the_variable(string variable, string value, string fragment)
    {
        CliRun run;
        using (new EnvironmentVariables((variable, value)))
        {
            run = await CliRunner.RunAsync("campaign", "import", Samples.Path("participants.csv"), "--store", Store);
        }

        run.AssertUserError(fragment);
        Assert.False(File.Exists(Store), "a refused import created the store");
    }

    [Fact]
    public async Task An_input_limit_set_above_the_model_limit_stops_the_runtime_naming_the_key()
    {
        CliRun run;
        using (new EnvironmentVariables(("Crowdsourcing__Limits__MaxNameLength", "500")))
        {
            run = await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", Store);
        }

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Crowdsourcing:Limits:MaxNameLength must be from 20 to 200, the model's own limit, which a host may lower but not raise (value: 500)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused init created the store");
    }

    private async Task SeedAsync()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", Store)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "import", Samples.Path("participants.csv"), "--store", Store)).ExitCode);
    }

    private async Task<string> CsvAsync(string csv)
    {
        var file = _temp.File("participants.csv");
        await File.WriteAllTextAsync(file, csv);
        return file;
    }

    /// <summary>Sets environment variables until disposed, then restores them.</summary>
    private sealed class EnvironmentVariables : IDisposable
    {
        private readonly (string Name, string? Value)[] _saved;

        public EnvironmentVariables(params (string Name, string Value)[] variables)
        {
            _saved = [.. variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name)))];
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
