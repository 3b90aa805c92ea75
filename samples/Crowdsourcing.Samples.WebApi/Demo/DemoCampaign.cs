using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Samples.WebApi.Demo;

/// <summary>What seeding the demo did.</summary>
/// <param name="CampaignId">The demo campaign.</param>
/// <param name="Created">Whether it was created now (false: it existed already and was left as it was).</param>
/// <param name="Experts">How many experts its crowd has.</param>
/// <param name="Cycles">How many cycles are recorded.</param>
/// <param name="Submissions">How many simulated submissions were made now.</param>
internal sealed record DemoSeedResult(string CampaignId, bool Created, int Experts, int Cycles, int Submissions);

/// <summary>
/// A small campaign in the CrowdArb paper's shape, seeded deterministically: a questionnaire of six workload sections
/// (three questions each) and three data-centre sections (two each) with the paper's readiness scale and quality rules
/// (five complete workloads and one data centre to pass); 40 internal experts in two teams with their managers, known
/// to start 60% poor, 30% fair and 10% good; a trusted partner and a member of the public outside the crowd; the
/// paper's workshop threshold scaled to the crowd (9,000 × 40 / 560). It then runs <see cref="SampleOptions.DemoCycles"/>
/// weekly cycles with simulated experts: hidden readiness moves by T (by C when e-mailed), and each e-mailed expert
/// answers with probability 0.2 by submitting the sections their readiness lets them complete.
/// </summary>
internal sealed class DemoCampaign(
    ICrowdsourcingStore store,
    ICampaignService campaigns,
    IAssignmentService assignments,
    IDecisionCycleService cycles,
    TimeProvider time,
    IOptions<SampleOptions> options) : IDisposable
{
    /// <summary>The demo campaign's id.</summary>
    public const string CampaignId = "demo-client-assessments";

    /// <summary>The demo task's id (confidential: internal experts and trusted partners).</summary>
    public const string TaskId = "demo-client-discovery";

    /// <summary>The demo questionnaire's id.</summary>
    public const string QuestionnaireId = "demo-client-assessment";

    /// <summary>How many experts the crowd has.</summary>
    public const int Experts = 40;

    private const int Seed = 20_260_101;
    private const int WorkloadSections = 6;
    private const int DatacenterSections = 3;
    /// <summary>The demo campaign's organiser: the demo directory's user <c>organiser</c>.</summary>
    public const string OrganiserId = "organiser";

    private static readonly Actor Organiser = new(OrganiserId, "Demo organiser", [ActorRoles.Organiser]);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly int[] ColleagueOffsets = [1, 2];

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    /// <summary>Seeds the demo campaign unless it exists.</summary>
    public async Task<DemoSeedResult> SeedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await store.Campaigns.FindAsync(CampaignId, cancellationToken) is not null)
            {
                var latest = await store.Cycles.FindLatestAsync(CampaignId, cancellationToken);
                return new DemoSeedResult(CampaignId, false, Experts, latest?.Cycle ?? 0, 0);
            }

            // The demo acts as the people of the story: the organiser sets the campaign up and runs the cycles, each
            // expert answers their own requests.
            using (ActorContext.Use(Organiser))
            {
                return await CreateAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DemoSeedResult> CreateAsync(CancellationToken cancellationToken)
    {
        var weeks = options.Value.DemoCycles;
        var rng = new Random(Seed);
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        var email = model.Interventions[0].Transition;
        var questionnaire = Questionnaire();
        await store.Tasks.InsertAsync(new CrowdTask(TaskId, "Client discovery (demo)", TaskKind.MacroTask, Confidentiality.Confidential, [CrowdLayer.Internal, CrowdLayer.TrustedPartners], "Account teams pool what they know about their clients' workloads and data centres.", ["A validated assessment per client", "A workshop with the best-prepared experts"]), cancellationToken);
        await store.Questionnaires.InsertAsync(questionnaire, cancellationToken);

        var experts = Enumerable.Range(1, Experts).Select(i => $"e{i:00}").ToArray();
        await store.Participants.InsertAsync(new Participant("m1", "Manager One", CrowdLayer.Internal, "m1@example.com"), cancellationToken);
        await store.Participants.InsertAsync(new Participant("m2", "Manager Two", CrowdLayer.Internal, "m2@example.com"), cancellationToken);
        for (var i = 0; i < Experts; i++)
        {
            // Two teams of twenty; each expert may delegate to the next two colleagues of their team.
            var team = i / 20;
            var colleagues = ColleagueOffsets.Select(d => experts[(team * 20) + (((i % 20) + d) % 20)]).ToArray();
            await store.Participants.InsertAsync(new Participant(experts[i], $"Expert {i + 1}", CrowdLayer.Internal, $"{experts[i]}@example.com", ["client-representative"], $"m{team + 1}", colleagues), cancellationToken);
        }

        await store.Participants.InsertAsync(new Participant("partner-1", "Partner consultant", CrowdLayer.TrustedPartners, "partner-1@example.com"), cancellationToken);
        await store.Participants.InsertAsync(new Participant("visitor", "Member of the public", CrowdLayer.General, "visitor@example.com"), cancellationToken);

        var start = time.GetUtcNow() - (weeks * Week);
        await campaigns.CreateAsync(
            new Campaign(
                CampaignId,
                "Client assessments (demo)",
                TaskId,
                QuestionnaireId,
                new CrowdSelection([CrowdLayer.Internal], ["client-representative"]),
                [new MinimumCompletedSectionsRule("five-workloads", "workload", 5), new MinimumCompletedSectionsRule("one-datacenter", "datacenter", 1)],
                ReadinessScale.CrowdArbPaper,
                new ReminderPolicy(Week, 3 * Week, 3),
                DecisionPresets.CrowdArbPaper,
                Math.Round(9000.0 * Experts / 560, 1),
                start,
                Week),
            cancellationToken);

        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var expert in experts)
        {
            var assignment = await assignments.CreateAsync(new NewAssignment($"demo-{expert}", CampaignId, new Subject($"client-of-{expert}", $"Client of expert {expert[1..]}"), [expert]), cancellationToken);
            current[expert] = assignment.Id;
        }

        // Known week-0 states, 24 / 12 / 4 over a seeded shuffle; the organiser's week-0 beliefs are certain.
        var order = experts.ToArray();
        rng.Shuffle(order);
        var truth = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Experts; i++)
        {
            truth[order[i]] = i < Experts * 6 / 10 ? 0 : i < Experts * 9 / 10 ? 1 : 2;
        }

        await store.Beliefs.SaveAsync([.. experts.Select(e => new ParticipantBelief(CampaignId, e, 0, Certain(truth[e])))], cancellationToken);

        var submissions = 0;
        for (var week = 1; week <= weeks; week++)
        {
            var outcome = await cycles.RunCycleAsync(CampaignId, week, cancellationToken);
            var contacted = outcome.Contacts.Select(c => c.ParticipantId).ToHashSet(StringComparer.Ordinal);
            foreach (var expert in experts)
            {
                truth[expert] = Sample(contacted.Contains(expert) ? email.GetRow(truth[expert]) : model.Transition.GetRow(truth[expert]), rng.NextDouble());
            }

            // Answers arrive after the cycle was decided, so that the next cycle counts them as reports of this week.
            await AfterAsync(outcome.Record.DecidedAt, cancellationToken);
            foreach (var expert in contacted.Order(StringComparer.Ordinal))
            {
                if (rng.NextDouble() >= 0.2)
                {
                    continue;
                }

                var assignmentId = current[expert];
                if ((await store.Assignments.FindAsync(assignmentId, cancellationToken))!.Status == AssignmentStatus.Accepted)
                {
                    assignmentId = $"demo-{expert}-w{week:00}";
                    await assignments.CreateAsync(new NewAssignment(assignmentId, CampaignId, new Subject($"client-of-{expert}", $"Client of expert {expert[1..]}"), [expert]), cancellationToken);
                    current[expert] = assignmentId;
                }

                var (workloads, datacenters) = Sections(rng, truth[expert]);
                using (ActorContext.Use(new Actor(expert)))
                {
                    var view = await assignments.GetAsync(assignmentId, cancellationToken);
                    await assignments.SubmitAsync(assignmentId, view.Response.Version, Answers(questionnaire, workloads, datacenters), cancellationToken);
                }
                submissions++;
            }
        }

        return new DemoSeedResult(CampaignId, true, Experts, weeks, submissions);
    }

    private static Questionnaire Questionnaire()
    {
        var sections = new List<QuestionnaireSection>();
        for (var w = 1; w <= WorkloadSections; w++)
        {
            sections.Add(new QuestionnaireSection($"w{w}", $"Workload {w}", "workload",
            [
                new Question($"w{w}-software", $"Workload {w}: which software does it run?", mandatory: false),
                new Question($"w{w}-users", $"Workload {w}: how many users (thousands)?", AnswerType.Number, mandatory: false, new AnswerConstraints { Minimum = 0, Maximum = 1000 }),
                new Question($"w{w}-hosting", $"Workload {w}: where is it hosted?", AnswerType.SingleChoice, mandatory: false, new AnswerConstraints { Choices = ["on-premises", "colocation", "cloud"] }),
            ]));
        }

        for (var d = 1; d <= DatacenterSections; d++)
        {
            sections.Add(new QuestionnaireSection($"d{d}", $"Data centre {d}", "datacenter",
            [
                new Question($"d{d}-location", $"Data centre {d}: where is it?", mandatory: false),
                new Question($"d{d}-lease-end", $"Data centre {d}: when does the lease end?", AnswerType.Date, mandatory: false),
            ]));
        }

        return new Questionnaire(QuestionnaireId, "Client assessment (demo)", "client", sections);
    }

    /// <summary>How many workload and data-centre sections an expert of a readiness state completes (the paper, section 5, scaled).</summary>
    private static (int Workloads, int Datacenters) Sections(Random rng, int state) => state switch
    {
        0 => rng.Next(2) == 0 ? (rng.Next(0, 4), rng.Next(0, DatacenterSections + 1)) : (rng.Next(4, WorkloadSections + 1), 0),
        1 => rng.Next(2) == 0 ? (4, rng.Next(1, DatacenterSections + 1)) : (rng.Next(5, WorkloadSections + 1), 1),
        _ => (rng.Next(5, WorkloadSections + 1), rng.Next(2, DatacenterSections + 1)),
    };

    /// <summary>Every question of the first sections of each group answered, the rest cleared.</summary>
    private static List<AnswerInput> Answers(Questionnaire questionnaire, int workloads, int datacenters)
    {
        var answers = new List<AnswerInput>();
        foreach (var section in questionnaire.Sections)
        {
            var number = int.Parse(section.Id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            var complete = number <= (section.Group == "workload" ? workloads : datacenters);
            foreach (var question in section.Questions)
            {
                answers.Add(new AnswerInput(question.Id, complete ? AnswerFor(question) : null));
            }
        }

        return answers;
    }

    private static string AnswerFor(Question question) => question.AnswerType switch
    {
        AnswerType.Number => "120",
        AnswerType.SingleChoice => question.Constraints.Choices[^1],
        AnswerType.Date => "2027-06-30",
        _ => $"Answer to {question.Id}",
    };

    private static int Sample(ReadOnlySpan<double> row, double u)
    {
        for (var next = 0; next < row.Length - 1; next++)
        {
            u -= row[next];
            if (u < 0)
            {
                return next;
            }
        }

        return row.Length - 1;
    }

    private static double[] Certain(int state)
    {
        var p = new double[3];
        p[state] = 1;
        return p;
    }

    /// <summary>Waits until the clock has moved past <paramref name="instant"/> (a few microseconds at most on a real clock).</summary>
    private async Task AfterAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        while (time.GetUtcNow() <= instant)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }
}
