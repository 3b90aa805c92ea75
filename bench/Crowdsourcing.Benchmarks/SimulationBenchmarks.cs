using BenchmarkDotNet.Attributes;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// The simulator: the crowdarb-paper preset in expected mode (target under 50 ms) and a Monte Carlo run of 1,000,000
/// participants over 52 weeks (target under 3 s).
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private DecisionPreset _preset = null!;

    [GlobalSetup]
    public void Setup() => _preset = DecisionPresets.Get(DecisionPresets.CrowdArbPaper);

    [Benchmark(Description = "expected mode, preset, myopic, 20 weeks")]
    public SimulationResult ExpectedPreset() =>
        Simulator.Run(_preset.Model, _preset.Scenario, new SimulationOptions { Policy = ContactPolicies.Myopic });

    [Benchmark(Description = "monte-carlo, 1,000,000 participants x 52 weeks, myopic")]
    public SimulationResult MonteCarloMillion() =>
        Simulator.Run(_preset.Model, _preset.Scenario.With(participants: 1_000_000, weeks: 52), new SimulationOptions { Mode = SimulationMode.MonteCarlo, Policy = ContactPolicies.Myopic, Seed = 1 });
}
