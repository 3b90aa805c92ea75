using System.CommandLine;
using System.Globalization;
using Crowdsourcing.Decision.Sensitivity;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>sensitivity</c>: how far each utility and transition entry can move before the decision changes.</summary>
internal static class SensitivityCommand
{
    public static Command Create(CliContext context)
    {
        var preset = CommonOptions.Preset();
        var model = CommonOptions.Model();
        var belief = new Option<string>("--belief") { Description = "The belief over the model's states, comma-separated, e.g. 0.67,0,0.33.", Required = true, HelpName = "p1,p2,..." };
        var format = CommonOptions.Format("table", "json");
        var command = new Command(
            "sensitivity",
            "For one belief, how far each utility entry and each transition entry (T and every C_k) can move down and up before the decision changes (the best action, or the myopic contact choice): the data of a tornado chart, most sensitive first.\n\n"
            + "Examples:\n  crowdsourcing sensitivity --belief 0.67,0,0.33\n  crowdsourcing sensitivity --preset crowdarb-multichannel --belief 0.5,0.3,0.2 --format json")
        {
            preset, model, belief, format,
        };

        command.SetAction(parseResult =>
        {
            var document = CommonOptions.LoadModel(parseResult, preset, model);
            var b = ValueCommand.ParseBelief(parseResult.GetValue(belief)!, document.Model);
            var report = SensitivityAnalysis.Analyze(document.Model, b);
            if (parseResult.GetValue(format) == "json")
            {
                CommonOptions.WriteJson(context, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("bestAction", report.Decision.BestAction);
                    if (report.Decision.Contact is { } contact)
                    {
                        writer.WriteString("contact", contact);
                    }
                    else
                    {
                        writer.WriteNull("contact");
                    }

                    writer.WriteStartArray("entries");
                    foreach (var e in report.Entries)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("table", e.Table);
                        writer.WriteString("row", e.Row);
                        writer.WriteString("column", e.Column);
                        writer.WriteNumber("value", e.Value);
                        Nullable(writer, "decrease", e.Decrease);
                        Nullable(writer, "increase", e.Increase);
                        writer.WriteString("decisionBelow", e.DecisionBelow?.ToString());
                        writer.WriteString("decisionAbove", e.DecisionAbove?.ToString());
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            var table = new Table().Title(Markup.Escape($"Belief {b}: {report.Decision}"))
                .AddColumn("Table").AddColumn("Row").AddColumn("Column")
                .AddColumn(new TableColumn("Value").RightAligned())
                .AddColumn(new TableColumn("Can fall by").RightAligned())
                .AddColumn(new TableColumn("Can rise by").RightAligned())
                .AddColumn("Then");
            foreach (var e in report.Entries)
            {
                var then = string.Join("; ", new[] { e.DecisionBelow is null ? null : "below: " + e.DecisionBelow, e.DecisionAbove is null ? null : "above: " + e.DecisionAbove }.Where(t => t is not null));
                table.AddRow(Markup.Escape(e.Table), Markup.Escape(e.Row), Markup.Escape(e.Column), F(e.Value), e.Decrease is { } d ? F(d) : "-", e.Increase is { } u ? F(u) : "-", Markup.Escape(then));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Nullable(System.Text.Json.Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
