using Crowdsourcing.Decision.Models;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionModels;

/// <summary>
/// Validates <see cref="DecisionModelsOptions"/> at start, listing every failure with the configuration key it
/// concerns: an unknown preset, a missing or unreadable model file, an invalid model (with the
/// <see cref="DecisionModelException"/> message and its JSON path), an entry with no source or two, an initial belief
/// that does not fit the model, an unknown invite action.
/// </summary>
internal sealed class DecisionModelsOptionsValidator : IValidateOptions<DecisionModelsOptions>
{
    private readonly string _baseDirectory;

    /// <summary>Creates the validator.</summary>
    /// <param name="services">The service provider, for the host's content root (relative model paths).</param>
    public DecisionModelsOptionsValidator(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _baseDirectory = DecisionModelResolver.BaseDirectory(services);
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DecisionModelsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (modelName, entry) in options.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            DecisionModelResolver.Resolve(modelName, entry, _baseDirectory, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
