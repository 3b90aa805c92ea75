using Crowdsourcing.Roadmap.Planning;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Each of the six stages of the plan.</summary>
public class StageTests
{
    private static readonly RoadmapPlanner Planner = new();

    [Fact]
    public void Plan_has_the_six_stages_in_order_with_names_and_focus()
    {
        var plan = Planner.Plan(Specs.Baseline());
        Assert.Equal(Enum.GetValues<RoadmapStage>(), plan.Stages.Select(s => s.Stage));
        Assert.Equal(
            ["Specify the task", "Select the crowd", "Create the environment", "Motivate the crowd and create the value proposition", "Reach the crowd", "Manage the input and communicate value"],
            plan.Stages.Select(s => s.Name));
        Assert.Equal([1, 2, 3, 4, 5, 6], plan.Stages.Select(s => s.Number));
        Assert.All(plan.Stages, s => Assert.NotEmpty(s.Focus));
        Assert.All(plan.Stages, s => Assert.Contains(s.FocusSources, x => x.Contains("Table 1", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_stage_of_every_plan_has_required_checklist_items_recommendations_and_risks()
    {
        foreach (var initiative in Specs.Pool.Take(60))
        {
            var plan = Planner.Plan(initiative);
            foreach (var stage in plan.Stages)
            {
                Assert.Contains(stage.Checklist, i => i.Required);
                Assert.NotEmpty(stage.Recommendations);
                Assert.NotEmpty(stage.Risks);
                Assert.All(stage.Recommendations, r =>
                {
                    Assert.NotEmpty(r.Sources);
                    Assert.DoesNotContain("{", r.Text + r.Reason, StringComparison.Ordinal);
                    Assert.DoesNotContain(" none", r.Reason, StringComparison.Ordinal);
                });
            }
        }
    }

    [Fact]
    public void Specify_the_task_covers_outcomes_timetable_milestones_indicators_and_fit()
    {
        var stage = Planner.Plan(Specs.Baseline())[RoadmapStage.SpecifyTheTask];
        Assert.Equal(
            ["task.outcomes", "task.timetable", "task.milestones", "task.success-indicators", "task.business-model", "task.distinct-from-procurement"],
            stage.Checklist.Where(i => i.Required).Select(i => i.Id));
        Assert.Contains(stage.Recommendations, r => r.Id == "task.fit.good" && r.Text.Contains("contest suits the goal innovation", StringComparison.Ordinal));
    }

    [Fact]
    public void Select_the_crowd_cites_the_layers_and_configurations()
    {
        var stage = Planner.Plan(Specs.Baseline("sensitivity=confidential"))[RoadmapStage.SelectTheCrowd];
        var rec = stage.Recommendations.Single(r => r.Id == "crowd.sensitive.close");
        Assert.Equal("Sensitivity is confidential: crowdsourcing risks revealing future plans and leaking sensitive information.", rec.Reason);
        Assert.Contains("Roadmap paper, §3.2 Roadmap stage 2 – select the crowd", rec.Sources);
        Assert.Contains("Simula and Ahola (2013)", rec.Sources);
    }

    [Fact]
    public void Create_the_environment_lists_the_nine_community_of_creation_requirements()
    {
        var stage = Planner.Plan(Specs.Baseline())[RoadmapStage.CreateTheEnvironment];
        var community = stage.Checklist.Where(i => i.Id.StartsWith("env.community.", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, community.Count);
        Assert.All(community, i => Assert.Contains("Sawhney and Prandelli", string.Join(";", i.Sources), StringComparison.Ordinal));
        Assert.Contains(stage.Checklist, i => i.Id == "env.governance-mechanism");
        Assert.Contains(stage.Checklist, i => i.Id == "env.platform");
    }

    [Fact]
    public void Motivate_the_crowd_warns_about_high_rewards_and_sets_a_prize_ladder_for_contests()
    {
        var stage = Planner.Plan(Specs.Baseline())[RoadmapStage.MotivateTheCrowd];
        Assert.Contains(stage.Recommendations, r => r.Id == "motivation.reward.moderate" && r.Text.Contains("too high a reward", StringComparison.Ordinal));
        var ladder = stage.Recommendations.Single(r => r.Id == "motivation.prize-ladder");
        Assert.Contains("twice the marginal utility", ladder.Text, StringComparison.Ordinal);
        Assert.Contains("add no prizes later", ladder.Text, StringComparison.Ordinal);
        Assert.Contains("Adamczyk et al. (2012)", ladder.Sources);
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
    public void Manage_the_input_covers_knowledge_management_absorptive_capacity_production_and_value()
    {
        var ids = Planner.Plan(Specs.Baseline())[RoadmapStage.ManageTheInput].Recommendations.Select(r => r.Id).ToList();
        Assert.Contains("input.cms", ids);
        Assert.Contains("input.absorptive-capacity", ids);
        Assert.Contains("input.production-effort", ids);
        Assert.Contains("input.communicate-value", ids);
    }

    [Fact]
    public void Cross_cutting_has_the_ethical_cautions_and_for_clusters_the_table_2_register()
    {
        var plan = Planner.Plan(Specs.Baseline("cluster=macro/emergent"));
        Assert.Equal(["ethics.distinct", "ethics.ip-terms", "ethics.expectations", "ethics.exploitation"],
            plan.CrossCutting.Recommendations.Where(r => r.Id.StartsWith("ethics.", StringComparison.Ordinal)).Select(r => r.Id));
        var register = plan.CrossCutting.Risks.Where(r => r.Id.StartsWith("cluster.barrier.", StringComparison.Ordinal)).ToList();
        Assert.Equal(29, register.Count);
        Assert.Equal(
            ["absorption-of-knowledge", "spin-offs-development", "support-for-ideas-development", "ip-strategy", "funded-projects-with-external-entities"],
            register.Select(r => r.Area).Distinct());
        Assert.All(register, r => Assert.Contains(r.Sources, s => s.Contains("Table 2", StringComparison.Ordinal)));
        Assert.Empty(Planner.Plan(Specs.Baseline()).CrossCutting.Risks);
    }
}
