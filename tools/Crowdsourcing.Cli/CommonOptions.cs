using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Cli;

/// <summary>Options shared by several commands and the helpers that read them.</summary>
internal static class CommonOptions
{
    public static Option<string?> Preset() => new("--preset")
    {
        Description = $"A built-in model: {DecisionPresets.CrowdArbPaper} (when neither --preset nor --model is given) or {string.Join(" or ", DecisionPresets.Names.Where(n => n != DecisionPresets.CrowdArbPaper))}.",
        HelpName = "name",
    };

    public static Option<FileInfo?> Model() => new("--model")
    {
        Description = "A model JSON file (see `model export` for the format).",
        HelpName = "file",
    };

    public static Option<string> Format(params string[] formats)
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format: " + string.Join(", ", formats) + ".",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>Loads the model named by <c>--preset</c> or <c>--model</c>; with neither, the crowdarb-paper preset.</summary>
    public static DecisionDocument LoadModel(ParseResult parseResult, Option<string?> preset, Option<FileInfo?> model)
    {
        var presetName = parseResult.GetValue(preset);
        var file = parseResult.GetValue(model);
        if (presetName is not null && file is not null)
        {
            throw new CliException("give either --preset or --model, not both");
        }

        if (file is not null)
        {
            return ReadModelFile(file, "--model");
        }

        var name = presetName ?? DecisionPresets.CrowdArbPaper;
        if (!DecisionPresets.TryGet(name, out var found))
        {
            throw new CliException($"unknown preset '{name}'; known presets: {string.Join(", ", DecisionPresets.Names)}");
        }

        return new DecisionDocument(found.Model, found.Scenario, found.Name);
    }

    /// <summary>Reads a model file named by <paramref name="what"/> (an option or argument, for messages).</summary>
    public static DecisionDocument ReadModelFile(FileInfo file, string what)
    {
        var json = CliPaths.ReadText(file, what);
        try
        {
            return DecisionModelJson.ParseDocument(json);
        }
        catch (DecisionModelException ex)
        {
            throw new CliException($"{file.Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes indented JSON built by <paramref name="write"/> to standard output (no HTML escaping: it is for scripts, not for pages).</summary>
    public static void WriteJson(CliContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        context.Output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// A computed figure (a total, an expected utility) as the JSON outputs write it: rounded to 10 significant digits,
    /// so that one quantity computed twice (summed in another order) prints with the same digits wherever it appears.
    /// </summary>
    public static double Figure(double value) =>
        value == 0 || !double.IsFinite(value) ? value : double.Parse(value.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A Monte Carlo standard deviation: 0 when it is 0 up to rounding (below a billionth of the mean), as when every run gave the same total.</summary>
    public static double StandardDeviation(double deviation, double mean) =>
        deviation <= 1e-9 * Math.Max(1, Math.Abs(mean)) ? 0 : Figure(deviation);

    /// <summary>A count and its noun, singular for one: <c>1 participant</c>, <c>1,200 participants</c>.</summary>
    /// <param name="count">The count.</param>
    /// <param name="singular">The noun for one.</param>
    /// <param name="plural">The noun for any other count (default: <paramref name="singular"/> and "s").</param>
    public static string Count(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural ?? singular + "s")}");
}
