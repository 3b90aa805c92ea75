using Crowdsourcing.Decision;

namespace Crowdsourcing.Decision.Tests;

internal static class Paper
{
    public static DecisionPreset Preset => DecisionPresets.Get(DecisionPresets.CrowdArbPaper);

    public static DecisionModel Model => Preset.Model;

    public static SimulationScenario Scenario => Preset.Scenario;

    public static DecisionEvaluator Evaluator { get; } = new(Model);
}
