using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Crowdsourcing.Cli.Commands;

namespace Crowdsourcing.Cli;

/// <summary>
/// The <c>crowdsourcing</c> command: builds the command tree and runs it with one place for error handling. Every
/// error becomes one line on standard error (<c>error: …</c>) and a non-zero exit code, never a stack trace.
/// Add a command by writing a class under <c>Commands/</c> with a <c>Create(CliContext)</c> method and listing it in
/// <see cref="BuildRoot"/>.
/// </summary>
internal static class CliApp
{
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("""
            Crowdsourcing for .NET: decide whom to engage, when, and whether it pays (the CrowdArb decision engine),
            plan an initiative along the six-stage roadmap, and run a campaign against a store.

            Every command has --help with examples; --format json gives output for scripts; an error is one line on
            standard error and a non-zero exit code (2 for bad input, 1 for other failures).

            Examples:
              crowdsourcing simulate
              crowdsourcing plot --preset crowdarb-paper --out docs/images
              crowdsourcing value --belief 0.67,0,0.33
              crowdsourcing roadmap --spec tools/Crowdsourcing.Cli/samples/initiative.json
              crowdsourcing campaign init tools/Crowdsourcing.Cli/samples/campaign.json
              crowdsourcing simulate --help
            """);
        root.Subcommands.Add(SimulateCommand.Create(context));
        root.Subcommands.Add(ValueCommand.Create(context));
        root.Subcommands.Add(ModelCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(PlanCommand.Create(context));
        root.Subcommands.Add(LearnCommand.Create(context));
        root.Subcommands.Add(SensitivityCommand.Create(context));
        root.Subcommands.Add(PlotCommand.Create(context));
        root.Subcommands.Add(RoadmapCommand.Create(context));
        root.Subcommands.Add(CampaignCommand.Create(context));
        root.Subcommands.Add(OutboxCommand.Create(context));
        root.Subcommands.Add(AggregateCommand.Create(context));
        root.Subcommands.Add(PomdpCommand.Create(context));
        CommandHelp.Install(root, context);
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new PrintVersionAction(context);
            }
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = BuildRoot(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var messages = parseResult.Errors.Select(e => OneLine(e.Message).Replace("\t", " ", StringComparison.Ordinal)).Distinct();
            await context.Error.WriteLineAsync("error: " + string.Join("; ", messages) + " (see --help)").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            };
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await context.Error.WriteLineAsync("error: " + OneLine(ex.Message)).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is CrowdsourcingException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync("error: " + OneLine(ex.Message)).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            await context.Error.WriteLineAsync("error: unexpected " + ex.GetType().Name + ": " + OneLine(ex.Message)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The version of this tool (not of the host process, which differs when the command runs in-process).</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    internal static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        var parameter = line.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return parameter > 0 && line.EndsWith("')", StringComparison.Ordinal) ? line[..parameter] : line;
    }
}

/// <summary>Prints <see cref="CliApp.Version"/>.</summary>
internal sealed class PrintVersionAction(CliContext context) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        context.Output.WriteLine(CliApp.Version);
        return ExitCodes.Success;
    }
}
