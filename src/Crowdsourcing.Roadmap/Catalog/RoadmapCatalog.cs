using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>
/// The rules the planner applies, as data: the six stage definitions, checklist items, recommendations, risks, flags and
/// score rules for crowd layers, the outside configuration and motivation. Immutable; ids are unique across all rule kinds.
/// Every rule names its sources: passages of the papers quoted verbatim, or the planner's own heuristics.
/// The built-in catalogue (<see cref="Default"/>) is an embedded JSON resource; hosts extend it with their own catalogues
/// (<see cref="Extend"/>, <see cref="Compose"/>) that add rules, replace rules by id, or remove rules by id.
/// </summary>
public sealed class RoadmapCatalog
{
    /// <summary>The name of the embedded resource holding the built-in catalogue.</summary>
    public const string DefaultResourceName = "Crowdsourcing.Roadmap.roadmap-catalog.json";

    private static readonly Lazy<RoadmapCatalog> DefaultCatalog = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a catalogue.</summary>
    /// <param name="stages">Stage definitions, at most one per stage.</param>
    /// <param name="checklist">Checklist rules.</param>
    /// <param name="recommendations">Recommendation rules.</param>
    /// <param name="risks">Risk rules.</param>
    /// <param name="scores">Score rules.</param>
    /// <param name="removals">For an extension: the ids it removes from the catalogue it extends.</param>
    /// <param name="flags">Flag rules: inputs in tension.</param>
    /// <exception cref="RoadmapCatalogException">A stage is defined twice, an id is used twice, or a rule is <see langword="null"/>.</exception>
    public RoadmapCatalog(
        IEnumerable<StageDefinition>? stages = null,
        IEnumerable<ChecklistRule>? checklist = null,
        IEnumerable<RecommendationRule>? recommendations = null,
        IEnumerable<RiskRule>? risks = null,
        IEnumerable<ScoreRule>? scores = null,
        IEnumerable<string>? removals = null,
        IEnumerable<FlagRule>? flags = null)
    {
        Stages = NoNulls(stages, "stages");
        Checklist = NoNulls(checklist, "checklist");
        Recommendations = NoNulls(recommendations, "recommendations");
        Risks = NoNulls(risks, "risks");
        Scores = NoNulls(scores, "scores");
        Removals = NoNulls(removals, "remove");
        Flags = NoNulls(flags, "flags");

        var seenStages = new HashSet<RoadmapStage>();
        foreach (var s in Stages)
        {
            if (!seenStages.Add(s.Stage))
            {
                throw new RoadmapCatalogException($"Stage '{EnumNames.Of(s.Stage)}' is defined twice.");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in AllIds())
        {
            if (!ids.Add(id))
            {
                throw new RoadmapCatalogException($"Rule id '{id}' is used twice; ids are unique across checklist items, recommendations, risks, flags and scores.") { RuleId = id };
            }
        }
    }

    /// <summary>The built-in catalogue, loaded once from the embedded resource <see cref="DefaultResourceName"/>.</summary>
    public static RoadmapCatalog Default => DefaultCatalog.Value;

    /// <summary>An empty catalogue.</summary>
    public static RoadmapCatalog Empty { get; } = new();

    /// <summary>The stage definitions.</summary>
    public IReadOnlyList<StageDefinition> Stages { get; }

    /// <summary>The checklist rules, in order.</summary>
    public IReadOnlyList<ChecklistRule> Checklist { get; }

    /// <summary>The recommendation rules, in order.</summary>
    public IReadOnlyList<RecommendationRule> Recommendations { get; }

    /// <summary>The risk rules, in order.</summary>
    public IReadOnlyList<RiskRule> Risks { get; }

    /// <summary>The score rules, in order.</summary>
    public IReadOnlyList<ScoreRule> Scores { get; }

    /// <summary>For an extension: the ids it removes from the catalogue it extends.</summary>
    public IReadOnlyList<string> Removals { get; }

    /// <summary>The flag rules, in order.</summary>
    public IReadOnlyList<FlagRule> Flags { get; }

    /// <summary>Every rule id (checklist items, recommendations, risks, flags, scores).</summary>
    public IEnumerable<string> Ids => AllIds();

    /// <summary>Reads a catalogue from JSON (format: <c>docs/roadmap.md</c>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">A name for messages, e.g. a file name.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="RoadmapCatalogException">The JSON is malformed or a rule is invalid; the message names the source, the JSON path and the rule id.</exception>
    public static RoadmapCatalog Parse(string json, string sourceName = "catalogue")
    {
        ArgumentNullException.ThrowIfNull(json);
        return CatalogJson.Parse(json, sourceName);
    }

    /// <summary>Reads a catalogue from a UTF-8 JSON stream the caller owns.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="sourceName">A name for messages, e.g. a file name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="RoadmapCatalogException">The JSON is malformed or a rule is invalid.</exception>
    public static async ValueTask<RoadmapCatalog> LoadAsync(Stream utf8Json, string sourceName = "catalogue", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var reader = new StreamReader(utf8Json, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return CatalogJson.Parse(text, sourceName);
    }

    /// <summary>
    /// A new catalogue: this one with <paramref name="extension"/> applied. First the extension's <see cref="Removals"/> are
    /// removed, then each of its rules replaces the rule with the same id (keeping its position) or is appended, and each of
    /// its stage definitions replaces the definition of that stage.
    /// </summary>
    /// <param name="extension">The extension.</param>
    /// <returns>The extended catalogue.</returns>
    /// <exception cref="RoadmapCatalogException">The extension removes an id this catalogue does not have.</exception>
    public RoadmapCatalog Extend(RoadmapCatalog extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var known = new HashSet<string>(AllIds(), StringComparer.Ordinal);
        foreach (var id in extension.Removals)
        {
            if (!known.Contains(id))
            {
                throw new RoadmapCatalogException($"The extension removes rule '{id}', which the catalogue does not have.") { RuleId = id };
            }
        }

        var removed = new HashSet<string>(extension.Removals, StringComparer.Ordinal);
        var replacing = new HashSet<string>(extension.AllIds(), StringComparer.Ordinal);

        var stages = Stages.Select(s => extension.Stages.FirstOrDefault(e => e.Stage == s.Stage) ?? s)
            .Concat(extension.Stages.Where(e => Stages.All(s => s.Stage != e.Stage)))
            .OrderBy(s => s.Stage);

        return new RoadmapCatalog(
            stages,
            Merge(Checklist, extension.Checklist, r => r.Id, removed, replacing),
            Merge(Recommendations, extension.Recommendations, r => r.Id, removed, replacing),
            Merge(Risks, extension.Risks, r => r.Id, removed, replacing),
            Merge(Scores, extension.Scores, r => r.Id, removed, replacing),
            flags: Merge(Flags, extension.Flags, r => r.Id, removed, replacing));
    }

    /// <summary>Applies <paramref name="extensions"/> to <paramref name="baseCatalog"/> in order (see <see cref="Extend"/>).</summary>
    /// <param name="baseCatalog">The catalogue to start from, usually <see cref="Default"/>.</param>
    /// <param name="extensions">The extensions, e.g. every catalogue a host registered through DI.</param>
    /// <returns>The composed catalogue.</returns>
    /// <exception cref="RoadmapCatalogException">An extension removes an id that is not there.</exception>
    public static RoadmapCatalog Compose(RoadmapCatalog baseCatalog, IEnumerable<RoadmapCatalog> extensions)
    {
        ArgumentNullException.ThrowIfNull(baseCatalog);
        ArgumentNullException.ThrowIfNull(extensions);
        return extensions.Aggregate(baseCatalog, (acc, e) => acc.Extend(e));
    }

    /// <summary>A new catalogue without the rules with the given ids.</summary>
    /// <param name="ids">The ids.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="RoadmapCatalogException">An id is not in the catalogue.</exception>
    public RoadmapCatalog Without(params string[] ids) => Extend(new RoadmapCatalog(removals: ids));

    /// <summary>A new catalogue with the rule added, or replacing the rule with the same id.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The catalogue.</returns>
    public RoadmapCatalog With(RecommendationRule rule) => Extend(new RoadmapCatalog(recommendations: [rule]));

    /// <summary>A new catalogue with the checklist rule added, or replacing the rule with the same id.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The catalogue.</returns>
    public RoadmapCatalog With(ChecklistRule rule) => Extend(new RoadmapCatalog(checklist: [rule]));

    /// <summary>A new catalogue with the risk rule added, or replacing the rule with the same id.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The catalogue.</returns>
    public RoadmapCatalog With(RiskRule rule) => Extend(new RoadmapCatalog(risks: [rule]));

    /// <summary>A new catalogue with the score rule added, or replacing the rule with the same id.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The catalogue.</returns>
    public RoadmapCatalog With(ScoreRule rule) => Extend(new RoadmapCatalog(scores: [rule]));

    /// <summary>A new catalogue with the flag rule added, or replacing the rule with the same id.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The catalogue.</returns>
    public RoadmapCatalog With(FlagRule rule) => Extend(new RoadmapCatalog(flags: [rule]));

    /// <summary>A new catalogue with the stage definition replacing the one for its stage.</summary>
    /// <param name="stage">The stage definition.</param>
    /// <returns>The catalogue.</returns>
    public RoadmapCatalog With(StageDefinition stage) => Extend(new RoadmapCatalog(stages: [stage]));

    /// <summary>Checks that the catalogue can drive a planner: every stage is defined and it removes nothing.</summary>
    /// <exception cref="RoadmapCatalogException">A stage is not defined, or the catalogue is an extension with removals.</exception>
    public void EnsureComplete()
    {
        var missing = Enum.GetValues<RoadmapStage>().Where(s => Stages.All(d => d.Stage != s)).Select(EnumNames.Of).ToList();
        if (missing.Count > 0)
        {
            throw new RoadmapCatalogException($"The catalogue does not define {(missing.Count == 1 ? "stage" : "stages")} {string.Join(", ", missing)}; a planner needs all six.");
        }

        if (Removals.Count > 0)
        {
            throw new RoadmapCatalogException($"The catalogue still lists removals ({string.Join(", ", Removals)}); apply it to a base catalogue with Extend before planning.");
        }
    }

    private static List<T> NoNulls<T>(IEnumerable<T>? items, string field)
    {
        var list = items?.ToList() ?? [];
        var i = list.FindIndex(x => x is null);
        return i >= 0 ? throw new RoadmapCatalogException($"Catalogue '{field}' has a null entry at index {i}.") : list;
    }

    private static List<T> Merge<T>(IReadOnlyList<T> current, IReadOnlyList<T> extra, Func<T, string> id, HashSet<string> removed, HashSet<string> replacing)
    {
        var extraById = extra.ToDictionary(id, StringComparer.Ordinal);
        var result = new List<T>();
        foreach (var r in current)
        {
            var rid = id(r);
            if (removed.Contains(rid))
            {
                continue;
            }

            if (extraById.Remove(rid, out var replacement))
            {
                result.Add(replacement);
            }
            else if (!replacing.Contains(rid))
            {
                result.Add(r);
            }
        }

        result.AddRange(extra.Where(e => extraById.ContainsKey(id(e))));
        return result;
    }

    private static RoadmapCatalog LoadDefault()
    {
        using var stream = typeof(RoadmapCatalog).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new RoadmapCatalogException($"The embedded resource '{DefaultResourceName}' is missing from {typeof(RoadmapCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var catalog = CatalogJson.Parse(reader.ReadToEnd(), DefaultResourceName);
        catalog.EnsureComplete();
        return catalog;
    }

    private IEnumerable<string> AllIds()
        => Checklist.Select(r => r.Id).Concat(Recommendations.Select(r => r.Id)).Concat(Risks.Select(r => r.Id)).Concat(Flags.Select(r => r.Id)).Concat(Scores.Select(r => r.Id));
}
