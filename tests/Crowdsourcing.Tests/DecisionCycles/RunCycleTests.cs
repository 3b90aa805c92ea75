using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Tests.DecisionCycles;

public sealed class RunCycleTests
{
    private static readonly double[] Poor = [1, 0, 0];
    private static readonly double[] Fair = [0, 1, 0];
    private static readonly double[] Uncertain = [0.67, 0, 0.33];

    [Fact]
    public async Task Cycle_one_contacts_whoever_is_worth_more_than_the_cost_and_records_it_with_the_beliefs_of_week_one()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.BeliefsAsync(0, ("p1", Poor), ("p2", Fair), ("p3", Uncertain));
        world.At(1);

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.False(outcome.AlreadyRecorded);
        Assert.Equal(1, outcome.Week);
        Assert.Equal("crowdarb-paper", outcome.ModelName);
        Assert.Equal("myopic", outcome.Policy);
        Assert.Equal(3, outcome.Participants);
        Assert.Equal(0, outcome.PriorsUsed);
        Assert.Equal(0, outcome.ReportsApplied);
        var contact = Assert.Single(outcome.Contacts);
        Assert.Equal("p3", contact.ParticipantId);
        Assert.Equal("email-campaign", contact.Intervention);
        Assert.Equal(world.Value(Uncertain), contact.Value, 12);
        Assert.True(contact.Value > 6);
        Assert.Equal(3, contact.Cost);
        Assert.Equal(contact.Value - 3, contact.NetValue, 12);
        var withoutContact = world.Evaluator.MaximumExpectedUtilityWithoutIntervention(Belief.Create(Uncertain));
        Assert.Equal(withoutContact.Action, contact.BestActionWithoutContact);
        Assert.Equal(withoutContact.ExpectedUtility, contact.ExpectedUtilityWithoutContact!.Value, 12);
        Assert.StartsWith("email-campaign: value 6.", contact.Describe(), StringComparison.Ordinal);
        Assert.Equal(3, outcome.Spend);

        var record = Assert.IsType<Crowdsourcing.DecisionCycles.DecisionCycleRecord>(await world.Store.Cycles.FindAsync(CycleWorld.CampaignId, 1));
        Assert.Equal(world.Start + CycleWorld.Week, record.DecidedAt);
        var stored = Assert.Single(record.Contacts);
        Assert.Equal(("p3", "email-campaign", 3.0), (stored.ParticipantId, stored.Intervention, stored.Cost));
        Assert.Equal(contact.Value, stored.Value, 12);

        var beliefs = await world.StoredBeliefsAsync();
        Assert.All(beliefs.Values, b => Assert.Equal(1, b.Week));
        Assert.Equal(world.Predict(Poor), beliefs["p1"].Probabilities, new Tolerance(1e-12));
        Assert.Equal(world.Predict(Fair), beliefs["p2"].Probabilities, new Tolerance(1e-12));
        Assert.Equal(world.AfterEmail(Uncertain), beliefs["p3"].Probabilities, new Tolerance(1e-12));
        var total = world.Meu(world.Predict(Poor)) + world.Meu(world.Predict(Fair)) + world.Meu(world.AfterEmail(Uncertain));
        Assert.Equal(total, record.TotalExpectedUtility, 9);
        Assert.Equal(total, outcome.TotalExpectedUtility, 9);

        var notification = Assert.Single(await world.Host.OutboxAsync());
        Assert.Equal("contact:c:1:p3", notification.Id);
        Assert.Equal("contact", notification.Kind);
        Assert.Equal("email", notification.Channel);
        Assert.Equal("p3", notification.RecipientId);
        Assert.Equal(record.DecidedAt, notification.CreatedAt);
        Assert.Contains("Client assessments", notification.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inactive_participant_is_not_in_the_cycles_crowd_and_is_not_contacted()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.BeliefsAsync(0, ("p1", Uncertain), ("p2", Uncertain), ("p3", Uncertain));
        var leaving = (await world.Store.Participants.FindAsync("p2"))!;
        await world.Store.Participants.UpdateAsync(leaving with { InactiveSince = world.Start });
        world.At(1);

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Equal(2, outcome.Participants);
        Assert.Equal(["p1", "p3"], outcome.Contacts.Select(c => c.ParticipantId));
        Assert.DoesNotContain(await world.Host.OutboxAsync(), n => n.RecipientId == "p2");
    }

