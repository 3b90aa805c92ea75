using Crowdsourcing.Crowd;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>The catalogue as data: loading, validation, extension, replacement and removal.</summary>
public class CatalogTests
{
    private static readonly RuleSource S = new PlannerHeuristic("S");

    private const string Extension = """
        {
          "remove": ["crowd.prequalify"],
          "recommendations": [
            {
              "id": "task.timetable.missing",
              "stage": "specify-the-task",
              "text": "Use the corporate project charter.",
              "reason": "House rule for {name}.",
              "sources": [ { "kind": "heuristic", "rationale": "ACME playbook §2" } ]
            },
            {
              "id": "acme.legal-review",
              "stage": "cross-cutting",
              "text": "Have legal review the call.",
              "reason": "Sensitivity is {sensitivity}.",
              "sources": [ { "kind": "heuristic", "rationale": "ACME playbook §7" } ],
              "when": { "sensitivity": ["confidential", "secret"] }
            }
          ],
          "checklist": [
            { "id": "acme.steering", "stage": "specify-the-task", "text": "Steering committee sign-off.", "sources": [ { "kind": "heuristic", "rationale": "ACME playbook §3" } ] }
          ],
          "scores": [
            { "id": "acme.no-general", "choice": "layer", "option": "general", "veto": true, "reason": "ACME never uses the general crowd", "sources": [ { "kind": "heuristic", "rationale": "ACME playbook §4" } ] }
          ]
        }
        """;

    [Fact]
    public void Default_catalogue_loads_from_the_embedded_resource_and_is_complete()
    {
        var catalog = RoadmapCatalog.Default;
        catalog.EnsureComplete();
        Assert.Equal(6, catalog.Stages.Count);
        Assert.NotEmpty(catalog.Recommendations);
        Assert.All(catalog.Recommendations, r => Assert.NotEmpty(r.Sources));
        Assert.Same(catalog, RoadmapCatalog.Default);
        Assert.NotNull(typeof(RoadmapCatalog).Assembly.GetManifestResourceStream(RoadmapCatalog.DefaultResourceName));
    }

    [Fact]
    public void Extension_replaces_by_id_in_place_adds_new_rules_and_removes_by_id()
    {
        var extension = RoadmapCatalog.Parse(Extension, "acme.json");
        var catalog = RoadmapCatalog.Default.Extend(extension);
        var planner = new RoadmapPlanner(catalog);

        var plan = planner.Plan(Specs.Baseline("sensitivity=confidential"));
        var first = plan[RoadmapStage.SpecifyTheTask].Recommendations[0];
        Assert.Equal(("task.timetable.missing", "Use the corporate project charter.", "House rule for Baseline."), (first.Id, first.Text, first.Reason));
        Assert.Equal([new PlannerHeuristic("ACME playbook §2")], first.Sources);
        Assert.DoesNotContain(plan.AllRecommendations, r => r.Id == "crowd.prequalify");
        Assert.Contains(plan.CrossCutting.Recommendations, r => r.Id == "acme.legal-review");
        Assert.Equal("acme.steering", plan[RoadmapStage.SpecifyTheTask].Checklist[^1].Id);
        var general = plan.Crowd.Layers[^1];
        Assert.Equal((CrowdLayer.General, true), (general.Option, general.Excluded));
        Assert.Equal("Excluded: ACME never uses the general crowd", general.Reason);

        Assert.DoesNotContain(planner.Plan(Specs.Baseline()).CrossCutting.Recommendations, r => r.Id == "acme.legal-review");
        Assert.Equal(RoadmapCatalog.Default.Recommendations.Count, catalog.Recommendations.Count);
    }

