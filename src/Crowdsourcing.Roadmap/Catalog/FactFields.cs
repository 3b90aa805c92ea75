using System.Collections.Frozen;
using System.Globalization;
using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>
/// The facts rule conditions and templates can use: the initiative's fields by their JSON path (<c>goal</c>,
/// <c>needs.volume</c>, <c>cluster.stage</c>…), a few facts read from them (<c>budget.amount</c> is <c>zero</c> or
/// <c>positive</c>), and, for checklist items, recommendations, risks and flags, the planner's own decisions
/// (<c>topLayer</c>, <c>approach</c>, <c>configuration</c>, <c>external</c>, <c>motivation</c>, <c>appraisal.verdict</c>,
/// <c>budget.covers</c>).
/// </summary>
public static class FactFields
{
    /// <summary>The value of an optional part that is present.</summary>
    public const string Present = "present";

    /// <summary>The value of an optional part that is absent.</summary>
    public const string Absent = "absent";

    private static readonly string[] PresentAbsent = [Present, Absent];
    private static readonly string[] YesNo = ["yes", "no"];

    private static readonly FieldInfo[] Infos =
    [
        new("goal", EnumNames.All<InitiativeGoal>(), false, "$.goal", i => EnumNames.Of(i.Goal)),
        new("taskKind", EnumNames.All<TaskKind>(), false, "$.taskKind", i => EnumNames.Of(i.TaskKind)),
        new("sensitivity", EnumNames.All<Confidentiality>(), false, "$.sensitivity", i => EnumNames.Of(i.Sensitivity)),
        new("problemDistance", EnumNames.All<ProblemDistance>(), false, "$.problemDistance", i => EnumNames.Of(i.ProblemDistance)),
        new("needs.insight", EnumNames.All<Magnitude>(), false, "$.needs.insight", i => EnumNames.Of(i.Needs.Insight)),
        new("needs.capability", EnumNames.All<Magnitude>(), false, "$.needs.capability", i => EnumNames.Of(i.Needs.Capability)),
        new("needs.expertise", EnumNames.All<Magnitude>(), false, "$.needs.expertise", i => EnumNames.Of(i.Needs.Expertise)),
        new("needs.volume", EnumNames.All<Magnitude>(), false, "$.needs.volume", i => EnumNames.Of(i.Needs.Volume)),
        new("market", EnumNames.All<Market>(), false, "$.market", i => EnumNames.Of(i.Market)),
        new("platform", EnumNames.All<PlatformPreference>(), false, "$.platform", i => EnumNames.Of(i.Platform)),
        new("cluster", PresentAbsent, false, "$.cluster", i => i.Cluster is null ? Absent : Present),
        new("cluster.level", EnumNames.All<ClusterLevel>(), false, "$.cluster.level", i => i.Cluster is null ? null : EnumNames.Of(i.Cluster.Level)),
        new("cluster.stage", EnumNames.All<ClusterStage>(), false, "$.cluster.stage", i => i.Cluster is null ? null : EnumNames.Of(i.Cluster.Stage)),
        new("budget", PresentAbsent, false, "$.budget", i => i.Budget is null ? Absent : Present),
        new("budget.amount", ["zero", "positive"], false, "$.budget.amount", i => i.Budget is null ? null : i.Budget.Amount == 0 ? "zero" : "positive"),
        new("timetable", PresentAbsent, false, "$.timetable", i => i.Timetable is null ? Absent : Present),
        new("ipPolicy", PresentAbsent, false, "$.ipPolicy", i => i.IpPolicy is null ? Absent : Present),
        new("ipPolicy.commercialUse", YesNo, false, "$.ipPolicy.commercialUse", i => i.IpPolicy is null ? null : (i.IpPolicy.CommercialUse ? "yes" : "no")),
        new("ipPolicy.derivatives", YesNo, false, "$.ipPolicy.derivatives", i => i.IpPolicy is null ? null : (i.IpPolicy.Derivatives ? "yes" : "no")),
        new("ipPolicy.shareAlike", YesNo, false, "$.ipPolicy.shareAlike", i => i.IpPolicy is null ? null : (i.IpPolicy.ShareAlike ? "yes" : "no")),
        new("appraisal", PresentAbsent, false, "$.appraisal", i => i.Appraisal is null ? Absent : Present),
        new("topLayer", EnumNames.All<CrowdLayer>(), true, null, null),
        new("approach", EnumNames.All<SourcingApproach>(), true, null, null),
        new("configuration", EnumNames.All<CrowdConfiguration>(), true, null, null),
        new("external", ["none", .. EnumNames.All<CrowdConfiguration>().Where(c => c != EnumNames.Of(CrowdConfiguration.Internal))], true, null, null),
        new("motivation", EnumNames.All<Motivation>(), true, null, null),
        new("appraisal.verdict", ["agrees", "differs", "declines"], true, null, null),
        new("budget.covers", YesNo, true, null, null),
    ];

    private static readonly FrozenDictionary<string, int> Index = Infos.Select((f, i) => (f.Name, i)).ToFrozenDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    private static readonly FrozenSet<string> TemplateOnly = new[]
    {
        "name", "budget.summary", "timetable.summary", "licence", "budget.prizes", "layers.inside", "layers.outside",
        "appraisal.recommended", "configuration.cost", "hybrid.margin",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every field a condition can test, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Infos.Select(f => f.Name)];

