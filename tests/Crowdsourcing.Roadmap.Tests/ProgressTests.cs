using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Roadmap.Rendering;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Progress tracking on a plan instance.</summary>
public class ProgressTests
{
    private static RoadmapPlan NewPlan() => new RoadmapPlanner().Plan(Specs.Baseline("market=b2b"));

    private static void CompleteStage(RoadmapPlan plan, RoadmapStage stage)
    {
        foreach (var item in plan[stage].Checklist.Where(i => i.Required))
        {
            plan.MarkDone(item.Id);
        }
    }

    [Fact]
    public void A_new_plan_has_everything_open_and_starts_at_stage_one()
    {
        var plan = NewPlan();
        Assert.Equal(RoadmapStage.SpecifyTheTask, plan.CurrentStage);
        Assert.Empty(plan.DoneItemIds);
        Assert.All(plan.Stages.SelectMany(s => s.Checklist), i => Assert.Equal(ChecklistStatus.Open, plan.StatusOf(i.Id)));
        Assert.False(plan.IsComplete);
    }

    [Fact]
    public void A_stage_is_complete_when_its_required_items_are_done_optional_ones_do_not_matter()
    {
        var plan = NewPlan();
        var required = plan[RoadmapStage.SpecifyTheTask].Checklist.Where(i => i.Required).ToList();
        foreach (var item in required.SkipLast(1))
        {
            plan.MarkDone(item.Id);
        }

        Assert.False(plan.IsStageComplete(RoadmapStage.SpecifyTheTask));
        Assert.Equal([required[^1].Id], plan.OpenRequiredItems(RoadmapStage.SpecifyTheTask).Select(i => i.Id));
        plan.MarkDone(required[^1].Id);
        Assert.True(plan.IsStageComplete(RoadmapStage.SpecifyTheTask));
        Assert.Equal(ChecklistStatus.Open, plan.StatusOf("task.review-b2c-cases"));
        Assert.Equal(RoadmapStage.SelectTheCrowd, plan.CurrentStage);
    }

    [Fact]
    public void Marking_an_item_of_a_later_stage_before_the_earlier_ones_are_complete_throws_a_clear_error()
    {
        var plan = NewPlan();
        plan.MarkDone("task.outcomes");
        var ex = Assert.Throws<RoadmapOrderException>(() => plan.MarkDone("crowd.layers"));
        Assert.Equal(
            "Cannot mark 'crowd.layers' of stage 2 'Select the crowd' done: stage 1 'Specify the task' is not complete (open required items: task.timetable, task.milestones, task.success-indicators, task.business-model, task.distinct-from-procurement). Stages are completed in order.",
            ex.Message);
        Assert.Equal(RoadmapStage.SpecifyTheTask, ex.BlockingStage);
        Assert.Equal("crowd.layers", ex.ItemId);
        Assert.Equal(ChecklistStatus.Open, plan.StatusOf("crowd.layers"));
    }

    [Fact]
    public void Stages_complete_in_order_to_the_end()
    {
        var plan = NewPlan();
        foreach (var stage in Enum.GetValues<RoadmapStage>())
        {
            Assert.Equal(stage, plan.CurrentStage);
            CompleteStage(plan, stage);
        }

        Assert.True(plan.IsComplete);
        Assert.Null(plan.CurrentStage);
    }

    [Fact]
    public void Reopening_a_required_item_that_later_stages_build_on_throws_but_optional_items_and_the_current_stage_can_be_reopened()
    {
        var plan = NewPlan();
        CompleteStage(plan, RoadmapStage.SpecifyTheTask);
        plan.MarkDone("task.review-b2c-cases");
        plan.MarkDone("crowd.layers");
        var ex = Assert.Throws<RoadmapOrderException>(() => plan.MarkOpen("task.outcomes"));
        Assert.Equal("Cannot reopen 'task.outcomes' of stage 1 'Specify the task': stage 2 'Select the crowd' already has items done and builds on it. Reopen those first.", ex.Message);
        plan.MarkOpen("task.review-b2c-cases");
        plan.MarkOpen("crowd.layers");
        plan.MarkOpen("task.outcomes");
        Assert.Equal(RoadmapStage.SpecifyTheTask, plan.CurrentStage);
    }

    [Fact]
    public void Unknown_items_are_rejected_by_name()
    {
        var ex = Assert.Throws<NotFoundException>(() => NewPlan().MarkDone("task.nope"));
        Assert.StartsWith("The plan for 'Baseline' has no checklist item 'task.nope'.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_is_restored_from_done_ids_in_any_order()
    {
        var plan = NewPlan();
        CompleteStage(plan, RoadmapStage.SpecifyTheTask);
        CompleteStage(plan, RoadmapStage.SelectTheCrowd);
        plan.MarkDone("env.governance-mechanism");
        var saved = plan.DoneItemIds.Reverse().ToList();

        var restored = NewPlan();
        restored.Restore(saved);
        Assert.Equal(plan.DoneItemIds, restored.DoneItemIds);
        Assert.Equal(RoadmapStage.CreateTheEnvironment, restored.CurrentStage);

        Assert.Throws<RoadmapOrderException>(() => NewPlan().Restore(["crowd.layers"]));
    }

    [Fact]
    public void Progress_shows_in_json_and_markdown()
    {
        var plan = NewPlan();
        CompleteStage(plan, RoadmapStage.SpecifyTheTask);
        var json = RoadmapJson.Write(plan);
        Assert.Contains("\"id\": \"task.outcomes\",\n          \"text\": \"Define the outcomes: the specific or anticipated output.\",\n          \"required\": true,\n          \"status\": \"done\"", json, StringComparison.Ordinal);
        Assert.Contains("\"complete\": true", json, StringComparison.Ordinal);
        var md = RoadmapMarkdown.Render(plan);
        Assert.Contains("## 1. Specify the task (complete)", md, StringComparison.Ordinal);
        Assert.Contains("- [x] Define the outcomes", md, StringComparison.Ordinal);
        Assert.Contains("stage 2 'Select the crowd' in progress", md, StringComparison.Ordinal);
    }
}
