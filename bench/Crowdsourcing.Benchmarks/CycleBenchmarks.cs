using BenchmarkDotNet.Attributes;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// One decision cycle over 1,000,000 participants (3 states, 2 actions, one intervention, the crowdarb-paper model):
/// evaluate (MEU_0 and V), select (myopic), record the contacts, apply the observations (2% of participants report).
/// Target: at most 10 ms median and no allocation per cycle.
/// </summary>
[MemoryDiagnoser]
public class CycleBenchmarks : IDisposable
{
    private PopulationEngine _engine = null!;
    private BeliefPopulation _population = null!;
    private PopulationEvaluation _evaluation = null!;
    private CycleObservations _observations = null!;

    /// <summary>The number of participants.</summary>
    [Params(1_000_000)]
    public int Participants { get; set; }

    /// <summary>Threads for the engine: 1, or every processor.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        _engine = new PopulationEngine(model, new PopulationEngineOptions { MaxDegreeOfParallelism = Threads == 0 ? Environment.ProcessorCount : Threads });
        _population = _engine.CreatePopulation(Participants);
        _evaluation = _engine.CreateEvaluation(Participants);
        _observations = new CycleObservations(Participants);
        var random = new Random(42);
        Span<double> b = stackalloc double[3];
        for (var i = 0; i < Participants; i++)
        {
            b[0] = random.NextDouble();
            b[1] = random.NextDouble();
            b[2] = random.NextDouble();
            var sum = b[0] + b[1] + b[2];
            b[0] /= sum;
            b[1] /= sum;
            b[2] = 1 - b[0] - b[1];
            _population.SetBelief(i, b);
            if (random.NextDouble() < 0.02)
            {
                _observations.ReportedStates[i] = random.Next(3);
            }
        }
    }

    [Benchmark(Description = "cycle: evaluate + select + record + apply")]
    public int Cycle()
    {
        _engine.Evaluate(_population, _evaluation);
        var contacts = _engine.SelectContacts(_population, _evaluation, ContactPolicies.Myopic);
        _evaluation.Selection.CopyTo(_observations.Contacts);
        _engine.ApplyObservations(_population, _observations);
        return contacts;
    }

    [Benchmark(Description = "evaluate only")]
    public void Evaluate() => _engine.Evaluate(_population, _evaluation);

    [Benchmark(Description = "total expected utility")]
    public double Total() => _engine.TotalExpectedUtility(_population);

    public void Dispose()
    {
        _engine?.Dispose();
        GC.SuppressFinalize(this);
    }
}
