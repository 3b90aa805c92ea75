using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionModels;

/// <summary>
/// Validates <see cref="DecisionModelsOptions"/> at start, listing every failure with the configuration key it
/// concerns: an unknown preset, a missing or unreadable model file, an invalid model (with the
/// <see cref="DecisionModelException"/> message and its JSON path), an entry with no source or two, an initial belief
/// that does not fit the model, an unknown invite action, an unknown contact policy, an empty contact channel.
/// </summary>
public sealed class DecisionModelsOptionsValidator : IValidateOptions<DecisionModelsOptions>
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
        const string prefix = DecisionModelsOptions.SectionName;
        foreach (var (modelName, entry) in options.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            DecisionModelResolver.Resolve(modelName, entry, _baseDirectory, failures);
        }

        if (string.IsNullOrWhiteSpace(options.ContactPolicy))
        {
            failures.Add($"{prefix}:ContactPolicy must not be empty; known policies: {string.Join(", ", ContactPolicies.Names)}.");
        }
        else
        {
            try
            {
                _ = ContactPolicies.Get(options.ContactPolicy);
            }
            catch (NotFoundException)
            {
                failures.Add($"{prefix}:ContactPolicy: unknown policy '{options.ContactPolicy}'; known policies: {string.Join(", ", ContactPolicies.Names)}.");
            }
        }

        if (!Enum.IsDefined(options.NonResponderUpdate))
        {
            failures.Add($"{prefix}:NonResponderUpdate: unknown value '{options.NonResponderUpdate}'; known values: {string.Join(", ", Enum.GetNames<NonResponderUpdate>())}.");
        }

        if (options.ContactChannel is not null && string.IsNullOrWhiteSpace(options.ContactChannel))
        {
            failures.Add($"{prefix}:ContactChannel must not be empty when it is set (leave it out for the default channel).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
