using System.Text.Json;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Catalog;

internal static class CatalogJson
{
    public const string CrossCutting = "cross-cutting";

    /// <summary>Equal sources of one catalogue share one instance, so plans can drop duplicates by reference.</summary>
    private static readonly ThreadLocal<Dictionary<(string?, string?, string?, string?, string?), RuleSource>> Interned = new(() => []);

    public static RoadmapCatalog Parse(string json, string source)
    {
        Interned.Value!.Clear();
        CatalogDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, RoadmapJsonContext.Default.CatalogDto);
        }
        catch (JsonException ex)
        {
            var error = JsonReadError.From(ex, RoadmapJsonContext.Default.CatalogDto, json);
            throw new RoadmapCatalogException($"Catalogue '{source}' is not valid JSON at {error.Message}", ex) { JsonPath = ex.Path };
        }

        if (dto is null)
        {
            throw new RoadmapCatalogException($"Catalogue '{source}' is empty (null).") { JsonPath = "$" };
        }

        var stages = Items(dto.Stages, source, "$.stages", (s, p) => new StageDefinition(
            ParseStage(s.Stage, source, p, null) ?? throw Fail(source, $"{p}.stage", null, "'stage' cannot be 'cross-cutting' for a stage definition."),
            s.Name!, s.Focus!, Sources(s.Sources, source, $"{p}.sources", null)));
        var checklist = Items(dto.Checklist, source, "$.checklist", (c, p) => new ChecklistRule(
            Id(c.Id, source, p),
            ParseStage(c.Stage, source, p, c.Id) ?? throw Fail(source, $"{p}.stage", c.Id, "a checklist item belongs to one of the six stages, not 'cross-cutting'."),
            c.Text!,
            c.Required ?? true,
            Condition(c.When, source, $"{p}.when", c.Id),
            Condition(c.RequiredWhen, source, $"{p}.requiredWhen", c.Id),
            Sources(c.Sources, source, $"{p}.sources", c.Id)));
        var recommendations = Items(dto.Recommendations, source, "$.recommendations", (r, p) => new RecommendationRule(
            Id(r.Id, source, p), ParseStage(r.Stage, source, p, r.Id), r.Text!, r.Reason!, Sources(r.Sources, source, $"{p}.sources", r.Id), Condition(r.When, source, $"{p}.when", r.Id)));
        var risks = Items(dto.Risks, source, "$.risks", (r, p) => new RiskRule(
            Id(r.Id, source, p), ParseStage(r.Stage, source, p, r.Id), r.Area, r.Text!, r.Mitigation!, r.Reason!, Sources(r.Sources, source, $"{p}.sources", r.Id),
            Condition(r.When, source, $"{p}.when", r.Id), Condition(r.PriorityWhen, source, $"{p}.priorityWhen", r.Id)));
        var flags = Items(dto.Flags, source, "$.flags", (f, p) => new FlagRule(
            Id(f.Id, source, p), f.Paths ?? [], f.Text!, Sources(f.Sources, source, $"{p}.sources", f.Id),
            Condition(f.When, source, $"{p}.when", f.Id) ?? throw Fail(source, $"{p}.when", f.Id, "a flag needs 'when'.")));
        var scores = Items(dto.Scores, source, "$.scores", (s, p) => new ScoreRule(
            Id(s.Id, source, p),
            EnumNames.TryParse<ScoreChoice>(s.Choice, out var choice)
                ? choice
                : throw Fail(source, $"{p}.choice", s.Id, $"'{s.Choice}' is not one of {string.Join(", ", EnumNames.All<ScoreChoice>())}."),
            s.Option ?? throw Fail(source, $"{p}.option", s.Id, "'option' is missing."),
            s.Veto == true ? 0 : s.Points ?? throw Fail(source, $"{p}.points", s.Id, "'points' is missing (or set 'veto': true)."),
            s.Veto ?? false,
            s.Reason!,
            Sources(s.Sources, source, $"{p}.sources", s.Id),
            Condition(s.When, source, $"{p}.when", s.Id)));

        var removals = new List<string>();
        for (var i = 0; i < (dto.Remove?.Count ?? 0); i++)
        {
            removals.Add(string.IsNullOrWhiteSpace(dto.Remove![i]) ? throw Fail(source, $"$.remove[{i}]", null, "the id is blank.") : dto.Remove[i]!);
        }

        try
        {
            return new RoadmapCatalog(stages, checklist, recommendations, risks, scores, removals, flags);
        }
        catch (RoadmapCatalogException ex)
        {
            throw new RoadmapCatalogException($"Catalogue '{source}': {ex.Message}", ex) { RuleId = ex.RuleId };
        }
    }

    private static List<T> Items<TDto, T>(List<TDto?>? items, string source, string path, Func<TDto, string, T> create)
        where TDto : class
    {
        var result = new List<T>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var p = $"{path}[{i}]";
            var item = items![i] ?? throw Fail(source, p, null, "the entry is null.");
            try
            {
                result.Add(create(item, p));
            }
            catch (ValidationFailedException ex) when (ex is not RoadmapCatalogException)
            {
                throw Fail(source, p, IdOf(item), ex.Message, ex);
            }
        }

        return result;
    }

    private static string? IdOf(object dto) => dto switch
    {
        ChecklistDto c => c.Id,
        RecommendationDto r => r.Id,
        RiskDto r => r.Id,
        ScoreDto s => s.Id,
        FlagRuleDto f => f.Id,
        _ => null,
    };

    private static List<RuleSource> Sources(List<SourceDto?>? sources, string source, string path, string? id)
    {
        var result = new List<RuleSource>();
        var interned = Interned.Value!;
        for (var i = 0; i < (sources?.Count ?? 0); i++)
        {
            var p = $"{path}[{i}]";
            var s = sources![i] ?? throw Fail(source, p, id, "the source is null.");
            try
            {
                var key = (s.Kind, s.Document, s.Section, s.Quote, s.Rationale);
                if (interned.TryGetValue(key, out var known))
                {
                    result.Add(known);
                    continue;
                }

                RuleSource created = s.Kind switch
                {
                    "paper" when s.Rationale is null => new PaperPassage(s.Document!, s.Section!, s.Quote!),
                    "paper" => throw Fail(source, $"{p}.rationale", id, "a paper source has 'document', 'section' and 'quote', not 'rationale'."),
                    "heuristic" when s.Document is null && s.Section is null && s.Quote is null => new PlannerHeuristic(s.Rationale!),
                    "heuristic" => throw Fail(source, p, id, "a heuristic source has only 'rationale'."),
                    _ => throw Fail(source, $"{p}.kind", id, $"'kind' is {(s.Kind is null ? "missing" : $"'{s.Kind}'")}; it is 'paper' or 'heuristic'."),
                };
                interned[key] = created;
                result.Add(created);
            }
            catch (ValidationFailedException ex) when (ex is not RoadmapCatalogException)
            {
                throw Fail(source, $"{p}.{ex.Path}", id, ex.Message, ex);
            }
        }

        return result;
    }

    private static string Id(string? id, string source, string path)
        => string.IsNullOrWhiteSpace(id) ? throw Fail(source, $"{path}.id", null, "'id' is missing.") : id;

    private static RoadmapStage? ParseStage(string? stage, string source, string path, string? id)
    {
        if (stage == CrossCutting)
        {
            return null;
        }

        return EnumNames.TryParse<RoadmapStage>(stage, out var s)
            ? s
            : throw Fail(source, $"{path}.stage", id, $"'{stage}' is not one of {string.Join(", ", EnumNames.All<RoadmapStage>())}, {CrossCutting}.");
    }

    private static RuleCondition? Condition(JsonElement? element, string source, string path, string? id)
    {
        if (element is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Fail(source, path, id, $"a condition is an object, not {e.ValueKind}.");
        }

        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var any = new List<RuleCondition>();
        RuleCondition? not = null;
        foreach (var property in e.EnumerateObject())
        {
            var p = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "any":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw Fail(source, p, id, "'any' is an array of conditions.");
                    }

                    var i = 0;
                    foreach (var alternative in property.Value.EnumerateArray())
                    {
                        any.Add(Condition(alternative, source, $"{p}[{i++}]", id)!);
                    }

                    break;
                case "not":
                    not = Condition(property.Value, source, p, id);
                    break;
                default:
                    if (!FactFields.IsKnown(property.Name))
                    {
                        throw Fail(source, p, id, $"unknown field '{property.Name}'; known fields: {string.Join(", ", FactFields.Names)}, any, not.");
                    }

                    var values = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => [property.Value.GetString()!],
                        JsonValueKind.Array => property.Value.EnumerateArray().Select((v, k) => v.ValueKind == JsonValueKind.String
                            ? v.GetString()!
                            : throw Fail(source, $"{p}[{k}]", id, $"a value is a string, not {v.ValueKind}.")).ToList(),
                        _ => throw Fail(source, p, id, "a field's values are a string or an array of strings."),
                    };
                    var allowed = FactFields.AllowedValues(property.Name);
                    for (var k = 0; k < values.Count; k++)
                    {
                        if (!allowed.Contains(values[k]))
                        {
                            throw Fail(source, property.Value.ValueKind == JsonValueKind.Array ? $"{p}[{k}]" : p, id,
                                $"'{values[k]}' is not one of {string.Join(", ", allowed)}.");
                        }
                    }

                    fields[property.Name] = values;
                    break;
            }
        }

        return new RuleCondition(fields, any, not);
    }

    private static RoadmapCatalogException Fail(string source, string path, string? id, string problem, Exception? inner = null)
        => new($"Catalogue '{source}' at {path}{(id is null ? "" : $" (rule '{id}')")}: {problem}", inner) { JsonPath = path, RuleId = id };
}
