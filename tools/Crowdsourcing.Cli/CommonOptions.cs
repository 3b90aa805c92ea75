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
        Description = $"A built-in model: {string.Join(", ", DecisionPresets.Names)} (the default when --model is not given).",
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
            return ReadModelFile(file);
        }

        var name = presetName ?? DecisionPresets.CrowdArbPaper;
        if (!DecisionPresets.TryGet(name, out var found))
        {
            throw new CliException($"unknown preset '{name}'; known presets: {string.Join(", ", DecisionPresets.Names)}");
        }

        return new DecisionDocument(found.Model, found.Scenario, found.Name);
    }

    public static DecisionDocument ReadModelFile(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException($"model file '{file.FullName}' does not exist");
        }

        var json = File.ReadAllText(file.FullName, Encoding.UTF8);
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
}
