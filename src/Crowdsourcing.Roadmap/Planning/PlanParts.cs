using Crowdsourcing.Crowd;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;

namespace Crowdsourcing.Roadmap.Planning;

/// <summary>A checklist item of a plan stage. Its status is kept by the <see cref="RoadmapPlan"/> (see <see cref="RoadmapPlan.StatusOf"/>).</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Stage">The stage it belongs to.</param>
/// <param name="Text">What has to be done.</param>
/// <param name="Required">Whether the stage is complete only when it is done.</param>
/// <param name="Sources">Where it comes from, possibly none.</param>
public sealed record ChecklistItem(string Id, RoadmapStage Stage, string Text, bool Required, IReadOnlyList<RuleSource> Sources);

/// <summary>A recommendation with the reason drawn from the initiative and its sources.</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Text">What to do.</param>
/// <param name="Reason">Why, for this initiative: it names the inputs that triggered it.</param>
/// <param name="Sources">The paper passages and planner heuristics behind it.</param>
public sealed record Recommendation(string Id, string Text, string Reason, IReadOnlyList<RuleSource> Sources);

/// <summary>A risk with its mitigation.</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Area">The register area (e.g. <c>ip-strategy</c>), or <see langword="null"/>.</param>
/// <param name="Text">The risk.</param>
/// <param name="Mitigation">How to mitigate it.</param>
/// <param name="Reason">Why it applies to this initiative.</param>
/// <param name="Priority">How much it matters for this initiative.</param>
/// <param name="Sources">The paper passages and planner heuristics behind it.</param>
public sealed record Risk(string Id, string? Area, string Text, string Mitigation, string Reason, RiskPriority Priority, IReadOnlyList<RuleSource> Sources);

/// <summary>One stage of a plan.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Name">Its name.</param>
/// <param name="Focus">Its focus and considerations.</param>
/// <param name="FocusSources">Where the focus comes from.</param>
/// <param name="Checklist">The checklist items.</param>
/// <param name="Recommendations">The recommendations.</param>
/// <param name="Risks">The risks.</param>
public sealed record PlanStage(
    RoadmapStage Stage,
    string Name,
    string Focus,
    IReadOnlyList<RuleSource> FocusSources,
    IReadOnlyList<ChecklistItem> Checklist,
    IReadOnlyList<Recommendation> Recommendations,
    IReadOnlyList<Risk> Risks)
{
    /// <summary>The 1-based stage number.</summary>
    public int Number => (int)Stage + 1;
}

/// <summary>The cross-cutting part of a plan: IP, cluster concerns, the risk register (high-priority risks first).</summary>
/// <param name="Recommendations">The recommendations.</param>
/// <param name="Risks">The risk register.</param>
public sealed record CrossCuttingSection(IReadOnlyList<Recommendation> Recommendations, IReadOnlyList<Risk> Risks);

/// <summary>An option of a scored choice with its total, whether a veto excluded it, the reason and the sources.</summary>
/// <typeparam name="TOption">The option type.</typeparam>
/// <param name="Option">The option.</param>
/// <param name="Score">The total of the points of the rules that applied (relative: higher is better).</param>
/// <param name="Excluded">Whether a veto rule excluded it (or, for a configuration, nothing the plan engages can use it).</param>
/// <param name="Reason">The rules that applied, with their points.</param>
/// <param name="Sources">Their sources, without duplicates.</param>
public sealed record ScoredOption<TOption>(TOption Option, int Score, bool Excluded, string Reason, IReadOnlyList<RuleSource> Sources)
    where TOption : struct, Enum;

