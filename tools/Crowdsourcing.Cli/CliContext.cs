using Spectre.Console;

namespace Crowdsourcing.Cli;

/// <summary>Where a command writes: standard output for results, standard error for errors and progress.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, bool interactive = false)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Console = CreateConsole(output, interactive);
        ErrorConsole = CreateConsole(error, interactive);
    }

    /// <summary>Results: JSON, CSV, tables.</summary>
    public TextWriter Output { get; }

    /// <summary>Errors and progress.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether a person watches a terminal (progress bars and colours); false when redirected or in tests.</summary>
    public bool Interactive { get; }

    /// <summary>A Spectre console over <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>A Spectre console over <see cref="Error"/>, for progress.</summary>
    public IAnsiConsole ErrorConsole { get; }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = 200;
        }

        return console;
    }
}
