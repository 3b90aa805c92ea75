using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Presets;

/// <summary>A named, built-in model with the scenario it comes from.</summary>
/// <param name="Name">The preset's name, e.g. <c>crowdarb-paper</c>.</param>
/// <param name="Description">One line on where it comes from.</param>
/// <param name="Model">The validated model.</param>
/// <param name="Scenario">The scenario: participants, initial states, weeks, threshold.</param>
public sealed record DecisionPreset(string Name, string Description, DecisionModel Model, SimulationScenario Scenario);