    [Fact]
    public void Compose_applies_extensions_in_order_and_code_api_matches_json()
    {
        var a = new RoadmapCatalog(recommendations: [new RecommendationRule("x.one", RoadmapStage.ReachTheCrowd, "One.", "Because {market}.", [S])]);
        var b = new RoadmapCatalog(recommendations: [new RecommendationRule("x.one", RoadmapStage.ReachTheCrowd, "Two.", "Because {market}.", [S])]);
        var composed = RoadmapCatalog.Compose(RoadmapCatalog.Default, [a, b]);
        var rec = new RoadmapPlanner(composed).Plan(Specs.Baseline())[RoadmapStage.ReachTheCrowd].Recommendations[^1];
        Assert.Equal(("x.one", "Two.", "Because b2c."), (rec.Id, rec.Text, rec.Reason));

        var viaWith = RoadmapCatalog.Default.With(new ChecklistRule("x.item", RoadmapStage.ManageTheInput, "Archive.")).Without("input.storage");
        var stage = new RoadmapPlanner(viaWith).Plan(Specs.Baseline())[RoadmapStage.ManageTheInput];
        Assert.Equal("x.item", stage.Checklist[^1].Id);
        Assert.DoesNotContain(stage.Checklist, i => i.Id == "input.storage");
    }

    [Fact]
    public void A_stage_definition_can_be_replaced()
    {
        var catalog = RoadmapCatalog.Default.With(new StageDefinition(RoadmapStage.ReachTheCrowd, "Reach out", "Our channels.", [new PlannerHeuristic("Playbook")]));
        var plan = new RoadmapPlanner(catalog).Plan(Specs.Baseline());
        Assert.Equal(("Reach out", "Our channels."), (plan[RoadmapStage.ReachTheCrowd].Name, plan[RoadmapStage.ReachTheCrowd].Focus));
        Assert.Equal(6, plan.Stages.Count);
    }

    [Fact]
    public void Removing_an_unknown_id_fails_with_its_name()
    {
        var ex = Assert.Throws<RoadmapCatalogException>(() => RoadmapCatalog.Default.Without("crowd.nothing"));
        Assert.Equal("The extension removes rule 'crowd.nothing', which the catalogue does not have.", ex.Message);
    }

