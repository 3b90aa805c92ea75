using System.Text.RegularExpressions;
using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>The name, focus and literature of one roadmap stage (roadmap paper, Table 1).</summary>
public sealed record StageDefinition
{
    /// <summary>Creates a stage definition.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="name">A non-blank display name.</param>
    /// <param name="focus">A non-blank statement of the stage's focus and considerations.</param>
    /// <param name="sources">Where the focus comes from; at least one.</param>
    /// <exception cref="ValidationFailedException">A field is blank or undefined; the message names it.</exception>
    public StageDefinition(RoadmapStage stage, string name, string focus, IReadOnlyList<RuleSource> sources)
    {
        if (!Enum.IsDefined(stage))
        {
            throw new ValidationFailedException(nameof(stage), $"Stage definition: stage {stage} is not defined.");
        }

        var where = $"stage '{EnumNames.Of(stage)}'";
        Stage = stage;
        Name = RuleText.Required(name, where, "name");
        Focus = RuleText.Required(focus, where, "focus");
        Sources = RuleText.Sources(sources, where, atLeastOne: true);
    }

    /// <summary>The stage.</summary>
    public RoadmapStage Stage { get; }

    /// <summary>The display name, e.g. <c>Select the crowd</c>.</summary>
    public string Name { get; }

    /// <summary>The focus and considerations.</summary>
    public string Focus { get; }

    /// <summary>The sources.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }
}

