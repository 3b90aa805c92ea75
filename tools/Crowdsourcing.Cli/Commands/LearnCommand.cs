using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Models;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>learn</c>: estimates T, each C_k and each r_k from an event log, with their uncertainty.</summary>
internal static class LearnCommand
{
    public static Command Create(CliContext context)
    {
        var log = new Option<FileInfo>("--log")
        {
            Description = "The event log: CSV with the header participant,week,intervention,reportedState, optionally followed by reviewedState (the analyst-reviewed state of a report; reviews let the learner estimate each intervention's report model O), an empty field meaning none; or JSON lines with the same names.",
            Required = true,
            HelpName = "file",
        };
        var preset = CommonOptions.Preset();
        var model = CommonOptions.Model();
        var rates = new Option<string>("--response-rates") { Description = "constant (one rate per intervention) or per-state (r_k(x), x the state at contact time).", DefaultValueFactory = _ => "constant" };
        rates.AcceptOnlyFromAmong("constant", "per-state");
        var format = CommonOptions.Format("table", "json");
        var command = new Command(
            "learn",
            "Learn the passive transition T, each intervention's C_k and response rate r_k from a campaign's event log (counts with Dirichlet/Beta priors; EM with forward-backward where states are missing), with posterior counts and 95% intervals. State and intervention names are the model's.\n\n"
            + "The log's intervention and state names must be the model's: the sample log tools/Crowdsourcing.Cli/samples/history.csv is a campaign of the crowdarb-multichannel preset (interventions email, phone-call, manager-escalation).\n\n"
            + "Examples:\n  crowdsourcing learn --log tools/Crowdsourcing.Cli/samples/history.csv --preset crowdarb-multichannel\n  crowdsourcing learn --log history.jsonl --preset crowdarb-multichannel --response-rates per-state --format json")
        {
            log, preset, model, rates, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var document = CommonOptions.LoadModel(parseResult, preset, model);
            var file = parseResult.GetValue(log)!;
            var text = CliPaths.ReadText(file, "--log");
            LearnedParameters learned;
            IReadOnlyList<CampaignEvent> events = [];
            try
            {
                events = EventLog.Parse(text);
                learned = ParameterLearner.Learn(document.Model, events, new LearningOptions { StateDependentResponseRates = parseResult.GetValue(rates) == "per-state" }, cancellationToken);
            }
            catch (EventLogException ex)
            {
                throw new CliException($"{file.Name}: {ex.Message.TrimEnd('.')}{Hint(parseResult, preset, model, document.Model, events)}", ex);
            }

            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(context, document.Model, learned);
            }
            else
            {
                WriteTables(context, document.Model, learned);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>When the log names interventions or states the model lacks and another preset has them all, says which.</summary>
    private static string Hint(ParseResult parseResult, Option<string?> preset, Option<FileInfo?> model, DecisionModel used, IReadOnlyList<CampaignEvent> events)
    {
        var interventions = events.Select(e => e.Intervention).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var states = events.Select(e => e.ReportedState).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        bool Fits(DecisionModel m) =>
            interventions.All(k => m.IndexOfIntervention(k) >= 0) && states.All(s => m.IndexOfState(s) >= 0);
        if (events.Count == 0 || Fits(used))
        {
            return string.Empty;
        }

        var fitting = Crowdsourcing.Decision.Presets.DecisionPresets.Names.Where(n => Fits(Crowdsourcing.Decision.Presets.DecisionPresets.Get(n).Model)).ToList();
        var chosen = parseResult.GetValue(preset) is not null || parseResult.GetValue(model) is not null;
        return fitting.Count == 0 ? string.Empty : $"; the log fits --preset {fitting[0]}{(chosen ? string.Empty : $" (without --preset or --model the model is {Crowdsourcing.Decision.Presets.DecisionPresets.CrowdArbPaper})")}";
    }

    private static void WriteJson(CliContext context, DecisionModel model, LearnedParameters learned)
    {
        CommonOptions.WriteJson(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("states");
            foreach (var s in model.States)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
            writer.WriteNumber("participants", learned.Participants);
            writer.WriteNumber("participantWeeks", learned.ParticipantWeeks);
            writer.WriteNumber("observedFraction", learned.ObservedFraction);
            writer.WriteNumber("iterations", learned.Iterations);
            writer.WriteBoolean("converged", learned.Converged);
            writer.WriteNumber("logLikelihood", learned.LogLikelihood);
            writer.WriteNumber("intervalLevel", learned.IntervalLevel);
            Rows(writer, "transition", learned.Transition.Estimate);
            Uncertainty(writer, "transitionUncertainty", learned.Transition);
            writer.WriteStartArray("interventions");
            foreach (var k in learned.Interventions)
            {
                writer.WriteStartObject();
                writer.WriteString("name", k.Name);
                Rows(writer, "transition", k.Transition.Estimate);
                if (k.ResponseRate.StateDependent)
                {
                    Numbers(writer, "responseRate", k.ResponseRate.Estimate);
                }
                else
                {
                    writer.WriteNumber("responseRate", k.ResponseRate.Estimate[0]);
                }

                Uncertainty(writer, "transitionUncertainty", k.Transition);
                writer.WriteStartObject("responseRateUncertainty");
                Numbers(writer, "posteriorResponses", k.ResponseRate.PosteriorResponses);
                Numbers(writer, "posteriorSilences", k.ResponseRate.PosteriorSilences);
                Numbers(writer, "lower", k.ResponseRate.Lower);
                Numbers(writer, "upper", k.ResponseRate.Upper);
                writer.WriteEndObject();
                if (k.ReportModel is { } reportModel)
                {
                    writer.WriteNumber("reviewedReports", k.ReviewedReports);
                    Rows(writer, "reportModel", reportModel.Estimate);
                    Uncertainty(writer, "reportModelUncertainty", reportModel);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void Uncertainty(Utf8JsonWriter writer, string name, LearnedMatrix matrix)
    {
        writer.WriteStartObject(name);
        Rows(writer, "posteriorCounts", matrix.PosteriorCounts);
        Rows(writer, "lower", matrix.Lower);
        Rows(writer, "upper", matrix.Upper);
        writer.WriteEndObject();
    }

    private static void Rows(Utf8JsonWriter writer, string name, DecisionMatrix matrix)
    {
        writer.WriteStartArray(name);
        foreach (var row in matrix.ToRows())
        {
            writer.WriteStartArray();
            foreach (var v in row)
            {
                writer.WriteNumberValue(v);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void Numbers(Utf8JsonWriter writer, string name, IReadOnlyList<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    private static void WriteTables(CliContext context, DecisionModel model, LearnedParameters learned)
    {
        context.Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{CommonOptions.Count(learned.Participants, "participant")}, {CommonOptions.Count(learned.ParticipantWeeks, "participant-week")}, {learned.ObservedFraction:P0} of weeks observed; {(learned.ObservedFraction >= 1 ? "counting" : "EM")} in {CommonOptions.Count(learned.Iterations, "iteration")}{(learned.Converged ? string.Empty : " (not converged)")}. Estimates with {learned.IntervalLevel:P0} intervals."));
        Matrix(context, model, "transition (T)", learned.Transition);
        foreach (var k in learned.Interventions)
        {
            Matrix(context, model, $"{k.Name} (C)", k.Transition);
            var r = k.ResponseRate;
            var text = r.StateDependent
                ? string.Join(", ", model.States.Select((s, x) => string.Create(CultureInfo.InvariantCulture, $"{s} {r.Estimate[x]:0.###} [{r.Lower[x]:0.###}, {r.Upper[x]:0.###}]")))
                : string.Create(CultureInfo.InvariantCulture, $"{r.Estimate[0]:0.###} [{r.Lower[0]:0.###}, {r.Upper[0]:0.###}]");
            context.Console.WriteLine($"{k.Name} response rate: {text}");
            if (k.ReportModel is { } reportModel)
            {
                Matrix(context, model, string.Create(CultureInfo.InvariantCulture, $"{k.Name} report model (O: true \\ reported, from {CommonOptions.Count(k.ReviewedReports, "reviewed report")})"), reportModel);
            }
        }
    }

    private static void Matrix(CliContext context, DecisionModel model, string title, LearnedMatrix matrix)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("from \\ to");
        foreach (var s in model.States)
        {
            table.AddColumn(new TableColumn(Markup.Escape(s)).RightAligned());
        }

        for (var x = 0; x < model.StateCount; x++)
        {
            var cells = new List<string> { Markup.Escape(model.States[x]) };
            for (var y = 0; y < model.StateCount; y++)
            {
                cells.Add(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{matrix.Estimate[x, y]:0.###} [{matrix.Lower[x, y]:0.###}, {matrix.Upper[x, y]:0.###}]")));
            }

            table.AddRow(cells.ToArray());
        }

        context.Console.Write(table);
    }
}
