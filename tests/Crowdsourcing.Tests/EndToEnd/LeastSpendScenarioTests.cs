using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Tasks;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crowdsourcing.Tests.EndToEnd;

/// <summary>
/// The CrowdArb paper's scenario in the runtime with the least-spend policy and a workshop in week 11: 560 experts known
/// to start 60 % poor, 30 % fair, 10 % good, whose hidden readiness moves by T (or by C when e-mailed) and who answer
/// 20 % of the e-mails with a submission that shows their readiness. The campaign's decision settings name the policy,
/// the workshop week and the threshold; each week the organiser runs the next cycle (running it again before the next
/// is due contacts nobody), and the policy replans from the current beliefs.
/// </summary>
public sealed class LeastSpendScenarioTests(ITestOutputHelper output)
{
    private const string CampaignId = "client-assessments";
    private const int Experts = 560;
    private const int WorkshopWeek = 11;
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public async Task Least_spend_with_a_workshop_in_week_11_reaches_the_threshold_by_then_for_less_than_the_myopic_campaign_spends()
    {
        using var host = TestHost.Create(
            services => services.AddSingleton<INotificationChannel>(new NullChannel()),
            crowd => crowd.AddDecisionModels(engine => engine.AddPreset(DecisionPresets.CrowdArbPaper)));
        var store = host.Store;
        var start = host.Time.GetUtcNow();
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        var rng = new Random(20_261_207);
        var cycles = host.Get<IDecisionCycleService>();

        var questionnaire = PaperScenarioTests.PaperQuestionnaire();
        await store.Tasks.InsertAsync(new CrowdTask("client-discovery", "Client discovery", TaskKind.MacroTask, Confidentiality.Confidential, [CrowdLayer.Internal]));
        await store.Questionnaires.InsertAsync(questionnaire);
        var experts = Enumerable.Range(1, Experts).Select(i => $"e{i:000}").ToArray();
        foreach (var expert in experts)
        {
            await store.Participants.InsertAsync(new Participant(expert, $"Expert {expert}", CrowdLayer.Internal, $"{expert}@example.com", ["client-representative"]));
        }

        var created = await host.Campaigns.CreateAsync(
            new Campaign(
                CampaignId,
                "Client assessments",
                "client-discovery",
                questionnaire.Id,
                new CrowdSelection([CrowdLayer.Internal], ["client-representative"]),
                [new MinimumCompletedSectionsRule("five-workloads", "workload", 5), new MinimumCompletedSectionsRule("one-datacenter", "datacenter", 1)],
                ReadinessScale.CrowdArbPaper,
                new ReminderPolicy(Week, 3 * Week, 3),
                DecisionPresets.CrowdArbPaper,
                9000,
                start,
                Week));

        // The organiser sets the decision settings: least spend to the threshold by the workshop in week 11. The
        // policy's target carries a margin of 2 % over the campaign's threshold, for the randomness of who answers.
        var campaign = await host.Campaigns.UpdateDecisionSettingsAsync(
            CampaignId,
            new CampaignDecisionSettings { Policy = "least-spend", WorkshopWeek = WorkshopWeek, Threshold = 9180 },
            created.Version);
        Assert.Equal(created.Version + 1, campaign.Version);
        Assert.Equal("least-spend", campaign.Decision.Policy);

        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var expert in experts)
        {
            current[expert] = (await host.Assignments.CreateAsync(new NewAssignment($"a-{expert}", CampaignId, new Subject($"client-{expert}", $"Client of {expert}"), [expert]))).Id;
        }