    [Fact]
    public void Duplicate_ids_are_rejected()
    {
        var ex = Assert.Throws<RoadmapCatalogException>(() => new RoadmapCatalog(
            checklist: [new ChecklistRule("same.id", RoadmapStage.ReachTheCrowd, "A.")],
            recommendations: [new RecommendationRule("same.id", null, "B.", "C.", [S])]));
        Assert.StartsWith("Rule id 'same.id' is used twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_planner_needs_every_stage()
    {
        var ex = Assert.Throws<RoadmapCatalogException>(() => new RoadmapPlanner(RoadmapCatalog.Empty));
        Assert.Equal("The catalogue does not define stages specify-the-task, select-the-crowd, create-the-environment, motivate-the-crowd, reach-the-crowd, manage-the-input; a planner needs all six.", ex.Message);
        Assert.Throws<RoadmapCatalogException>(() => new RoadmapPlanner(RoadmapCatalog.Parse("""{ "remove": ["a.b"] }""")));
    }

    [Theory]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ], "when": { "taskKnd": "contest" } } ] }""",
        "Catalogue 'x.json' at $.recommendations[0].when.taskKnd (rule 'a.b'): unknown field 'taskKnd'")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ], "when": { "taskKind": ["contest", "hackathon"] } } ] }""",
        "Catalogue 'x.json' at $.recommendations[0].when.taskKind[1] (rule 'a.b'): 'hackathon' is not one of contest, macro-task, micro-task, crowdfunding, self-organized.")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "stage-7", "text": "T", "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ] } ] }""",
        "Catalogue 'x.json' at $.recommendations[0].stage (rule 'a.b'): 'stage-7' is not one of")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "Because {colour}.", "sources": [ { "kind": "heuristic", "rationale": "S" } ] } ] }""",
        "Catalogue 'x.json' at $.recommendations[0] (rule 'a.b'): recommendation 'a.b': 'reason' uses unknown placeholder {colour}.")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [] } ] }""",
        "Catalogue 'x.json' at $.recommendations[0] (rule 'a.b'): recommendation 'a.b': 'sources' is empty; every rule names at least one source (a paper passage or a planner heuristic).")]
    [InlineData("""{ "risks": [ { "id": "a.b", "stage": "cross-cutting", "text": "T", "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ] } ] }""",
        "Catalogue 'x.json' at $.risks[0] (rule 'a.b'): risk 'a.b': 'mitigation' is missing or blank.")]
    [InlineData("""{ "scores": [ { "id": "a.b", "choice": "layer", "option": "partners", "points": 5, "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ] } ] }""",
        "Catalogue 'x.json' at $.scores[0] (rule 'a.b'): score rule 'a.b': option 'partners' is not one of internal, trusted-partners, prequalified, general for choice 'layer'.")]
    [InlineData("""{ "scores": [ { "id": "a.b", "choice": "layer", "option": "general", "points": 5, "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ], "when": { "configuration": "open" } } ] }""",
        "Catalogue 'x.json' at $.scores[0] (rule 'a.b'): score rule 'a.b': 'when' uses configuration, topLayer or motivation, which the scores themselves decide.")]
    [InlineData("""{ "scores": [ { "id": "a.b", "choice": "layer", "option": "general", "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ] } ] }""",
        "Catalogue 'x.json' at $.scores[0].points (rule 'a.b'): 'points' is missing (or set 'veto': true).")]
    [InlineData("""{ "scores": [ { "id": "a.b", "choice": "configuration", "option": "internal", "points": 5, "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "S" } ] } ] }""",
        "Catalogue 'x.json' at $.scores[0] (rule 'a.b'): score rule 'a.b': the internal configuration is not scored; it follows from the ranked layers")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [ { "kind": "paper", "document": "roadmap", "section": "1. Introduction", "quote": "Too short." } ] } ] }""",
        "Catalogue 'x.json' at $.recommendations[0].sources[0].quote (rule 'a.b'): The quote 'Too short.' is 10 characters; a paper source quotes at least 30.")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [ { "kind": "paper", "section": "1. Introduction", "quote": "A passage of thirty characters or more." } ] } ] }""",
        "Catalogue 'x.json' at $.recommendations[0].sources[0].document (rule 'a.b'): A paper source needs a 'document'.")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [ { "kind": "heuristic", "rationale": "R", "quote": "Q" } ] } ] }""",
        "Catalogue 'x.json' at $.recommendations[0].sources[0] (rule 'a.b'): a heuristic source has only 'rationale'.")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [ { "kind": "opinion", "rationale": "R" } ] } ] }""",
        "Catalogue 'x.json' at $.recommendations[0].sources[0].kind (rule 'a.b'): 'kind' is 'opinion'; it is 'paper' or 'heuristic'.")]
    [InlineData("""{ "recommendations": [ { "id": "a.b", "stage": "specify-the-task", "text": "T", "reason": "R", "sources": [ "Roadmap paper, §3.2" ] } ] }""",
        "Catalogue 'x.json' is not valid JSON at $.recommendations[0].sources[0]")]
    [InlineData("""{ "flags": [ { "id": "a.b", "paths": ["platform"], "text": "T", "sources": [ { "kind": "heuristic", "rationale": "S" } ], "when": { "platform": "own" } } ] }""",
        "Catalogue 'x.json' at $.flags[0] (rule 'a.b'): flag 'a.b': 'paths' lists the JSON paths of the inputs in tension, each starting with '$.'.")]
    [InlineData("""{ "flags": [ { "id": "a.b", "paths": ["$.platform"], "text": "T", "sources": [ { "kind": "heuristic", "rationale": "S" } ] } ] }""",
        "Catalogue 'x.json' at $.flags[0].when (rule 'a.b'): a flag needs 'when'.")]
    [InlineData("""{ "checklist": [ { "id": "A B", "stage": "reach-the-crowd", "text": "T" } ] }""",
        "Catalogue 'x.json' at $.checklist[0] (rule 'A B'): Rule id 'A B' is not valid")]
    [InlineData("""{ "checklist": [ { "id": "a.b", "stage": "reach-the-crowd", "text": "T", "colour": "red" } ] }""",
        "Catalogue 'x.json' is not valid JSON at $.checklist[0].colour (line 1, column")]
    public void Invalid_catalogue_entries_name_the_source_path_and_rule(string json, string expectedStart)
    {
        var ex = Assert.Throws<RoadmapCatalogException>(() => RoadmapCatalog.Parse(json, "x.json"));
        Assert.StartsWith(expectedStart, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_loads_from_a_stream()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Extension));
        var catalog = await RoadmapCatalog.LoadAsync(stream, "acme.json");
        Assert.Equal(["crowd.prequalify"], catalog.Removals);
        Assert.Equal(2, catalog.Recommendations.Count);
    }

    [Fact]
    public void Conditions_support_any_and_not()
    {
        var condition = new RuleCondition(
            new Dictionary<string, IReadOnlyList<string>> { ["market"] = ["b2b"] },
            any: [new RuleCondition(new Dictionary<string, IReadOnlyList<string>> { ["needs.volume"] = ["high"] }), new RuleCondition(new Dictionary<string, IReadOnlyList<string>> { ["problemDistance"] = ["distant"] })],
            not: new RuleCondition(new Dictionary<string, IReadOnlyList<string>> { ["sensitivity"] = ["secret"] }));
        Assert.True(condition.Matches(new Dictionary<string, string> { ["market"] = "b2b", ["needs.volume"] = "high", ["sensitivity"] = "public" }));
        Assert.False(condition.Matches(new Dictionary<string, string> { ["market"] = "b2b", ["needs.volume"] = "low", ["problemDistance"] = "core" }));
        Assert.False(condition.Matches(new Dictionary<string, string> { ["market"] = "b2b", ["problemDistance"] = "distant", ["sensitivity"] = "secret" }));
        Assert.False(condition.Matches(new Dictionary<string, string> { ["needs.volume"] = "high" }));
        Assert.Equal("market in [b2b] and (needs.volume in [high] or problemDistance in [distant]) and not (sensitivity in [secret])", condition.ToString());
        Assert.Throws<ValidationFailedException>(() => new RuleCondition(new Dictionary<string, IReadOnlyList<string>> { ["market"] = ["b2x"] }));
    }

    [Fact]
    public void Every_conditional_score_reason_starts_with_the_input_it_reads()
    {
        // The label each input has in a score reason, as the Markdown and JSON show it ("expertise high: …", "goal innovation: …").
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["goal"] = "goal", ["taskKind"] = "task kind", ["sensitivity"] = "sensitivity", ["problemDistance"] = "problem distance",
            ["needs.insight"] = "insight", ["needs.capability"] = "capability", ["needs.expertise"] = "expertise", ["needs.volume"] = "volume",
            ["market"] = "market", ["platform"] = "platform", ["cluster"] = "cluster", ["cluster.level"] = "cluster", ["cluster.stage"] = "cluster stage",
            ["budget.amount"] = "budget",
        };
        var unnamed = RoadmapCatalog.Default.Scores.Where(r => !r.IsBaseline)
            .Where(r => !r.When.FieldNames.Any(f => labels.TryGetValue(f, out var label) && r.Reason.StartsWith(label + " ", StringComparison.Ordinal)))
            .Select(r => $"{r.Id}: '{r.Reason}' reads {string.Join(", ", r.When.FieldNames)}")
            .ToList();
        Assert.True(unnamed.Count == 0, "Score reasons that do not start with their input:\n" + string.Join("\n", unnamed));
    }
}
