using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crowdsourcing.DecisionModels;

/// <summary>Turns a <see cref="DecisionModelSource"/> entry into a <see cref="RegisteredDecisionModel"/>, or into failures in words.</summary>
internal static class DecisionModelResolver
{
    /// <summary>The directory relative model paths are resolved against.</summary>
    public static string BaseDirectory(IServiceProvider services) =>
        services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root ? root : AppContext.BaseDirectory;

    /// <summary>Resolves one entry; adds every problem to <paramref name="failures"/> with the configuration key it concerns.</summary>
    public static RegisteredDecisionModel? Resolve(string name, DecisionModelSource? entry, string baseDirectory, List<string> failures)
    {
        var key = $"{DecisionModelsOptions.SectionName}:Models:{name}";
        if (string.IsNullOrWhiteSpace(name))
        {
            failures.Add($"{DecisionModelsOptions.SectionName}:Models has an entry with an empty name.");
            return null;
        }

        if (entry is null)
        {
            failures.Add($"{key} is empty; set Preset or Path.");
            return null;
        }

        var sources = (entry.Model is null ? 0 : 1) + (string.IsNullOrWhiteSpace(entry.Preset) ? 0 : 1) + (string.IsNullOrWhiteSpace(entry.Path) ? 0 : 1);
        if (sources == 0)
        {
            failures.Add($"{key} sets neither Preset nor Path; set exactly one (or register the model in code with AddModel).");
            return null;
        }

        if (sources > 1)
        {
            var set = new List<string>();
            if (entry.Model is not null)
            {
                set.Add("a model given in code");
            }

            if (!string.IsNullOrWhiteSpace(entry.Preset))
            {
                set.Add($"Preset '{entry.Preset}'");
            }

            if (!string.IsNullOrWhiteSpace(entry.Path))
            {
                set.Add($"Path '{entry.Path}'");
            }

            failures.Add($"{key} sets {string.Join(" and ", set)}; set exactly one source.");
            return null;
        }

        DecisionModel model;
        IReadOnlyList<double>? shares = null;
        string source;
        if (entry.Model is not null)
        {
            model = entry.Model;
            source = "code";
        }
        else if (!string.IsNullOrWhiteSpace(entry.Preset))
        {
            if (!DecisionPresets.TryGet(entry.Preset, out var preset))
            {
                failures.Add($"{key}:Preset: unknown preset '{entry.Preset}'; known presets: {string.Join(", ", DecisionPresets.Names)}.");
                return null;
            }

            model = preset.Model;
            shares = preset.Scenario.InitialStateShares;
            source = $"preset '{preset.Name}'";
        }
        else
        {
            var path = Path.GetFullPath(entry.Path!, baseDirectory);
            source = $"file '{path}'";
            if (!File.Exists(path))
            {
                failures.Add($"{key}:Path: the model file '{path}' does not exist.");
                return null;
            }

            try
            {
                var document = DecisionModelJson.ParseDocument(File.ReadAllText(path));
                model = document.Model;
                shares = document.Scenario?.InitialStateShares;
            }
            catch (DecisionModelException ex)
            {
                failures.Add($"{key}:Path: the model file '{path}' is invalid: {ex.Message}");
                return null;
            }
            catch (IOException ex)
            {
                failures.Add($"{key}:Path: the model file '{path}' cannot be read: {ex.Message}");
                return null;
            }
            catch (UnauthorizedAccessException ex)
            {
                failures.Add($"{key}:Path: the model file '{path}' cannot be read: {ex.Message}");
                return null;
            }
        }

        var failed = failures.Count;
        var prior = ResolvePrior(key, model, entry.InitialBelief, shares, failures);
        var invite = entry.InviteAction;
        if (string.IsNullOrWhiteSpace(invite))
        {
            if (model.IndexOfAction("invite") < 0)
            {
                failures.Add($"{key}:InviteAction is not set and the model has no action named 'invite'; name the invite action (actions: {string.Join(", ", model.Actions)}).");
            }

            invite = "invite";
        }
        else if (model.IndexOfAction(invite) < 0)
        {
            failures.Add($"{key}:InviteAction: the model has no action '{invite}'; actions: {string.Join(", ", model.Actions)}.");
        }

        return failures.Count > failed || prior is null ? null : new RegisteredDecisionModel(name, model, prior, invite, source);
    }

    private static Belief? ResolvePrior(string key, DecisionModel model, IList<double>? configured, IReadOnlyList<double>? shares, List<string> failures)
    {
        if (configured is null || configured.Count == 0)
        {
            if (shares is not null && shares.Count == model.StateCount)
            {
                return Belief.Create([.. shares]);
            }

            return Belief.Uniform(model.StateCount);
        }

        if (configured.Count != model.StateCount)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:InitialBelief has {configured.Count} entries; the model has {model.StateCount} states ({string.Join(", ", model.States)})."));
            return null;
        }

        try
        {
            return Belief.Create([.. configured]);
        }
        catch (ValidationFailedException ex)
        {
            failures.Add($"{key}:InitialBelief is not a probability distribution over the states ({string.Join(", ", model.States)}): {ex.Message}");
            return null;
        }
    }
}
