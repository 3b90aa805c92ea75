using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crowdsourcing.Cli.Tests.Campaigns;

/// <summary>
/// Answer reconciliation from the command line against a temporary SQLite file: the sample campaign with w1-q2 made a
/// single-choice question ("on-premises" or "cloud"), and three experts' submissions about ACME that disagree.
/// </summary>
public sealed class ReconcileCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Store => _temp.File("campaign.db");

    public void Dispose() => _temp.Dispose();

    private async Task SetUpAsync()
    {
        var campaign = JsonNode.Parse(await File.ReadAllTextAsync(Samples.Path("campaign.json")))!;
        var question = campaign["questionnaire"]!["sections"]![0]!["questions"]![1]!;
        question["answerType"] = "single-choice";
        question["constraints"] = new JsonObject { ["choices"] = new JsonArray("on-premises", "cloud") };
        var campaignFile = _temp.File("campaign.json");
        await File.WriteAllTextAsync(campaignFile, campaign.ToJsonString());
        await Ok("campaign", "init", campaignFile);
        await Ok("campaign", "import", Samples.Path("participants.csv"));
        foreach (var (expert, hosting) in new[] { ("alice", "on-premises"), ("bob", "cloud"), ("carol", "on-premises") })
        {
            var submission = JsonNode.Parse(await File.ReadAllTextAsync(Samples.Path("submission.json")))!;
            submission["assignment"] = $"acme-{expert}";
            submission["participant"] = expert;
            submission["answers"]!["w1-q2"] = hosting;
            var file = _temp.File($"{expert}.json");
            await File.WriteAllTextAsync(file, submission.ToJsonString());
            await Ok("campaign", "record", file);
        }
    }

    [Fact]
    public async Task Reconcile_shows_the_inferred_answer_its_confidence_and_who_answered_what_and_keeps_the_reliabilities()
    {
        await SetUpAsync();

        var result = await Json("campaign", "reconcile");
        var request = await Json("campaign", "reconcile", "--assignment", "acme-bob");
        var table = (await Ok("campaign", "reconcile")).Output;

        Assert.Equal("dawid-skene", result.GetProperty("method").GetString());
        var answer = Assert.Single(result.GetProperty("answers").EnumerateArray());
        Assert.Equal(("acme", "w1-q2", "on-premises"), (answer.GetProperty("subject").GetString(), answer.GetProperty("question").GetString(), answer.GetProperty("answer").GetString()));
        Assert.True(answer.GetProperty("confidence").GetDouble() > 0.5);
        Assert.True(answer.GetProperty("disagreement").GetBoolean());
        Assert.Equal(["alice:on-premises", "bob:cloud", "carol:on-premises"], answer.GetProperty("experts").EnumerateArray().Select(e => $"{e.GetProperty("participant").GetString()}:{e.GetProperty("value").GetString()}"));
        Assert.Equal(3, result.GetProperty("experts").GetArrayLength());
        Assert.Equal(2, result.GetProperty("experts")[0].GetProperty("confusion").GetArrayLength());
        Assert.Equal("acme-bob", request.GetProperty("assignment").GetString());
        Assert.Single(request.GetProperty("answers").EnumerateArray());
        Assert.Contains("acme w1-q2: 'on-premises' (confidence ", table, StringComparison.Ordinal);
        Assert.Contains("experts disagree [alice: on-premises, bob: cloud, carol: on-premises]", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gold_fixes_the_answer_and_ask_another_records_its_decision()
    {
        await SetUpAsync();

        Assert.Contains("gold answer of w1-q2 about acme: 'cloud'", (await Ok("campaign", "gold", "acme", "w1-q2", "cloud")).Output, StringComparison.Ordinal);
        var result = await Json("campaign", "reconcile");
        var decision = await Json("campaign", "ask-another", "acme", "w1-q2");
        var refused = await CliRunner.RunAsync(["campaign", "gold", "acme", "w1-q2", "hybrid", "--store", Store]);

        var answer = result.GetProperty("answers")[0];
        Assert.Equal(("cloud", 1.0, "cloud"), (answer.GetProperty("answer").GetString(), answer.GetProperty("confidence").GetDouble(), answer.GetProperty("gold").GetString()));
        Assert.False(decision.GetProperty("asked").GetBoolean());
        Assert.Equal(0, decision.GetProperty("value").GetDouble());
        Assert.Equal(0.05, decision.GetProperty("cost").GetDouble());
        Assert.Contains("do not ask", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("'hybrid' is not a choice of question 'w1-q2'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("removed", (await Ok("campaign", "gold", "acme", "w1-q2", "--clear")).Output, StringComparison.Ordinal);
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
