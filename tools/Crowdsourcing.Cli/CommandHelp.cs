using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Crowdsourcing.Cli;

/// <summary>
/// The help of every command. Each command is written with a description made of a short first paragraph, optional
/// further paragraphs (details: formats, rules), a blank line, <c>Examples:</c> and one example per line.
/// <see cref="Install"/> splits it: help shows the first paragraph under "Description" (lists of sub-commands show it
/// too), then the usage, arguments, options and sub-commands, then the details under "Details:", and the examples
/// last under "Examples:".
/// </summary>
internal static class CommandHelp
{
    public const string ExamplesHeading = "Examples:";

    public const string DetailsHeading = "Details:";

    private const string ExamplesMarker = "\n\n" + ExamplesHeading + "\n";

    private static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    private static readonly ConditionalWeakTable<Command, string> Details = [];

    /// <summary>Splits every command's description and installs the help action on the root's help option.</summary>
    public static void Install(RootCommand root, CliContext context)
    {
        foreach (var command in Walk(root))
        {
            var (summary, examples) = Split(command.Description);
            var paragraph = summary.IndexOf("\n\n", StringComparison.Ordinal);
            command.Description = paragraph < 0 ? summary : summary[..paragraph];
            Details.AddOrUpdate(command, paragraph < 0 ? string.Empty : summary[(paragraph + 2)..]);
            Examples.AddOrUpdate(command, examples);
        }

        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                var withExamples = new HelpWithExamplesAction(help, context);
                helpOption.Action = withExamples;
                var groupHelp = new GroupHelpAction(withExamples);

                // A command that only groups others (the root, `campaign`, `model`) prints its help when it is run
                // alone, and exits 0: `crowdsourcing` with no arguments is how a new user starts.
                foreach (var command in Walk(root))
                {
                    if (command.Subcommands.Count > 0 && command.Action is null)
                    {
                        command.Action = groupHelp;
                    }
                }
            }
        }
    }

    /// <summary>The root and every command under it, depth first.</summary>
    public static IEnumerable<Command> Walk(Command command)
    {
        yield return command;
        foreach (var child in command.Subcommands)
        {
            foreach (var descendant in Walk(child))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>A command's examples, once <see cref="Install"/> has run.</summary>
    public static IReadOnlyList<string> ExamplesOf(Command command) => Examples.TryGetValue(command, out var examples) ? examples : [];

    private static (string Summary, string[] Examples) Split(string? description)
    {
        var text = (description ?? string.Empty).ReplaceLineEndings("\n").Trim();
        var at = text.IndexOf(ExamplesMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return (text, []);
        }

        var examples = text[(at + ExamplesMarker.Length)..]
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToArray();
        return (text[..at].TrimEnd(), examples);
    }

    /// <summary>The help of a command run without one of its sub-commands; unlike --help, an unknown argument stays an error.</summary>
    private sealed class GroupHelpAction(HelpWithExamplesAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) => help.Invoke(parseResult);
    }

    /// <summary>The standard help, then the command's examples.</summary>
    private sealed class HelpWithExamplesAction(HelpAction help, CliContext context) : SynchronousCommandLineAction
    {
        /// <summary>Help is shown even when required options are missing, as the standard help action does.</summary>
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            var command = parseResult.CommandResult.Command;
            if (Details.TryGetValue(command, out var details) && details.Length > 0)
            {
                context.Output.WriteLine(DetailsHeading);
                foreach (var line in details.Split('\n'))
                {
                    context.Output.WriteLine(line.Length == 0 ? string.Empty : "  " + line);
                }

                context.Output.WriteLine();
            }

            var examples = ExamplesOf(command);
            if (examples.Count > 0)
            {
                context.Output.WriteLine(ExamplesHeading);
                foreach (var example in examples)
                {
                    context.Output.WriteLine("  " + example);
                }

                context.Output.WriteLine();
            }

            return exitCode;
        }
    }
}