/// <summary>A checklist item a stage gets when <see cref="When"/> holds.</summary>
public sealed record ChecklistRule
{
    /// <summary>Creates a checklist rule.</summary>
    /// <param name="id">A unique id: lower-case letters, digits, dots and dashes.</param>
    /// <param name="stage">The stage the item belongs to.</param>
    /// <param name="text">What has to be done.</param>
    /// <param name="required">Whether the stage is complete only when the item is done (ignored when <paramref name="requiredWhen"/> is given).</param>
    /// <param name="when">When the item is included; <see langword="null"/> for always.</param>
    /// <param name="requiredWhen">When the item is required; <see langword="null"/> to use <paramref name="required"/>.</param>
    /// <param name="sources">Where the item comes from, possibly none.</param>
    /// <exception cref="ValidationFailedException">A field is blank or invalid; the message names the rule and field.</exception>
    public ChecklistRule(string id, RoadmapStage stage, string text, bool required = true, RuleCondition? when = null, RuleCondition? requiredWhen = null, IReadOnlyList<RuleSource>? sources = null)
    {
        Id = RuleText.Id(id);
        var where = $"checklist item '{Id}'";
        Stage = RuleText.Stage(stage, where);
        Text = RuleText.Required(text, where, "text");
        RuleText.Placeholders(Text, where, "text");
        Required = required;
        When = when ?? RuleCondition.Always;
        RequiredWhen = requiredWhen;
        Sources = RuleText.Sources(sources, where, atLeastOne: false);
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The stage.</summary>
    public RoadmapStage Stage { get; }

    /// <summary>The text, which may use <c>{field}</c> placeholders.</summary>
    public string Text { get; }

    /// <summary>Whether the item is required when <see cref="RequiredWhen"/> is <see langword="null"/>.</summary>
    public bool Required { get; }

    /// <summary>When the item is included.</summary>
    public RuleCondition When { get; }

    /// <summary>When the item is required, or <see langword="null"/> to use <see cref="Required"/>.</summary>
    public RuleCondition? RequiredWhen { get; }

    /// <summary>The sources.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }
}

/// <summary>A recommendation a stage (or the cross-cutting section) gets when <see cref="When"/> holds.</summary>
public sealed record RecommendationRule
{
    /// <summary>Creates a recommendation rule.</summary>
    /// <param name="id">A unique id: lower-case letters, digits, dots and dashes.</param>
    /// <param name="stage">The stage, or <see langword="null"/> for the cross-cutting section.</param>
    /// <param name="text">What to do.</param>
    /// <param name="reason">Why, as a template over the initiative's facts, e.g. <c>The task is {sensitivity}.</c></param>
    /// <param name="sources">Where the advice comes from: paper passages and planner heuristics; at least one.</param>
    /// <param name="when">When it applies; <see langword="null"/> for always.</param>
    /// <exception cref="ValidationFailedException">A field is blank or invalid, or a template names an unknown placeholder; the message names the rule and field.</exception>
    public RecommendationRule(string id, RoadmapStage? stage, string text, string reason, IReadOnlyList<RuleSource> sources, RuleCondition? when = null)
    {
        Id = RuleText.Id(id);
        var where = $"recommendation '{Id}'";
        Stage = stage is null ? null : RuleText.Stage(stage.Value, where);
        Text = RuleText.Required(text, where, "text");
        Reason = RuleText.Required(reason, where, "reason");
        RuleText.Placeholders(Text, where, "text");
        RuleText.Placeholders(Reason, where, "reason");
        Sources = RuleText.Sources(sources, where, atLeastOne: true);
        When = when ?? RuleCondition.Always;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The stage, or <see langword="null"/> for cross-cutting.</summary>
    public RoadmapStage? Stage { get; }

    /// <summary>The text template.</summary>
    public string Text { get; }

    /// <summary>The reason template.</summary>
    public string Reason { get; }

    /// <summary>The sources.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }

    /// <summary>When it applies.</summary>
    public RuleCondition When { get; }
}

/// <summary>A risk a stage (or the cross-cutting risk register) gets when <see cref="When"/> holds.</summary>
public sealed record RiskRule
{
    /// <summary>Creates a risk rule.</summary>
    /// <param name="id">A unique id: lower-case letters, digits, dots and dashes.</param>
    /// <param name="stage">The stage, or <see langword="null"/> for the cross-cutting risk register.</param>
    /// <param name="area">The area of the register (e.g. <c>ip-strategy</c>), or <see langword="null"/>.</param>
    /// <param name="text">The risk.</param>
    /// <param name="mitigation">How to mitigate it.</param>
    /// <param name="reason">Why it applies, as a template over the initiative's facts.</param>
    /// <param name="sources">Where it comes from: paper passages and planner heuristics; at least one.</param>
    /// <param name="when">When it applies; <see langword="null"/> for always.</param>
    /// <param name="priorityWhen">When the risk is a high priority for this initiative (e.g. a barrier that matters most at a cluster's stage); <see langword="null"/> for never.</param>
    /// <exception cref="ValidationFailedException">A field is blank or invalid; the message names the rule and field.</exception>
    public RiskRule(string id, RoadmapStage? stage, string? area, string text, string mitigation, string reason, IReadOnlyList<RuleSource> sources, RuleCondition? when = null, RuleCondition? priorityWhen = null)
    {
        Id = RuleText.Id(id);
        var where = $"risk '{Id}'";
        Stage = stage is null ? null : RuleText.Stage(stage.Value, where);
        Area = string.IsNullOrWhiteSpace(area) ? null : area.Trim();
        Text = RuleText.Required(text, where, "text");
        Mitigation = RuleText.Required(mitigation, where, "mitigation");
        Reason = RuleText.Required(reason, where, "reason");
        RuleText.Placeholders(Text, where, "text");
        RuleText.Placeholders(Mitigation, where, "mitigation");
        RuleText.Placeholders(Reason, where, "reason");
        Sources = RuleText.Sources(sources, where, atLeastOne: true);
        When = when ?? RuleCondition.Always;
        PriorityWhen = priorityWhen;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The stage, or <see langword="null"/> for cross-cutting.</summary>
    public RoadmapStage? Stage { get; }

    /// <summary>When the risk is a high priority, or <see langword="null"/> for never.</summary>
    public RuleCondition? PriorityWhen { get; }

    /// <summary>The register area, or <see langword="null"/>.</summary>
    public string? Area { get; }

    /// <summary>The risk template.</summary>
    public string Text { get; }

    /// <summary>The mitigation template.</summary>
    public string Mitigation { get; }

    /// <summary>The reason template.</summary>
    public string Reason { get; }

    /// <summary>The sources.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }

    /// <summary>When it applies.</summary>
    public RuleCondition When { get; }
}

/// <summary>
/// A flag a plan gets when <see cref="When"/> holds: inputs that pull in different directions (a preferred platform the
/// sensitivity rules out, a contest without money for prizes, a non-commercial licence on commercial work). The plan is
/// still made; the flag names the inputs by JSON path and says what the plan does about them.
/// </summary>
public sealed record FlagRule
{
    /// <summary>Creates a flag rule.</summary>
    /// <param name="id">A unique id: lower-case letters, digits, dots and dashes.</param>
    /// <param name="paths">The JSON paths of the inputs in tension, e.g. <c>$.platform</c> and <c>$.sensitivity</c>; at least one.</param>
    /// <param name="text">What is in tension and what the plan does, as a template over the facts.</param>
    /// <param name="sources">Where it comes from; at least one.</param>
    /// <param name="when">When it applies (required: a flag that always applies is not a flag).</param>
    /// <exception cref="ValidationFailedException">A field is blank or invalid; the message names the rule and field.</exception>
    public FlagRule(string id, IReadOnlyList<string> paths, string text, IReadOnlyList<RuleSource> sources, RuleCondition when)
    {
        Id = RuleText.Id(id);
        var where = $"flag '{Id}'";
        if (paths is null || paths.Count == 0 || paths.Any(p => string.IsNullOrWhiteSpace(p) || !p.StartsWith("$.", StringComparison.Ordinal)))
        {
            throw new ValidationFailedException(nameof(paths), $"{where}: 'paths' lists the JSON paths of the inputs in tension, each starting with '$.'.");
        }

        Paths = [.. paths.Select(p => p.Trim())];
        Text = RuleText.Required(text, where, "text");
        RuleText.Placeholders(Text, where, "text");
        Sources = RuleText.Sources(sources, where, atLeastOne: true);
        When = when ?? throw new ValidationFailedException(nameof(when), $"{where}: 'when' is required.");
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The JSON paths of the inputs in tension.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The text template.</summary>
    public string Text { get; }

    /// <summary>The sources.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }

    /// <summary>When it applies.</summary>
    public RuleCondition When { get; }
}

/// <summary>What a score rule scores.</summary>
public enum ScoreChoice
{
    /// <summary>A crowd layer (<c>layer</c>); options are <see cref="CrowdLayer"/> names.</summary>
    Layer,
    /// <summary>
    /// The configuration that reaches the crowd outside the firm's network (<c>configuration</c>): <c>via-broker</c> or
    /// <c>open</c>. The internal configuration is not scored: it follows from the ranked layers.
    /// </summary>
    Configuration,
    /// <summary>The motivation to aim at (<c>motivation</c>); options are <see cref="Crowdsourcing.Incentives.Motivation"/> names.</summary>
    Motivation,
}

/// <summary>
/// Adds <see cref="Points"/> to an option of a choice when <see cref="When"/> holds, or, with <see cref="Veto"/>, excludes the
/// option. Options are ranked by their total; rules without a condition set the starting score.
/// </summary>
public sealed record ScoreRule
{
    /// <summary>Creates a score rule.</summary>
    /// <param name="id">A unique id: lower-case letters, digits, dots and dashes.</param>
    /// <param name="choice">What is scored.</param>
    /// <param name="option">The option's kebab-case name, e.g. <c>trusted-partners</c> or <c>via-broker</c>.</param>
    /// <param name="points">Points added (may be negative); ignored for a veto.</param>
    /// <param name="veto">Whether the option is excluded when the rule applies.</param>
    /// <param name="reason">Why, as a template over the initiative's facts.</param>
    /// <param name="sources">Where it comes from: paper passages and planner heuristics; at least one.</param>
    /// <param name="when">When it applies; <see langword="null"/> for always. Cannot use the planner's own choices.</param>
    /// <exception cref="ValidationFailedException">A field is blank or invalid; the message names the rule and field.</exception>
    public ScoreRule(string id, ScoreChoice choice, string option, int points, bool veto, string reason, IReadOnlyList<RuleSource> sources, RuleCondition? when = null)
    {
        Id = RuleText.Id(id);
        var where = $"score rule '{Id}'";
        if (!Enum.IsDefined(choice))
        {
            throw new ValidationFailedException(nameof(choice), $"{where}: choice {choice} is not defined.");
        }

        var options = Options(choice);
        if (choice == ScoreChoice.Configuration && option == EnumNames.Of(CrowdConfiguration.Internal))
        {
            throw new ValidationFailedException(nameof(option), $"{where}: the internal configuration is not scored; it follows from the ranked layers (score the 'internal' and 'trusted-partners' layers instead).");
        }

        if (!options.Contains(option))
        {
            throw new ValidationFailedException(nameof(option), $"{where}: option '{option}' is not one of {string.Join(", ", options)} for choice '{EnumNames.Of(choice)}'.");
        }

        Choice = choice;
        Option = option;
        Points = points;
        PointsText = FactFields.Format(points);
        Veto = veto;
        Reason = RuleText.Required(reason, where, "reason");
        RuleText.Placeholders(Reason, where, "reason");
        Sources = RuleText.Sources(sources, where, atLeastOne: true);
        When = when ?? RuleCondition.Always;
        if (When.UsesDerivedFacts)
        {
            throw new ValidationFailedException(nameof(when), $"{where}: 'when' uses configuration, topLayer or motivation, which the scores themselves decide.");
        }
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>What is scored.</summary>
    public ScoreChoice Choice { get; }

    /// <summary>The option's kebab-case name.</summary>
    public string Option { get; }

    /// <summary>Points added.</summary>
    public int Points { get; }

    /// <summary>The points as a plan's reasons write them, e.g. <c>+10</c>.</summary>
    internal string PointsText { get; }

    /// <summary>Whether the option is excluded.</summary>
    public bool Veto { get; }

    /// <summary>The reason template.</summary>
    public string Reason { get; }

    /// <summary>The sources.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }

    /// <summary>When it applies.</summary>
    public RuleCondition When { get; }

    /// <summary>Whether the rule sets a starting score (it has no condition).</summary>
    public bool IsBaseline => When.Fields.Count == 0 && When.Any.Count == 0 && When.Not is null;

    internal static IReadOnlyList<string> Options(ScoreChoice choice) => choice switch
    {
        ScoreChoice.Layer => EnumNames.All<CrowdLayer>(),
        ScoreChoice.Configuration => EnumNames.All<CrowdConfiguration>(),
        _ => EnumNames.All<Motivation>(),
    };
}

internal static partial class RuleText
{
    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\{([^{}]*)\}", RegexOptions.CultureInvariant)]
    internal static partial Regex Placeholder();

