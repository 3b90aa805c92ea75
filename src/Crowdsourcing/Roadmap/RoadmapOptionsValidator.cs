using Microsoft.Extensions.Options;

namespace Crowdsourcing.Roadmap;

/// <summary>
/// Validates <see cref="RoadmapOptions"/> at start by composing the catalogue the planner will use: every catalogue
/// file must exist and parse, every extension must apply (a removal must name a rule that is there), and the result must
/// define all six stages. Lists every failure with the configuration key or the extension it concerns.
/// </summary>
internal sealed class RoadmapOptionsValidator : IValidateOptions<RoadmapOptions>
{
    private readonly IServiceProvider _services;

    /// <summary>Creates the validator.</summary>
    /// <param name="services">The service provider, for the registered extensions and the content root.</param>
    public RoadmapOptionsValidator(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RoadmapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var extensions = (IEnumerable<RoadmapCatalogExtension>?)_services.GetService(typeof(IEnumerable<RoadmapCatalogExtension>)) ?? [];
        RoadmapCatalogComposer.Compose(options, extensions, _services, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
