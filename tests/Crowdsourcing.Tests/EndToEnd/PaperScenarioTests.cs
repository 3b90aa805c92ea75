using System.Collections.Concurrent;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Hosting;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Tests.EndToEnd;

/// <summary>
/// The CrowdArb paper's scenario (sections 3-5) on the in-memory provider with a manual clock: a questionnaire of 15
/// sections (10 workload sections of 15 questions, 5 data-centre sections of 10), 560 experts known to start 60% poor,
/// 30% fair, 10% good, weekly cycles for 20 weeks run by the background service (reminders, escalations, decision
/// cycles, deliveries), simulated experts whose hidden readiness moves by T (or by C when e-mailed) and who answer 20%
/// of the e-mails with a submission that shows their readiness, and a workshop recommendation at the end. Every step's
/// counts are checked against what the rules imply.
/// </summary>
public sealed class PaperScenarioTests
{
    private const string CampaignId = "client-assessments";
    private const int Experts = 560;
    private const int Weeks = 20;
    private const double ResponseRate = 0.2;
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly string[] States = ["poor", "fair", "good"];

    [Fact]
    public async Task The_paper_scenario_runs_for_twenty_weeks_with_the_counts_the_rules_imply()
    {
        var channel = new CountingChannel();
        using var host = TestHost.Create(
            services => services.AddSingleton<INotificationChannel>(channel),
            crowd => crowd.AddDecisionModels(engine => engine.AddPreset(DecisionPresets.CrowdArbPaper)).AddBackgroundProcessing());
        var store = host.Store;
        var start = host.Time.GetUtcNow();
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        var evaluator = new DecisionEvaluator(model);
        var rng = new Random(20_260_101);
        var background = host.Get<CrowdsourcingBackgroundService>();
        var cycles = host.Get<IDecisionCycleService>();

        // Steps 1a-1c: the questionnaire, the crowd, the campaign and one knowledge request per expert.
        var questionnaire = PaperQuestionnaire();
        Assert.Equal(15, questionnaire.Sections.Count);
        Assert.Equal(10 * 15 + 5 * 10, questionnaire.AllQuestions().Count());
        await store.Tasks.InsertAsync(new CrowdTask("client-discovery", "Client discovery", TaskKind.MacroTask, Confidentiality.Confidential, [CrowdLayer.Internal]));
        await store.Questionnaires.InsertAsync(questionnaire);
        var experts = Enumerable.Range(1, Experts).Select(i => $"e{i:000}").ToArray();
        for (var m = 1; m <= Experts / 20; m++)
        {
            await store.Participants.InsertAsync(new Participant($"m{m:00}", $"Manager {m}", CrowdLayer.Internal, $"m{m:00}@example.com"));
        }

        for (var i = 0; i < Experts; i++)
        {
            await store.Participants.InsertAsync(new Participant(experts[i], $"Expert {i + 1}", CrowdLayer.Internal, $"{experts[i]}@example.com", ["client-representative"], $"m{(i / 20) + 1:00}"));
        }

        var policy = new ReminderPolicy(Week, 3 * Week, 3);
        await host.Campaigns.CreateAsync(
            new Campaign(
                CampaignId,
                "Client assessments",
                "client-discovery",
                questionnaire.Id,
                new CrowdSelection([CrowdLayer.Internal], ["client-representative"]),
                [new MinimumCompletedSectionsRule("five-workloads", "workload", 5), new MinimumCompletedSectionsRule("one-datacenter", "datacenter", 1)],
                ReadinessScale.CrowdArbPaper,
                policy,
                DecisionPresets.CrowdArbPaper,
                9000,
                start,
                Week),
            "admin");

        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        var pendingSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var expert in experts)
        {
            var assignment = await host.Assignments.CreateAsync(new NewAssignment($"a-{expert}", CampaignId, new Subject($"client-{expert}", $"Client of {expert}"), [expert]));
            current[expert] = assignment.Id;
            pendingSince[assignment.Id] = assignment.CreatedAt;
        }