        var order = experts.ToArray();
        rng.Shuffle(order);
        var truth = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Experts; i++)
        {
            truth[order[i]] = i < 336 ? 0 : i < 504 ? 1 : 2;
        }

        await store.Beliefs.SaveAsync([.. experts.Select(e => new ParticipantBelief(CampaignId, e, 0, PaperScenarioTests.Certain(truth[e])))]);

        var spend = 0.0;
        for (var week = 1; week <= WorkshopWeek; week++)
        {
            var decisionTime = start + (week * Week);
            host.Time.SetUtcNow(decisionTime);
            var outcome = await cycles.RunNextCycleAsync(CampaignId);
            Assert.False(outcome.AlreadyRecorded);
            Assert.Equal(week, outcome.Cycle);
            Assert.Equal("least-spend", outcome.Record.Policy);
            Assert.Equal(1, outcome.Record.ModelVersion);
            Assert.Null(outcome.Record.ForcedBy);
            Assert.Equal(WorkshopWeek - week + 1, outcome.Record.WeeksToWorkshop);
            Assert.NotNull(outcome.Record.PlanBound);
            Assert.All(outcome.Record.Contacts, c => Assert.False(string.IsNullOrEmpty(c.Reason)));
            Assert.Equal(outcome.Record.Contacts.Sum(c => c.Cost), outcome.Record.Spend!.Value, 9);
            spend += outcome.Spend;
            output.WriteLine($"week {week}: {outcome.Record.Contacts.Count} contacts, planned total {outcome.Record.PlannedTotal:F1}, planned spend {outcome.Record.PlannedSpend:F1} (bound {outcome.Record.PlanBound:F1}); {(outcome.Record.Contacts.Count > 0 ? outcome.Record.Contacts[0].Reason : "nobody contacted")}");

            // Running the next cycle again before it is due contacts nobody: the cycle just recorded comes back.
            var again = await cycles.RunNextCycleAsync(CampaignId);
            Assert.True(again.AlreadyRecorded);
            Assert.Equal(week, again.Cycle);
            Assert.Equal(decisionTime + Week, again.NextDueAt);

            var contacted = outcome.Record.Contacts.Select(c => c.ParticipantId).ToHashSet(StringComparer.Ordinal);
            foreach (var expert in experts)
            {
                truth[expert] = PaperScenarioTests.Sample(rng, contacted.Contains(expert) ? model.Interventions[0].Transition : model.Transition, truth[expert]);
            }

            host.Time.SetUtcNow(decisionTime + TimeSpan.FromDays(1));
            foreach (var expert in contacted.Order(StringComparer.Ordinal))
            {
                if (rng.NextDouble() >= 0.2)
                {
                    continue;
                }

                var assignmentId = current[expert];
                if ((await store.Assignments.FindAsync(assignmentId))!.Status == AssignmentStatus.Accepted)
                {
                    assignmentId = $"a-{expert}-w{week:00}";
                    await host.Assignments.CreateAsync(new NewAssignment(assignmentId, CampaignId, new Subject($"client-{expert}", $"Client of {expert}"), [expert]));
                    current[expert] = assignmentId;
                }

                var (workloads, datacenters) = PaperScenarioTests.Sections(rng, truth[expert]);
                var view = await host.Assignments.GetAsync(assignmentId, expert);
                await host.Assignments.SubmitAsync(assignmentId, expert, view.Response.Version, PaperScenarioTests.Answers(questionnaire, workloads, datacenters));
            }
        }

        // The workshop in week 11: the week-11 beliefs with the week-11 answers applied reach the threshold.
        var recommendation = await cycles.GetWorkshopRecommendationAsync(CampaignId);
        output.WriteLine($"week {recommendation.Week}: total {recommendation.TotalExpectedUtility:F1}, spend {spend:F1}");
        Assert.Equal(WorkshopWeek, recommendation.Week);
        Assert.True(recommendation.Hold, $"total {recommendation.TotalExpectedUtility:F1}");
        Assert.True(recommendation.TotalExpectedUtility >= 9000);

        // The myopic campaign spends 8,222 in expectation to reach 9,034 in week 11; least spend needs far less.
        Assert.InRange(spend, 1, 6000);

        // After the workshop week the policy contacts nobody.
        host.Time.SetUtcNow(start + ((WorkshopWeek + 1) * Week));
        var after = await cycles.RunNextCycleAsync(CampaignId);
        Assert.Equal(WorkshopWeek + 1, after.Cycle);
        Assert.Empty(after.Record.Contacts);
    }

    private sealed class NullChannel : INotificationChannel
    {
        public string Name => "email";

        public ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
