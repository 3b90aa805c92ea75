using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Assignments;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Reconciliation;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Tests.Reconciliation;

/// <summary>
/// Answer reconciliation in the runtime: experts answer the single-choice question w2-q1 ("cloud" or "on-premises")
/// about many subjects, each in their own knowledge request; the service infers the answers, learns who is reliable,
/// takes gold answers into account, seeds a later campaign and asks one more expert only when it pays.
/// </summary>
public sealed class AnswerReconciliationServiceTests
{
    private const string Question = "w2-q1";
    private const string Cloud = "cloud";
    private const string OnPremises = "on-premises";

    /// <summary>
    /// Forty subjects; the truth alternates (even: cloud, odd: on-premises). Alice is always right; bob is wrong on
    /// s00-s11, carol (the unreliable one) on s00, s01 and s12-s23. Majority vote is wrong exactly on s00 and s01,
    /// where bob and carol are both wrong.
    /// </summary>
    private static string Truth(int i) => i % 2 == 0 ? Cloud : OnPremises;

    private static string Flip(string value) => value == Cloud ? OnPremises : Cloud;

    private static string Subject(int i) => $"s{i:00}";

    private static async Task<TestHost> WorldAsync(Action<AnswerReconciliationOptions>? configure = null, int subjects = 40)
    {
        var host = TestHost.Create(services => services.Configure<AnswerReconciliationOptions>(o => configure?.Invoke(o)));
        await Scenario.SeedAsync(host, Scenario.Campaign(rules: []));
        for (var i = 0; i < subjects; i++)
        {
            var truth = Truth(i);
            await AnswerAsync(host, Scenario.CampaignId, Subject(i), "alice", truth);
            await AnswerAsync(host, Scenario.CampaignId, Subject(i), "bob", i < 12 ? Flip(truth) : truth);
            await AnswerAsync(host, Scenario.CampaignId, Subject(i), "carol", i is < 2 or (>= 12 and < 24) ? Flip(truth) : truth);
        }

        return host;
    }

    private static async Task<Assignment> AnswerAsync(TestHost host, string campaignId, string subject, string expert, string hosting)
    {
        var id = $"{campaignId}-{subject}-{expert}";
        await host.Assignments.CreateAsync(new NewAssignment(id, campaignId, new Subject(subject, $"Client {subject}"), [expert]));
        var outcome = await host.Assignments.SubmitOnBehalfAsync(id, expert, [new("w1-q1", "ERP"), new("w1-q2", "IT"), new(Question, hosting), new("d1-q1", "2027-06-30")]);
        Assert.True(outcome.Accepted);
        return outcome.Assignment;
    }

    private static IAnswerReconciliationService Service(TestHost host) => host.Get<IAnswerReconciliationService>();

    [Fact]
    public async Task Dawid_Skene_recovers_the_truth_where_majority_vote_follows_the_two_wrong_experts()
    {
        using var majorityHost = await WorldAsync(o => o.Method = "majority");
        using var dawidSkeneHost = await WorldAsync(o => o.Method = "dawid-skene");

        var byMajority = await Service(majorityHost).ReconcileAsync(Scenario.CampaignId);
        var byDawidSkene = await Service(dawidSkeneHost).ReconcileAsync(Scenario.CampaignId);

        var majorityWrong = byMajority.Answers.Where(a => a.Answer != Truth(int.Parse(a.SubjectId[1..], System.Globalization.CultureInfo.InvariantCulture))).Select(a => a.SubjectId);
        Assert.Equal(["s00", "s01"], majorityWrong);
        Assert.Equal(40, byDawidSkene.Answers.Count);
        Assert.All(byDawidSkene.Answers, a => Assert.Equal(Truth(int.Parse(a.SubjectId[1..], System.Globalization.CultureInfo.InvariantCulture)), a.Answer));
        Assert.Equal("dawid-skene", byDawidSkene.Method);

        // The learned reliabilities rank the experts as they are, and are kept for the campaign.
        var skill = byDawidSkene.Reliabilities.ToDictionary(r => r.ParticipantId, r => r.Skill);
        Assert.True(skill["alice"] > skill["bob"] && skill["bob"] > skill["carol"], $"alice {skill["alice"]}, bob {skill["bob"]}, carol {skill["carol"]}");
        var stored = await TestHost.ToListAsync(Service(dawidSkeneHost).ListReliabilitiesAsync(Scenario.CampaignId, ReliabilitySource.Learned));
        Assert.Equal(["alice", "bob", "carol"], stored.Select(r => r.ParticipantId));
        Assert.All(stored, r => Assert.Equal((Question, "admin", "on-premises|cloud"), (r.QuestionId, r.UpdatedBy, string.Join("|", r.Labels))));
    }