    public static string Id(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || !IdPattern().IsMatch(id))
        {
            throw new ValidationFailedException(nameof(id), $"Rule id '{id}' is not valid: use lower-case letters and digits separated by dots or dashes, e.g. 'crowd.broker'.");
        }

        return id;
    }

    public static RoadmapStage Stage(RoadmapStage stage, string where)
        => Enum.IsDefined(stage) ? stage : throw new ValidationFailedException(nameof(stage), $"{where}: stage {stage} is not defined.");

    public static string Required(string? value, string where, string field)
        => string.IsNullOrWhiteSpace(value) ? throw new ValidationFailedException(field, $"{where}: '{field}' is missing or blank.") : value.Trim();

    public static IReadOnlyList<RuleSource> Sources(IReadOnlyList<RuleSource>? sources, string where, bool atLeastOne)
    {
        sources ??= [];
        if (atLeastOne && sources.Count == 0)
        {
            throw new ValidationFailedException(nameof(sources), $"{where}: 'sources' is empty; every rule names at least one source (a paper passage or a planner heuristic).");
        }

        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is null)
            {
                throw new ValidationFailedException(nameof(sources), $"{where}: sources[{i}] is null.");
            }
        }

        return [.. sources];
    }

    public static void Placeholders(string template, string where, string field)
    {
        foreach (Match m in Placeholder().Matches(template))
        {
            if (!FactFields.IsTemplatePlaceholder(m.Groups[1].Value))
            {
                throw new ValidationFailedException(field, $"{where}: '{field}' uses unknown placeholder {{{m.Groups[1].Value}}}.");
            }
        }
    }

