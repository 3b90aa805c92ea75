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

    [Fact]
    public async Task No_arguments_print_the_help_and_exit_0()
    {
        var run = await CliRunner.RunAsync();
        var help = await CliRunner.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(help.Output, run.Output);
        Assert.Contains("Examples:", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("campaign", "init")]
    [InlineData("model", "validate")]
    public async Task A_command_group_alone_prints_its_help_and_exits_0(string group, string subcommand)
    {
        var run = await CliRunner.RunAsync(group);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.StartsWith("Description:", run.Output, StringComparison.Ordinal);
        Assert.Contains("\n  " + subcommand + " ", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_sub_command_is_still_an_error()
    {
        (await CliRunner.RunAsync("campaign", "frobnicate")).AssertUserError("frobnicate");
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Every_default_is_printed_once(string path)
    {
        using var output = new StringWriter();
        var root = CliApp.BuildRoot(new CliContext(output, output));
        var command = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate((Command)root, (c, name) => c.Subcommands.Single(s => s.Name == name));

        foreach (var option in command.Options.Where(o => o.HasDefaultValue))
        {
            // The help prints "[default: X]" for these; the description must not say it again.
            Assert.DoesNotContain("default", option.Description ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        var help = await CliRunner.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.All(help.Output.ReplaceLineEndings("\n").Split('\n'), line => Assert.True(CountOf(line, "default") <= 1, $"'{path}' --help says the default twice: {line}"));
    }

    [Fact]
    public async Task The_preset_option_names_the_default_preset()
    {
        var run = await CliRunner.RunAsync("learn", "--help");

        Assert.Contains("crowdarb-paper (when neither --preset nor --model is given) or crowdarb-multichannel", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every example of every --help that reads a shipped sample works on it, run in order against one store, as a new
    /// user copying them would (learn's example names the preset of the sample log; import comes after init).
    /// </summary>
    [Fact]
    public async Task Every_help_example_that_reads_a_shipped_sample_works()
    {
        using var temp = new TempDirectory();
        using var output = new StringWriter();
        var root = CliApp.BuildRoot(new CliContext(output, output));
        var ran = new List<string>();
        foreach (var command in CommandHelp.Walk(root))
        {
            foreach (var example in CommandHelp.ExamplesOf(command))
            {
                if (!example.Contains("tools/Crowdsourcing.Cli/samples/", StringComparison.Ordinal) || example.Contains("Host=", StringComparison.Ordinal) || ran.Contains(example))
                {
                    continue;
                }

                var args = example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                    .Select(a => a.StartsWith("tools/Crowdsourcing.Cli/samples/", StringComparison.Ordinal) ? Samples.Path(a["tools/Crowdsourcing.Cli/samples/".Length..]) : a)
                    .ToList();
                if (args[0] == "campaign" && !args.Contains("--store"))
                {
                    args.AddRange(["--store", temp.File("crowd.db")]);
                }

                var run = await CliRunner.RunAsync([.. args]);
                Assert.True(run.ExitCode == 0, $"'{example}' exits {run.ExitCode}: {run.Error}");
                ran.Add(example);
            }
        }

        Assert.Contains(ran, e => e.StartsWith("crowdsourcing learn ", StringComparison.Ordinal));
        Assert.Contains(ran, e => e.StartsWith("crowdsourcing campaign import ", StringComparison.Ordinal));
    }

    private static int CountOf(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
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