    [Fact]
    public async Task An_inactive_participant_the_campaign_names_one_by_one_is_not_in_the_cycles_crowd()
    {
        using var world = await CycleWorld.CreateAsync(participants: ["p1"], crowd: new CrowdSelection(participantIds: ["p1", "gone"]));
        await world.Store.Participants.InsertAsync(new Participant("gone", "Gone", CrowdLayer.Internal) { InactiveSince = world.Start });
        await world.BeliefsAsync(0, ("p1", Uncertain), ("gone", Uncertain));
        world.At(1);

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Equal(1, outcome.Participants);
        Assert.Equal(["p1"], outcome.Contacts.Select(c => c.ParticipantId));
        Assert.DoesNotContain(await world.Host.OutboxAsync(), n => n.RecipientId == "gone");
    }

    [Fact]
    public async Task Running_a_recorded_cycle_again_contacts_nobody_and_returns_the_record()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.BeliefsAsync(0, ("p1", Poor), ("p2", Fair), ("p3", Uncertain));
        world.At(1);
        var first = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);
        var beliefs = await world.StoredBeliefsAsync();
        world.At(1, TimeSpan.FromDays(2));

        var again = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.True(again.AlreadyRecorded);
        Assert.Equal(first.Record.DecidedAt, again.Record.DecidedAt);
        Assert.Equal(first.Record.Contacts, again.Record.Contacts);
        Assert.Equal(["p3"], again.Contacts.Select(c => c.ParticipantId));
        Assert.Null(again.Contacts[0].BestActionWithoutContact);
        Assert.Null(again.Participants);
        Assert.Single(await world.Host.OutboxAsync());
        var after = await world.StoredBeliefsAsync();
        Assert.All(beliefs, b => Assert.Equal(b.Value.Probabilities, after[b.Key].Probabilities));
        Assert.Single(world.Host.Logs.WithEvent(6101));
        Assert.Equal(1, world.Host.Metrics.Count("decision-cycle", "recorded"));
    }

    [Fact]
    public async Task Two_runs_of_the_same_cycle_at_once_store_it_once()
    {
        using var world = await CycleWorld.CreateAsync(participants: [.. Enumerable.Range(1, 40).Select(i => $"p{i:00}")]);
        world.At(1);

        var runs = await Task.WhenAll(
            Task.Run(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1)),
            Task.Run(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1)));

        var record = await world.Store.Cycles.FindAsync(CycleWorld.CampaignId, 1);
        Assert.NotNull(record);
        Assert.All(runs, r => Assert.Equal(record.Contacts.Count, r.Record.Contacts.Count));
        var contacts = (await world.Host.OutboxAsync()).Where(n => n.Kind == "contact").ToList();
        Assert.Equal(record.Contacts.Count, contacts.Count);
        Assert.Equal(contacts.Count, contacts.Select(n => n.RecipientId).Distinct().Count());
        Assert.Equal(1, world.Host.Metrics.Count("decision-cycle", "recorded"));
    }

    [Fact]
    public async Task Participants_without_a_belief_start_from_the_models_prior_moved_to_the_week()
    {
        using var world = await CycleWorld.CreateAsync();
        world.At(1);

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Equal(3, outcome.PriorsUsed);
        double[] prior = [0.6, 0.3, 0.1];
        var contacted = world.Value(prior) > 3;
        Assert.Equal(contacted ? 3 : 0, outcome.Contacts.Count);
        var beliefs = await world.StoredBeliefsAsync();
        Assert.Equal(contacted ? world.AfterEmail(prior) : world.Predict(prior), beliefs["p1"].Probabilities, new Tolerance(1e-12));

        await world.Store.Participants.InsertAsync(new Participant("p4", "Late joiner", CrowdLayer.Internal));
        world.At(2);
        var second = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 2);

        Assert.Equal(1, second.PriorsUsed);
        var expected = world.Predict(prior);
        var late = (await world.StoredBeliefsAsync())["p4"];
        Assert.Equal(second.Contacts.Any(c => c.ParticipantId == "p4") ? world.AfterEmail(expected) : world.Predict(expected), late.Probabilities, new Tolerance(1e-12));
    }

    [Fact]
    public async Task A_configured_prior_is_used_for_participants_without_a_belief()
    {
        using var world = await CycleWorld.CreateAsync(engine => engine.AddModel("primed", DecisionPresets.Get("crowdarb-paper").Model, Uncertain), model: "primed");
        world.At(1);

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Equal(["p1", "p2", "p3"], outcome.Contacts.Select(c => c.ParticipantId));
        Assert.All(outcome.Contacts, c => Assert.Equal(world.Value(Uncertain), c.Value, 12));
    }

    [Fact]
    public async Task Reports_made_since_the_previous_cycle_are_the_states_of_the_week_before_the_decision()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.BeliefsAsync(0, ("p1", Poor), ("p2", Fair), ("p3", Uncertain));
        await world.ReportAsync("a-early", "p2", "good", world.Start + TimeSpan.FromDays(3));
        world.At(1);
        var first = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);
        Assert.Equal(1, first.ReportsApplied);
        Assert.Equal(world.Predict([0, 0, 1]), (await world.StoredBeliefsAsync())["p2"].Probabilities, new Tolerance(1e-12));

        // p3 was contacted in cycle 1; its answer (a reopened submission showing "fair") arrives during week 1.
        await world.ReportAsync("a-3", "p3", "poor", world.Start + CycleWorld.Week + TimeSpan.FromDays(1), passed: false);
        await world.ReportAsync("a-3", "p3", "fair", world.Start + CycleWorld.Week + TimeSpan.FromDays(2), passed: false);
        world.At(2);
        var second = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 2);

        Assert.Equal(1, second.ReportsApplied);
        var beliefs = await world.StoredBeliefsAsync();
        Assert.Equal(2, beliefs["p3"].Week);
        Assert.Equal(world.Value(Fair) > 3 ? world.AfterEmail(Fair) : world.Predict(Fair), beliefs["p3"].Probabilities, new Tolerance(1e-12));
        Assert.Equal(world.Predict(world.Predict([0, 0, 1])), beliefs["p2"].Probabilities, new Tolerance(1e-12));
    }

    [Fact]
    public async Task A_report_after_the_decision_waits_for_the_next_cycle()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.BeliefsAsync(0, ("p1", Poor), ("p2", Fair), ("p3", Uncertain));
        world.At(1);
        await world.ReportAsync("a-1", "p1", "good", world.Start + CycleWorld.Week + TimeSpan.FromHours(1));

        var first = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Equal(0, first.ReportsApplied);
        Assert.Equal(world.Predict(Poor), (await world.StoredBeliefsAsync())["p1"].Probabilities, new Tolerance(1e-12));
    }

    [Fact]
    public async Task Contacts_are_decided_highest_value_first_and_participants_of_equal_value_in_id_order()
    {
        double[] lessSure = [0.5, 0, 0.5];
        using var world = await CycleWorld.CreateAsync(participants: ["p0", "p1", "p2", "p3", "p4", "p5", "p6"]);
        await world.BeliefsAsync(0, ("p5", Uncertain), ("p2", lessSure), ("p4", Uncertain), ("p1", lessSure), ("p3", Poor), ("p6", Uncertain), ("p0", lessSure));
        world.At(1);
        var beliefs = new Dictionary<string, double[]> { ["p0"] = lessSure, ["p1"] = lessSure, ["p2"] = lessSure, ["p3"] = Poor, ["p4"] = Uncertain, ["p5"] = Uncertain, ["p6"] = Uncertain };
        var expected = beliefs.Where(b => world.Value(b.Value) > 3).OrderByDescending(b => world.Value(b.Value)).ThenBy(b => b.Key, StringComparer.Ordinal).Select(b => b.Key).ToList();
        Assert.Equal(6, expected.Count);
        Assert.NotEqual(world.Value(lessSure), world.Value(Uncertain), 9);

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Equal(expected, outcome.Contacts.Select(c => c.ParticipantId));
        var record = await world.Store.Cycles.FindAsync(CycleWorld.CampaignId, 1);
        Assert.Equal(expected, record!.Contacts.Select(c => c.ParticipantId));
    }

    [Fact]
    public async Task Cycles_run_in_order()
    {
        using var world = await CycleWorld.CreateAsync();
        world.At(3);

        var none = await Assert.ThrowsAsync<InvalidStateException>(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 3));
        await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);
        var gap = await Assert.ThrowsAsync<InvalidStateException>(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 3));

        Assert.Equal("Cycle 3 of campaign 'c' cannot run: cycle 2 is not recorded (no cycle is recorded yet, so the next is cycle 1). Cycles run in order, from 1.", none.Message);
        Assert.Equal("Cycle 3 of campaign 'c' cannot run: cycle 2 is not recorded (the latest recorded cycle is 1, so the next is cycle 2). Cycles run in order, from 1.", gap.Message);
        Assert.Null(await world.Store.Cycles.FindAsync(CycleWorld.CampaignId, 3));
        Assert.Equal(2, world.Host.Logs.WithEvent(6102).Count);
    }

    [Fact]
    public async Task Bad_arguments_and_missing_records_are_refused()
    {
        using var world = await CycleWorld.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 0));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Cycles.RunCycleAsync(" ", 1));
        var missing = await Assert.ThrowsAsync<NotFoundException>(async () => await world.Cycles.RunCycleAsync("nope", 1));
        Assert.Equal("Campaign 'nope' does not exist.", missing.Message);
    }

    [Fact]
    public async Task A_campaign_whose_model_is_not_registered_fails_naming_the_model()
    {
        using var world = await CycleWorld.CreateAsync(model: "marketing");

        var ex = await Assert.ThrowsAsync<DecisionModelNotFoundException>(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1));

        Assert.Equal("No decision model is registered as 'marketing'; registered models: crowdarb-paper.", ex.Message);
        Assert.Empty(await world.Host.OutboxAsync());
    }

    [Fact]
    public async Task Readiness_levels_must_be_states_of_the_model()
    {
        using var world = await CycleWorld.CreateAsync();
        var scale = new ReadinessScale([new ReadinessLevel("poor"), new ReadinessLevel("ready", [new MinimumCompletedSectionsRule("r", "workload", 1)])]);
        await world.Store.Campaigns.InsertAsync(CycleWorld.Campaign(id: "other", readiness: scale));

        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await world.Cycles.RunCycleAsync("other", 1));

        Assert.Equal("Campaign 'other': readiness level(s) 'ready' are not states of decision model 'crowdarb-paper' (states: poor, fair, good); a readiness level's name must be a state of the model.", ex.Message);
    }

    [Fact]
    public async Task A_missing_task_is_refused()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.Store.Campaigns.InsertAsync(CycleWorld.Campaign(id: "orphan") with { TaskId = "gone" });

        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await world.Cycles.RunCycleAsync("orphan", 1));

        Assert.Contains("its task 'gone' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_belief_that_does_not_fit_the_model_is_refused()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.BeliefsAsync(0, ("p1", [0.5, 0.5]));

        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1));

        Assert.Equal("Campaign 'c': the stored belief of participant 'p1' (week 0) has 2 probabilities, but model 'crowdarb-paper' has 3 states (poor, fair, good).", ex.Message);
    }

    [Fact]
    public async Task A_report_of_a_level_the_model_does_not_know_is_refused()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.ReportAsync("a-1", "p1", "excellent", world.Start);

        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1));

        Assert.Contains("reports readiness level 'excellent', which is not a state of decision model 'crowdarb-paper'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_crowd_is_the_selection_limited_to_the_layers_the_task_allows()
    {
        using var world = await CycleWorld.CreateAsync(crowd: new CrowdSelection([CrowdLayer.Internal, CrowdLayer.TrustedPartners], participantIds: ["outsider", "ghost"]));
        await world.Store.Participants.InsertAsync(new Participant("partner", "Partner", CrowdLayer.TrustedPartners));
        await world.Store.Participants.InsertAsync(new Participant("outsider", "Outsider", CrowdLayer.General));
        world.At(1);

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Equal(3, outcome.Participants);
        Assert.Equal(["p1", "p2", "p3"], (await world.StoredBeliefsAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.Single(world.Host.Logs.WithEvent(6107));
    }

    [Fact]
    public async Task The_none_policy_contacts_nobody_and_the_response_aware_policy_records_its_value()
    {
        using (var none = await CycleWorld.CreateAsync(services: s => s.Configure<DecisionCycleOptions>(o => o.ContactPolicy = "none")))
        {
            await none.BeliefsAsync(0, ("p3", Uncertain));
            var outcome = await none.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);
            Assert.Empty(outcome.Contacts);
            Assert.Equal("none", outcome.Policy);
            Assert.Empty(await none.Host.OutboxAsync());
        }

        using var aware = await CycleWorld.CreateAsync(services: s => s.Configure<DecisionCycleOptions>(o => o.ContactPolicy = "response-aware"));
        await aware.BeliefsAsync(0, ("p1", Uncertain), ("p2", Uncertain), ("p3", Uncertain));
        var run = await aware.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);
        var expected = aware.Evaluator.ResponseAwareValue(Belief.Create(Uncertain));
        Assert.Equal(expected > 3 ? 3 : 0, run.Contacts.Count);
        Assert.All(run.Contacts, c => Assert.Equal(expected, c.Value, 12));
    }

    [Fact]
    public async Task The_literal_non_responder_update_moves_contacted_beliefs_by_T()
    {
        using var world = await CycleWorld.CreateAsync(services: s => s.Configure<DecisionCycleOptions>(o => o.NonResponderUpdate = NonResponderUpdate.PassiveDynamics));
        await world.BeliefsAsync(0, ("p3", Uncertain));

        var outcome = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        Assert.Contains(outcome.Contacts, c => c.ParticipantId == "p3");
        Assert.Equal(world.Predict(Uncertain), (await world.StoredBeliefsAsync())["p3"].Probabilities, new Tolerance(1e-12));
    }

    [Fact]
    public async Task A_cycle_is_logged_counted_and_traced()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.BeliefsAsync(0, ("p1", Poor), ("p2", Uncertain), ("p3", Uncertain));

        await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);

        var recorded = Assert.Single(world.Host.Logs.WithEvent(6100));
        Assert.StartsWith("Decision cycle 1 of campaign 'c' recorded with model 'crowdarb-paper' and policy 'myopic': 2 of 3 participants contacted (spend 6)", recorded.Message, StringComparison.Ordinal);
        Assert.Equal(2, world.Host.Logs.WithEvent(6103).Count);
        Assert.Equal(1, world.Host.Metrics.Count("decision-cycle", "recorded"));
        Assert.Equal(3, world.Host.Metrics.Count("belief", "updated"));
        Assert.Equal(2, world.Host.Metrics.Count("notification", "enqueued"));
        Assert.Contains("Crowdsourcing.DecisionCycle.Run", world.Host.Metrics.Activities);
    }

    [Fact]
    public async Task A_cancelled_run_stores_nothing()
    {
        using var world = await CycleWorld.CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1, cancelled.Token));

        Assert.Null(await world.Store.Cycles.FindLatestAsync(CycleWorld.CampaignId));
        Assert.Empty(await world.StoredBeliefsAsync());
    }

    [Fact]
    public void Contact_notification_ids_are_deterministic_and_short_enough()
    {
        var campaign = CycleWorld.Campaign(id: "c");
        var composer = new NotificationComposer(Microsoft.Extensions.Options.Options.Create(new NotificationRoutingOptions()), [], new Crowdsourcing.Options.InputLimits(Microsoft.Extensions.Options.Options.Create(new Crowdsourcing.Options.InputLimitsOptions())));
        Assert.Equal("contact:c:4:p1", composer.Contact(campaign, 4, "p1", "email", ManualTimeProvider.DefaultStart).Id);
        var longCampaign = CycleWorld.Campaign(id: new string('c', 150));
        var longId = composer.Contact(longCampaign, 4, new string('p', 150), "email", ManualTimeProvider.DefaultStart).Id;
        Assert.StartsWith("contact:", longId, StringComparison.Ordinal);
        Assert.True(longId.Length <= 200);
        Assert.Equal(longId, composer.Contact(longCampaign, 4, new string('p', 150), "email", ManualTimeProvider.DefaultStart).Id);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
