using System.CommandLine;
using System.Text.Json;

namespace Crowdsourcing.Cli.Tests;

/// <summary><c>--format json</c> works on every command: each one accepts it and writes one JSON document on standard output.</summary>
public sealed class FormatTests
{
    /// <summary>Arguments that make each command do its work quickly; every command of the tree must be listed.</summary>
    private static readonly Dictionary<string, string[]> Arguments = new(StringComparer.Ordinal)
    {
        ["simulate"] = ["--weeks", "2", "--participants", "10"],
        ["value"] = ["--belief", "0.67,0,0.33"],
        ["model validate"] = ["{model}"],
        ["model export"] = [],
        ["aggregate"] = ["--answers", "{sample:answers.csv}"],
        ["pomdp solve"] = ["{sample:tiger.pomdp}", "--horizon", "3"],
        ["bench"] = ["--participants", "1000", "--cycles", "1"],
        ["plan"] = ["--horizon", "2"],
        ["learn"] = ["--log", "{sample:history.csv}", "--preset", "crowdarb-multichannel"],
        ["sensitivity"] = ["--belief", "0.67,0,0.33"],
        ["plot"] = ["--out", "{temp}", "--resolution", "4", "--model", "{model-without-scenario}"],
        ["roadmap"] = ["--spec", "{sample:initiative.json}"],
        ["campaign init"] = ["{sample:campaign.json}", "--store", "{store}"],
        ["campaign import"] = ["{sample:participants.csv}", "--store", "{store}"],
        ["campaign record"] = ["{sample:submission.json}", "--store", "{store}"],
        ["campaign cycle"] = ["--store", "{store}"],
        ["campaign status"] = ["--store", "{store}"],
        ["campaign settings"] = ["--store", "{store}"],
        ["campaign learn"] = ["--store", "{store}"],
        ["campaign plan-report"] = ["--store", "{store}", "--weeks", "3"],
        ["campaign reconcile"] = ["--store", "{store}", "--campaign", "client-assessments"],
        ["campaign gold"] = ["acme", "w1-q2", "on-premises", "--store", "{store}", "--campaign", "client-assessments"],
        ["campaign seed"] = ["--from", "earlier-assessments", "--store", "{store}", "--campaign", "client-assessments"],
        ["campaign ask-another"] = ["acme", "w1-q2", "--store", "{store}", "--campaign", "client-assessments"],
        ["campaign cancel"] = ["acme-alice", "--reason", "duplicate", "--store", "{store}"],
        ["campaign reopen"] = ["acme-alice", "--reason", "incomplete", "--store", "{store}"],
        ["campaign delete"] = ["acme-alice", "--store", "{store}"],
        ["campaign review"] = ["acme-alice", "--level", "fair", "--store", "{store}"],
        ["campaign reviews"] = ["--request", "acme-alice", "--store", "{store}"],
        ["outbox list"] = ["--store", "{store}"],
        ["outbox requeue"] = ["--all", "--store", "{store}"],
        ["outbox dispatch"] = ["--store", "{store}"],
    };

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in Leaves())
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public void Every_command_of_the_tree_is_covered_here()
    {
        Assert.Equal(Leaves().Order(StringComparer.Ordinal), Arguments.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_a_format_option_that_accepts_json(string path)
    {
        var command = Find(path);
        var format = command.Options.SingleOrDefault(o => o.Name == "--format");

        Assert.NotNull(format);
        var errors = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)).Parse([.. path.Split(' '), "--format", "json"]).Errors;
        Assert.DoesNotContain(errors, e => e.Message.Contains("--format", StringComparison.Ordinal) || e.Message.Contains("json", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_writes_one_json_document_with_format_json(string path)
    {
        using var temp = new TempDirectory();
        var store = temp.File("crowd.db");
        if (path is "campaign reconcile" or "campaign gold" or "campaign seed" or "campaign ask-another")
        {
            // Answer reconciliation needs a single-choice question (w1-q2 made one), a submission, and for seed an earlier campaign.
            var campaign = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Samples.Path("campaign.json")))!;
            var question = campaign["questionnaire"]!["sections"]![0]!["questions"]![1]!;
            question["answerType"] = "single-choice";
            question["constraints"] = new System.Text.Json.Nodes.JsonObject { ["choices"] = new System.Text.Json.Nodes.JsonArray("on-premises", "cloud") };
            await File.WriteAllTextAsync(temp.File("choice.json"), campaign.ToJsonString());
            campaign["campaign"]!["id"] = "earlier-assessments";
            await File.WriteAllTextAsync(temp.File("earlier.json"), campaign.ToJsonString());
            var submission = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Samples.Path("submission.json")))!;
            submission["answers"]!["w1-q2"] = "on-premises";
            await File.WriteAllTextAsync(temp.File("submission.json"), submission.ToJsonString());
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", temp.File("choice.json"), "--store", store)).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", temp.File("earlier.json"), "--store", store)).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "import", Samples.Path("participants.csv"), "--store", store)).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "record", temp.File("submission.json"), "--store", store, "--campaign", "client-assessments")).ExitCode);
        }
        else if ((path.StartsWith("campaign ", StringComparison.Ordinal) && path != "campaign init") || path.StartsWith("outbox ", StringComparison.Ordinal))
        {
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", store)).ExitCode);
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "import", Samples.Path("participants.csv"), "--store", store)).ExitCode);
        }

        if (path is "campaign review" or "campaign reviews")
        {
            // A report to review: the sample submission's.
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "record", Samples.Path("submission.json"), "--store", store)).ExitCode);
        }

        if (path is "campaign cancel" or "campaign reopen" or "campaign delete")
        {
            // The request of the sample submission, accepted: reopened before it can be cancelled, cancelled before it can be deleted.
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "record", Samples.Path("submission.json"), "--store", store)).ExitCode);
            if (path != "campaign reopen")
            {
                Assert.Equal(0, (await CliRunner.RunAsync("campaign", "reopen", "acme-alice", "--reason", "incomplete", "--store", store)).ExitCode);
            }

            if (path == "campaign delete")
            {
                Assert.Equal(0, (await CliRunner.RunAsync("campaign", "cancel", "acme-alice", "--store", store)).ExitCode);
            }
        }

        if (path == "campaign learn")
        {
            // Learning needs a history: one recorded cycle.
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "cycle", "--store", store)).ExitCode);
        }

        var export = await CliRunner.RunAsync("model", "export");
        var model = temp.File("model.json");
        await File.WriteAllTextAsync(model, export.Output);
        var withoutScenario = System.Text.Json.Nodes.JsonNode.Parse(export.Output)!.AsObject();
        withoutScenario.Remove("scenario");
        await File.WriteAllTextAsync(temp.File("model-without-scenario.json"), withoutScenario.ToJsonString());

        string Resolve(string argument) => argument switch
        {
            "{model}" => model,
            "{model-without-scenario}" => temp.File("model-without-scenario.json"),
            "{temp}" => temp.File("plots"),
            "{store}" => store,
            _ when argument.StartsWith("{sample:", StringComparison.Ordinal) => Samples.Path(argument[8..^1]),
            _ => argument,
        };

        var run = await CliRunner.RunAsync([.. path.Split(' '), .. Arguments[path].Select(Resolve), "--format", "json"]);

        Assert.True(run.ExitCode == 0, $"{path} --format json: exit {run.ExitCode}: {run.Error}");
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }

    private static Command Find(string path) =>
        path.Split(' ').Aggregate((Command)CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)), (c, name) => c.Subcommands.Single(s => s.Name == name));

    /// <summary>Every command that does work (has no sub-commands), by its path.</summary>
    private static IEnumerable<string> Leaves()
    {
        var root = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));
        return Walk(root, string.Empty);

        static IEnumerable<string> Walk(Command command, string prefix)
        {
            if (command.Subcommands.Count == 0)
            {
                yield return prefix;
            }

            foreach (var child in command.Subcommands)
            {
                foreach (var path in Walk(child, prefix.Length == 0 ? child.Name : $"{prefix} {child.Name}"))
                {
                    yield return path;
                }
            }
        }
    }
}
