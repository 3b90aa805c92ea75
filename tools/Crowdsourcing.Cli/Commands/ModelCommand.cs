using System.CommandLine;
using System.Globalization;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>model validate FILE</c> and <c>model export --preset NAME</c>.</summary>
internal static class ModelCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("model", """
            Validate and export decision model files, the format --model reads.

            A model file holds the states, actions, utility, transition matrices, interventions with their cost and
            response rate, and an optional scenario.

            Examples:
              crowdsourcing model export --preset crowdarb-paper > crowdarb.json
              crowdsourcing model validate crowdarb.json
            """);
        command.Subcommands.Add(Validate(context));
        command.Subcommands.Add(Export(context));
        return command;
    }

    private static Command Validate(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The model JSON file." };
        var command = new Command("validate", """
            Check a model file: exit 0 with a one-line summary when it is valid, otherwise exit 2 with the error.

            The error names the JSON path, the table and the row (a transition row that does not sum to 1 gives its sum).

            Examples:
              crowdsourcing model validate crowdarb.json
              crowdsourcing model validate my-model.json && crowdsourcing simulate --model my-model.json
            """)
        {
            file,
        };
        command.SetAction(parseResult =>
        {
            var document = CommonOptions.ReadModelFile(parseResult.GetValue(file)!);
            var m = document.Model;
            context.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"valid: {m.StateCount} states ({string.Join(", ", m.States)}), {m.ActionCount} actions ({string.Join(", ", m.Actions)}), {m.Interventions.Count} intervention(s) ({string.Join(", ", m.Interventions.Select(k => k.Name))}){(document.Scenario is null ? string.Empty : ", with a scenario")}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Export(CliContext context)
    {
        var preset = new Option<string>("--preset")
        {
            Description = $"The preset to export: {string.Join(", ", DecisionPresets.Names)}.",
            DefaultValueFactory = _ => DecisionPresets.CrowdArbPaper,
            HelpName = "name",
        };
        var command = new Command("export", """
            Print a built-in preset as a model JSON file (with its scenario): a starting point for a model of your own.

            Examples:
              crowdsourcing model export
              crowdsourcing model export --preset crowdarb-paper > crowdarb.json
            """)
        {
            preset,
        };
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(preset)!;
            if (!DecisionPresets.TryGet(name, out var found))
            {
                throw new CliException($"unknown preset '{name}'; known presets: {string.Join(", ", DecisionPresets.Names)}");
            }

            context.Output.WriteLine(DecisionModelJson.Serialize(found));
            return ExitCodes.Success;
        });
        return command;
    }
}
