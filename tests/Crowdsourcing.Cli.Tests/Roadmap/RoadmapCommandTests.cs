using System.Text.Json;

namespace Crowdsourcing.Cli.Tests.Roadmap;

public sealed class RoadmapCommandTests
{
    private const string Spec = """
        {
          "name": "Line balancing for a packaging plant",
          "goal": "production-work",
          "taskKind": "micro-task",
          "sensitivity": "internal",
          "problemDistance": "core",
          "needs": { "insight": "low", "capability": "medium", "expertise": "low", "volume": "high" },
          "market": "b2b",
          "platform": "own"
        }
        """;

    [Fact]
    public async Task The_markdown_plan_walks_the_six_stages()
    {
        var run = await CliRunner.RunAsync("roadmap", "--spec", Samples.Path("initiative.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("# Crowdsourcing roadmap: Biofilm removal in food-grade pipes", run.Output, StringComparison.Ordinal);
        foreach (var stage in new[] { "## 1. Specify the task", "## 2. Select the crowd", "## 3. ", "## 4. ", "## 5. ", "## 6. " })
        {
            Assert.Contains(stage, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Configuration: **via-broker**", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    public static TheoryData<string> SampleSpecs => new(
        "initiative", "initiative-internal-ideation", "initiative-b2bc-crowdfunding", "initiative-labelling-micro-tasks", "initiative-cluster-co-creation");

    [Theory]
    [MemberData(nameof(SampleSpecs))]
    public async Task The_plan_of_each_sample_initiative_matches_its_approved_file(string sample)
    {
        var run = await CliRunner.RunAsync("roadmap", "--spec", Samples.Path(sample + ".json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Approvals.Verify(run.Output, "roadmap-" + sample, "md");
    }

    [Theory]
    [MemberData(nameof(SampleSpecs))]
    public async Task The_plan_excerpt_docs_roadmap_shows_for_each_sample_is_what_the_cli_prints(string sample)
    {
        // docs/roadmap.md, "Five plans, and what changed": each sample's heading names its file, and the ```markdown
        // block below it quotes the plan; "(…)" marks where a quoted line is cut short.
        var root = Path.GetFullPath(Path.Combine(Samples.Path(sample + ".json"), "..", "..", "..", ".."));
        var docs = (await File.ReadAllTextAsync(Path.Combine(root, "docs", "roadmap.md"))).ReplaceLineEndings("\n");
        var heading = docs.IndexOf($"(`{sample}.json`)", StringComparison.Ordinal);
        Assert.True(heading >= 0, $"docs/roadmap.md has no section for {sample}.json.");
        var start = docs.IndexOf("```markdown\n", heading, StringComparison.Ordinal) + "```markdown\n".Length;
        var excerpt = docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var run = await CliRunner.RunAsync("roadmap", "--spec", Samples.Path(sample + ".json"));

        Assert.Equal(0, run.ExitCode);
        Assert.NotEmpty(excerpt);
        foreach (var line in excerpt)
        {
            var quoted = line.Split(" (…)")[0];
            Assert.True(run.Output.Contains(quoted, StringComparison.Ordinal), $"docs/roadmap.md quotes a line the plan of {sample}.json does not have: {line}");
        }
    }

    [Fact]
    public async Task The_json_plan_carries_source_objects_ties_and_flags()
    {
        var run = await CliRunner.RunAsync("roadmap", "--spec", Samples.Path("initiative-b2bc-crowdfunding.json"), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var sources = root.GetProperty("stages").EnumerateArray()
            .SelectMany(s => s.GetProperty("recommendations").EnumerateArray().Concat(s.GetProperty("risks").EnumerateArray()))
            .SelectMany(r => r.GetProperty("sources").EnumerateArray())
            .ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var names = source.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.True(
                names.SequenceEqual(["kind", "document", "section", "quote"]) && source.GetProperty("kind").GetString() == "paper"
                || names.SequenceEqual(["kind", "rationale"]) && source.GetProperty("kind").GetString() == "heuristic",
                source.GetRawText());
        }

        var tie = Assert.Single(root.GetProperty("ties").EnumerateArray());
        Assert.Equal("configuration", tie.GetProperty("choice").GetString());
        Assert.Equal(["via-broker", "open"], tie.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.NotEmpty(tie.GetProperty("breakers").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("flags").ValueKind);
        Assert.Equal("outside", root.GetProperty("crowd").GetProperty("approach").GetString());
    }

    [Fact]
    public async Task A_spec_whose_inputs_cannot_both_hold_is_refused_naming_both_paths()
    {
        using var temp = new TempDirectory();
        var file = temp.File("spec.json");
        var spec = await File.ReadAllTextAsync(Samples.Path("initiative-b2bc-crowdfunding.json"));
        await File.WriteAllTextAsync(file, spec.Replace("\"sensitivity\": \"public\"", "\"sensitivity\": \"secret\"", StringComparison.Ordinal));

        var run = await CliRunner.RunAsync("roadmap", "--spec", file);

        run.AssertUserError("spec.json: Contradictory fields $.taskKind and $.sensitivity: a crowdfunding campaign collects resources from the population at large");
    }

    [Fact]
    public async Task The_json_plan_has_the_shape_the_roadmap_issue_names()
    {
        using var temp = new TempDirectory();
        var file = temp.File("spec.json");
        await File.WriteAllTextAsync(file, Spec);

        var run = await CliRunner.RunAsync("roadmap", "--spec", file, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var stages = root.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(6, stages.Length);
        Assert.Equal("Specify the task", stages[0].GetProperty("name").GetString());
        foreach (var stage in stages)
        {
            Assert.False(string.IsNullOrWhiteSpace(stage.GetProperty("name").GetString()));
            Assert.Equal(JsonValueKind.Array, stage.GetProperty("checklist").ValueKind);
            foreach (var recommendation in stage.GetProperty("recommendations").EnumerateArray())
            {
                Assert.False(string.IsNullOrWhiteSpace(recommendation.GetProperty("id").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(recommendation.GetProperty("text").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(recommendation.GetProperty("reason").GetString()));
                Assert.NotEmpty(recommendation.GetProperty("sources").EnumerateArray());
            }
        }

        Assert.Contains(stages, s => s.GetProperty("recommendations").GetArrayLength() > 0);
        var crowd = root.GetProperty("crowd");
        var layers = crowd.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(["general", "internal", "prequalified", "trusted-partners"], layers.Select(l => l.GetProperty("layer").GetString()).Order(StringComparer.Ordinal));
        var scores = layers.Select(l => l.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores); // ranked best first
        Assert.All(layers, l => Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("reason").GetString())));
        Assert.Contains(crowd.GetProperty("configuration").GetString(), new[] { "internal", "via-broker", "open" });
    }

    [Theory]
    [InlineData("\"volume\": \"high\"", "\"volume\": \"huge\"", "spec.json: Invalid field $.needs.volume: 'huge' is not one of low, medium, high.")]
    [InlineData(", \"volume\": \"high\"", "", "spec.json: Missing field $.needs.volume: it is required.")]
    [InlineData("\"goal\": \"production-work\"", "\"goal\": \"funding\"", "Contradictory fields $.goal and $.taskKind")]
    [InlineData("\"platform\": \"own\"", "\"platform\": \"own\", \"colour\": \"red\"", "colour")]
    [InlineData("\"market\": \"b2b\",", "\"market\": ", "spec.json: Invalid initiative spec at")]
    public async Task A_bad_spec_gets_one_line_naming_the_field(string find, string replace, string fragment)
    {
        using var temp = new TempDirectory();
        var file = temp.File("spec.json");
        await File.WriteAllTextAsync(file, Spec.Replace(find, replace, StringComparison.Ordinal));

        var run = await CliRunner.RunAsync("roadmap", "--spec", file);

        run.AssertUserError(fragment);
    }

    [Fact]
    public async Task A_missing_spec_file_or_option_is_refused()
    {
        (await CliRunner.RunAsync("roadmap", "--spec", "/no/such/spec.json")).AssertUserError("does not exist");
        (await CliRunner.RunAsync("roadmap")).AssertUserError("--spec");
        (await CliRunner.RunAsync("roadmap", "--spec", Samples.Path("initiative.json"), "--format", "yaml")).AssertUserError("yaml");
    }
}
