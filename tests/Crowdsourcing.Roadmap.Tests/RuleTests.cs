using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Each checklist, recommendation and risk rule of the built-in catalogue: fires when it should, not when it should not.</summary>
public class RuleTests
{
    private const string Always = "<always>";
    private static readonly RoadmapPlanner Planner = new();
    private static readonly Lazy<List<HashSet<string>>> PoolIds = new(() => [.. Specs.Pool.Select(i => Ids(Planner.Plan(i)))]);

    // id, modifications of the baseline under which it fires, modifications under which it does not (Always: in every plan).
    public static TheoryData<string, string, string> Rules => new()
    {
        // Stage 1 checklist
        { "task.outcomes", "", Always }, { "task.timetable", "", Always }, { "task.milestones", "", Always },
        { "task.success-indicators", "", Always }, { "task.business-model", "", Always }, { "task.distinct-from-procurement", "", Always },
        { "task.review-b2c-cases", "", Always },
        // Stage 2 checklist
        { "crowd.layers", "", Always }, { "crowd.configuration", "", Always }, { "crowd.size-diversity", "", Always },
        { "crowd.leakage-assessment", "sensitivity=internal", "" },
        { "crowd.b2bc-assessment", "market=b2b", "" },
        // Stage 3 checklist
        { "env.governance-mechanism", "", Always }, { "env.platform", "", Always }, { "env.ba-design", "", Always },
        { "env.community.common-interest", "", Always }, { "env.community.belonging", "", Always }, { "env.community.economic-purpose", "", Always },
        { "env.community.sponsor", "", Always }, { "env.community.shared-language", "", Always }, { "env.community.ground-rules", "", Always },
        { "env.community.ip-mechanisms", "", Always }, { "env.community.sponsor-support", "", Always }, { "env.community.cooperation", "", Always },
        // Stage 4 checklist
        { "motivation.type", "", Always }, { "motivation.incentives", "", Always }, { "motivation.value-proposition-written", "", Always },
        { "motivation.expectations-aligned", "", Always }, { "motivation.prize-ladder-fixed", "", "taskKind=macro-task" },
        // Stage 5 checklist
        { "reach.channel", "", Always }, { "reach.call", "", Always },
        { "reach.broker-contract", "taskKind=micro-task", "" },
        { "reach.social-media-plan", "", "market=b2b;sensitivity=secret" },
        { "reach.invitations", "sensitivity=secret;problemDistance=core", "" },
        // Stage 6 checklist
        { "input.knowledge-management", "", Always }, { "input.assessors-named", "", Always }, { "input.production-plan", "", Always },
        { "input.value-communicated", "", Always }, { "input.storage", "", Always },

        // Stage 1 recommendations
        { "task.framework", "", Always },
        { "task.timetable.missing", "", "timetable=present" },
        { "task.timetable.publish", "timetable=present", "" },
        { "task.budget.missing", "", "budget=present" },
        { "task.fit.good", "", "taskKind=macro-task" },
        { "task.fit.fair", "taskKind=macro-task", "" },
        { "task.fit.poor", "taskKind=micro-task", "" },
        { "task.b2c-inspiration", "market=b2b", "" },
        // Stage 2 recommendations
        { "crowd.sensitive.close", "sensitivity=secret", "" },
        { "crowd.distant.general", "problemDistance=distant", "" },
        { "crowd.tasks.broker", "taskKind=micro-task", "" },
        { "crowd.b2bc", "market=b2b;needs.volume=high", "market=b2b" },
        { "crowd.internal.jam", "problemDistance=core;sensitivity=confidential", "problemDistance=core" },
        { "crowd.open.b2b", "market=b2b", "market=b2b;sensitivity=internal" },
        { "crowd.prequalify", "needs.expertise=high", "" },
        { "crowd.diversity", "", Always },
        { "crowd.non-professionals", "needs.insight=high", "needs.insight=high;sensitivity=secret" },
        { "crowd.cluster.macro", "cluster=macro/emergent", "cluster=micro/emergent" },
        { "crowd.cluster.micro", "cluster=micro/emergent", "cluster=macro/emergent" },
        // Stage 3 recommendations
        { "env.governance", "", Always }, { "env.ba", "", Always },
        { "env.community-of-creation", "", "taskKind=micro-task" },
        { "env.platform.own", "platform=own", "" },
        { "env.platform.broker", "platform=broker", "" },
        { "env.platform.existing", "", "platform=own" },
        { "env.cluster.ict", "cluster=macro/emergent", "" },
        { "env.cluster.macro-to-micro", "cluster=macro/emergent", "cluster=micro/emergent" },
        // Stage 4 recommendations
        { "motivation.aim", "", Always },
        { "motivation.lead-users", "", "goal=problem-solving" },
        { "motivation.reward.moderate", "", "goal=production-work" },
        { "motivation.micro-task.pay", "taskKind=micro-task", "" },
        { "motivation.prize-ladder", "", "taskKind=macro-task" },
        { "motivation.expectations", "", Always },
        { "motivation.value-proposition", "market=b2b", "" },
        { "motivation.recognition", "", "market=b2b" },
        { "motivation.citizen", "goal=feedback", "goal=feedback;sensitivity=internal" },
        { "motivation.cluster.prestige", "cluster=micro/mature", "" },
        { "motivation.crowdfunding.returns", "goal=funding;taskKind=crowdfunding", "" },
        // Stage 5 recommendations
        { "reach.broker", "taskKind=micro-task", "" },
        { "reach.open", "", "sensitivity=secret" },
        { "reach.internal", "sensitivity=secret;problemDistance=core", "" },
        { "reach.social-media", "", "market=b2b;sensitivity=secret" },
        { "reach.attention", "", Always },
        { "reach.cluster.brand", "cluster=macro/emergent", "" },
        { "reach.cluster.channels", "cluster=micro/decline", "" },
        // Stage 6 recommendations
        { "input.cms", "", Always }, { "input.absorptive-capacity", "", Always }, { "input.production-effort", "", Always },
        { "input.communicate-value", "", Always }, { "input.retrieval", "", Always },
        { "input.technology-intelligence", "", "goal=production-work" },
        { "input.cluster.tracking", "cluster=macro/emergent", "" },
        // Cross-cutting recommendations
        { "ethics.distinct", "", Always }, { "ethics.ip-terms", "", Always }, { "ethics.expectations", "", Always }, { "ethics.exploitation", "", Always },
        { "ip.reserved", "sensitivity=secret", "" },
        { "ip.choose-conditions", "", "ipPolicy=yes,yes,yes" },
        { "ip.licence", "ipPolicy=yes,yes,yes", "" },
        { "cluster.ip.discussion", "cluster=macro/emergent", "" },
        { "cluster.ip.licensing-or-revealing", "cluster=micro/mature", "" },
        { "cluster.ip.collective-management", "cluster=macro/emergent", "" },
        { "cluster.ip.not-too-early", "cluster=macro/emergent", "cluster=macro/mature" },
        { "cluster.macro.innovation-type", "cluster=macro/emergent", "cluster=micro/emergent" },
        { "cluster.micro.outcomes", "cluster=micro/emergent", "cluster=macro/emergent" },
        { "cluster.stage.embryonic", "cluster=macro/embryonic", "cluster=macro/aspirational" },
        { "cluster.stage.aspirational", "cluster=macro/aspirational", "cluster=macro/emergent" },
        { "cluster.stage.emergent", "cluster=macro/emergent", "cluster=macro/mature" },
        { "cluster.stage.mature", "cluster=macro/mature", "cluster=macro/decline" },
        { "cluster.stage.decline", "cluster=macro/decline", "cluster=macro/embryonic" },
        { "cluster.subprocess.crowdfunding", "cluster=macro/emergent;goal=funding;taskKind=crowdfunding", "cluster=macro/emergent" },
        { "cluster.subprocess.micro-tasking", "cluster=macro/emergent;taskKind=micro-task", "cluster=macro/emergent" },
        { "cluster.subprocess.co-creation", "cluster=macro/emergent", "cluster=macro/emergent;taskKind=micro-task" },

        // Stage risks
        { "task.risk.unclear-outcomes", "", Always },
        { "task.risk.poor-fit", "taskKind=micro-task", "" },
        { "crowd.risk.wrong-crowd", "", Always },
        { "crowd.risk.leakage", "sensitivity=internal", "" },
        { "crowd.risk.too-small", "market=b2b", "" },
        { "crowd.risk.effort", "", "taskKind=macro-task" },
        { "env.risk.no-governance", "", Always },
        { "env.risk.own-platform", "platform=own", "" },
        { "env.risk.ip-unmanaged", "", "taskKind=micro-task" },
        { "motivation.risk.crowding-out", "", "goal=knowledge-discovery" },
        { "motivation.risk.exploitation", "", Always },
        { "motivation.risk.prize-change", "", "taskKind=macro-task" },
        { "reach.risk.broker", "taskKind=micro-task", "" },
        { "reach.risk.wasted-resources", "", Always },
        { "input.risk.production-effort", "", Always },
        { "input.risk.absorptive-capacity", "", Always },

        // Cluster risk register (clusters paper, Table 2)
        { "cluster.barrier.absorption.financial", "cluster=micro/emergent", "" },
        { "cluster.barrier.absorption.time", "cluster=micro/emergent", "" },
        { "cluster.barrier.absorption.skills", "cluster=micro/emergent", "" },
        { "cluster.barrier.absorption.culture", "cluster=micro/emergent", "" },
        { "cluster.barrier.absorption.ip-management", "cluster=micro/emergent", "" },
        { "cluster.barrier.absorption.distance", "cluster=micro/emergent", "" },
        { "cluster.barrier.absorption.trust", "cluster=micro/emergent", "" },
        { "cluster.barrier.spin-offs.resources", "cluster=micro/emergent", "" },
        { "cluster.barrier.spin-offs.specialisation", "cluster=micro/emergent", "" },
        { "cluster.barrier.spin-offs.unawareness", "cluster=micro/emergent", "" },
        { "cluster.barrier.spin-offs.information", "cluster=micro/emergent", "" },
        { "cluster.barrier.spin-offs.competition", "cluster=micro/emergent", "" },
        { "cluster.barrier.ideas.resources", "cluster=micro/emergent", "" },
        { "cluster.barrier.ideas.hours", "cluster=micro/emergent", "" },
        { "cluster.barrier.ideas.external-preference", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.unawareness", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.novelty", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.registration-cost", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.maintenance-cost", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.copy-fear", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.litigation-cost", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.acquisition-cost", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.licensing-information", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.ownership", "cluster=micro/emergent", "" },
        { "cluster.barrier.ip.disagreement", "cluster=micro/emergent", "" },
        { "cluster.barrier.funded.coordination", "cluster=macro/emergent", "cluster=micro/emergent" },
        { "cluster.barrier.funded.management", "cluster=micro/emergent;goal=funding;taskKind=crowdfunding", "cluster=micro/emergent" },
        { "cluster.barrier.funded.ip-conflicts", "cluster=macro/emergent", "cluster=micro/emergent" },
        { "cluster.barrier.funded.skills-gap", "cluster=macro/emergent", "cluster=micro/emergent" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_fires_when_it_should_and_not_when_it_should_not(string id, string fires, string doesNotFire)
    {
        Assert.Contains(id, Ids(Planner.Plan(Specs.Baseline(fires))));
        if (doesNotFire == Always)
        {
            Assert.All(PoolIds.Value, ids => Assert.Contains(id, ids));
        }
        else
        {
            Assert.DoesNotContain(id, Ids(Planner.Plan(Specs.Baseline(doesNotFire))));
        }
    }

    [Fact]
    public void Every_catalogue_rule_except_scores_is_covered_by_the_table()
    {
        var tested = Rules.Select(r => (string)r[0]).ToHashSet();
        var catalog = RoadmapCatalog.Default;
        var ids = catalog.Checklist.Select(r => r.Id).Concat(catalog.Recommendations.Select(r => r.Id)).Concat(catalog.Risks.Select(r => r.Id));
        var untested = ids.Where(id => !tested.Contains(id)).ToList();
        var unknown = tested.Where(id => !catalog.Ids.Contains(id)).ToList();
        Assert.True(untested.Count == 0, "Rules without a test: " + string.Join(", ", untested));
        Assert.True(unknown.Count == 0, "Tested ids not in the catalogue: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Community_of_creation_items_are_optional_for_micro_tasks()
    {
        var micro = Planner.Plan(Specs.Baseline("taskKind=micro-task"));
        var contest = Planner.Plan(Specs.Baseline());
        var microItem = micro[RoadmapStage.CreateTheEnvironment].Checklist.Single(i => i.Id == "env.community.sponsor");
        var contestItem = contest[RoadmapStage.CreateTheEnvironment].Checklist.Single(i => i.Id == "env.community.sponsor");
        Assert.False(microItem.Required);
        Assert.True(contestItem.Required);
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
                else if (!before.Excluded)
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

    private static (int Score, bool Excluded) Score(RoadmapPlan plan, ScoreRule rule) => rule.Choice switch
    {
        ScoreChoice.Layer => Find(plan.Crowd.Layers, rule.Option),
        ScoreChoice.Configuration => Find(plan.Crowd.Configurations, rule.Option),
        _ => Find(plan.Motivations, rule.Option),
    };

    private static (int, bool) Find<T>(IReadOnlyList<ScoredOption<T>> options, string name) where T : struct, Enum
    {
        var o = options.Single(x => EnumNames.Of(x.Option) == name);
        return (o.Score, o.Excluded);
    }

    internal static HashSet<string> Ids(RoadmapPlan plan)
        => plan.Stages.SelectMany(s => s.Checklist.Select(c => c.Id).Concat(s.Recommendations.Select(r => r.Id)).Concat(s.Risks.Select(r => r.Id)))
            .Concat(plan.CrossCutting.Recommendations.Select(r => r.Id))
            .Concat(plan.CrossCutting.Risks.Select(r => r.Id))
            .ToHashSet();
}
