using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionModels;

/// <summary>The registry built from the validated <see cref="DecisionModelsOptions"/>.</summary>
internal sealed class DecisionModelRegistry : IDecisionModelRegistry
{
    private readonly Dictionary<string, RegisteredDecisionModel> _models;

    public DecisionModelRegistry(IOptions<DecisionModelsOptions> options, IServiceProvider services, ILogger<DecisionModelRegistry> logger)
    {
        var value = options.Value;
        var failures = new List<string>();
        var baseDirectory = DecisionModelResolver.BaseDirectory(services);
        _models = new Dictionary<string, RegisteredDecisionModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entry) in value.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (DecisionModelResolver.Resolve(name, entry, baseDirectory, failures) is { } model)
            {
                _models[name] = model;
                DecisionModelsLog.ModelRegistered(logger, name, model.Source, model.Model.StateCount, model.Model.ActionCount, model.Model.Interventions.Count);
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(DecisionModelsOptions), failures);
        }

        Names = [.. _models.Keys.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Names { get; }

    public RegisteredDecisionModel GetModel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetModel(name, out var model) ? model : throw new DecisionModelNotFoundException(name, Names);
    }

    public bool TryGetModel(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RegisteredDecisionModel? model)
    {
        model = null;
        return name is not null && _models.TryGetValue(name, out model);
    }
}