    [Fact]
    public async Task A_request_shows_the_inferred_answer_its_confidence_and_who_answered_what()
    {
        using var host = await WorldAsync();

        var view = await Service(host).GetAsync($"{Scenario.CampaignId}-s00-bob");

        var question = Assert.Single(view.Questions);
        Assert.Equal(("s00", Question, Cloud), (question.SubjectId, question.QuestionId, question.Answer));
        Assert.True(question.Confidence is > 0.5 and <= 1, $"confidence {question.Confidence}");
        Assert.Equal([OnPremises, Cloud], question.Labels);
        Assert.Equal(question.Confidence, question.Posterior[1]);
        Assert.True(question.Disagreement);
        Assert.Equal([("alice", Cloud), ("bob", OnPremises), ("carol", OnPremises)], question.Answers.Select(a => (a.ParticipantId, a.Value)));
        Assert.Equal(["bob", "carol"], question.Dissenters);
        Assert.Equal("client-assessments-s00-alice", question.Answers[0].AssignmentId);
        Assert.False((await Service(host).GetAsync($"{Scenario.CampaignId}-s30-bob")).Questions[0].Disagreement);
    }

    [Fact]
    public async Task A_gold_answer_fixes_the_item_and_changes_what_is_learned_about_the_experts()
    {
        // Six subjects, all on-premises by alice and bob; carol says cloud on s00 and s01.
        using var host = TestHost.Create(services => services.Configure<AnswerReconciliationOptions>(o => o.Method = "one-coin"));
        await Scenario.SeedAsync(host, Scenario.Campaign(rules: []));
        for (var i = 0; i < 6; i++)
        {
            await AnswerAsync(host, Scenario.CampaignId, Subject(i), "alice", OnPremises);
            await AnswerAsync(host, Scenario.CampaignId, Subject(i), "bob", OnPremises);
            await AnswerAsync(host, Scenario.CampaignId, Subject(i), "carol", i < 2 ? Cloud : OnPremises);
        }

        var before = await Service(host).ReconcileAsync(Scenario.CampaignId);
        var gold = await Service(host).MarkGoldAsync(Scenario.CampaignId, "s00", Question, Cloud);
        var after = await Service(host).ReconcileAsync(Scenario.CampaignId);

        Assert.Equal(("admin", host.Time.GetUtcNow()), (gold.MarkedBy, gold.MarkedAt));
        Assert.Equal(OnPremises, before.Answers[0].Answer);
        Assert.Equal((Cloud, 1.0, Cloud), (after.Answers[0].Answer, after.Answers[0].Confidence, after.Answers[0].Gold));
        double Skill(CampaignReconciliation r, string expert) => r.Reliabilities.Single(x => x.ParticipantId == expert).Skill;
        Assert.True(Skill(after, "carol") > Skill(before, "carol"), $"carol {Skill(before, "carol")} -> {Skill(after, "carol")}");
        Assert.True(Skill(after, "alice") < Skill(before, "alice"), $"alice {Skill(before, "alice")} -> {Skill(after, "alice")}");
        Assert.Equal([gold], await TestHost.ToListAsync(Service(host).ListGoldAsync(Scenario.CampaignId)));

        Assert.True(await Service(host).ClearGoldAsync(Scenario.CampaignId, "s00", Question));
        Assert.Equal(OnPremises, (await Service(host).ReconcileAsync(Scenario.CampaignId)).Answers[0].Answer);
    }

