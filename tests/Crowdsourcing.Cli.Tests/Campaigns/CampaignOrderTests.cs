using System.Text.Json;
using Crowdsourcing.Cli.Campaigns;

namespace Crowdsourcing.Cli.Tests.Campaigns;

/// <summary>The campaign commands come after <c>campaign init</c>, and a command that fails writes nothing.</summary>
public sealed class CampaignOrderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Store => _temp.File("campaign.db");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("import", "participants.csv")]
    [InlineData("record", "submission.json")]
    [InlineData("cycle", null)]
    [InlineData("status", null)]
    public async Task Before_init_every_campaign_command_refuses_naming_campaign_init_and_creates_nothing(string command, string? sample)
    {
        string[] args = sample is null ? ["campaign", command, "--store", Store] : ["campaign", command, Samples.Path(sample), "--store", Store];

        var run = await CliRunner.RunAsync(args);

        run.AssertUserError("create it with `crowdsourcing campaign init FILE");
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_campaign_the_runtime_refuses_leaves_no_new_store_behind()
    {
        var file = await CampaignFileWith("\"questionnaireId\": \"client-assessment\"", "\"questionnaireId\": \"other\"");

        var run = await CliRunner.RunAsync("campaign", "init", file, "--store", Store);

        run.AssertUserError("other");
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_campaign_the_runtime_refuses_leaves_an_existing_store_as_it_was()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", Store)).ExitCode);
        var text = await File.ReadAllTextAsync(Samples.Path("campaign.json"));
        text = text.Replace("\"id\": \"client-discovery\"", "\"id\": \"second-task\"", StringComparison.Ordinal)
            .Replace("\"taskId\": \"client-discovery\"", "\"taskId\": \"second-task\"", StringComparison.Ordinal)
            .Replace("\"id\": \"client-assessments\"", "\"id\": \"second-campaign\"", StringComparison.Ordinal)
            .Replace("\"questionnaireId\": \"client-assessment\"", "\"questionnaireId\": \"no-such-questionnaire\"", StringComparison.Ordinal);
        var file = _temp.File("second.json");
        await File.WriteAllTextAsync(file, text);

        var run = await CliRunner.RunAsync("campaign", "init", file, "--store", Store);

        run.AssertUserError("no-such-questionnaire");
        var runtime = await RuntimeHost.OpenAsync(Store, create: false, CancellationToken.None);
        await using (runtime)
        {
            Assert.Null(await runtime.Store.Tasks.FindAsync("second-task"));
            Assert.Null(await runtime.Store.Campaigns.FindAsync("second-campaign"));
        }
    }

    [Fact]
    public async Task A_campaign_with_the_id_of_another_one_is_refused_before_anything_is_written()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", Store)).ExitCode);
        var text = (await File.ReadAllTextAsync(Samples.Path("campaign.json")))
            .Replace("\"id\": \"client-discovery\"", "\"id\": \"third-task\"", StringComparison.Ordinal)
            .Replace("\"taskId\": \"client-discovery\"", "\"taskId\": \"third-task\"", StringComparison.Ordinal);
        var file = _temp.File("third.json");
        await File.WriteAllTextAsync(file, text);

        var run = await CliRunner.RunAsync("campaign", "init", file, "--store", Store);

        Assert.Equal(2, run.ExitCode);
        var runtime = await RuntimeHost.OpenAsync(Store, create: false, CancellationToken.None);
        await using (runtime)
        {
            Assert.Null(await runtime.Store.Tasks.FindAsync("third-task"));
            Assert.Equal("client-discovery", (await runtime.Store.Campaigns.FindAsync("client-assessments"))!.TaskId);
        }
    }

    [Fact]
    public async Task Status_before_the_first_cycle_reports_week_0_from_the_models_prior()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", Store)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "import", Samples.Path("participants.csv"), "--store", Store)).ExitCode);

        var json = await CliRunner.RunAsync("campaign", "status", "--store", Store, "--format", "json");
        var table = await CliRunner.RunAsync("campaign", "status", "--store", Store);

        using var document = JsonDocument.Parse(json.Output);
        var root = document.RootElement;
        var prior = root.GetProperty("prior");
        Assert.Equal(0.6, prior.GetProperty("belief").GetProperty("poor").GetDouble(), 9);
        Assert.Equal(0.3, prior.GetProperty("belief").GetProperty("fair").GetDouble(), 9);
        Assert.Equal(0.1, prior.GetProperty("belief").GetProperty("good").GetDouble(), 9);
        Assert.Equal("leave-out", prior.GetProperty("bestAction").GetString());
        var perParticipant = prior.GetProperty("expectedUtility").GetDouble();
        Assert.Equal(0, root.GetProperty("workshop").GetProperty("week").GetInt32());
        Assert.Equal(8 * perParticipant, root.GetProperty("workshop").GetProperty("totalExpectedUtility").GetDouble(), 9);
        Assert.Contains("week 0, before the first cycle: each participant is at the model's prior (poor 0.6, fair 0.3, good 0.1), worth 0 (best action leave-out)", table.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "cycle", "--store", Store)).ExitCode);
        using var after = JsonDocument.Parse((await CliRunner.RunAsync("campaign", "status", "--store", Store, "--format", "json")).Output);
        Assert.Equal(JsonValueKind.Null, after.RootElement.GetProperty("prior").ValueKind);
    }

    private async Task<string> CampaignFileWith(string find, string replace)
    {
        var text = await File.ReadAllTextAsync(Samples.Path("campaign.json"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        var file = _temp.File("campaign.json");
        await File.WriteAllTextAsync(file, text.Replace(find, replace, StringComparison.Ordinal));
        return file;
    }
}