/// <summary>
/// The plan's crowd recommendation (stage 2, select the crowd). The four <see cref="CrowdLayer"/>s are ranked best first;
/// the <see cref="Approach"/> and the configurations follow from that ranking and the sensitivity: the internal
/// configuration reaches the inside layers (internal, trusted partners), via-broker and open reach the outside layers
/// (pre-qualified, general); a hybrid runs both. Not the model's <see cref="Crowdsourcing.Campaigns.CrowdSelection"/>,
/// which says who a campaign's crowd is.
/// </summary>
/// <param name="Layers">The layers, best first; excluded ones last.</param>
/// <param name="Approach">Inside, outside or hybrid.</param>
/// <param name="Used">The configurations the plan uses: one, or for a hybrid the internal one and an outside one.</param>
/// <param name="Configurations">All three configurations: the used ones first, then those that remain possible, then the excluded ones; each with its score and reason.</param>
/// <param name="Reason">How the approach and configuration follow from the ranking and the sensitivity.</param>
/// <param name="Sources">Where that derivation comes from.</param>
public sealed record CrowdRecommendation(
    IReadOnlyList<ScoredOption<CrowdLayer>> Layers,
    SourcingApproach Approach,
    IReadOnlyList<CrowdConfiguration> Used,
    IReadOnlyList<ScoredOption<CrowdConfiguration>> Configurations,
    string Reason,
    IReadOnlyList<RuleSource> Sources)
{
    /// <summary>The configuration that reaches the top-ranked layer.</summary>
    public CrowdConfiguration Configuration => TopLayer is CrowdLayer.Internal or CrowdLayer.TrustedPartners ? CrowdConfiguration.Internal : Used[^1];

    /// <summary>The configuration that reaches the outside layers, or <see langword="null"/> when the approach is inside.</summary>
    public CrowdConfiguration? External => Approach == SourcingApproach.Inside ? null : Used[^1];

    /// <summary>The best-ranked layer.</summary>
    public CrowdLayer TopLayer => Layers[0].Option;

    /// <summary>Whether the plan uses the configuration.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns><see langword="true"/> when it is one of <see cref="Used"/>.</returns>
    public bool Uses(CrowdConfiguration configuration) => Used.Contains(configuration);
}

/// <summary>The IP policy of a plan: the Creative Commons licence that fits the initiative's reuse conditions.</summary>
/// <param name="Conditions">The conditions from the spec.</param>
/// <param name="Licence">The licence.</param>
/// <param name="Reason">Why this licence.</param>
/// <param name="Sources">The sources.</param>
public sealed record IpPolicyPlan(IpConditions Conditions, CreativeCommonsLicence Licence, string Reason, IReadOnlyList<RuleSource> Sources);

/// <summary>
/// Options of a choice that scored the same at the top: shown rather than settled silently, with how the planner settled
/// it and which single change of an input would break it.
/// </summary>
/// <param name="Choice">What tied: <see cref="ScoreChoice.Layer"/>, <see cref="ScoreChoice.Configuration"/> (the outside configuration) or <see cref="ScoreChoice.Motivation"/>.</param>
/// <param name="Options">The tied options (kebab-case names), in the order the plan ranks them.</param>
/// <param name="Score">Their score.</param>
/// <param name="SettledBy">How the planner ordered them, and what the plan does about it.</param>
/// <param name="Breakers">Single input changes under which one of the tied options scores strictly higher than the others.</param>
public sealed record PlanTie(ScoreChoice Choice, IReadOnlyList<string> Options, int Score, string SettledBy, IReadOnlyList<TieBreaker> Breakers);

/// <summary>One input change that breaks a tie.</summary>
/// <param name="Field">The input's JSON path, e.g. <c>$.problemDistance</c>.</param>
/// <param name="Value">The value it would take.</param>
/// <param name="Favours">The tied option that would then come first.</param>
public sealed record TieBreaker(string Field, string Value, string Favours);

/// <summary>Inputs that pull in different directions, and what the plan does about them (see <see cref="FlagRule"/>).</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Paths">The JSON paths of the inputs.</param>
/// <param name="Text">What is in tension and what the plan does.</param>
/// <param name="Sources">The sources.</param>
public sealed record PlanFlag(string Id, IReadOnlyList<string> Paths, string Text, IReadOnlyList<RuleSource> Sources);
