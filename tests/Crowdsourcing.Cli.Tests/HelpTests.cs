using System.CommandLine;

namespace Crowdsourcing.Cli.Tests;

public sealed class HelpTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        using var output = new StringWriter();
        foreach (var path in Paths(CliApp.BuildRoot(new CliContext(output, output)), string.Empty))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Every_command_has_help_with_an_examples_section(string path)
    {
        string[] args = [.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"];

        var run = await CliRunner.RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.StartsWith("Description:\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var lines = run.Output.ReplaceLineEndings("\n").Split('\n');
        var heading = Array.IndexOf(lines, "Examples:");
        Assert.True(heading > 0, $"'{path}' --help has no Examples section:\n{run.Output}");
        var examples = lines.Skip(heading + 1).TakeWhile(l => l.Length > 0).Select(l => l.Trim()).ToArray();
        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.StartsWith("crowdsourcing ", e, StringComparison.Ordinal));
        if (path.Length > 0)
        {
            Assert.Contains(examples, e => e.StartsWith($"crowdsourcing {path}", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Every_example_parses_without_errors(string path)
    {
        using var output = new StringWriter();
        var root = CliApp.BuildRoot(new CliContext(output, output));
        var command = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate((Command)root, (c, name) => c.Subcommands.Single(s => s.Name == name));

        foreach (var example in CommandHelp.ExamplesOf(command))
        {
            // The part before a shell redirection or a second command.
            var line = example.Split([" > ", " && ", " | "], StringSplitOptions.None)[0];
            var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
            var parsed = root.Parse(args);
            Assert.True(parsed.Errors.Count == 0, $"'{example}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }

    [Theory]
    [InlineData("campaign init", "\"task\"")]
    [InlineData("campaign import", "id,displayName,layer,email,qualifications,managerId,colleagueIds")]
    [InlineData("campaign record", "\"answers\"")]
    [InlineData("roadmap", "docs/roadmap.md")]
    public async Task File_formats_are_documented_in_the_details_section(string path, string fragment)
    {
        var run = await CliRunner.RunAsync([.. path.Split(' '), "--help"]);
        var text = run.Output.ReplaceLineEndings("\n");
        var details = text.IndexOf("\nDetails:\n", StringComparison.Ordinal);
        var examples = text.IndexOf("\nExamples:\n", StringComparison.Ordinal);

        Assert.True(details > 0 && examples > details, text);
        Assert.Contains(fragment, text[details..examples], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_tools_version()
    {
        var run = await CliRunner.RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CliApp.Version, run.Output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output);
    }

    [Fact]
    public async Task Root_help_lists_every_command()
    {
        var run = await CliRunner.RunAsync("--help");
        using var output = new StringWriter();

        foreach (var command in CliApp.BuildRoot(new CliContext(output, output)).Subcommands)
        {
            Assert.Contains("\n  " + command.Name + " ", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> Paths(Command command, string prefix)
    {
        yield return prefix;
        foreach (var child in command.Subcommands)
        {
            foreach (var path in Paths(child, prefix.Length == 0 ? child.Name : $"{prefix} {child.Name}"))
            {
                yield return path;
            }
        }
    }
}