    /// <summary>The values a field can take.</summary>
    /// <param name="field">A name from <see cref="Names"/>.</param>
    /// <returns>The allowed values.</returns>
    /// <exception cref="ValidationFailedException">The field is unknown.</exception>
    public static IReadOnlyList<string> AllowedValues(string field)
        => Index.TryGetValue(field, out var i) ? Infos[i].Values : throw new ValidationFailedException(nameof(field), $"Unknown fact field '{field}'.");

    /// <summary>Whether the field is one of the planner's own decisions, which score rules cannot use.</summary>
    /// <param name="field">A name from <see cref="Names"/>.</param>
    /// <returns><see langword="true"/> for <c>topLayer</c>, <c>approach</c>, <c>configuration</c>, <c>external</c>, <c>motivation</c>, <c>appraisal.verdict</c> and <c>budget.covers</c>.</returns>
    public static bool IsDerived(string field) => Index.TryGetValue(field, out var i) && Infos[i].Derived;

    /// <summary>The JSON path of the spec field a fact is read from, e.g. <c>$.needs.volume</c>; <see langword="null"/> for the planner's own decisions.</summary>
    /// <param name="field">A name from <see cref="Names"/>.</param>
    /// <returns>The path, or <see langword="null"/>.</returns>
    public static string? PathOf(string field) => Index.TryGetValue(field, out var i) ? Infos[i].Path : null;

    internal static int Count => Infos.Length;

    internal static bool IsKnown(string field) => Index.ContainsKey(field);

    internal static int IndexOf(string field) => Index[field];

    internal static string NameAt(int index) => Infos[index].Name;

    internal static string ValueAt(int field, int value) => Infos[field].Values[value];

    internal static int ValueIndex(int field, string value)
    {
        var values = Infos[field].Values;
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal static bool IsTemplatePlaceholder(string name) => Index.ContainsKey(name) || TemplateOnly.Contains(name);

    internal static FactSet Collect(Initiative initiative)
    {
        var facts = new FactSet();
        for (var i = 0; i < Infos.Length; i++)
        {
            if (Infos[i].Read is { } read && read(initiative) is { } v)
            {
                facts.Set(i, v);
            }
        }

        facts.SetText("name", initiative.Name);
        if (initiative.Budget is not null)
        {
            facts.SetText("budget.summary", initiative.Budget.ToString());
        }

        if (initiative.Timetable is not null)
        {
            facts.SetText("timetable.summary", initiative.Timetable.ToString());
        }

        if (initiative.IpPolicy is not null)
        {
            facts.SetText("licence", CreativeCommons.Choose(initiative.IpPolicy).Code);
        }

        return facts;
    }

    internal static string Format(int points) => points.ToString("+0;-0;0", CultureInfo.InvariantCulture);

    private sealed record FieldInfo(string Name, IReadOnlyList<string> Values, bool Derived, string? Path, Func<Initiative, string?>? Read);
}

/// <summary>
/// The facts of one initiative as the planner evaluates them: one value index per field of <see cref="FactFields"/>
/// (−1 when absent) and the texts only templates use. Cheap to copy, so the planner can ask "what if this input were
/// different?" when it explains a tie.
/// </summary>
internal sealed class FactSet
{
    private readonly int[] _values;
    private readonly Dictionary<string, string> _texts;

    public FactSet()
    {
        _values = new int[FactFields.Count];
        Array.Fill(_values, -1);
        _texts = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private FactSet(int[] values, Dictionary<string, string> texts)
    {
        _values = values;
        _texts = texts;
    }

    public int this[int field] => _values[field];

    public string? ValueOf(string field)
    {
        var i = FactFields.IndexOf(field);
        return _values[i] < 0 ? null : FactFields.ValueAt(i, _values[i]);
    }

    public void Set(int field, string value)
    {
        var v = FactFields.ValueIndex(field, value);
        if (v < 0)
        {
            throw new InvalidOperationException($"'{value}' is not a value of fact '{FactFields.NameAt(field)}'.");
        }

        _values[field] = v;
    }

    public void Set(string field, string value) => Set(FactFields.IndexOf(field), value);

    public void SetText(string name, string text) => _texts[name] = text;

    /// <summary>A copy whose input facts can be changed without touching this one (template texts are shared).</summary>
    public FactSet With(int field, int value)
    {
        var copy = (int[])_values.Clone();
        copy[field] = value;
        return new FactSet(copy, _texts);
    }

    /// <summary>The value a template placeholder renders to, or <see langword="null"/>.</summary>
    public string? Text(string name)
    {
        if (_texts.TryGetValue(name, out var text))
        {
            return text;
        }

        return FactFields.IsKnown(name) ? ValueOf(name) : null;
    }

    /// <summary>The facts as field name to value, for callers of the dictionary form of <see cref="RuleCondition.Matches(IReadOnlyDictionary{string, string})"/>.</summary>
    public Dictionary<string, string> ToDictionary()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] >= 0)
            {
                result[FactFields.NameAt(i)] = FactFields.ValueAt(i, _values[i]);
            }
        }

        return result;
    }
}
