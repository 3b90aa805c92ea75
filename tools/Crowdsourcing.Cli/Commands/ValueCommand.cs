using System.CommandLine;
using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>value</c>: MEU without and with an intervention, its value, and whether to contact, for one belief.</summary>
internal static class ValueCommand
{
    public static Command Create(CliContext context)
    {
        var preset = CommonOptions.Preset();
        var model = CommonOptions.Model();
        var belief = new Option<string>("--belief")
        {
            Description = "The belief over the model's states, comma-separated, e.g. 0.67,0,0.33.",
            Required = true,
            HelpName = "p1,p2,...",
        };
        var intervention = new Option<string?>("--intervention") { Description = "The intervention's name (default: the model's first).", HelpName = "name" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("value", "The value of an intervention for one belief: MEU_0 = MEU(b·T), MEU_k = Σ b(x)·MEU(e_x·C_k), V_k = MEU_k − MEU_0, and whether V_k exceeds the cost.\n\n"
            + "Examples:\n  crowdsourcing value --belief 0.67,0,0.33\n  crowdsourcing value --preset crowdarb-multichannel --belief 0.5,0.3,0.2 --intervention phone-call --format json")
        {
            preset, model, belief, intervention, format,
        };

        command.SetAction(parseResult =>
        {
            var document = CommonOptions.LoadModel(parseResult, preset, model);
            var m = document.Model;
            var b = ParseBelief(parseResult.GetValue(belief)!, m);
            var name = parseResult.GetValue(intervention);
            var k = name is null ? 0 : m.IndexOfIntervention(name);
            if (k < 0)
            {
                throw new CliException($"the model has no intervention '{name}'; interventions: {string.Join(", ", m.Interventions.Select(i => i.Name))}");
            }

            var explanation = new DecisionEvaluator(m).Explain(b, k);
            var a = explanation.Assessment;
            if (parseResult.GetValue(format) == "json")
            {
                CommonOptions.WriteJson(context, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("belief");
                    foreach (var p in b.AsSpan())
                    {
                        writer.WriteNumberValue(p);
                    }

                    writer.WriteEndArray();
                    writer.WriteString("intervention", a.Intervention);
                    writer.WriteNumber("meu", a.WithoutIntervention.ExpectedUtility);
                    writer.WriteNumber("meuWithIntervention", a.WithIntervention);
                    writer.WriteNumber("value", a.Value);
                    writer.WriteNumber("responseAwareValue", a.ResponseAwareValue);
                    writer.WriteNumber("cost", a.Cost);
                    writer.WriteBoolean("contact", a.Contact);
                    writer.WriteString("bestAction", a.WithoutIntervention.Action);
                    writer.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            var table = new Table()
                .Title(Markup.Escape($"Belief {b} with intervention '{a.Intervention}'"))
                .AddColumn("State")
                .AddColumn(new TableColumn("b(x)").RightAligned())
                .AddColumn("Decision if revealed")
                .AddColumn(new TableColumn("b(x)·MEU(e_x·C)").RightAligned())
                .AddColumn(new TableColumn("(b·T)(x)").RightAligned())
                .AddColumn(new TableColumn("(b·T)(x)·U(x,a0)").RightAligned())
                .AddColumn(new TableColumn("Share of V").RightAligned());
            foreach (var s in explanation.States)
            {
                table.AddRow(
                    Markup.Escape(s.State),
                    F(s.Probability),
                    Markup.Escape(s.RevealedBestAction),
                    F(s.WithInterventionContribution),
                    F(s.PredictedProbability),
                    F(s.WithoutInterventionContribution),
                    F(s.ValueContribution));
            }

            context.Console.Write(table);
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MEU without the intervention (on b·T): {F(a.WithoutIntervention.ExpectedUtility)}, best action '{a.WithoutIntervention.Action}'"));
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MEU with the intervention: {F(a.WithIntervention)}"));
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Value: {F(a.Value)} (response-aware {F(a.ResponseAwareValue)}), cost {F(a.Cost)}: {(a.Contact ? "contact" : "do not contact")}"));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Belief ParseBelief(string text, DecisionModel model)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != model.StateCount)
        {
            throw new CliException($"--belief has {parts.Length} entries; the model has {model.StateCount} states ({string.Join(", ", model.States)})");
        }

        var values = new double[parts.Length];
        var sum = 0.0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new CliException($"--belief entry {i + 1} ('{parts[i]}', state '{model.States[i]}') is not a finite number");
            }

            if (values[i] < 0)
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--belief entry {i + 1} (state '{model.States[i]}') is {values[i]}; entries must be non-negative"));
            }

            sum += values[i];
        }

        if (Math.Abs(sum - 1) > Belief.SumTolerance)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--belief entries sum to {sum:G12}; they must sum to 1 within 1e-6"));
        }

        return Belief.Create(values);
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