        // Known initial states, apportioned 336 / 168 / 56 over a seeded shuffle; the organiser's week-0 beliefs are certain.
        var order = experts.ToArray();
        rng.Shuffle(order);
        var truth = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Experts; i++)
        {
            truth[order[i]] = i < 336 ? 0 : i < 504 ? 1 : 2;
        }

        await store.Beliefs.SaveAsync([.. experts.Select(e => new ParticipantBelief(CampaignId, e, 0, Certain(truth[e])))]);
        Assert.Equal([336, 168, 56], Enumerable.Range(0, 3).Select(s => truth.Values.Count(v => v == s)));

        var sentReminders = new HashSet<string>(StringComparer.Ordinal);
        var sentEscalations = new HashSet<string>(StringComparer.Ordinal);
        var reportedLastWeek = new Dictionary<string, int>(StringComparer.Ordinal);
        int followUps = 0, submissions = 0, accepted = 0, reminders = 0, escalations = 0, contactsTotal = 0;
        var totals = new List<double>();
        WorkshopRecommendation? firstHold = null;

        for (var week = 0; week <= Weeks; week++)
        {
            var decisionTime = start + (week * Week);
            host.Time.SetUtcNow(decisionTime);
            var (expectedReminders, expectedEscalations) = ExpectReminders(pendingSince, policy, decisionTime, sentReminders, sentEscalations);
            var before = await BeliefsAsync(store);

            // Steps 3 and 5-7 on the schedule: reminders and escalations, the due decision cycle, deliveries.
            var run = await background.RunOnceAsync();

            Assert.Empty(run.Errors);
            Assert.Equal(expectedReminders, run.Reminders!.RemindersEnqueued);
            Assert.Equal(expectedEscalations, run.Reminders.EscalationsEnqueued);
            Assert.Equal(pendingSince.Count, run.Reminders.PendingAssignments);
            reminders += expectedReminders;
            escalations += expectedEscalations;
            var contacted = new HashSet<string>(StringComparer.Ordinal);
            if (week == 0)
            {
                Assert.Empty(run.Cycles!.Outcomes);
            }
            else
            {
                var outcome = Assert.Single(run.Cycles!.Outcomes);
                Assert.Equal(week, outcome.Cycle);
                Assert.Equal(Experts, outcome.Participants);
                Assert.Equal(reportedLastWeek.Count, outcome.ReportsApplied);
                Assert.Equal(0, outcome.PriorsUsed);

                // The organiser decides from week t-1: the stored beliefs with last week's reports made certain.
                // E-mail whoever has V_ec > C_ec = 3 on them, each once, and nobody else.
                var expected = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var expert in experts)
                {
                    var belief = reportedLastWeek.TryGetValue(expert, out var reported) ? Belief.Certain(3, reported) : Belief.Create([.. before[expert].Probabilities]);
                    Assert.Equal(week - 1, reportedLastWeek.ContainsKey(expert) ? week - 1 : before[expert].Week);
                    var value = evaluator.InterventionValue(belief);
                    if (value > 3)
                    {
                        expected[expert] = value;
                    }
                }

                Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), outcome.Contacts.Select(c => c.ParticipantId).Order(StringComparer.Ordinal));
                Assert.All(outcome.Contacts, c => Assert.Equal(expected[c.ParticipantId], c.Value, 9));
                Assert.All(outcome.Contacts, c => Assert.Equal(("email-campaign", 3.0), (c.Intervention, c.Cost)));
                contacted.UnionWith(outcome.Contacts.Select(c => c.ParticipantId));
                contactsTotal += contacted.Count;

                // Contacts recorded = contact notifications enqueued, one per contacted participant.
                var record = await store.Cycles.FindAsync(CampaignId, week);
                Assert.Equal(contacted.Count, record!.Contacts.Count);
                var contactNotes = (await host.OutboxAsync()).Where(n => n.Kind == "contact" && n.Id.StartsWith($"contact:{CampaignId}:{week}:", StringComparison.Ordinal)).ToList();
                Assert.Equal(contacted.Count, contactNotes.Count);
                Assert.Equal(contacted.Order(StringComparer.Ordinal), contactNotes.Select(n => n.RecipientId).Order(StringComparer.Ordinal));

                // Beliefs of week t: a reporter of week t-1 starts from certainty, then T (left alone) or C (e-mailed).
                var after = await BeliefsAsync(store);
                Assert.All(after.Values, b => Assert.Equal(week, b.Week));
                foreach (var (expert, state) in reportedLastWeek)
                {
                    var moved = Belief.Certain(3, state).Transform(contacted.Contains(expert) ? model.Interventions[0].Transition : model.Transition);
                    Assert.Equal(moved.AsSpan().ToArray(), after[expert].Probabilities.ToArray(), (x, y) => Math.Abs(x - y) < 1e-12);
                }

                var total = after.Values.Sum(b => evaluator.MaximumExpectedUtility(Belief.Create([.. b.Probabilities])).ExpectedUtility);
                Assert.Equal(total, record.TotalExpectedUtility, 6);
                totals.Add(total);

                // Running the cycle again contacts nobody twice.
                var again = await cycles.RunCycleAsync(CampaignId, week);
                Assert.True(again.AlreadyRecorded);
                Assert.Equal(contactNotes.Count, (await host.OutboxAsync()).Count(n => n.Id.StartsWith($"contact:{CampaignId}:{week}:", StringComparison.Ordinal)));
            }

            // Everything due was delivered, each notification once.
            var outbox = await host.OutboxAsync();
            Assert.All(outbox, n => Assert.Equal(NotificationStatus.Delivered, n.Status));
            Assert.Equal(outbox.Count, channel.Count);
            Assert.Equal(outbox.Count, channel.Distinct);

            // The week passes: hidden states move by C for the e-mailed, by T for the others (cycle t: week t-1 -> t).
            foreach (var expert in experts)
            {
                var row = contacted.Contains(expert) ? model.Interventions[0].Transition : model.Transition;
                truth[expert] = Sample(rng, row, truth[expert]);
            }

            // A day later, 20% of the e-mailed answer with a submission that shows their week-t readiness (steps 2a, 5-7).
            reportedLastWeek.Clear();
            host.Time.SetUtcNow(decisionTime + TimeSpan.FromDays(1));
            foreach (var expert in contacted.Order(StringComparer.Ordinal))
            {
                if (rng.NextDouble() >= ResponseRate)
                {
                    continue;
                }

                var assignmentId = current[expert];
                if ((await store.Assignments.FindAsync(assignmentId))!.Status == AssignmentStatus.Accepted)
                {
                    assignmentId = $"a-{expert}-w{week:00}";
                    var followUp = await host.Assignments.CreateAsync(new NewAssignment(assignmentId, CampaignId, new Subject($"client-{expert}", $"Client of {expert}"), [expert]));
                    current[expert] = assignmentId;
                    pendingSince[assignmentId] = followUp.CreatedAt;
                    followUps++;
                }

                var (workloads, datacenters) = Sections(rng, truth[expert]);
                var view = await host.Assignments.GetAsync(assignmentId, expert);
                var submission = await host.Assignments.SubmitAsync(assignmentId, expert, view.Response.Version, Answers(questionnaire, workloads, datacenters));
                submissions++;

                // The assessment's class is the one the answers show, and only five workloads with a data centre pass.
                Assert.Equal(States[truth[expert]], submission.Assessment.ReadinessLevel);
                Assert.Equal(Level(workloads, datacenters), submission.Assessment.ReadinessLevel);
                var passes = workloads >= 5 && datacenters >= 1;
                Assert.Equal(passes, submission.Accepted);
                Assert.Equal(passes ? AssignmentStatus.Accepted : AssignmentStatus.Reopened, submission.Assignment.Status);
                if (passes)
                {
                    accepted++;
                    pendingSince.Remove(assignmentId);
                }
                else
                {
                    pendingSince[assignmentId] = submission.Assessment.AssessedAt;
                }

                reportedLastWeek[expert] = truth[expert];
            }

            // The organiser asks every week whether to hold the workshop (one call).
            var weekly = await cycles.GetWorkshopRecommendationAsync(CampaignId);
            Assert.Equal(week, weekly.Week);
            Assert.Equal(weekly.TotalExpectedUtility >= 9000, weekly.Hold);
            if (weekly.Hold && firstHold is null)
            {
                firstHold = weekly;
            }
        }

        // The workshop: on the week-20 beliefs with the week-20 reports applied.
        var recommendation = await cycles.GetWorkshopRecommendationAsync(CampaignId);
        var final = await BeliefsAsync(store);
        var meu = experts.ToDictionary(
            e => e,
            e => evaluator.MaximumExpectedUtility(reportedLastWeek.TryGetValue(e, out var s) ? Belief.Certain(3, s) : Belief.Create([.. final[e].Probabilities])),
            StringComparer.Ordinal);
        Assert.Equal(Weeks, recommendation.Week);
        Assert.Equal(Experts, recommendation.Participants);
        Assert.Equal(meu.Values.Sum(c => c.ExpectedUtility), recommendation.TotalExpectedUtility, 6);
        Assert.Equal(recommendation.TotalExpectedUtility >= 9000, recommendation.Hold);
        Assert.Equal(
            meu.Where(m => m.Value.Action == "invite").OrderByDescending(m => m.Value.ExpectedUtility).ThenBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Key),
            recommendation.Invitees.Select(i => i.ParticipantId));

        // As in the paper, the e-mail campaign takes the total over the threshold within the 20 weeks: the workshop is recommended.
        Assert.NotNull(firstHold);
        Assert.InRange(firstHold.Week, 5, Weeks);
        Assert.True(firstHold.TotalExpectedUtility >= 9000);
        Assert.NotEmpty(firstHold.Invitees);
        Assert.Equal(Enumerable.Range(1, firstHold.Invitees.Count), firstHold.Invitees.Select(i => i.Rank));
        Assert.True(firstHold.Invitees.Zip(firstHold.Invitees.Skip(1)).All(p => p.First.ExpectedUtility >= p.Second.ExpectedUtility));

        // Like the paper's figure 11, the e-mail campaign raises the total over the first ten cycles.
        Assert.True(totals[9] > totals[0] + 1000, $"week 1: {totals[0]:F1}, week 10: {totals[9]:F1}");

        // A last run delivers what week 20's submissions enqueued; the totals of every kind of notification follow from the rules.
        var (lastReminders, lastEscalations) = ExpectReminders(pendingSince, policy, host.Time.GetUtcNow(), sentReminders, sentEscalations);
        var last = await background.RunOnceAsync();
        Assert.Empty(last.Cycles!.Outcomes);
        Assert.Equal((lastReminders, lastEscalations), (last.Reminders!.RemindersEnqueued, last.Reminders.EscalationsEnqueued));
        reminders += lastReminders;
        escalations += lastEscalations;
        var all = await host.OutboxAsync();
        Assert.All(all, n => Assert.Equal(NotificationStatus.Delivered, n.Status));
        Assert.Equal(Experts + followUps, all.Count(n => n.Kind == NotificationKinds.AssignmentCreated));
        Assert.Equal(accepted, all.Count(n => n.Kind == NotificationKinds.AssignmentAccepted));
        Assert.Equal(submissions - accepted, all.Count(n => n.Kind == NotificationKinds.AssignmentReopened));
        Assert.Equal(reminders, all.Count(n => n.Kind == NotificationKinds.Reminder));
        Assert.Equal(escalations, all.Count(n => n.Kind == NotificationKinds.Escalation));
        Assert.Equal(contactsTotal, all.Count(n => n.Kind == "contact"));
        Assert.Equal(all.Count, channel.Count);
        Assert.True(reminders >= 3 * 400, $"reminders: {reminders}");
        Assert.True(escalations >= 400, $"escalations: {escalations}");
        Assert.True(submissions > 100, $"submissions: {submissions}");
        Assert.Equal(Weeks, host.Metrics.Count("decision-cycle", "recorded"));
        Assert.Equal(contactsTotal, host.Metrics.Count("notification", "enqueued"));
    }

    internal static Questionnaire PaperQuestionnaire()
    {
        var sections = new List<QuestionnaireSection>();
        for (var w = 1; w <= 10; w++)
        {
            sections.Add(new QuestionnaireSection($"w{w:00}", $"Workload {w}", "workload", [.. Enumerable.Range(1, 15).Select(q => new Question($"w{w:00}-q{q:00}", $"Workload {w}, question {q}", mandatory: false))]));
        }

        for (var d = 1; d <= 5; d++)
        {
            sections.Add(new QuestionnaireSection($"d{d}", $"Data centre {d}", "datacenter", [.. Enumerable.Range(1, 10).Select(q => new Question($"d{d}-q{q:00}", $"Data centre {d}, question {q}", mandatory: false))]));
        }

        return new Questionnaire("client-assessment", "Client assessment", "client", sections);
    }

    /// <summary>How many workload and data-centre sections an expert of a readiness state completes (the paper, section 5).</summary>
    internal static (int Workloads, int Datacenters) Sections(Random rng, int state) => state switch
    {
        0 => rng.Next(2) == 0 ? (rng.Next(0, 4), rng.Next(0, 6)) : (rng.Next(4, 11), 0),
        1 => rng.Next(2) == 0 ? (4, rng.Next(1, 6)) : (rng.Next(5, 11), 1),
        _ => (rng.Next(5, 11), rng.Next(2, 6)),
    };

    /// <summary>The readiness the paper's rules give: poor below four workloads or without a data centre, good from five workloads and two data centres, fair between.</summary>
    private static string Level(int workloads, int datacenters) =>
        workloads < 4 || datacenters < 1 ? "poor" : workloads >= 5 && datacenters >= 2 ? "good" : "fair";

    /// <summary>Every question of the first sections answered, every other question cleared.</summary>
    internal static List<AnswerInput> Answers(Questionnaire questionnaire, int workloads, int datacenters)
    {
        var answers = new List<AnswerInput>();
        foreach (var section in questionnaire.Sections)
        {
            var index = int.Parse(section.Id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            var complete = section.Group == "workload" ? index <= workloads : index <= datacenters;
            answers.AddRange(section.Questions.Select(q => new AnswerInput(q.Id, complete ? $"answer to {q.Id}" : null)));
        }

        return answers;
    }

    private static (int Reminders, int Escalations) ExpectReminders(Dictionary<string, DateTimeOffset> pendingSince, ReminderPolicy policy, DateTimeOffset now, HashSet<string> sentReminders, HashSet<string> sentEscalations)
    {
        int reminders = 0, escalations = 0;
        foreach (var (assignment, since) in pendingSince)
        {
            var elapsed = now - since;
            var n = (int)Math.Min(policy.MaxReminders, elapsed.Ticks / policy.ReminderInterval.Ticks);
            if (n >= 1 && sentReminders.Add($"{assignment}|{since.UtcTicks}|{n}"))
            {
                reminders++;
            }

            if (elapsed >= policy.EscalationDelay && sentEscalations.Add($"{assignment}|{since.UtcTicks}"))
            {
                escalations++;
            }
        }

        return (reminders, escalations);
    }

    internal static int Sample(Random rng, DecisionMatrix transition, int state)
    {
        var u = rng.NextDouble();
        var row = transition.GetRow(state);
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

    internal static double[] Certain(int state)
    {
        var p = new double[3];
        p[state] = 1;
        return p;
    }

    private static async Task<Dictionary<string, ParticipantBelief>> BeliefsAsync(ICrowdsourcingStore store) =>
        (await TestHost.ToListAsync(store.Beliefs.ListAsync(CampaignId, PageRequest.All))).ToDictionary(b => b.ParticipantId, StringComparer.Ordinal);

    private sealed class CountingChannel : INotificationChannel
    {
        private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
        private int _count;

        public string Name => "email";

        public int Count => Volatile.Read(ref _count);

        public int Distinct => _ids.Count;

        public ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            _ids.AddOrUpdate(notification.Id, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }
    }
}
