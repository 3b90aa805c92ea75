using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>
/// Honest sources: every paper source of the catalogue (and of the planner's own derivations) quotes its paper verbatim,
/// in the section it names; everything else is labelled as the planner's heuristic with a one-line rationale.
/// </summary>
public class CitationTests
{
    // The sections of each paper as the test reads them: the heading as the paper prints it, where the section starts in the
    // normalised text, and where it ends (null: at the next section that has no end of its own). Tables end where their
    // caption or source line ends.
    private static readonly Dictionary<string, (string Name, string Start, string? End)[]> Sections = new(StringComparer.Ordinal)
    {
        [PaperPassage.RoadmapPaper] =
        [
            ("Abstract", "Abstract:", "Keywords:"),
            ("1. Introduction", "1. Introduction Since Schumpeter", null),
            ("2. Crowdsourcing", "2. Crowdsourcing Juxtaposed", null),
            ("2.1 Crowdsourcing with conscience: Citizen participation, sourcing, and science", "2.1 Crowdsourcing with conscience", null),
            ("2.2 Incentivizing crowdsourcing: Innovation contests", "2.2 Incentivizing crowdsourcing", null),
            ("2.3 Structured open innovation: Science parks, free zones, cities, and innovation clusters", "2.3 Structured open innovation", null),
            ("3. B2B market environments and the roadmap", "3. B2B market environments and the roadmap", null),
            ("3.1 Roadmap stage 1 – specify the task", "3.1 Roadmap stage 1 – specify the task", null),
            ("3.2 Roadmap stage 2 – select the crowd", "3.2 Roadmap stage 2 – select the crowd", null),
            ("3.3 Roadmap stage 3 – create the environment", "3.3 Roadmap stage 3 – create the environment", null),
            ("3.4 Roadmap stage 4 – crowd motivation and value proposition creation", "3.4 Roadmap stage 4 – crowd motivation", null),
            ("3.5 Roadmap stage 5 – reach the crowd", "3.5 Roadmap stage 5 – reach the crowd", null),
            ("3.6 Roadmap stage 6 – manage the input and communicate value", "3.6 Roadmap stage 6 – manage the input", null),
            ("4. Discussion and further suggestions", "4. Discussion and further suggestions", null),
            ("Table 1: Six stage approach", "Table 1: Six stage approach", "Here, “knowledge is imperfectly shared"),
        ],
        [PaperPassage.ClustersPaper] =
        [
            ("Abstract", "Abstract The article consists", "Keywords:"),
            ("Introduction", "Introduction Creative clusters, that gather", null),
            ("Creative clusters: open space for innovations", "Creative clusters: open space for innovations Clustering", null),
            ("Open innovation: the need or challenge within the creative cluster development?", "Open innovation: the need or challenge within the creative cluster development? Today", null),
            ("Strategic dimensions of crowdsourcing for creative clusters", "Strategic dimensions of crowdsourcing for creative clusters Today", null),
            ("Conclusion", "Conclusion Today, functioning clusters", "References:"),
            ("Table 1. Creative cluster development", "Table 1. Creative cluster development", "Currently, from an economical point of view"),
            ("Table 2. Key factors that constrains the adoption of open innovation in clusters", "Table 2. Key factors that constrains", "Source: Authors"),
        ],
        [PaperPassage.CrowdArbPaper] =
        [
            ("Abstract", "Abstract. Enterprises", "Keywords:"),
            ("1 Introduction", "1 Introduction Crowdsourcing aims", null),
            ("2 Related Work", "2 Related Work Different parameters", null),
            ("4 Enterprise Crowdsourcing Service", "4 Enterprise Crowdsourcing Service To implement", null),
            ("5 Decision-Theoretic Approach and Evaluation Results", "5 Decision-Theoretic Approach and Evaluation Results This section", null),
            ("6 Summary and Future Work", "6 Summary and Future Work For enterprises", null),
        ],
    };

