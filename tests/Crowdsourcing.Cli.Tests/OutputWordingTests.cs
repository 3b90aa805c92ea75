using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crowdsourcing.Cli.Tests;

/// <summary>What the commands print reads as a person would write it: singular for one, 0 for a deviation that is 0 up
/// to rounding, one quantity with one set of digits.</summary>
public sealed partial class OutputWordingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0, "0 participants")]
    [InlineData(1, "1 participant")]
    [InlineData(2, "2 participants")]
    [InlineData(1200, "1,200 participants")]
    public void Counts_take_the_singular_for_one(int count, string expected)
    {
        Assert.Equal(expected, CommonOptions.Count(count, "participant"));
    }

    [Fact]
    public void No_message_of_the_tool_hedges_a_plural_with_parentheses()
    {
        var sources = System.IO.Directory.EnumerateFiles(Path.GetDirectoryName(Samples.Path("x"))!.Replace("samples", string.Empty, StringComparison.Ordinal), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var hedged = sources.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line))).Where(x => Hedge().IsMatch(x.line)).Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();

        Assert.True(hedged.Count == 0, string.Join('\n', hedged));
    }

    [Fact]
    public async Task One_participant_imported_is_singular()
    {
        var store = _temp.File("crowd.db");
        var csv = _temp.File("one.csv");
        await File.WriteAllTextAsync(csv, "id,displayName,layer\nann,Ann,internal\n");
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", store)).ExitCode);

        var run = await CliRunner.RunAsync("campaign", "import", csv, "--store", store);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("1 participant imported into ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_planner_line_counts_alpha_vectors_in_words()
    {
        var run = await CliRunner.RunAsync("plan", "--horizon", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"Planner: exact, H = 1, (1 alpha vector|\d+ alpha vectors) at h = 1", run.Output);
        Assert.DoesNotMatch(@"\b1 alpha vectors", run.Output);
    }

    [Fact]
    public async Task A_monte_carlo_deviation_that_is_zero_up_to_rounding_is_zero()
    {
        var run = await CliRunner.RunAsync("simulate", "--policy", "myopic", "--mode", "monte-carlo", "--runs", "100", "--seed", "1", "--weeks", "3", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var weeks = json.RootElement.GetProperty("weeks").EnumerateArray().ToArray();
        foreach (var week in weeks)
        {
            var deviation = week.GetProperty("totalExpectedUtilityStandardDeviation").GetDouble();
            Assert.True(deviation == 0 || deviation > 1e-6 * week.GetProperty("totalExpectedUtility").GetDouble(), $"week {week.GetProperty("week")}: {deviation}");
        }

        // The first weeks contact nobody, so every run has the same total: their deviation is 0 exactly.
        Assert.Equal("0", weeks[0].GetProperty("totalExpectedUtilityStandardDeviation").GetRawText());
        Assert.Equal("0", weeks[1].GetProperty("totalExpectedUtilityStandardDeviation").GetRawText());
        var csv = await CliRunner.RunAsync("simulate", "--policy", "myopic", "--mode", "monte-carlo", "--runs", "100", "--seed", "1", "--weeks", "3", "--format", "csv");
        Assert.DoesNotContain("E-", csv.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_total_has_the_same_digits_everywhere_in_the_status_document()
    {
        var store = _temp.File("crowd.db");
        foreach (var args in new[] { new[] { "campaign", "init", Samples.Path("campaign.json") }, ["campaign", "import", Samples.Path("participants.csv")], ["campaign", "cycle"] })
        {
            Assert.Equal(0, (await CliRunner.RunAsync([.. args, "--store", store])).ExitCode);
        }

        var run = await CliRunner.RunAsync("campaign", "status", "--store", store, "--format", "json");

        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var texts = new[]
        {
            root.GetProperty("totalExpectedUtility").GetRawText(),
            root.GetProperty("workshop").GetProperty("totalExpectedUtility").GetRawText(),
            root.GetProperty("cycles").GetProperty("latest").GetProperty("totalExpectedUtility").GetRawText(),
        };
        Assert.Single(texts.Distinct(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"""[^""]*[a-z]\(s\)[^""]*""")]
    private static partial Regex Hedge();
}
