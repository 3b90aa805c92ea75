using Crowdsourcing.Roadmap.Appraisal;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>The rules of the built-in catalogue: each one fires for some initiative and (but for checklist items) not for every one; score rules add exactly their points.</summary>
public class RuleTests
{
    private static readonly RoadmapPlanner Planner = new();

    /// <summary>The pool, the spec files and specs with an appraisal whose estimates disagree with the crowd ranking or exceed the budget.</summary>
    private static readonly Lazy<List<HashSet<string>>> Coverage = new(() =>
    [
        .. Specs.Pool.Concat(Specs.Files.Select(Specs.FromFile)).Concat(AppraisalSpecs()).Select(i => Ids(Planner.Plan(i))),
    ]);

    public static TheoryData<string> RuleIds => new(RoadmapCatalog.Default.Recommendations.Select(r => r.Id)
        .Concat(RoadmapCatalog.Default.Risks.Select(r => r.Id))
        .Concat(RoadmapCatalog.Default.Flags.Select(r => r.Id)));

    public static TheoryData<string> ChecklistIds => new(RoadmapCatalog.Default.Checklist.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_recommendation_risk_and_flag_fires_for_some_initiatives_and_not_for_others(string id)
    {
        Assert.Contains(Coverage.Value, ids => ids.Contains(id));
        Assert.Contains(Coverage.Value, ids => !ids.Contains(id));
    }

    [Theory]
    [MemberData(nameof(ChecklistIds))]
    public void Every_checklist_item_appears_in_some_plan(string id)
        => Assert.Contains(Coverage.Value, ids => ids.Contains(id));

    [Fact]
    public void Community_of_creation_items_are_optional_for_micro_tasks()
    {
        var micro = Planner.Plan(Specs.Baseline("taskKind=micro-task"));
        var contest = Planner.Plan(Specs.Baseline());
        Assert.False(micro[RoadmapStage.CreateTheEnvironment].Checklist.Single(i => i.Id == "env.community.sponsor").Required);
        Assert.True(contest[RoadmapStage.CreateTheEnvironment].Checklist.Single(i => i.Id == "env.community.sponsor").Required);
    }

    [Fact]
    public void Every_score_rule_adds_its_points_when_it_applies_and_nothing_otherwise()
    {
        var catalog = RoadmapCatalog.Default;
        var full = new RoadmapPlanner(catalog);
        var pool = Specs.Pool.Select(i => (Initiative: i, Facts: FactFields.Collect(i))).ToList();
        foreach (var rule in catalog.Scores.Where(r => !r.IsBaseline))
        {
            var without = new RoadmapPlanner(catalog.Without(rule.Id));
            var applies = pool.Where(p => rule.When.Matches(p.Facts)).Take(3).ToList();
            var doesNot = pool.Where(p => !rule.When.Matches(p.Facts)).Take(3).ToList();
            Assert.True(applies.Count > 0, $"score rule {rule.Id} never applies in the pool");
            Assert.True(doesNot.Count > 0, $"score rule {rule.Id} applies to every initiative in the pool");
            foreach (var (initiative, _) in applies)
            {
                var (before, after) = (Score(full.Plan(initiative), rule), Score(without.Plan(initiative), rule));
                if (rule.Veto)
                {
                    Assert.True(before.Excluded, $"{rule.Id} did not exclude {rule.Option}");
                }
                else if (!before.Excluded && !after.Excluded)
                {
                    Assert.Equal(rule.Points, before.Score - after.Score);
                }
            }

            foreach (var (initiative, _) in doesNot)
            {
                Assert.Equal(Score(without.Plan(initiative), rule), Score(full.Plan(initiative), rule));
            }
        }
    }

    internal static HashSet<string> Ids(RoadmapPlan plan)
        => plan.Stages.SelectMany(s => s.Checklist.Select(c => c.Id).Concat(s.Recommendations.Select(r => r.Id)).Concat(s.Risks.Select(r => r.Id)))
            .Concat(plan.CrossCutting.Recommendations.Select(r => r.Id))
            .Concat(plan.CrossCutting.Risks.Select(r => r.Id))
            .Concat(plan.Flags.Select(f => f.Id))
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<Initiative> AppraisalSpecs()
    {
        var weights = new AppraisalWeights(100_000, 50_000, doNotCrowdsourceUtility: 10_000);
        ConfigurationEstimate Estimate(Crowd.CrowdConfiguration c, double p, double cost) => new(c, p, cost, 4, 0.05);
        var disagrees = new AppraisalInput(weights, [Estimate(Crowd.CrowdConfiguration.Internal, 0.9, 1_000), Estimate(Crowd.CrowdConfiguration.ViaBroker, 0.2, 50_000)]);
        var declines = new AppraisalInput(weights, [Estimate(Crowd.CrowdConfiguration.ViaBroker, 0.1, 50_000)]);
        var costly = new AppraisalInput(weights, [Estimate(Crowd.CrowdConfiguration.ViaBroker, 0.95, 60_000)]);
        var distant = Specs.Baseline("problemDistance=distant;market=b2b;taskKind=micro-task;goal=production-work");
        yield return With(distant, disagrees, null);
        yield return With(distant, declines, null);
        yield return With(distant, costly, new Budget(20_000, "EUR"));
    }

    private static Initiative With(Initiative i, AppraisalInput appraisal, Budget? budget)
        => new(i.Name, i.Goal, i.TaskKind, i.Sensitivity, i.ProblemDistance, i.Needs, i.Market, i.Platform, i.Cluster, budget, i.Timetable, i.IpPolicy, appraisal);

    private static (int Score, bool Excluded) Score(RoadmapPlan plan, ScoreRule rule) => rule.Choice switch
    {
        ScoreChoice.Layer => Find(plan.Crowd.Layers, rule.Option),
        ScoreChoice.Configuration => Find(plan.Crowd.Configurations, rule.Option),
        _ => Find(plan.Motivations, rule.Option),
    };

    private static (int, bool) Find<T>(IReadOnlyList<ScoredOption<T>> options, string name)
        where T : struct, Enum
    {
        var o = options.Single(x => EnumNames.Of(x.Option) == name);
        return (o.Score, o.Excluded);
    }
}
