using BenchmarkDotNet.Attributes;
using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Issue 4 targets: solving the preset's planned policy for a 20-week horizon (under 1 s) and learning T, C and r from
/// 100,000 participant-weeks (under 2 s).
/// </summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private DecisionPreset _paper = null!;
    private DecisionPreset _multichannel = null!;
    private IReadOnlyList<CampaignEvent> _log = null!;

    [GlobalSetup]
    public void Setup()
    {
        _paper = DecisionPresets.Get(DecisionPresets.CrowdArbPaper);
        _multichannel = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel);

        // 5,000 participants × 20 weeks = 100,000 participant-weeks; half the weeks contacted, half of the rest observed.
        _log = SyntheticEventLog.Generate(_multichannel.Model, 5_000, 20, 0.5, 0.5, seed: 1, initialStateShares: [0.6, 0.3, 0.1]);
    }

    [Benchmark(Description = "planned policy, crowdarb-paper, H = 20 (exact)")]
    public PomdpSolution SolvePaper() => PomdpSolver.Solve(_paper.Model, 20);

    [Benchmark(Description = "planned policy, crowdarb-multichannel, H = 20 (exact)")]
    public PomdpSolution SolveMultichannel() => PomdpSolver.Solve(_multichannel.Model, 20);

    [Benchmark(Description = "planned policy, crowdarb-paper, H = 20 (point-based, 2,926 grid points)")]
    public PomdpSolution SolvePaperPointBased() => PomdpSolver.Solve(_paper.Model, 20, new PomdpSolverOptions { Method = PomdpSolverMethod.PointBased });

    [Benchmark(Description = "learn from 100,000 participant-weeks (EM, per-state rates)")]
    public LearnedParameters Learn() => ParameterLearner.Learn(_multichannel.Model, _log, new LearningOptions { StateDependentResponseRates = true });
}
