namespace Crowdsourcing.Cli.Tests;

/// <summary>Every JSON input of the tool fails in the user's words: the file, the JSON path, the line and column and
/// what was expected, never a .NET type name or System.Text.Json's own tail.</summary>
public sealed class JsonInputErrorTests : IDisposable
{
    private static readonly string[] Internals = ["System.", ".NET", "Dto", "LineNumber", "BytePositionInLine", "Path: $", "could not be converted", "could not be mapped"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("{\"states\": [\"a\", \"b\"], \"colour\": 1}", "m.json: $.colour (line 1, column 33): 'colour' is not a property here; expected 'name', 'rowNormalization', 'states', 'actions', 'utility', 'transition', 'interventions', 'scenario'")]
    [InlineData("{\"states\": [\"a\", \"b\"], \"utility\": [[\"x\"]]}", "m.json: $.utility[0][0] (line 1, column 40): expected a number; found the string \"x\"")]
    [InlineData("{\"states\": \"a\"}", "m.json: $.states (line 1, column 15): expected an array of strings; found the string \"a\"")]
    [InlineData("{\"name\": 1}", "m.json: $.name (line 1, column 11): expected a string; found the number 1")]
    [InlineData("{\n  \"states\": [\"a\",\n", "(line 3, column 1): the JSON ends too early")]
    [InlineData("", "there is no JSON: the text is empty")]
    public async Task A_model_file(string json, string expected)
    {
        var file = _temp.File("m.json");
        await File.WriteAllTextAsync(file, json);

        var run = await CliRunner.RunAsync("model", "validate", file);

        run.AssertUserError(expected);
        AssertNoInternals(run.Error);
    }

    [Theory]
    [InlineData("\"workshopThreshold\": 150", "\"workshopThreshold\": \"high\"", "campaign.json: $.campaign.workshopThreshold (line ", "expected a number; found the string \"high\"")]
    [InlineData("\"kind\": \"macro-task\"", "\"kind\": 3", "campaign.json: $.task.kind (line 5, column 14): expected one of ", "'macro-task'")]
    [InlineData("\"mandatory\": true", "\"mandatory\": \"yes\"", "campaign.json: $.questionnaire.sections[0].questions[0].mandatory (line ", "expected true or false; found the string \"yes\"")]
    [InlineData("\"task\": {", "\"task\": {,", "campaign.json: not valid JSON: line 2, column ", "")]
    public async Task A_campaign_file(string find, string replace, string expected, string expectedToo)
    {
        var text = await File.ReadAllTextAsync(Samples.Path("campaign.json"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        var file = _temp.File("campaign.json");
        await File.WriteAllTextAsync(file, text.Replace(find, replace, StringComparison.Ordinal));

        var run = await CliRunner.RunAsync("campaign", "init", file, "--store", _temp.File("crowd.db"));

        run.AssertUserError(expected);
        Assert.Contains(expectedToo, run.Error, StringComparison.Ordinal);
        AssertNoInternals(run.Error);
        Assert.False(File.Exists(_temp.File("crowd.db")));
    }

    [Fact]
    public async Task A_campaign_file_that_misses_a_required_property()
    {
        var file = _temp.File("campaign.json");
        await File.WriteAllTextAsync(file, """{"task": {"id": "t"}, "questionnaire": {}, "campaign": {}}""");

        var run = await CliRunner.RunAsync("campaign", "init", file, "--store", _temp.File("crowd.db"));

        run.AssertUserError("campaign.json: $.task (line 1, column 21): the required properties 'name', 'kind', 'confidentiality', 'allowedLayers' are missing (a CrowdTask needs them)");
    }

    [Fact]
    public async Task A_submission_file()
    {
        var file = _temp.File("submission.json");
        await File.WriteAllTextAsync(file, "{ \"assignment\": \"a1\",\n  \"answers\": { \"q\": \"x\" ");

        var run = await CliRunner.RunAsync("campaign", "record", file, "--store", _temp.File("crowd.db"));

        run.AssertUserError("submission.json: not valid JSON: line 2, column ");
        AssertNoInternals(run.Error);
    }

    [Fact]
    public async Task An_event_log_in_json_lines()
    {
        var file = _temp.File("log.jsonl");
        await File.WriteAllTextAsync(file, "{\"participant\":\"p\",\"week\":0}\n{\"participant\": }\n");

        var run = await CliRunner.RunAsync("learn", "--log", file);

        run.AssertUserError("log.jsonl: line 2: invalid JSON at column 17: '}' cannot start a value");
        AssertNoInternals(run.Error);
    }

    [Fact]
    public async Task An_initiative_spec()
    {
        var file = _temp.File("spec.json");
        await File.WriteAllTextAsync(file, "{\"name\": \"x\",\n \"goal\": 3}");

        var run = await CliRunner.RunAsync("roadmap", "--spec", file);

        run.AssertUserError("spec.json: Invalid initiative spec at $.goal (line 2, column 11): expected a string; found the number 3");
        AssertNoInternals(run.Error);
    }

    private static void AssertNoInternals(string error)
    {
        foreach (var fragment in Internals)
        {
            Assert.DoesNotContain(fragment, error, StringComparison.Ordinal);
        }
    }
}
