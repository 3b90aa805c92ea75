using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Delegations;
using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Tasks;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Crowdsourcing.Tests.Support.ActingAs;

namespace Crowdsourcing.Tests.Assignments;

/// <summary>
/// A host that lowers the input limits (<see cref="InputLimitsOptions"/>, here ids to 40 characters, names to 50,
/// texts to 100, answers to 1,000, answers per response to 3 and other lists to 2) gets the model's kind of refusal from every service: a <see cref="ValidationFailedException"/>
/// naming the field, the configured limit and the size given, and the store unchanged. Without configuration the
/// model's own limits hold, as before.
/// </summary>
public sealed class ConfiguredLimitsTests
{
    private static TestHost Lowered() => TestHost.Create(services => services.Configure<InputLimitsOptions>(o =>
    {
        o.MaxIdLength = 40;
        o.MaxNameLength = 50;
        o.MaxTextLength = 100;
        o.MaxAnswerLength = 1_000;
        o.MaxQuestions = 3;
        o.MaxListItems = 2;
        o.MaxEmailLength = 64;
        o.MaxPatternLength = 20;
    }));

    [Fact]
    public async Task A_campaign_name_over_the_configured_limit_is_refused_naming_the_field_and_the_limit_and_stores_nothing()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        var before = await HostileInputTests.SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Campaigns.CreateAsync(Scenario.Campaign("second") with { Name = new string('n', 60) }, Scenario.Admin));

        Assert.Equal("Name", error.Path);
        Assert.Equal("Campaign.Name must be at most 50 characters (value has 60).", error.Message);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task Decision_settings_with_more_interventions_than_the_configured_list_limit_are_refused_and_change_nothing()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        var campaign = (await host.Store.Campaigns.FindAsync(Scenario.CampaignId))!;
        var before = await HostileInputTests.SnapshotAsync(host.Store);
        var settings = new CampaignDecisionSettings { Interventions = [new InterventionSetting("email"), new InterventionSetting("call"), new InterventionSetting("visit")] };

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Campaigns.UpdateDecisionSettingsAsync(campaign.Id, settings, campaign.Version));

        Assert.Equal("Interventions", error.Path);
        Assert.Equal("CampaignDecisionSettings.Interventions may have at most 2 items (it has 3).", error.Message);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public void A_participant_e_mail_and_a_question_pattern_over_the_configured_limits_are_refused_naming_the_field()
    {
        using var host = Lowered();
        var limits = host.Get<InputLimits>();
        var address = new string('a', 60) + "@example.com";
        var participant = Scenario.Participant("p1") with { Email = address };
        var questionnaire = new Crowdsourcing.Questionnaires.Questionnaire("q", "Q", "client",
        [
            new Crowdsourcing.Questionnaires.QuestionnaireSection("s", "S", "g",
            [
                new Crowdsourcing.Questionnaires.Question("q1", "Code?", constraints: new Crowdsourcing.Questionnaires.AnswerConstraints { Pattern = "^[A-Z]{2}-[0-9]{4}-[a-z]+$" }),
            ]),
        ]);

        var email = Assert.Throws<ValidationFailedException>(() => limits.Check(participant));
        var pattern = Assert.Throws<ValidationFailedException>(() => limits.Check(questionnaire));

        Assert.Equal(("Email", "Participant.Email must be at most 64 characters (value has 72)."), (email.Path, email.Message));
        Assert.Equal(("Pattern", "AnswerConstraints.Pattern must be at most 20 characters (value has 26)."), (pattern.Path, pattern.Message));
        Assert.Equal("a@example.com", limits.Check(participant with { Email = "a@example.com" }).Email);
    }

    [Fact]
    public async Task A_name_at_the_configured_limit_is_accepted()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);

        var campaign = await host.Campaigns.CreateAsync(Scenario.Campaign("second") with { Name = new string('n', 50) }, Scenario.Admin);

        Assert.Equal(50, campaign.Name.Length);
    }

    [Fact]
    public async Task Without_configuration_the_model_limits_hold_as_before()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        var version = (await host.Store.Responses.FindAsync("a-1"))!.Version;

        var campaign = await host.Campaigns.CreateAsync(Scenario.Campaign("second") with { Name = new string('n', Limits.MaxNameLength) }, Scenario.Admin);
        var draft = await host.Assignments.SaveDraftAsync("a-1", "alice", version, [new AnswerInput("w1-q1", new string('a', Limits.MaxAnswerLength))]);

        Assert.Equal(Limits.MaxNameLength, campaign.Name.Length);
        Assert.Equal(Limits.MaxAnswerLength, draft.Answers.Single().Value.Length);
    }

    [Fact]
    public async Task An_answer_over_the_configured_limit_is_refused_naming_the_question_and_the_limit_and_saves_nothing()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        var version = (await host.Store.Responses.FindAsync("a-1"))!.Version;
        var before = await HostileInputTests.SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<AnswerValidationException>(async () =>
            await host.Assignments.SaveDraftAsync("a-1", "alice", version, [new AnswerInput("w1-q1", new string('a', 1_001))]));

        Assert.Equal("w1-q1", error.Path);
        Assert.Contains("question 'w1-q1': Answer.Value must be at most 1,000 characters (value has 1,001)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task A_submission_on_behalf_over_the_configured_answer_limit_creates_no_request()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        var before = await HostileInputTests.SnapshotAsync(host.Store);
        var answers = Scenario.AllMandatoryAnswers().Select(a => a.QuestionId == "w1-q2" ? new AnswerInput("w1-q2", new string('a', 5_000)) : a).ToArray();

        var error = await Assert.ThrowsAsync<AnswerValidationException>(async () =>
            await host.Assignments.SubmitOnBehalfAsync(new NewAssignment("new-1", Scenario.CampaignId, new Subject("acme", "ACME Corp"), ["alice"]), "alice", [.. answers.Take(3)]));

        Assert.Contains("at most 1,000 characters (value has 5,000)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task More_answers_than_the_configured_questions_limit_are_refused_before_anything_is_read()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        var before = await HostileInputTests.SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Assignments.SaveDraftAsync("a-1", "alice", 0, Scenario.AllMandatoryAnswers()));

        Assert.Equal("Answers", error.Path);
        Assert.Equal("Response.Answers may have at most 3 items (it has 4).", error.Message);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task A_new_request_whose_subject_name_is_over_the_configured_limit_is_refused()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        var before = await HostileInputTests.SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Assignments.CreateAsync(new NewAssignment("new-1", Scenario.CampaignId, new Subject("acme", new string('s', 51)), ["alice"])));

        Assert.Equal("Subject.Name must be at most 50 characters (value has 51).", error.Message);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task A_task_with_more_expected_outcomes_than_the_configured_list_limit_is_refused()
    {
        using var host = Lowered();
        var task = Scenario.Task("task-2") with { ExpectedOutcomes = ["one", "two", "three"] };

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () => await host.Get<ITaskCatalog>().CreateAsync(task));

        Assert.Equal("ExpectedOutcomes", error.Path);
        Assert.Equal("CrowdTask.ExpectedOutcomes may have at most 2 items (it has 3).", error.Message);
        Assert.Null(await host.Store.Tasks.FindAsync("task-2"));
    }

    [Fact]
    public async Task A_delegation_message_over_the_configured_text_limit_is_refused_and_delegates_nothing()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        var before = await HostileInputTests.SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Get<IDelegationService>().DelegateAsync(Req("a-1", "alice", "bob", ["w1-q1"], new string('m', 5_000))));

        Assert.Equal("Message", error.Path);
        Assert.Equal("DelegationRequest.Message must be at most 100 characters (value has 5,000).", error.Message);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task A_cancellation_reason_over_the_configured_text_limit_is_refused_and_cancels_nothing()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        var before = await HostileInputTests.SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Assignments.CancelAsync("a-1", Scenario.Admin, new string('r', 101)));

        Assert.Equal("Cancellation.Reason must be at most 100 characters (value has 101).", error.Message);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task A_reopening_reason_over_the_configured_text_limit_is_refused_and_reopens_nothing()
    {
        using var host = TestHost.Create(services => services.Configure<InputLimitsOptions>(o => o.MaxTextLength = 100));
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        var accepted = (await host.Assignments.SubmitAsync("a-1", "alice", 1, [.. Scenario.AllMandatoryAnswers(), new("w1-q3", "1")])).Assignment;
        Assert.Equal(AssignmentStatus.Accepted, accepted.Status);
        var before = await HostileInputTests.SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Assignments.ReopenAsync("a-1", new string('r', 101), accepted.Version));

        Assert.Equal("Reopening.Reason must be at most 100 characters (value has 101).", error.Message);
        Assert.Equal(before, await HostileInputTests.SnapshotAsync(host.Store));
    }

    [Fact]
    public void The_composer_cuts_subjects_and_bodies_to_the_configured_notification_limits()
    {
        using var host = TestHost.Create(services => services.Configure<InputLimitsOptions>(o =>
        {
            o.MaxNotificationSubjectLength = 500;
            o.MaxNotificationBodyLength = 2_000;
        }));
        var composer = host.Get<NotificationComposer>();

        var notification = composer.Compose("n-1", "alice", NotificationKinds.Reminder, new string('s', 5_000), new string('b', 100_000), host.Time.GetUtcNow());

        Assert.Equal(500, notification.Subject.Length);
        Assert.Equal(2_000, notification.Body.Length);
        Assert.EndsWith("…", notification.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_never_echoes_more_than_60_characters_of_the_value()
    {
        using var host = Lowered();
        await Scenario.SeedAsync(host);
        var id = "p" + new string('x', 120);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () =>
            await host.Campaigns.CreateAsync(Scenario.Campaign("second") with { OrganiserIds = ["organiser", id] }, Scenario.Admin));

        Assert.Equal("OrganiserIds", error.Path);
        Assert.Equal("Campaign.OrganiserIds[1] must be at most 40 characters (value has 121).", error.Message);
        Assert.DoesNotContain(id, error.Message, StringComparison.Ordinal);
    }
}
