using System.Runtime.CompilerServices;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Roadmap.Rendering;

namespace Crowdsourcing.Tests.DependencyInjection;

/// <summary>Runs the README's "The decision engine" and "The roadmap planner" examples, so the text cannot drift from the API.</summary>
public sealed class ReadmeLibraryExamplesTests
{
    [Fact]
    public void The_readme_decision_engine_example_gives_the_papers_value()
    {
        // README: "The decision engine" (keep the two in step).
        var preset = DecisionPresets.Get("crowdarb-paper");          // Tables 1-3 of the paper, rows normalised
        var evaluator = new DecisionEvaluator(preset.Model);
        var belief = Belief.Create(0.67, 0.0, 0.33);                  // P(poor), P(fair), P(good)
        var value = evaluator.InterventionValue(belief);             // V_ec ≈ 6.79 > C_ec = 3: contact

        Assert.Equal(6.79, value, 2);
        Assert.True(value > preset.Model.Interventions[0].Cost);
    }

    [Fact]
    public void The_readme_roadmap_example_renders_a_six_stage_plan_for_the_sample_initiative()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryRoot(), "tools", "Crowdsourcing.Cli", "samples", "initiative.json"));

        // README: "The roadmap planner" (File.ReadAllText("initiative.json") is the sample's text here).
        var initiative = InitiativeJson.Parse(json);
        var plan = new RoadmapPlanner().Plan(initiative);
        var markdown = RoadmapMarkdown.Render(plan);

        Assert.Equal(6, plan.Stages.Count);
        Assert.Contains(plan.Stages[0].Name, markdown, StringComparison.Ordinal);
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
