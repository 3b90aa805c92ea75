using System.Collections.Frozen;
using System.Globalization;
using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>
/// The facts rule conditions and reason templates can use: the initiative's fields by their JSON path
/// (<c>goal</c>, <c>needs.volume</c>, <c>cluster.stage</c>…) and, for recommendations, checklist items and risks,
/// the planner's own choices (<c>configuration</c>, <c>topLayer</c>, <c>motivation</c>).
/// </summary>
public static class FactFields
{
    /// <summary>The value of an optional part that is present.</summary>
    public const string Present = "present";

    /// <summary>The value of an optional part that is absent.</summary>
    public const string Absent = "absent";

    private static readonly string[] PresentAbsent = [Present, Absent];
    private static readonly string[] YesNo = ["yes", "no"];

    private static readonly FrozenDictionary<string, FieldInfo> Fields = new FieldInfo[]
    {
        new("goal", EnumNames.All<InitiativeGoal>(), false, i => EnumNames.Of(i.Goal)),
        new("taskKind", EnumNames.All<TaskKind>(), false, i => EnumNames.Of(i.TaskKind)),
        new("sensitivity", EnumNames.All<Confidentiality>(), false, i => EnumNames.Of(i.Sensitivity)),
        new("problemDistance", EnumNames.All<ProblemDistance>(), false, i => EnumNames.Of(i.ProblemDistance)),
        new("needs.insight", EnumNames.All<Magnitude>(), false, i => EnumNames.Of(i.Needs.Insight)),
        new("needs.capability", EnumNames.All<Magnitude>(), false, i => EnumNames.Of(i.Needs.Capability)),
        new("needs.expertise", EnumNames.All<Magnitude>(), false, i => EnumNames.Of(i.Needs.Expertise)),
        new("needs.volume", EnumNames.All<Magnitude>(), false, i => EnumNames.Of(i.Needs.Volume)),
        new("market", EnumNames.All<Market>(), false, i => EnumNames.Of(i.Market)),
        new("platform", EnumNames.All<PlatformPreference>(), false, i => EnumNames.Of(i.Platform)),
        new("cluster", PresentAbsent, false, i => i.Cluster is null ? Absent : Present),
        new("cluster.level", EnumNames.All<ClusterLevel>(), false, i => i.Cluster is null ? null : EnumNames.Of(i.Cluster.Level)),
        new("cluster.stage", EnumNames.All<ClusterStage>(), false, i => i.Cluster is null ? null : EnumNames.Of(i.Cluster.Stage)),
        new("budget", PresentAbsent, false, i => i.Budget is null ? Absent : Present),
        new("timetable", PresentAbsent, false, i => i.Timetable is null ? Absent : Present),
        new("ipPolicy", PresentAbsent, false, i => i.IpPolicy is null ? Absent : Present),
        new("ipPolicy.commercialUse", YesNo, false, i => i.IpPolicy is null ? null : (i.IpPolicy.CommercialUse ? "yes" : "no")),
        new("ipPolicy.derivatives", YesNo, false, i => i.IpPolicy is null ? null : (i.IpPolicy.Derivatives ? "yes" : "no")),
        new("ipPolicy.shareAlike", YesNo, false, i => i.IpPolicy is null ? null : (i.IpPolicy.ShareAlike ? "yes" : "no")),
        new("configuration", EnumNames.All<CrowdConfiguration>(), true, null),
        new("topLayer", EnumNames.All<CrowdLayer>(), true, null),
        new("motivation", EnumNames.All<Motivation>(), true, null),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    private static readonly FrozenSet<string> TemplateOnly = new[] { "name", "budget.summary", "timetable.summary", "licence" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every field a condition can test, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "goal", "taskKind", "sensitivity", "problemDistance", "needs.insight", "needs.capability", "needs.expertise", "needs.volume",
        "market", "platform", "cluster", "cluster.level", "cluster.stage", "budget", "timetable", "ipPolicy",
        "ipPolicy.commercialUse", "ipPolicy.derivatives", "ipPolicy.shareAlike", "configuration", "topLayer", "motivation",
    ];

    /// <summary>The values a field can take.</summary>
    /// <param name="field">A name from <see cref="Names"/>.</param>
    /// <returns>The allowed values.</returns>
    /// <exception cref="ValidationFailedException">The field is unknown.</exception>
    public static IReadOnlyList<string> AllowedValues(string field)
        => Fields.TryGetValue(field, out var f) ? f.Values : throw new ValidationFailedException(nameof(field), $"Unknown fact field '{field}'.");

    /// <summary>Whether the field is one of the planner's own choices, which score rules cannot use.</summary>
    /// <param name="field">A name from <see cref="Names"/>.</param>
    /// <returns><see langword="true"/> for <c>configuration</c>, <c>topLayer</c> and <c>motivation</c>.</returns>
    public static bool IsDerived(string field) => Fields.TryGetValue(field, out var f) && f.Derived;

    internal static bool IsKnown(string field) => Fields.ContainsKey(field);

    internal static bool IsTemplatePlaceholder(string name) => Fields.ContainsKey(name) || TemplateOnly.Contains(name);

    internal static Dictionary<string, string> Collect(Initiative initiative)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Fields.Values)
        {
            if (f.Read is not null && f.Read(initiative) is { } v)
            {
                facts[f.Name] = v;
            }
        }

        facts["name"] = initiative.Name;
        if (initiative.Budget is not null)
        {
            facts["budget.summary"] = initiative.Budget.ToString();
        }

        if (initiative.Timetable is not null)
        {
            facts["timetable.summary"] = initiative.Timetable.ToString();
        }

        if (initiative.IpPolicy is not null)
        {
            facts["licence"] = CreativeCommons.Choose(initiative.IpPolicy).Code;
        }

        return facts;
    }

    internal static string Format(int points) => points.ToString("+0;-0;0", CultureInfo.InvariantCulture);

    private sealed record FieldInfo(string Name, IReadOnlyList<string> Values, bool Derived, Func<Initiative, string?>? Read);
}