    public static TheoryData<string> Documents => new(Seeds.Prefixes.Keys);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_section_the_test_knows_is_found_once_in_its_paper(string document)
    {
        var text = Seeds.Text(document);
        foreach (var (name, start, end) in Sections[document])
        {
            var at = text.IndexOf(start, StringComparison.Ordinal);
            Assert.True(at >= 0, $"{document}: section '{name}' starts with '{start}', which is not in the paper.");
            var again = text.IndexOf(start, at + 1, StringComparison.Ordinal);
            Assert.True(again < 0 || name.StartsWith("Table", StringComparison.Ordinal), $"{document}: section '{name}' starts with '{start}', which is in the paper twice.");
            if (end is not null)
            {
                Assert.True(text.IndexOf(end, at, StringComparison.Ordinal) > at, $"{document}: section '{name}' ends at '{end}', which does not follow its start.");
            }
        }
    }

    [Fact]
    public void Every_paper_source_of_the_catalogue_quotes_its_paper_verbatim_in_the_section_it_names()
    {
        var problems = new List<string>();
        var count = 0;
        foreach (var (where, source) in CatalogueSources(RoadmapCatalog.Default))
        {
            if (source is PaperPassage paper)
            {
                count++;
                if (Problem(paper) is { } problem)
                {
                    problems.Add($"{where}: {problem}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {count} quotes do not check out:\n" + string.Join("\n", problems));
        Assert.True(count > 100, $"Only {count} paper sources in the catalogue.");
    }

    [Fact]
    public void Every_paper_source_a_plan_carries_quotes_its_paper_verbatim()
    {
        var planner = new RoadmapPlanner();
        var problems = new HashSet<string>(StringComparer.Ordinal);
        var checkedSources = new HashSet<PaperPassage>();
        foreach (var initiative in Specs.Pool.Concat(Specs.Files.Select(Specs.FromFile)))
        {
            var plan = planner.Plan(initiative);
            foreach (var source in PlanSources(plan).OfType<PaperPassage>().Where(checkedSources.Add))
            {
                if (Problem(source) is { } problem)
                {
                    problems.Add(problem);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_rule_names_a_paper_passage_or_a_heuristic_with_a_one_line_rationale()
    {
        foreach (var (where, source) in CatalogueSources(RoadmapCatalog.Default))
        {
            switch (source)
            {
                case PaperPassage p:
                    Assert.True(p.Quote.Length >= PaperPassage.MinimumQuoteLength, $"{where}: quote shorter than {PaperPassage.MinimumQuoteLength}: '{p.Quote}'");
                    Assert.Contains(p.Document, Seeds.Prefixes.Keys);
                    break;
                case PlannerHeuristic h:
                    Assert.False(string.IsNullOrWhiteSpace(h.Rationale), where);
                    Assert.DoesNotContain('\n', h.Rationale);
                    break;
                default:
                    Assert.Fail($"{where}: unknown source kind {source.GetType().Name}.");
                    break;
            }
        }
    }

    [Fact]
    public void Score_weights_and_the_planners_own_tables_are_labelled_as_heuristics()
    {
        var catalog = RoadmapCatalog.Default;
        var unlabelled = catalog.Scores.Where(r => !r.Sources.OfType<PlannerHeuristic>().Any()).Select(r => r.Id).ToList();
        Assert.True(unlabelled.Count == 0, "Score rules without a heuristic source: " + string.Join(", ", unlabelled));

        // Rules the issue names as the planner's judgement presented as the papers'.
        foreach (var id in new[] { "ip.reserved.confidential", "ip.reserved.secret", "crowd.cluster.micro", "configuration.sensitive.no-open" })
        {
            Assert.Contains(Rule(catalog, id), s => s is PlannerHeuristic);
        }

        foreach (var id in catalog.Recommendations.Select(r => r.Id).Where(i => i.StartsWith("task.fit.", StringComparison.Ordinal) || i.StartsWith("cluster.stage.", StringComparison.Ordinal))
            .Concat(catalog.Risks.Select(r => r.Id).Where(i => i.StartsWith("cluster.barrier.", StringComparison.Ordinal) || i.StartsWith("task.risk.poor-fit.", StringComparison.Ordinal))))
        {
            Assert.Contains(Rule(catalog, id), s => s is PlannerHeuristic);
        }
    }

    [Fact]
    public void A_missing_quote_is_reported_with_the_document_and_section()
    {
        var madeUp = new PaperPassage(PaperPassage.RoadmapPaper, "3.2 Roadmap stage 2 – select the crowd", "Open crowdsourcing must never be used for sensitive work.");
        Assert.StartsWith("roadmap, 3.2 Roadmap stage 2 – select the crowd: not in the paper:", Problem(madeUp), StringComparison.Ordinal);
        var elsewhere = new PaperPassage(PaperPassage.RoadmapPaper, "3.2 Roadmap stage 2 – select the crowd", "Successful crowds should be sufficiently large, diverse, and knowledgeable.");
        Assert.StartsWith("roadmap, 3.2 Roadmap stage 2 – select the crowd: in the paper, but not in that section:", Problem(elsewhere), StringComparison.Ordinal);
    }

    internal static IEnumerable<RuleSource> PlanSources(RoadmapPlan plan)
        => plan.Stages.SelectMany(s => s.FocusSources.Concat(s.Checklist.SelectMany(i => i.Sources)).Concat(s.Recommendations.SelectMany(r => r.Sources)).Concat(s.Risks.SelectMany(r => r.Sources)))
            .Concat(plan.CrossCutting.Recommendations.SelectMany(r => r.Sources)).Concat(plan.CrossCutting.Risks.SelectMany(r => r.Sources))
            .Concat(plan.Crowd.Sources).Concat(plan.Crowd.Layers.SelectMany(l => l.Sources)).Concat(plan.Crowd.Configurations.SelectMany(c => c.Sources))
            .Concat(plan.Motivations.SelectMany(m => m.Sources)).Concat(plan.Flags.SelectMany(f => f.Sources))
            .Concat(plan.IpPolicy?.Sources ?? []).Concat(plan.Appraisal?.Sources ?? []);

    private static IReadOnlyList<RuleSource> Rule(RoadmapCatalog catalog, string id)
        => catalog.Recommendations.FirstOrDefault(r => r.Id == id)?.Sources
            ?? catalog.Risks.FirstOrDefault(r => r.Id == id)?.Sources
            ?? catalog.Scores.FirstOrDefault(r => r.Id == id)?.Sources
            ?? throw new KeyNotFoundException(id);

    private static IEnumerable<(string Where, RuleSource Source)> CatalogueSources(RoadmapCatalog catalog)
        => catalog.Stages.SelectMany(s => s.Sources.Select(x => ($"stage {s.Stage}", x)))
            .Concat(catalog.Checklist.SelectMany(r => r.Sources.Select(x => (r.Id, x))))
            .Concat(catalog.Recommendations.SelectMany(r => r.Sources.Select(x => (r.Id, x))))
            .Concat(catalog.Risks.SelectMany(r => r.Sources.Select(x => (r.Id, x))))
            .Concat(catalog.Flags.SelectMany(r => r.Sources.Select(x => (r.Id, x))))
            .Concat(catalog.Scores.SelectMany(r => r.Sources.Select(x => (r.Id, x))));

    private static string? Problem(PaperPassage source)
    {
        var text = Seeds.Text(source.Document);
        var where = $"{source.Document}, {source.Section}";
        var section = Sections[source.Document].Where(s => s.Name == source.Section).ToList();
        if (section.Count == 0)
        {
            return $"{where}: no such section; known: {string.Join(" | ", Sections[source.Document].Select(s => s.Name))}";
        }

        var quote = PaperPassage.Normalise(source.Quote);
        if (!text.Contains(quote, StringComparison.Ordinal))
        {
            return $"{where}: not in the paper: “{quote}”";
        }

        var (_, start, end) = section[0];
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = end is not null
            ? text.IndexOf(end, from, StringComparison.Ordinal)
            : Sections[source.Document].Where(s => s.End is null).Select(s => text.IndexOf(s.Start, StringComparison.Ordinal)).Where(p => p > from).DefaultIfEmpty(text.Length).Min();
        return text[from..to].Contains(quote, StringComparison.Ordinal) ? null : $"{where}: in the paper, but not in that section: “{quote}”";
    }
}
