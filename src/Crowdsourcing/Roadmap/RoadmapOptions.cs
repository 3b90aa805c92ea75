using Crowdsourcing.Roadmap.Catalog;

namespace Crowdsourcing.Roadmap;

/// <summary>
/// Settings of the roadmap planner in the runtime, bound from the <c>Crowdsourcing:Roadmap</c> configuration section and
/// validated at start (the composed catalogue must load and be complete).
/// </summary>
public sealed class RoadmapOptions
{
    /// <summary>The configuration section the options are bound from: <c>Crowdsourcing:Roadmap</c>.</summary>
    public const string SectionName = "Crowdsourcing:Roadmap";

    /// <summary>
    /// Whether the composition starts from <see cref="RoadmapCatalog.Default"/>. Default <see langword="true"/>; when
    /// <see langword="false"/> it starts from <see cref="RoadmapCatalog.Empty"/> and the extensions must define all six stages.
    /// </summary>
    public bool UseDefaultCatalog { get; set; } = true;

    /// <summary>
    /// Catalogue JSON files (format: <c>docs/roadmap.md</c>) applied, in order, after the base catalogue and before the
    /// catalogues registered in code. A relative path is resolved against the host's content root when one is
    /// registered, otherwise against <see cref="AppContext.BaseDirectory"/>. Empty by default.
    /// </summary>
    public IList<string> CatalogFiles { get; } = [];
}

/// <summary>
/// A host-supplied roadmap catalogue that extends the base one (adds rules, replaces rules by id, removes rules by id;
/// see <see cref="RoadmapCatalog.Extend"/>). Register it with <see cref="RoadmapBuilder.AddCatalog(RoadmapCatalog)"/>, or
/// directly as a singleton in the service collection; extensions apply in registration order.
/// </summary>
/// <param name="Catalog">The extension.</param>
public sealed record RoadmapCatalogExtension(RoadmapCatalog Catalog)
{
    /// <summary>The extension.</summary>
    public RoadmapCatalog Catalog { get; init; } = Catalog ?? throw new ArgumentNullException(nameof(Catalog));
}
