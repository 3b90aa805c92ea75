using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Planning;

/// <summary>Turns an initiative into a six-stage roadmap plan with reasons.</summary>
public interface IRoadmapPlanner
{
    /// <summary>Plans the initiative.</summary>
    /// <param name="initiative">The initiative.</param>
    /// <returns>A new plan, with no progress recorded.</returns>
    RoadmapPlan Plan(Initiative initiative);
}

/// <summary>
/// The planner: applies a <see cref="RoadmapCatalog"/> to an initiative. Pure and deterministic: the same catalogue and
/// initiative give the same plan. Thread-safe.
/// </summary>
/// <remarks>
/// Order of work: the score rules rank the crowd layers, the configurations and the motivation types from the initiative's
/// facts; the planner's choices (<c>configuration</c>, <c>topLayer</c>, <c>motivation</c>) are then added to the facts, and
/// every checklist, recommendation and risk rule whose condition holds is placed in its stage (or the cross-cutting section),
/// in catalogue order, with its templates filled in.
/// </remarks>
public sealed class RoadmapPlanner : IRoadmapPlanner
{
    private static readonly string[] IpSources =
    [
        "Clusters paper, §Strategic dimensions of crowdsourcing for creative clusters (Creative Commons: four conditions combine in six licences); Hofmokl et al. [50]",
        "Roadmap paper, §4 Discussion (IPR is formally well-defined, but cases of disproportionate benefits remain ethically unresolved)",
    ];

    /// <summary>A planner over <see cref="RoadmapCatalog.Default"/>.</summary>
    public RoadmapPlanner()
        : this(RoadmapCatalog.Default)
    {
    }

    /// <summary>A planner over the given catalogue.</summary>
    /// <param name="catalog">A complete catalogue (every stage defined, no pending removals).</param>
    /// <exception cref="RoadmapCatalogException">The catalogue is not complete.</exception>
    public RoadmapPlanner(RoadmapCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.EnsureComplete();
        Catalog = catalog;
    }

    /// <summary>The catalogue applied.</summary>
    public RoadmapCatalog Catalog { get; }

    /// <inheritdoc />
    /// <exception cref="RoadmapCatalogException">The catalogue's score rules exclude every configuration for this initiative.</exception>
    public RoadmapPlan Plan(Initiative initiative)
    {
        ArgumentNullException.ThrowIfNull(initiative);
        var facts = FactFields.Collect(initiative);

        var layers = Rank<CrowdLayer>(ScoreChoice.Layer, facts);
        var configurations = Rank<CrowdConfiguration>(ScoreChoice.Configuration, facts);
        var motivations = Rank<Motivation>(ScoreChoice.Motivation, facts);
        if (configurations[0].Excluded)
        {
            throw new RoadmapCatalogException(
                $"The catalogue's score rules exclude every configuration for '{initiative.Name}': {string.Join("; ", configurations.Select(c => c.Reason))}.");
        }

        var crowd = new CrowdRecommendation(layers, configurations);
        facts["configuration"] = EnumNames.Of(crowd.Configuration);
        facts["topLayer"] = EnumNames.Of(crowd.TopLayer);
        facts["motivation"] = EnumNames.Of(motivations[0].Option);

        var stages = new List<PlanStage>(6);
        foreach (var definition in Catalog.Stages.OrderBy(s => s.Stage))
        {
            var checklist = Catalog.Checklist
                .Where(r => r.Stage == definition.Stage && r.When.Matches(facts))
                .Select(r => new ChecklistItem(r.Id, r.Stage, RuleText.Render(r.Text, facts), r.RequiredWhen?.Matches(facts) ?? r.Required, r.Sources))
                .ToList();
            stages.Add(new PlanStage(
                definition.Stage,
                definition.Name,
                definition.Focus,
                definition.Sources,
                checklist,
                Recommendations(definition.Stage, facts),
                Risks(definition.Stage, facts)));
        }

        var crossCutting = new CrossCuttingSection(Recommendations(null, facts), Risks(null, facts));
        IpPolicyPlan? ip = null;
        if (initiative.IpPolicy is { } conditions)
        {
            var licence = CreativeCommons.Choose(conditions);
            var reason = $"The spec allows commercial use: {YesNo(conditions.CommercialUse)}; derivatives: {YesNo(conditions.Derivatives)}; share-alike: {YesNo(conditions.ShareAlike)}. "
                + $"{licence.Code} sets exactly these conditions ({string.Join(", ", licence.Conditions)}).";
            ip = new IpPolicyPlan(conditions, licence, reason, IpSources);
        }

        return new RoadmapPlan(initiative, stages, crowd, motivations[0], motivations, crossCutting, ip);
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private List<Recommendation> Recommendations(RoadmapStage? stage, Dictionary<string, string> facts)
        => [.. Catalog.Recommendations
            .Where(r => r.Stage == stage && r.When.Matches(facts))
            .Select(r => new Recommendation(r.Id, RuleText.Render(r.Text, facts), RuleText.Render(r.Reason, facts), r.Sources))];

    private List<Risk> Risks(RoadmapStage? stage, Dictionary<string, string> facts)
        => [.. Catalog.Risks
            .Where(r => r.Stage == stage && r.When.Matches(facts))
            .Select(r => new Risk(r.Id, r.Area, RuleText.Render(r.Text, facts), RuleText.Render(r.Mitigation, facts), RuleText.Render(r.Reason, facts), r.Sources))];

    private List<ScoredOption<TOption>> Rank<TOption>(ScoreChoice choice, Dictionary<string, string> facts)
        where TOption : struct, Enum
    {
        var result = new List<ScoredOption<TOption>>();
        foreach (var option in Enum.GetValues<TOption>())
        {
            var name = EnumNames.Of(option);
            var applied = Catalog.Scores.Where(r => r.Choice == choice && r.Option == name && r.When.Matches(facts)).ToList();
            var vetoes = applied.Where(r => r.Veto).ToList();
            var score = vetoes.Count > 0 ? 0 : applied.Sum(r => r.Points);
            string reason;
            if (vetoes.Count > 0)
            {
                reason = "Excluded: " + string.Join("; ", vetoes.Select(r => RuleText.Render(r.Reason, facts)));
            }
            else
            {
                var conditional = applied.Where(r => !r.IsBaseline).ToList();
                var shown = conditional.Count > 0 ? conditional : applied;
                reason = shown.Count == 0
                    ? "No rule applies."
                    : string.Join("; ", shown.Select(r => $"{FactFields.Format(r.Points)} {RuleText.Render(r.Reason, facts)}"));
            }

            var sources = (vetoes.Count > 0 ? vetoes : applied).SelectMany(r => r.Sources).Distinct(StringComparer.Ordinal).ToList();
            result.Add(new ScoredOption<TOption>(option, score, vetoes.Count > 0, reason, sources));
        }

        // Best first: not excluded, higher score, then declaration order (closest layer, most internal configuration).
        return [.. result.OrderBy(o => o.Excluded).ThenByDescending(o => o.Score).ThenBy(o => Convert.ToInt32(o.Option, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