    public static string Render(string template, IReadOnlyDictionary<string, string> facts)
        => Placeholder().Replace(template, m => facts.TryGetValue(m.Groups[1].Value, out var v) ? v : "none");

    /// <summary>Renders a template against the planner's facts; templates are split into literal and placeholder parts once and cached.</summary>
    public static string Render(string template, FactSet facts)
    {
        var parts = Compiled.GetOrAdd(template, Compile);
        if (parts.Length == 1 && parts[0].Literal is { } only)
        {
            return only;
        }

        var sb = new System.Text.StringBuilder(template.Length + 32);
        foreach (var part in parts)
        {
            sb.Append(part.Literal ?? facts.Text(part.Placeholder!) ?? "none");
        }

        return sb.ToString();
    }

    // Keyed by the template instance: rules keep their template strings, so a lookup hashes a reference, not the text.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TemplatePart[]> Compiled = new(ReferenceEqualityComparer.Instance);

    private static TemplatePart[] Compile(string template)
    {
        var parts = new List<TemplatePart>();
        var at = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            if (m.Index > at)
            {
                parts.Add(new TemplatePart(template[at..m.Index], null));
            }

            parts.Add(new TemplatePart(null, m.Groups[1].Value));
            at = m.Index + m.Length;
        }

        if (at < template.Length || parts.Count == 0)
        {
            parts.Add(new TemplatePart(template[at..], null));
        }

        return [.. parts];
    }

    private sealed record TemplatePart(string? Literal, string? Placeholder);
}
