using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Crowdsourcing.Tests.Support;

namespace Crowdsourcing.Tests.DecisionCycles;

/// <summary>
/// A campaign "c" over the CrowdArb preset with the paper's readiness scale, weekly cycles from the clock's start, and
/// Internal participants written straight into the in-memory store (the decision cycle only reads the store).
/// </summary>
internal sealed class CycleWorld : IDisposable
{
    public const string CampaignId = "c";
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private CycleWorld(TestHost host) => Host = host;

    public TestHost Host { get; }

    public ICrowdsourcingStore Store => Host.Store;

    public IDecisionCycleService Cycles => Host.Get<IDecisionCycleService>();

    public DecisionModel Model => DecisionPresets.Get("crowdarb-paper").Model;

    public DecisionEvaluator Evaluator => new(Model);

    public DateTimeOffset Start => ManualTimeProvider.DefaultStart;

    public static async Task<CycleWorld> CreateAsync(Action<DecisionModelsBuilder>? engine = null, double threshold = 100, IEnumerable<string>? participants = null, CrowdSelection? crowd = null, string model = "crowdarb-paper", Action<CrowdsourcingBuilder>? more = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var host = TestHost.Create(services, b =>
        {
            b.AddDecisionModels(e =>
            {
                e.AddPreset("crowdarb-paper");
                engine?.Invoke(e);
            });
            more?.Invoke(b);
        });
        var world = new CycleWorld(host);
        await host.Store.Tasks.InsertAsync(new CrowdTask("t", "Client discovery", TaskKind.MacroTask, Confidentiality.Confidential, [CrowdLayer.Internal]));
        foreach (var id in participants ?? ["p1", "p2", "p3"])
        {
            await host.Store.Participants.InsertAsync(new Participant(id, $"Expert {id}", CrowdLayer.Internal, $"{id}@example.com"));
        }

        await host.Store.Campaigns.InsertAsync(Campaign(threshold, crowd, model));
        return world;
    }

    public static Campaign Campaign(double threshold = 100, CrowdSelection? crowd = null, string model = "crowdarb-paper", string id = CampaignId, ReadinessScale? readiness = null) =>
        new(id, "Client assessments", "t", "q", crowd ?? new CrowdSelection([CrowdLayer.Internal]), [], readiness ?? ReadinessScale.CrowdArbPaper,
            new ReminderPolicy(Week, 3 * Week), model, threshold, ManualTimeProvider.DefaultStart, Week);

    /// <summary>Stores week-<paramref name="week"/> beliefs.</summary>
    public async Task BeliefsAsync(int week, params (string Participant, double[] Belief)[] beliefs) =>
        await Store.Beliefs.SaveAsync([.. beliefs.Select(b => new ParticipantBelief(CampaignId, b.Participant, week, b.Belief))]);

    /// <summary>Stores an assignment of <paramref name="participant"/> with one assessment at <paramref name="at"/>.</summary>
    public async Task ReportAsync(string assignmentId, string participant, string level, DateTimeOffset at, bool passed = true)
    {
        if (await Store.Assignments.FindAsync(assignmentId) is null)
        {
            await Store.Assignments.InsertAsync(new Assignment(assignmentId, CampaignId, "t", "q", new Subject("acme", "ACME"), [participant], AssignmentStatus.Draft, Start));
        }

        var violations = passed ? null : new[] { new QualityViolation("rule", "Something is missing.") };
        await Store.CommitAsync(new ChangeSet().Assess(new QualityAssessment(assignmentId, passed, violations, level, at)));
    }

    public async Task<Dictionary<string, ParticipantBelief>> StoredBeliefsAsync() =>
        (await TestHost.ToListAsync(Store.Beliefs.ListAsync(CampaignId))).ToDictionary(b => b.ParticipantId, StringComparer.Ordinal);

    /// <summary>Moves the clock to cycle <paramref name="cycle"/>'s due time plus <paramref name="extra"/>.</summary>
    public void At(int cycle, TimeSpan extra = default) => Host.Time.SetUtcNow(Start + (cycle * Week) + extra);

    public double[] Predict(double[] belief) => Evaluator.Predict(Belief.Create(belief)).AsSpan().ToArray();

    public double[] AfterEmail(double[] belief) => Belief.Create(belief).Transform(Model.Interventions[0].Transition).AsSpan().ToArray();

    public double Meu(double[] belief) => Evaluator.MaximumExpectedUtility(Belief.Create(belief)).ExpectedUtility;

    public double Value(double[] belief) => Evaluator.InterventionValue(Belief.Create(belief));

    public void Dispose() => Host.Dispose();
}
