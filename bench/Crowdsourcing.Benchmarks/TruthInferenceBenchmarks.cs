using BenchmarkDotNet.Attributes;
using Crowdsourcing.Decision.TruthInference;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Issue 17 target: Dawid-Skene on 1,000,000 answers (100,000 items × 10 answers, 5,000 experts, 5 classes) to
/// convergence in under 2 s. Each run starts from the answers as strings, so it includes interning them, checking
/// them and laying them out, and the EM to convergence (default tolerance); the intervals are computed only when a
/// result's workers are read, which these runs do not do.
/// </summary>
[MemoryDiagnoser]
public class TruthInferenceBenchmarks
{
    private IReadOnlyList<CrowdAnswer> _answers = null!;

    [GlobalSetup]
    public void Setup() => _answers = SyntheticAnswers.Generate(100_000, 5_000, 5, 10, seed: 1).Answers;

    [Benchmark(Description = "dawid-skene, 1,000,000 answers, 5 classes, to convergence")]
    public TruthInferenceResult DawidSkene() => TruthInferenceEngine.Infer(_answers);

    [Benchmark(Description = "one-coin, 1,000,000 answers, 5 classes, to convergence")]
    public TruthInferenceResult OneCoin() => TruthInferenceEngine.Infer(_answers, new TruthInferenceOptions { Method = TruthInferenceMethod.OneCoin });

    [Benchmark(Description = "majority vote, 1,000,000 answers")]
    public TruthInferenceResult Majority() => TruthInferenceEngine.Infer(_answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Majority });
}
