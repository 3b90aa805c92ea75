using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Json;

/// <summary>The contents of a model JSON file: the model, and optionally a name and a scenario.</summary>
/// <param name="Model">The validated model.</param>
/// <param name="Scenario">The scenario, when the file has a <c>scenario</c> object.</param>
/// <param name="Name">The model's name, when the file has one.</param>
public sealed record DecisionDocument(DecisionModel Model, SimulationScenario? Scenario = null, string? Name = null);
