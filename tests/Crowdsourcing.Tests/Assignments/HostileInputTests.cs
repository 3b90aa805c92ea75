using System.Text;
using System.Text.Json;
using Crowdsourcing.Assignments;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.Support;

namespace Crowdsourcing.Tests.Assignments;

/// <summary>
/// Hostile input through the library's services (issue 16): each call is refused with the error family's
/// <see cref="ValidationFailedException"/> naming what and where, and the store is unchanged; a submission recorded for
/// a new request is one unit of work.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly string Huge = new('x', 10_000_000);

    [Fact]
    public async Task A_submission_for_a_new_request_that_misses_a_mandatory_answer_creates_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var before = await SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<MissingMandatoryAnswersException>(async () =>
            await host.Assignments.SubmitOnBehalfAsync(new NewAssignment("new-1", Scenario.CampaignId, new Subject("acme", "ACME Corp"), ["alice"]), "alice", [new AnswerInput("w1-q1", "ERP")]));

        Assert.Contains("w1-q2", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(host.Store));
    }

    [Fact]
    public async Task A_submission_for_a_new_request_creates_it_submits_it_and_notifies_in_one_commit()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);

        var outcome = await host.Assignments.SubmitOnBehalfAsync(new NewAssignment("new-2", Scenario.CampaignId, new Subject("acme", "ACME Corp"), ["alice"]), "alice", Scenario.AllMandatoryAnswers());

        // The scenario's quality rule wants four workload answers: the submission is assessed and reopened.
        Assert.Equal(AssignmentStatus.Reopened, outcome.Assignment.Status);
        Assert.Equal(1, outcome.Assignment.Version);
        Assert.Equal(4, (await host.Store.Responses.FindAsync("new-2"))!.Answers.Count);
        Assert.Single(await TestHost.ToListAsync(host.Store.Assignments.ListAssessmentsAsync("new-2")));
        var kinds = (await host.OutboxAsync()).Where(n => n.RecipientId == "alice").Select(n => n.Kind).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([NotificationKinds.AssignmentCreated, NotificationKinds.AssignmentReopened], kinds);
    }

    [Fact]
    public async Task A_second_submission_for_a_request_that_now_exists_goes_to_the_stored_request_and_creates_nothing_new()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var request = new NewAssignment("new-3", Scenario.CampaignId, new Subject("acme", "ACME Corp"), ["alice"]);
        await host.Assignments.SubmitOnBehalfAsync(request, "alice", Scenario.AllMandatoryAnswers());

        var again = await host.Assignments.SubmitOnBehalfAsync(request, "alice", [new AnswerInput("w1-q3", "50")]);

        Assert.Equal(2, again.Assignment.Version);
        Assert.Single(await TestHost.ToListAsync(host.Store.Assignments.ListAsync(PageRequest.All)));
        Assert.Single(await host.OutboxAsync(), n => n.Kind == NotificationKinds.AssignmentCreated);
        Assert.Equal(2, (await TestHost.ToListAsync(host.Store.Assignments.ListAssessmentsAsync("new-3"))).Count);
    }

    [Fact]
    public async Task A_submission_for_a_new_request_with_other_content_under_a_stored_id_is_a_duplicate_and_changes_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "taken", "alice");
        var before = await SnapshotAsync(host.Store);

        await Assert.ThrowsAsync<DuplicateRecordException>(async () =>
            await host.Assignments.SubmitOnBehalfAsync(new NewAssignment("taken", Scenario.CampaignId, new Subject("globex", "Globex"), ["alice"]), "alice", Scenario.AllMandatoryAnswers()));

        Assert.Equal(before, await SnapshotAsync(host.Store));
    }

    public static TheoryData<string, string> HostileAnswers => new()
    {
        { "HUGE", "Answer.Value must be at most 65,536 characters (value has 10,000,000)" },
        { "a\0b", "Answer.Value must not contain control characters other than tab and line breaks; it has the character U+0000 at position 2" },
        { "bell\u0007", "the character U+0007 at position 5" },
    };

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task A_hostile_answer_is_refused_naming_the_question_and_saves_nothing(string value, string fragment)
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice");
        var version = (await host.Store.Responses.FindAsync("a-1"))!.Version;
        var before = await SnapshotAsync(host.Store);

        var error = await Assert.ThrowsAsync<AnswerValidationException>(async () =>
            await host.Assignments.SaveDraftAsync("a-1", "alice", version, [new AnswerInput("w1-q1", value.Replace("HUGE", Huge, StringComparison.Ordinal))]));

        Assert.Contains("w1-q1", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1000, "the error echoes the hostile value");
        Assert.Equal(before, await SnapshotAsync(host.Store));
    }

    [Theory]
    [InlineData("a/b", "NewAssignment.Id has '/' at position 2")]
    [InlineData("..", "NewAssignment.Id must not start or end with a dot")]
    [InlineData("team%2Fd536", "NewAssignment.Id has '%' at position 5")]
    public async Task A_request_id_that_could_never_be_reached_is_refused(string id, string fragment)
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var before = await SnapshotAsync(host.Store);

        var error = Assert.Throws<ValidationFailedException>(() => new NewAssignment(id, Scenario.CampaignId, new Subject("acme", "ACME Corp"), ["alice"]));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(host.Store));
    }

    [Fact]
    public void The_composer_cuts_a_subject_and_a_body_to_the_notification_limits()
    {
        using var host = TestHost.Create();
        var composer = host.Get<NotificationComposer>();

        var notification = composer.Compose("n-1", "alice", NotificationKinds.Reminder, new string('s', 5000), new string('b', 100_000), host.Time.GetUtcNow());

        Assert.Equal(Limits.MaxNotificationSubjectLength, notification.Subject.Length);
        Assert.Equal(Limits.MaxNotificationBodyLength, notification.Body.Length);
        Assert.EndsWith("…", notification.Body, StringComparison.Ordinal);
    }

    /// <summary>Everything the store holds, as text.</summary>
    internal static async Task<string> SnapshotAsync(ICrowdsourcingStore store)
    {
        var all = new PageRequest(null, 10_000);
        var text = new StringBuilder();
        await AddAsync(text, "campaigns", store.Campaigns.ListAsync(all));
        await AddAsync(text, "participants", store.Participants.ListAsync(all));
        await AddAsync(text, "assignments", store.Assignments.ListAsync(all));
        await AddAsync(text, "responses", store.Responses.ListAsync(all));
        await AddAsync(text, "notifications", store.Outbox.ListAsync(all));
        await foreach (var assignment in store.Assignments.ListAsync(all))
        {
            await AddAsync(text, $"assessments of {assignment.Id}", store.Assignments.ListAssessmentsAsync(assignment.Id));
        }

        return text.ToString();
    }

    private static async Task AddAsync<T>(StringBuilder text, string name, IAsyncEnumerable<T> items)
    {
        text.AppendLine(name);
        await foreach (var item in items)
        {
            text.AppendLine(JsonSerializer.Serialize(item, JsonSerializerOptions.Web));
        }
    }
}
