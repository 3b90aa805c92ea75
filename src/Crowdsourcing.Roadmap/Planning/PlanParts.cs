using Crowdsourcing.Crowd;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;

namespace Crowdsourcing.Roadmap.Planning;

/// <summary>A checklist item of a plan stage. Its status is kept by the <see cref="RoadmapPlan"/> (see <see cref="RoadmapPlan.StatusOf"/>).</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Stage">The stage it belongs to.</param>
/// <param name="Text">What has to be done.</param>
/// <param name="Required">Whether the stage is complete only when it is done.</param>
/// <param name="Sources">The literature, possibly none.</param>
public sealed record ChecklistItem(string Id, RoadmapStage Stage, string Text, bool Required, IReadOnlyList<string> Sources);

/// <summary>A recommendation with the reason drawn from the initiative and the sources the papers cite for it.</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Text">What to do.</param>
/// <param name="Reason">Why, for this initiative.</param>
/// <param name="Sources">The papers, sections and cited authors.</param>
public sealed record Recommendation(string Id, string Text, string Reason, IReadOnlyList<string> Sources);

/// <summary>A risk with its mitigation.</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Area">The register area (e.g. <c>ip-strategy</c>), or <see langword="null"/>.</param>
/// <param name="Text">The risk.</param>
/// <param name="Mitigation">How to mitigate it.</param>
/// <param name="Reason">Why it applies to this initiative.</param>
/// <param name="Sources">The literature.</param>
public sealed record Risk(string Id, string? Area, string Text, string Mitigation, string Reason, IReadOnlyList<string> Sources);

/// <summary>One stage of a plan.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Name">Its name.</param>
/// <param name="Focus">Its focus and considerations.</param>
/// <param name="FocusSources">The literature behind the focus.</param>
/// <param name="Checklist">The checklist items.</param>
/// <param name="Recommendations">The recommendations.</param>
/// <param name="Risks">The risks.</param>
public sealed record PlanStage(
    RoadmapStage Stage,
    string Name,
    string Focus,
    IReadOnlyList<string> FocusSources,
    IReadOnlyList<ChecklistItem> Checklist,
    IReadOnlyList<Recommendation> Recommendations,
    IReadOnlyList<Risk> Risks)
{
    /// <summary>The 1-based stage number.</summary>
    public int Number => (int)Stage + 1;
}

/// <summary>The cross-cutting part of a plan: ethical cautions, cluster concerns, the risk register.</summary>
/// <param name="Recommendations">The recommendations.</param>
/// <param name="Risks">The risk register.</param>
public sealed record CrossCuttingSection(IReadOnlyList<Recommendation> Recommendations, IReadOnlyList<Risk> Risks);

/// <summary>An option of a scored choice with its total, whether a veto excluded it, the reason and the sources.</summary>
/// <typeparam name="TOption">The option type.</typeparam>
/// <param name="Option">The option.</param>
/// <param name="Score">The total of the points of the rules that applied (relative: higher is better).</param>
/// <param name="Excluded">Whether a veto rule excluded it.</param>
/// <param name="Reason">The rules that applied, with their points.</param>
/// <param name="Sources">Their sources, without duplicates.</param>
public sealed record ScoredOption<TOption>(TOption Option, int Score, bool Excluded, string Reason, IReadOnlyList<string> Sources)
    where TOption : struct, Enum;

/// <summary>
/// The plan's crowd recommendation (stage 2, select the crowd): the four <see cref="CrowdLayer"/>s ranked best first,
/// and the <see cref="CrowdConfiguration"/>s ranked best first. Not the model's <see cref="Crowdsourcing.Campaigns.CrowdSelection"/>,
/// which says who a campaign's crowd is.
/// </summary>
/// <param name="Layers">The layers, best first.</param>
/// <param name="Configurations">The configurations, best first; excluded ones last.</param>
public sealed record CrowdRecommendation(IReadOnlyList<ScoredOption<CrowdLayer>> Layers, IReadOnlyList<ScoredOption<CrowdConfiguration>> Configurations)
{
    /// <summary>The recommended configuration: the best one not excluded.</summary>
    public CrowdConfiguration Configuration => Configurations[0].Option;

    /// <summary>The best-ranked layer.</summary>
    public CrowdLayer TopLayer => Layers[0].Option;
}

/// <summary>The IP policy of a plan: the Creative Commons licence that fits the initiative's reuse conditions.</summary>
/// <param name="Conditions">The conditions from the spec.</param>
/// <param name="Licence">The licence.</param>
/// <param name="Reason">Why this licence.</param>
/// <param name="Sources">The sources.</param>
public sealed record IpPolicyPlan(IpConditions Conditions, CreativeCommonsLicence Licence, string Reason, IReadOnlyList<string> Sources);