    [Fact]
    public async Task Only_the_campaign_s_organisers_and_administrators_mark_gold_and_a_refusal_changes_nothing()
    {
        using var host = await WorldAsync(subjects: 2);
        var service = Service(host);

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Person("bob"), () => service.MarkGoldAsync(Scenario.CampaignId, "s00", Question, Cloud)));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Organiser("someone-else"), () => service.MarkGoldAsync(Scenario.CampaignId, "s00", Question, Cloud)));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Person("alice"), () => service.GetAsync($"{Scenario.CampaignId}-s00-alice")));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Person("bob"), () => service.ConsiderAnotherAnswerAsync(Scenario.CampaignId, "s00", Question)));
        Assert.Empty(await TestHost.ToListAsync(host.Store.Reconciliation.ListGoldAsync(Scenario.CampaignId)));
        Assert.Empty(await TestHost.ToListAsync(host.Store.Reconciliation.ListDecisionsAsync(Scenario.CampaignId)));

        var wrongValue = await Assert.ThrowsAsync<ValidationFailedException>(async () => await service.MarkGoldAsync(Scenario.CampaignId, "s00", Question, "hybrid"));
        Assert.Contains("'hybrid' is not a choice of question 'w2-q1'", wrongValue.Message, StringComparison.Ordinal);
        var notChoice = await Assert.ThrowsAsync<ValidationFailedException>(async () => await service.MarkGoldAsync(Scenario.CampaignId, "s00", "w1-q1", "ERP"));
        Assert.Contains("not a single-choice question", notChoice.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await service.MarkGoldAsync(Scenario.CampaignId, "nobody-asked", Question, Cloud));
        Assert.Empty(await TestHost.ToListAsync(host.Store.Reconciliation.ListGoldAsync(Scenario.CampaignId)));
    }

    [Fact]
    public async Task Another_expert_is_asked_exactly_when_the_value_of_their_answer_exceeds_the_cost()
    {
        // s00: alice says cloud, bob and carol on-premises: uncertain. Boss and partner, never asked, are the candidates.
        static async Task<(TestHost Host, AnotherAnswerDecision Decision)> DecideAsync(double cost)
        {
            var host = await WorldAsync(o => { o.Method = "dawid-skene"; o.AnswerCost = cost; }, subjects: 4);
            return (host, await Service(host).ConsiderAnotherAnswerAsync(Scenario.CampaignId, "s00", Question));
        }

        var (free, atZero) = await DecideAsync(0);
        free.Dispose();
        var value = atZero.Value;
        Assert.True(value is > 0 and < 1, $"value {value}");
        var (below, asked) = await DecideAsync(value * (1 - 1e-9));
        var (above, notAsked) = await DecideAsync(value * (1 + 1e-9));
        using (below)
        using (above)
        {
            Assert.Equal(value, asked.Value, 12);
            Assert.Equal(value, notAsked.Value, 12);
            Assert.True(asked.Asked);
            Assert.False(notAsked.Asked);
            Assert.Equal("boss", asked.ParticipantId);
            Assert.Contains("ask.", asked.Reason, StringComparison.Ordinal);
            Assert.Contains("do not ask.", notAsked.Reason, StringComparison.Ordinal);
            Assert.Contains("no record yet, accuracy 0.7 assumed", asked.Reason, StringComparison.Ordinal);
            Assert.Null(notAsked.AssignmentId);

            // Asking created a knowledge request about s00 for boss; not asking created none.
            var created = await below.Store.Assignments.FindAsync(asked.AssignmentId!);
            Assert.NotNull(created);
            Assert.Equal(("s00", "boss", AssignmentStatus.Draft), (created.Subject.Id, Assert.Single(created.AssigneeIds), created.Status));
            Assert.Equal(13, await CountAsync(below));
            Assert.Equal(12, await CountAsync(above));

            // The decision is recorded with its reason either way.
            Assert.Equal([asked], await TestHost.ToListAsync(Service(below).ListDecisionsAsync(Scenario.CampaignId)));
            Assert.Equal([notAsked], await TestHost.ToListAsync(Service(above).ListDecisionsAsync(Scenario.CampaignId)));
        }

        static async Task<int> CountAsync(TestHost host) =>
            (await TestHost.ToListAsync(host.Store.Assignments.ListByCampaignAsync(Scenario.CampaignId, Storage.PageRequest.All))).Count;
    }

    [Fact]
    public async Task Asking_another_expert_writes_the_request_and_the_decision_in_one_commit_or_neither()
    {
        // The same world twice, at the same moment: the decision gets the same id in both.
        using var first = await WorldAsync(o => { o.Method = "dawid-skene"; o.AnswerCost = 0; }, subjects: 4);
        var asked = await Service(first).ConsiderAnotherAnswerAsync(Scenario.CampaignId, "s00", Question);
        Assert.True(asked.Asked);
        Assert.Equal([asked], await TestHost.ToListAsync(first.Store.Reconciliation.ListDecisionsAsync(Scenario.CampaignId)));
        Assert.NotNull(await first.Store.Assignments.FindAsync(asked.AssignmentId!));

        // In the second, that id already holds another decision: the commit fails, and neither the request nor the
        // decision is written.
        using var second = await WorldAsync(o => { o.Method = "dawid-skene"; o.AnswerCost = 0; }, subjects: 4);
        Assert.Equal(first.Time.GetUtcNow(), second.Time.GetUtcNow());
        var other = asked with { Asked = false, AssignmentId = null, Reason = "Recorded earlier by another organiser." };
        Assert.True(await second.Store.Reconciliation.RecordDecisionAsync(other));
        var before = await TestHost.ToListAsync(second.Store.Assignments.ListByCampaignAsync(Scenario.CampaignId, Storage.PageRequest.All));

        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Service(second).ConsiderAnotherAnswerAsync(Scenario.CampaignId, "s00", Question));

        Assert.Null(await second.Store.Assignments.FindAsync(asked.AssignmentId!));
        Assert.Null(await second.Store.Responses.FindAsync(asked.AssignmentId!));
        Assert.Equal(before.Count, (await TestHost.ToListAsync(second.Store.Assignments.ListByCampaignAsync(Scenario.CampaignId, Storage.PageRequest.All))).Count);
        Assert.Equal([other], await TestHost.ToListAsync(second.Store.Reconciliation.ListDecisionsAsync(Scenario.CampaignId)));
    }

    [Fact]
    public async Task No_more_experts_are_asked_than_the_settings_allow_and_a_gold_answer_needs_none()
    {
        using var host = await WorldAsync(o => { o.AnswerCost = 0; o.MaxExpertsPerQuestion = 3; }, subjects: 4);

        var capped = await Service(host).ConsiderAnotherAnswerAsync(Scenario.CampaignId, "s00", Question);
        await Service(host).MarkGoldAsync(Scenario.CampaignId, "s01", Question, OnPremises);
        using var wider = await WorldAsync(o => { o.AnswerCost = 0; o.MaxExpertsPerQuestion = 10; }, subjects: 4);
        await Service(wider).MarkGoldAsync(Scenario.CampaignId, "s01", Question, OnPremises);
        var gold = await Service(wider).ConsiderAnotherAnswerAsync(Scenario.CampaignId, "s01", Question);

        Assert.False(capped.Asked);
        Assert.Contains("3 experts were asked already, the most allowed is 3", capped.Reason, StringComparison.Ordinal);
        Assert.False(gold.Asked);
        Assert.Equal(0, gold.Value);
        Assert.Contains("(gold)", gold.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reliabilities_learned_in_one_campaign_seed_the_next_and_change_its_inference()
    {
        using var host = await WorldAsync(o => o.SeedStrength = 50);
        var service = Service(host);
        await service.ReconcileAsync(Scenario.CampaignId);
        await host.Campaigns.CreateAsync(Scenario.Campaign("follow-up", rules: []), Scenario.Admin);

        // In the follow-up, one subject: alice says cloud, bob and carol on-premises.
        await AnswerAsync(host, "follow-up", "n00", "alice", Cloud);
        await AnswerAsync(host, "follow-up", "n00", "bob", OnPremises);
        await AnswerAsync(host, "follow-up", "n00", "carol", OnPremises);
        var unseeded = await service.ReconcileAsync("follow-up");
        var seeded = await service.SeedAsync("follow-up", Scenario.CampaignId);
        var warm = await service.ReconcileAsync("follow-up");

        Assert.Equal(OnPremises, unseeded.Answers.Single().Answer);
        Assert.Equal(3, seeded);
        var seeds = await TestHost.ToListAsync(service.ListReliabilitiesAsync("follow-up", ReliabilitySource.Seed));
        Assert.All(seeds, s => Assert.Equal((Scenario.CampaignId, "follow-up", ReliabilitySource.Seed), (s.SeededFrom, s.CampaignId, s.Source)));
        Assert.Equal(Cloud, warm.Answers.Single().Answer);
        await Assert.ThrowsAsync<ValidationFailedException>(async () => await service.SeedAsync("follow-up", "follow-up"));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(Organiser("someone-else"), () => service.SeedAsync("follow-up", Scenario.CampaignId)));
    }

    [Fact]
    public async Task The_options_are_validated_at_start_listing_every_failure()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        services.Configure<AnswerReconciliationOptions>(o =>
        {
            o.Method = "vote";
            o.AnswerCost = -1;
            o.RightAnswerUtility = 0;
            o.MaxExpertsPerQuestion = 0;
            o.NewcomerAccuracy = 0;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnswerReconciliationOptions>>().Value);

        Assert.Equal(5, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("'vote' is not a method; use one of 'majority', 'wawa', 'dawid-skene', 'one-coin', 'glad'", StringComparison.Ordinal));
    }
}
