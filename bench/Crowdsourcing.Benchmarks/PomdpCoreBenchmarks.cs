using BenchmarkDotNet.Attributes;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Issue 17: the general POMDP core (incremental pruning and point-based value iteration) on the tiger problem and on
/// the CrowdArb paper model, beside the planner's own solver on the same model (31 µs for H = 20 in issue 4).
/// </summary>
[MemoryDiagnoser]
public class PomdpCoreBenchmarks
{
    private const string Tiger = """
        discount: 0.95
        values: reward
        states: tiger-left tiger-right
        actions: listen open-left open-right
        observations: tiger-left tiger-right
        start: uniform
        T: listen
        identity
        T: open-left
        uniform
        T: open-right
        uniform
        O: listen
        0.85 0.15
        0.15 0.85
        O: open-left
        uniform
        O: open-right
        uniform
        R: listen : * : * : * -1
        R: open-left : tiger-left : * : * -100
        R: open-left : tiger-right : * : * 10
        R: open-right : tiger-left : * : * 10
        R: open-right : tiger-right : * : * -100
        """;

    private string _tigerText = null!;
    private PomdpModel _tiger = null!;
    private PomdpModel _paper = null!;
    private DecisionPreset _preset = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tigerText = Tiger;
        _tiger = PomdpFile.Parse(_tigerText, "tiger.pomdp");
        _preset = DecisionPresets.Get(DecisionPresets.CrowdArbPaper);
        _paper = PomdpModel.FromDecisionModel(_preset.Model);
    }

    [Benchmark(Description = "parse tiger.pomdp")]
    public PomdpModel ParseTiger() => PomdpFile.Parse(_tigerText, "tiger.pomdp");

    [Benchmark(Description = "tiger.95, H = 20, exact (incremental pruning)")]
    public PomdpValueFunction TigerExact() => PomdpModelSolver.Solve(_tiger, 20, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });

    [Benchmark(Description = "tiger.95, H = 100, point-based (500 belief points)")]
    public PomdpValueFunction TigerPointBased() => PomdpModelSolver.Solve(_tiger, 100, new PomdpModelSolverOptions { Method = PomdpSolverMethod.PointBased });

    [Benchmark(Description = "crowdarb-paper through the general core, H = 20, exact")]
    public PomdpValueFunction PaperExact() => PomdpModelSolver.Solve(_paper, 20, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });

    [Benchmark(Description = "crowdarb-paper through PomdpSolver, H = 20, exact (baseline)")]
    public PomdpSolution PaperPlanner() => PomdpSolver.Solve(_preset.Model, 20, new PomdpSolverOptions { Method = PomdpSolverMethod.Exact });
}
