using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests;

internal static class Paper
{
    public static DecisionPreset Preset => DecisionPresets.Get(DecisionPresets.CrowdArbPaper);

    public static DecisionModel Model => Preset.Model;

    public static SimulationScenario Scenario => Preset.Scenario;

    public static DecisionEvaluator Evaluator { get; } = new(Model);
}
