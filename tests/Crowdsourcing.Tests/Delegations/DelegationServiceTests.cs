using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.Delegations;
using Crowdsourcing.Notifications;
using Crowdsourcing.Tests.Support;

namespace Crowdsourcing.Tests.Delegations;

public sealed class DelegationServiceTests
{
    private static IDelegationService Delegations(TestHost host) => host.Get<IDelegationService>();

    [Fact]
    public async Task An_expert_delegates_chosen_questions_with_a_message_and_the_colleague_is_notified_in_one_commit()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        host.Time.Advance(TimeSpan.FromHours(1));

        var updated = await Delegations(host).DelegateAsync(Req("a-1", "alice", "bob", ["w2-q1", "d1-q1"], "You set up their data centre."));

        Assert.Equal(2, updated.Version);
        var delegation = Assert.Single(updated.Delegations);
        Assert.Equal(("a-1:d1", "alice", "bob"), (delegation.Id, delegation.FromParticipantId, delegation.ToParticipantId));
        Assert.Equal(["w2-q1", "d1-q1"], delegation.QuestionIds);
        Assert.Equal("You set up their data centre.", delegation.Message);
        Assert.Equal(host.Time.GetUtcNow(), delegation.At);
        var notice = Assert.Single(await host.OutboxAsync(), n => n.Kind == NotificationKinds.Delegation);
        Assert.Equal(("delegation:a-1:d1", "bob"), (notice.Id, notice.RecipientId));
        Assert.Contains("You set up their data centre.", notice.Body, StringComparison.Ordinal);
        Assert.Single(host.Logs.WithEvent(1200));
        Assert.Equal(1, host.Metrics.Count("Assignment", "delegate"));
    }

    [Fact]
    public async Task The_colleague_answers_only_the_delegated_questions_and_cannot_submit()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        await Delegations(host).DelegateAsync(Req("a-1", "alice", "bob", ["d1-q1"]));
        var view = await host.Assignments.GetAsync("a-1", "bob");

        var saved = await host.Assignments.SaveDraftAsync("a-1", "bob", view.Response.Version, [new("d1-q1", "2028-01-01")]);
        var refused = await Assert.ThrowsAsync<AnswerValidationException>(async () => await host.Assignments.SaveDraftAsync("a-1", "bob", saved.Version, [new("w1-q1", "ERP")]));
        var submit = await Assert.ThrowsAsync<AccessDeniedException>(async () => await host.Assignments.SubmitAsync("a-1", "bob", saved.Version));

        Assert.Equal(["d1-q1"], view.AnswerableQuestionIds);
        Assert.Equal("bob", Assert.Single(saved.Answers).AnsweredBy);
        Assert.Contains("was not delegated to 'bob'", Assert.Single(refused.Problems).Message, StringComparison.Ordinal);
        Assert.Contains("only an assignee may submit", submit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delegating_all_hands_over_every_question_the_delegator_holds_and_a_delegate_can_pass_them_on()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        await Delegations(host).DelegateAsync(Req("a-1", "alice", "bob", ["w1-q1", "w1-q2"]));

        var updated = await Delegations(host).DelegateAsync(Req("a-1", "bob", "carol"));

        Assert.Equal(["w1-q1", "w1-q2"], updated.Delegations[1].QuestionIds);
        Assert.Equal(["w1-q1", "w1-q2"], (await host.Assignments.GetAsync("a-1", "carol")).AnswerableQuestionIds);
    }

    [Fact]
    public async Task A_delegation_that_would_close_a_cycle_is_refused_naming_the_cycle()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        await Delegations(host).DelegateAsync(Req("a-1", "alice", "bob", ["w1-q1"]));
        await Delegations(host).DelegateAsync(Req("a-1", "bob", "carol", ["w1-q1"]));

        var ex = await Assert.ThrowsAsync<DelegationException>(async () => await Delegations(host).DelegateAsync(Req("a-1", "carol", "alice", ["w1-q1"])));
        var back = await Assert.ThrowsAsync<DelegationException>(async () => await Delegations(host).DelegateAsync(Req("a-1", "bob", "alice", ["w1-q1"])));

        Assert.Equal(DelegationRefusal.Cycle, ex.Reason);
        Assert.Contains("alice -> bob -> carol -> alice", ex.Message, StringComparison.Ordinal);
        Assert.Equal(DelegationRefusal.Cycle, back.Reason);
        Assert.Equal(3, (await host.Store.Assignments.FindAsync("a-1"))!.Version);
        Assert.Equal(2, host.Logs.WithEvent(1201).Count);
    }

    [Fact]
    public async Task Delegation_is_refused_to_a_non_colleague_to_oneself_for_unknown_questions_and_for_questions_not_held()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        await Delegations(host).DelegateAsync(Req("a-1", "alice", "bob", ["w1-q1"]));
        var service = Delegations(host);

        var stranger = await Assert.ThrowsAsync<DelegationException>(async () => await service.DelegateAsync(Req("a-1", "bob", "partner", ["w1-q1"])));
        var self = await Assert.ThrowsAsync<DelegationException>(async () => await service.DelegateAsync(Req("a-1", "alice", "alice")));
        var unknown = await Assert.ThrowsAsync<DelegationException>(async () => await service.DelegateAsync(Req("a-1", "alice", "carol", ["w1-q1", "x-1"])));
        var notHeld = await Assert.ThrowsAsync<DelegationException>(async () => await service.DelegateAsync(Req("a-1", "bob", "carol", ["w1-q1", "w1-q2"])));

        Assert.Equal(DelegationRefusal.NotAColleague, stranger.Reason);
        Assert.Contains("'partner' is not one of the colleagues of 'bob' (alice, carol)", stranger.Message, StringComparison.Ordinal);
        Assert.Equal(DelegationRefusal.Cycle, self.Reason);
        Assert.Equal(DelegationRefusal.UnknownQuestions, unknown.Reason);
        Assert.Contains("'x-1'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(DelegationRefusal.QuestionsNotHeld, notHeld.Reason);
        Assert.Contains("'w1-q2'", notHeld.Message, StringComparison.Ordinal);
        Assert.Single((await host.Store.Assignments.FindAsync("a-1"))!.Delegations);
    }

    [Fact]
    public async Task Delegation_is_refused_by_a_non_contributor_on_a_final_request_and_for_unknown_records()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        var service = Delegations(host);

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await service.DelegateAsync(Req("a-1", "carol", "bob")));
        await Assert.ThrowsAsync<NotFoundException>(async () => await service.DelegateAsync(Req("nope", "alice", "bob")));
        await Assert.ThrowsAsync<NotFoundException>(async () => await service.DelegateAsync(Req("a-1", "alice", "ghost")));
        await host.Assignments.CancelAsync("a-1", Scenario.Admin);
        var state = await Assert.ThrowsAsync<AssignmentStateException>(async () => await service.DelegateAsync(Req("a-1", "alice", "bob")));

        Assert.Equal(AssignmentStatus.Cancelled, state.Status);
        Assert.Throws<ValidationFailedException>(() => new DelegationRequest("a-1", "bob", ["w1-q1", "w1-q1"]));
        Assert.Throws<ValidationFailedException>(() => new DelegationRequest("a-1", ""));
    }

    [Fact]
    public async Task The_chain_of_a_question_lists_its_hand_overs_in_order()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        await Delegations(host).DelegateAsync(Req("a-1", "alice", "bob", ["w1-q1", "w1-q2"]));
        await Delegations(host).DelegateAsync(Req("a-1", "alice", "carol", ["d1-q1"]));
        await Delegations(host).DelegateAsync(Req("a-1", "bob", "carol", ["w1-q2"]));

        var chain = await Delegations(host).GetChainAsync("a-1", "w1-q2");
        var all = await Delegations(host).GetChainAsync("a-1");

        Assert.Equal(["alice->bob", "bob->carol"], chain.Select(d => $"{d.FromParticipantId}->{d.ToParticipantId}"));
        Assert.Equal(3, all.Count);
        await Assert.ThrowsAsync<NotFoundException>(async () => await Delegations(host).GetChainAsync("a-1", "nope"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Delegations(host).GetChainAsync("nope"));
    }

    [Fact]
    public async Task The_collaboration_graph_shows_who_involved_whom_about_which_subject_across_the_campaign()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        await host.Assignments.CreateAsync(new NewAssignment("a-2", Scenario.CampaignId, new Subject("globex", "Globex"), ["bob"]));
        await Delegations(host).DelegateAsync(Req("a-1", "alice", "bob", ["w1-q1"]));
        await Delegations(host).DelegateAsync(Req("a-2", "bob", "carol", ["d1-q1"]));
        await host.Assignments.SaveDraftAsync("a-1", "bob", 1, [new("w1-q1", "ERP")]);
        await host.Assignments.SaveDraftAsync("a-1", "alice", 2, [new("w1-q2", "IT")]);

        var graph = await Delegations(host).GetCollaborationGraphAsync(Scenario.CampaignId);

        Assert.Equal(["a-1 ACME Corp alice->bob", "a-2 Globex bob->carol"], graph.Edges.Select(e => $"{e.AssignmentId} {e.Subject.Name} {e.Delegation.FromParticipantId}->{e.Delegation.ToParticipantId}"));
        Assert.Equal(
            [new CollaborationNode("alice", 1, 1, 0, 1), new CollaborationNode("bob", 1, 1, 1, 1), new CollaborationNode("carol", 0, 0, 1, 0)],
            graph.Nodes);
        await Assert.ThrowsAsync<NotFoundException>(async () => await Delegations(host).GetCollaborationGraphAsync("nope"));
    }

    [Fact]
    public async Task Delegation_to_a_colleague_of_a_layer_the_task_does_not_allow_is_refused_logged_and_changes_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var ex = await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await Delegations(host).DelegateAsync(Req("a-1", "alice", "outsider")));

        Assert.Equal(("outsider", CrowdLayer.General, ProtectedOperation.Delegate), (ex.ParticipantId, ex.Layer, ex.ProtectedOperation));
        var stored = await host.Store.Assignments.FindAsync("a-1");
        Assert.Empty(stored!.Delegations);
        Assert.Equal(1, stored.Version);
        Assert.DoesNotContain(await host.OutboxAsync(), n => n.Kind == NotificationKinds.Delegation);
        Assert.Single(host.Logs.WithEvent(1300));
    }

    [Fact]
    public async Task Delegation_by_an_expert_whose_layer_is_no_longer_allowed_is_refused()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "partner");
        var partner = await host.Store.Participants.FindAsync("partner");
        await host.Store.Participants.UpdateAsync(partner! with { Layer = CrowdLayer.General });

        var ex = await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await Delegations(host).DelegateAsync(Req("a-1", "partner", "alice")));

        Assert.Equal("partner", ex.ParticipantId);
        Assert.Empty((await host.Store.Assignments.FindAsync("a-1"))!.Delegations);
    }
}
