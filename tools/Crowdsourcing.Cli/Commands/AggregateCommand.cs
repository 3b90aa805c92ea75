using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crowdsourcing.Decision.TruthInference;
using Crowdsourcing.Serialization;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>aggregate</c>: truth inference over a CSV of answers (crowd-kit's task,worker,label).</summary>
internal static partial class AggregateCommand
{
    public static Command Create(CliContext context)
    {
        var answers = new Option<FileInfo>("--answers")
        {
            Description = "The answers: CSV with the header task,worker,label (see Details).",
            Required = true,
            HelpName = "file",
        };
        var method = new Option<string>("--method")
        {
            Description = "The method: " + string.Join(", ", EnumNames.All<TruthInferenceMethod>()) + ".",
            DefaultValueFactory = _ => EnumNames.Of(TruthInferenceMethod.DawidSkene),
            HelpName = "name",
        };
        method.AcceptOnlyFromAmong([.. EnumNames.All<TruthInferenceMethod>()]);
        var gold = new Option<FileInfo?>("--gold")
        {
            Description = "Known correct labels, CSV with the header task,label; used inside the EM (each gold item keeps its label).",
            HelpName = "file",
        };
        var format = CommonOptions.Format("table", "json");
        var command = new Command(
            "aggregate",
            "Reconcile several experts' answers to the same items (truth inference): each item's label with its confidence, and each expert's skill (Dawid-Skene: confusion matrix; GLAD: ability) with 95% credible intervals.\n\n"
            + "Methods: majority (vote shares), wawa (votes weighted by agreement with the majority), dawid-skene (EM over a confusion matrix per expert), one-coin (EM with one accuracy per expert), glad (EM with expert ability and item difficulty).\n"
            + "Files: CSV with a header line; the answers need the columns task,worker,label and the gold file task,label, in any order (other columns are ignored). Fields may be quoted with double quotes. A worker answers a task at most once; at most 10,000,000 answers, 256 labels and names of 256 characters.\n"
            + "Ties go to the label that sorts first (ordinal). JSON: labels (task, label, confidence, answers, gold, posterior) and workers (skill with its interval; confusionMatrix for dawid-skene, rows = true label in the order of classes; ability for glad). See docs/truth-inference.md.\n\n"
            + "Examples:\n"
            + "  crowdsourcing aggregate --answers tools/Crowdsourcing.Cli/samples/answers.csv\n"
            + "  crowdsourcing aggregate --answers tools/Crowdsourcing.Cli/samples/answers.csv --gold tools/Crowdsourcing.Cli/samples/gold.csv --format json\n"
            + "  crowdsourcing aggregate --answers ../shared/data/rte-answers.csv --method glad")
        {
            answers, method, gold, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var answersFile = parseResult.GetValue(answers)!;
            var goldFile = parseResult.GetValue(gold);
            var (answerText, answerRows) = Read(answersFile, "answers", text => CrowdAnswerCsv.ParseAnswers(text, answersFile.Name));
            (string Text, IReadOnlyList<GoldLabel> Rows)? goldRows = goldFile is null ? null : Read(goldFile, "gold", text => CrowdAnswerCsv.ParseGold(text, goldFile.Name));
            var options = new TruthInferenceOptions
            {
                Method = EnumNames.Parse<TruthInferenceMethod>(parseResult.GetValue(method), "--method"),
                Gold = goldRows?.Rows,
            };

            TruthInferenceResult result;
            try
            {
                result = TruthInferenceEngine.Infer(answerRows, options, cancellationToken);
            }
            catch (ValidationFailedException ex)
            {
                throw new CliException(Locate(ex, answersFile.Name, answerText, goldFile?.Name, goldRows?.Text), ex);
            }

            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(context, result);
            }
            else
            {
                WriteTables(context, result);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static (string Text, IReadOnlyList<T> Rows) Read<T>(FileInfo file, string what, Func<string, IReadOnlyList<T>> parse)
    {
        if (!file.Exists)
        {
            throw new CliException($"{what} file '{file.FullName}' does not exist");
        }

        var text = File.ReadAllText(file.FullName, Encoding.UTF8);
        return (text, parse(text));
    }

    /// <summary>An engine error about a row ("answers[4] (line 6).worker: …") said with the file, line and column.</summary>
    private static string Locate(ValidationFailedException ex, string answersName, string answersText, string? goldName, string? goldText)
    {
        var match = RowPath().Match(ex.Path);
        if (!match.Success)
        {
            return ex.Message;
        }

        var isGold = match.Groups["list"].Value == "gold";
        var name = isGold ? goldName! : answersName;
        var header = (isGold ? goldText! : answersText).ReplaceLineEndings("\n").Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? string.Empty;
        var field = match.Groups["field"].Value;
        var column = Array.FindIndex(header.TrimStart('\uFEFF').Split(','), h => h.Trim().Trim('"') == field) + 1;
        var detail = ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        return string.Create(CultureInfo.InvariantCulture, $"{name} line {match.Groups["line"].Value}, column {column} ({field}): {detail}");
    }

    [GeneratedRegex(@"^(?<list>answers|gold)\[\d+\] \(line (?<line>\d+)\)\.(?<field>task|worker|label)$")]
    private static partial Regex RowPath();

    private static void WriteJson(CliContext context, TruthInferenceResult result)
    {
        CommonOptions.WriteJson(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("method", EnumNames.Of(result.Method));
            Strings(writer, "classes", result.Labels);
            Numbers(writer, "classPriors", result.ClassPriors);
            writer.WriteNumber("answers", result.AnswerCount);
            writer.WriteNumber("iterations", result.Convergence.Iterations);
            writer.WriteBoolean("converged", result.Convergence.Converged);
            writer.WriteNumber("tolerance", result.Convergence.Tolerance);
            if (result.LogLikelihood is { } logLikelihood)
            {
                writer.WriteNumber("logLikelihood", logLikelihood);
            }
            else
            {
                writer.WriteNull("logLikelihood");
            }

            writer.WriteNumber("intervalLevel", result.IntervalLevel);
            writer.WriteStartArray("labels");
            foreach (var item in result.Items)
            {
                writer.WriteStartObject();
                writer.WriteString("task", item.Task);
                writer.WriteString("label", item.Label);
                writer.WriteNumber("confidence", item.Confidence);
                writer.WriteNumber("answers", item.Answers);
                writer.WriteBoolean("gold", item.IsGold);
                writer.WriteStartObject("posterior");
                for (var c = 0; c < result.Labels.Count; c++)
                {
                    writer.WriteNumber(result.Labels[c], item.Posterior[c]);
                }

                writer.WriteEndObject();
                if (item.Difficulty is { } difficulty)
                {
                    writer.WriteNumber("difficulty", difficulty);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("workers");
            foreach (var worker in result.Workers)
            {
                writer.WriteStartObject();
                writer.WriteString("worker", worker.Worker);
                writer.WriteNumber("answers", worker.Answers);
                writer.WriteNumber("skill", worker.Skill);
                Numbers(writer, "skillInterval", [worker.SkillLower, worker.SkillUpper]);
                if (worker.Confusion is { } confusion)
                {
                    Rows(writer, "confusionMatrix", confusion.Estimate.ToRows());
                    writer.WriteStartObject("confusionInterval");
                    Rows(writer, "lower", confusion.Lower.ToRows());
                    Rows(writer, "upper", confusion.Upper.ToRows());
                    writer.WriteEndObject();
                }

                if (worker.Ability is { } ability)
                {
                    writer.WriteNumber("ability", ability);
                    Numbers(writer, "abilityInterval", [worker.AbilityLower!.Value, worker.AbilityUpper!.Value]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }

    private static void Numbers(Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    private static void Rows(Utf8JsonWriter writer, string name, double[][] rows)
    {
        writer.WriteStartArray(name);
        foreach (var row in rows)
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

    private static void WriteTables(CliContext context, TruthInferenceResult result)
    {
        var ci = CultureInfo.InvariantCulture;
        var c = result.Convergence;
        var how = c.Iterations == 0
            ? $"{EnumNames.Of(result.Method)} (not iterative)"
            : string.Create(ci, $"{EnumNames.Of(result.Method)} {(c.Converged ? "converged" : "did NOT converge")} in {c.Iterations} {(c.Iterations == 1 ? "iteration" : "iterations")} (tolerance {c.Tolerance:0.#####E+0} per answer), log-likelihood {result.LogLikelihood:0.##}");
        context.Output.WriteLine(string.Create(ci, $"{result.AnswerCount:N0} answers, {result.Items.Count:N0} tasks, {result.Workers.Count:N0} workers, labels {string.Join(", ", result.Labels)}; {how}."));
        if (result.LogLikelihood is not null)
        {
            context.Output.WriteLine("Class priors: " + string.Join(", ", result.Labels.Select((l, i) => string.Create(ci, $"{l} {result.ClassPriors[i]:0.###}"))) + ".");
        }

        var labels = new Table().Title("Labels").AddColumn("task").AddColumn("label").AddColumn(new TableColumn("confidence").RightAligned()).AddColumn(new TableColumn("answers").RightAligned());
        foreach (var item in result.Items)
        {
            labels.AddRow(Markup.Escape(item.Task), Markup.Escape(item.Label) + (item.IsGold ? " (gold)" : string.Empty), item.Confidence.ToString("0.###", ci), item.Answers.ToString(ci));
        }

        context.Console.Write(labels);
        var level = result.IntervalLevel.ToString("P0", ci);
        var workers = new Table().Title(Markup.Escape($"Workers: skill = P(right answer) with its {level} interval"))
            .AddColumn("worker").AddColumn(new TableColumn("answers").RightAligned()).AddColumn(new TableColumn("skill").RightAligned()).AddColumn(new TableColumn(Markup.Escape($"{level} interval")).RightAligned());
        var confusion = result.Method == TruthInferenceMethod.DawidSkene;
        if (confusion)
        {
            foreach (var label in result.Labels)
            {
                workers.AddColumn(new TableColumn(Markup.Escape($"P({label}|{label})")).RightAligned());
            }
        }

        if (result.Method == TruthInferenceMethod.Glad)
        {
            workers.AddColumn(new TableColumn("ability").RightAligned());
        }

        foreach (var w in result.Workers)
        {
            var cells = new List<string>
            {
                Markup.Escape(w.Worker),
                w.Answers.ToString(ci),
                w.Skill.ToString("0.###", ci),
                Markup.Escape(string.Create(ci, $"[{w.SkillLower:0.###}, {w.SkillUpper:0.###}]")),
            };
            if (w.Confusion is { } matrix)
            {
                cells.AddRange(Enumerable.Range(0, result.Labels.Count).Select(i => matrix.Estimate[i, i].ToString("0.###", ci)));
            }

            if (w.Ability is { } ability)
            {
                cells.Add(Markup.Escape(string.Create(ci, $"{ability:0.##} [{w.AbilityLower:0.##}, {w.AbilityUpper:0.##}]")));
            }

            workers.AddRow(cells.ToArray());
        }

        context.Console.Write(workers);
    }
}
