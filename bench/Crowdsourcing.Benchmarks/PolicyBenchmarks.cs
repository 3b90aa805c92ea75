using BenchmarkDotNet.Attributes;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Issue 14 target: planning one cycle for 1,000,000 participants in under 50 ms on top of the engine's cycle.
/// The population is a running campaign: the crowdarb-paper scenario (60 / 30 / 10 % known poor, fair, good) scaled to
/// 1,000,000 participants after 5 myopic cycles in which a fifth of the contacted report a state, so participants share
/// a dozen belief classes (participants who share a belief share a solution). Each benchmark is one
/// <c>SelectContacts</c> of the policy with 11 weeks to the workshop (engine evaluation excluded: it is the baseline
/// benchmark), on one thread.
/// </summary>
[MemoryDiagnoser]
public class PolicyBenchmarks : IDisposable
{
    private const int Participants = 1_000_000;
    private DecisionModel _model = null!;
    private PopulationEngine _engine = null!;
    private BeliefPopulation _population = null!;
    private PopulationEvaluation _evaluation = null!;
    private ContactPolicy _planned = null!;
    private ContactPolicy _myopicBudget = null!;
    private ContactPolicy _plannedBudget = null!;
    private ContactPolicy _leastSpend = null!;
    private ContactPolicy _leastSpendBudget = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        _engine = new PopulationEngine(_model, new PopulationEngineOptions { MaxDegreeOfParallelism = 1 });
        _population = _engine.CreatePopulation(Participants);
        _evaluation = _engine.CreateEvaluation(Participants);
        var observations = new CycleObservations(Participants);
        var random = new Random(42);
        for (var i = 0; i < Participants; i++)
        {
            _population.SetCertain(i, i < 0.6 * Participants ? 0 : i < 0.9 * Participants ? 1 : 2);
        }

        for (var t = 1; t <= 5; t++)
        {
            _engine.Evaluate(_population, _evaluation);
            _engine.SelectContacts(_population, _evaluation, ContactPolicies.Myopic, t, null);
            observations.SetContacts(_evaluation.Selection);
            for (var i = 0; i < Participants; i++)
            {
                if (observations.Contacts[i] >= 0 && random.NextDouble() < 0.2)
                {
                    observations.ReportedStates[i] = random.Next(3);
                }
            }

            _engine.ApplyObservations(_population, observations);
        }

        _engine.Evaluate(_population, _evaluation);
        var threshold = 9000.0 / 560 * Participants;
        _planned = ContactPolicies.Create(_model, new ContactPolicyOptions { Kind = ContactPolicyKind.Planned, WorkshopWeek = 11 });
        _myopicBudget = ContactPolicies.Create(_model, new ContactPolicyOptions { Kind = ContactPolicyKind.Myopic, Budget = CycleBudget.MaxContacts(50_000) });
        _plannedBudget = ContactPolicies.Create(_model, new ContactPolicyOptions { Kind = ContactPolicyKind.Planned, WorkshopWeek = 11, Budget = CycleBudget.MaxContacts(50_000) });
        _leastSpend = ContactPolicies.Create(_model, new ContactPolicyOptions { Kind = ContactPolicyKind.LeastSpend, WorkshopWeek = 11, Threshold = threshold });
        _leastSpendBudget = ContactPolicies.Create(_model, new ContactPolicyOptions { Kind = ContactPolicyKind.LeastSpend, WorkshopWeek = 11, Threshold = threshold, Budget = CycleBudget.MaxContacts(100_000) });
    }

    [Benchmark(Baseline = true, Description = "engine: evaluate MEU_0 and V (the cycle's own work)")]
    public void Evaluate() => _engine.Evaluate(_population, _evaluation);

    [Benchmark(Description = "select: myopic")]
    public int Myopic() => _engine.SelectContacts(_population, _evaluation, ContactPolicies.Myopic, 0, 11);

    [Benchmark(Description = "plan a cycle: planned, workshop in 11 weeks")]
    public int Planned() => _engine.SelectContacts(_population, _evaluation, _planned, 0, 11);

    [Benchmark(Description = "plan a cycle: myopic within 50,000 contacts")]
    public int MyopicBudget() => _engine.SelectContacts(_population, _evaluation, _myopicBudget, 0, 11);

    [Benchmark(Description = "plan a cycle: planned within 50,000 contacts per cycle (a price per cycle)")]
    public int PlannedBudget() => _engine.SelectContacts(_population, _evaluation, _plannedBudget, 0, 11);

    [Benchmark(Description = "plan a cycle: least spend to the threshold in 11 weeks")]
    public int LeastSpend() => _engine.SelectContacts(_population, _evaluation, _leastSpend, 0, 11);

    [Benchmark(Description = "plan a cycle: least spend within 100,000 contacts per cycle")]
    public int LeastSpendBudget() => _engine.SelectContacts(_population, _evaluation, _leastSpendBudget, 0, 11);

    public void Dispose()
    {
        _engine?.Dispose();
        GC.SuppressFinalize(this);
    }
}
