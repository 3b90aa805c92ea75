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
        var format = CommonOptions.Format("table", "json");
        var command = new Command("validate", """
            Check a model file: exit 0 with a one-line summary when it is valid, otherwise exit 2 with the error.

            The error names the JSON path, the table and the row (a transition row that does not sum to 1 gives its sum).

            Examples:
              crowdsourcing model validate crowdarb.json
              crowdsourcing model validate my-model.json && crowdsourcing simulate --model my-model.json
              crowdsourcing model validate crowdarb.json --format json
            """)
        {
            file, format,
        };
        command.SetAction(parseResult =>
        {
            var document = CommonOptions.ReadModelFile(parseResult.GetValue(file)!, "the model file");
            var m = document.Model;
            if (parseResult.GetValue(format) == "json")
            {
                CommonOptions.WriteJson(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("valid", true);
                    if (document.Name is { } name)
                    {
                        w.WriteString("name", name);
                    }
                    else
                    {
                        w.WriteNull("name");
                    }

                    Strings(w, "states", m.States);
                    Strings(w, "actions", m.Actions);
                    w.WriteStartArray("interventions");
                    foreach (var k in m.Interventions)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", k.Name);
                        w.WriteNumber("cost", k.Cost);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteBoolean("scenario", document.Scenario is not null);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            context.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"valid: {CommonOptions.Count(m.StateCount, "state")} ({string.Join(", ", m.States)}), {CommonOptions.Count(m.ActionCount, "action")} ({string.Join(", ", m.Actions)}), {CommonOptions.Count(m.Interventions.Count, "intervention")} ({string.Join(", ", m.Interventions.Select(k => k.Name))}){(document.Scenario is null ? string.Empty : ", with a scenario")}"));
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

            The output is always the model file's JSON, so --format accepts only json (as every command does).

            Examples:
              crowdsourcing model export
              crowdsourcing model export --preset crowdarb-paper > crowdarb.json
              crowdsourcing model export --preset crowdarb-multichannel --format json
            """)
        {
            preset, CommonOptions.Format("json"),
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

    private static void Strings(System.Text.Json.Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
