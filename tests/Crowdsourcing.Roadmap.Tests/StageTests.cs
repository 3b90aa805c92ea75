using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Each of the six stages of the plan.</summary>
public class StageTests
{
    private static readonly RoadmapPlanner Planner = new();

    [Fact]
    public void Plan_has_the_six_stages_in_order_with_names_and_the_focus_table_1_gives_them()
    {
        var plan = Planner.Plan(Specs.Baseline());
        Assert.Equal(Enum.GetValues<RoadmapStage>(), plan.Stages.Select(s => s.Stage));
        Assert.Equal(
            ["Specify the task", "Select the crowd", "Create the environment", "Motivate the crowd and create the value proposition", "Reach the crowd", "Manage the input and communicate value"],
            plan.Stages.Select(s => s.Name));
        Assert.Equal([1, 2, 3, 4, 5, 6], plan.Stages.Select(s => s.Number));
        Assert.All(plan.Stages, s => Assert.NotEmpty(s.Focus));
        Assert.All(plan.Stages, s => Assert.Equal("Table 1: Six stage approach", Assert.IsType<PaperPassage>(Assert.Single(s.FocusSources)).Section));
    }

    [Fact]
    public void Every_stage_of_every_plan_has_a_required_checklist_item_and_sourced_filled_in_advice()
    {
        foreach (var initiative in Specs.Pool.Take(100))
        {
            var plan = Planner.Plan(initiative);
            foreach (var stage in plan.Stages)
            {
                Assert.Contains(stage.Checklist, i => i.Required);
                Assert.All(stage.Recommendations, r =>
                {
                    Assert.NotEmpty(r.Sources);
                    Assert.DoesNotContain("{", r.Text + r.Reason, StringComparison.Ordinal);
                });
            }
        }
    }

    [Fact]
    public void Specify_the_task_covers_outcomes_timetable_milestones_indicators_and_the_business_model()
    {
        var stage = Planner.Plan(Specs.Baseline())[RoadmapStage.SpecifyTheTask];
        Assert.Equal(
            ["task.outcomes", "task.timetable", "task.milestones", "task.success-indicators", "task.business-model", "task.distinct-from-procurement"],
            stage.Checklist.Where(i => i.Required).Select(i => i.Id));
        Assert.Contains("task kind 'contest' for goal 'innovation'", stage.Checklist.Single(i => i.Id == "task.business-model").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poor_task_fit_is_a_risk_naming_the_kinds_that_fit_and_a_fair_one_a_recommendation()
    {
        var poor = Planner.Plan(Specs.Baseline("taskKind=micro-task"))[RoadmapStage.SpecifyTheTask];
        var risk = poor.Risks.Single(r => r.Id == "task.risk.poor-fit.innovation");
        Assert.Equal("Change the task kind to contest or self-organized, or split the work into tasks that fit.", risk.Mitigation);
        Assert.Contains(risk.Sources, s => s is PlannerHeuristic);

        var fair = Planner.Plan(Specs.Baseline("taskKind=macro-task"))[RoadmapStage.SpecifyTheTask];
        Assert.Contains(fair.Recommendations, r => r.Id == "task.fit.fair.innovation");
        Assert.DoesNotContain(Planner.Plan(Specs.Baseline())[RoadmapStage.SpecifyTheTask].Recommendations, r => r.Id.StartsWith("task.fit.", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_the_environment_lists_the_nine_community_of_creation_requirements_once()
    {
        var plan = Planner.Plan(Specs.Baseline());
        var stage = plan[RoadmapStage.CreateTheEnvironment];
        var community = stage.Checklist.Where(i => i.Id.StartsWith("env.community.", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, community.Count);
        Assert.All(community, i => Assert.Equal("Literature implies that development of a community of creation requires:", Assert.IsType<PaperPassage>(Assert.Single(i.Sources)).Quote));
        Assert.DoesNotContain(plan.AllRecommendations, r => r.Text.Contains("community of creation", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Motivate_the_crowd_sets_a_prize_ladder_for_contests_and_warns_about_high_rewards()
    {
        var stage = Planner.Plan(Specs.Baseline("budget=present"))[RoadmapStage.MotivateTheCrowd];
        Assert.Contains(stage.Recommendations, r => r.Id == "motivation.reward.moderate" && r.Text.Contains("too high a reward", StringComparison.Ordinal));
        var ladder = stage.Recommendations.Single(r => r.Id == "motivation.prize-ladder.budget");
        Assert.Contains("twice the next", ladder.Text, StringComparison.Ordinal);
        Assert.Contains("add no prizes later", ladder.Text, StringComparison.Ordinal);
        Assert.Contains(ladder.Sources, s => s is PaperPassage p && p.Quote.Contains("(Adamczyk et al., 2012)", StringComparison.Ordinal));
    }

    [Fact]
    public void Reach_the_crowd_names_the_broker_trade_offs()
    {
        var stage = Planner.Plan(Specs.Baseline("taskKind=micro-task;goal=production-work"))[RoadmapStage.ReachTheCrowd];
        Assert.Contains(stage.Recommendations, r => r.Id == "reach.broker");
        var risk = stage.Risks.Single(r => r.Id == "reach.risk.broker");
        Assert.Contains("size and quality", risk.Text, StringComparison.Ordinal);
        Assert.Contains("contracts", risk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Manage_the_input_covers_knowledge_management_absorptive_capacity_production_and_value_in_the_checklist()
    {
        var stage = Planner.Plan(Specs.Baseline())[RoadmapStage.ManageTheInput];
        Assert.Equal(["input.knowledge-management", "input.assessors-named", "input.production-plan", "input.value-communicated", "input.storage"], stage.Checklist.Select(i => i.Id));
        Assert.Contains(stage.Recommendations, r => r.Id == "input.technology-intelligence");
    }

    [Fact]
    public void For_clusters_the_cross_cutting_register_covers_table_2_with_the_stages_priorities_first()
    {
        var plan = Planner.Plan(Specs.Baseline("cluster=macro/emergent"));
        var register = plan.CrossCutting.Risks.Where(r => r.Id.StartsWith("cluster.barrier.", StringComparison.Ordinal)).ToList();
        Assert.Equal(26, register.Count);
        Assert.Equal(
            ["absorption-of-knowledge", "funded-projects-with-external-entities", "ip-strategy", "spin-offs-development", "support-for-ideas-development"],
            register.Select(r => r.Area!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(register, r => Assert.Contains(r.Sources, s => s is PaperPassage { Section: "Table 2. Key factors that constrains the adoption of open innovation in clusters" }));
        Assert.All(register, r => Assert.Contains(r.Sources, s => s is PlannerHeuristic h && h.Rationale.Contains("mitigation", StringComparison.Ordinal)));
        var high = register.TakeWhile(r => r.Priority == RiskPriority.High).Select(r => r.Id).ToList();
        Assert.Equal(["cluster.barrier.absorption.distance", "cluster.barrier.ip.disagreement", "cluster.barrier.funded.coordination", "cluster.barrier.funded.management", "cluster.barrier.funded.ip-conflicts"], high);
        Assert.All(register.Skip(high.Count), r => Assert.Equal(RiskPriority.Normal, r.Priority));
        Assert.Empty(Planner.Plan(Specs.Baseline()).CrossCutting.Risks);
    }
}
