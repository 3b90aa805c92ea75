using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.Tasks;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Tests.Access;

/// <summary>Every way into a task refuses a participant whose crowd layer the task does not allow, logs it, and changes nothing.</summary>
public sealed class ConfidentialityTests
{
    private const int RefusedEvent = 1300;

    [Fact]
    public async Task Viewing_a_task_refuses_a_layer_it_does_not_allow_with_the_participant_layer_and_task()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var catalog = host.Get<ITaskCatalog>();

        var ex = await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await catalog.GetAsync(Scenario.TaskId, "outsider"));

        Assert.Equal("outsider", ex.ParticipantId);
        Assert.Equal(CrowdLayer.General, ex.Layer);
        Assert.Equal(Scenario.TaskId, ex.TaskId);
        Assert.Equal(Confidentiality.Confidential, ex.Confidentiality);
        Assert.Equal([CrowdLayer.Internal, CrowdLayer.TrustedPartners], ex.AllowedLayers);
        Assert.Equal(ProtectedOperation.ViewTask, ex.ProtectedOperation);
        Assert.Contains("Participant 'outsider' of crowd layer 'general' may not view task 'client-discovery'", ex.Message, StringComparison.Ordinal);
        var log = Assert.Single(host.Logs.WithEvent(RefusedEvent));
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains("outsider", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewing_a_task_works_for_an_allowed_layer_and_names_unknown_tasks_and_participants()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var catalog = host.Get<ITaskCatalog>();

        var task = await catalog.GetAsync(Scenario.TaskId, "partner");
        var noTask = await Assert.ThrowsAsync<NotFoundException>(async () => await catalog.GetAsync("nope", "alice"));
        var noParticipant = await Assert.ThrowsAsync<AccessDeniedException>(async () => await catalog.GetAsync(Scenario.TaskId, "ghost"));

        Assert.Equal(Scenario.TaskId, task.Id);
        Assert.Equal(("CrowdTask", "nope"), (noTask.RecordType, noTask.RecordId));
        Assert.Equal(("ghost", Scenario.TaskId), (noParticipant.ActorId, noParticipant.ResourceId));
        Assert.Empty(host.Logs.WithEvent(RefusedEvent));
    }

    [Fact]
    public async Task Listing_tasks_shows_a_participant_only_the_tasks_their_layer_may_see()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await host.Store.Tasks.InsertAsync(Scenario.Task("open-ideas", Confidentiality.Public));
        await host.Store.Tasks.InsertAsync(Scenario.Task("secret-merger", Confidentiality.Secret));
        var catalog = host.Get<ITaskCatalog>();

        var outsider = await TestHost.ToListAsync(catalog.ListVisibleAsync("outsider"));
        var partner = await TestHost.ToListAsync(catalog.ListVisibleAsync("partner"));
        var alice = await TestHost.ToListAsync(catalog.ListVisibleAsync("alice"));

        Assert.Equal(["open-ideas"], outsider.Select(t => t.Id));
        Assert.Equal([Scenario.TaskId, "open-ideas"], partner.Select(t => t.Id));
        Assert.Equal([Scenario.TaskId, "open-ideas", "secret-merger"], alice.Select(t => t.Id));
        Assert.Empty(await TestHost.ToListAsync(catalog.ListVisibleAsync("ghost")));
    }

    [Fact]
    public async Task Assigning_a_request_to_a_layer_the_task_does_not_allow_is_refused_and_stores_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);

        var ex = await Assert.ThrowsAsync<ConfidentialityViolationException>(() => Scenario.AssignAsync(host, "a-1", "alice", "community"));

        Assert.Equal(("community", CrowdLayer.Prequalified, ProtectedOperation.CreateAssignment), (ex.ParticipantId, ex.Layer, ex.ProtectedOperation));
        Assert.Null(await host.Store.Assignments.FindAsync("a-1"));
        Assert.Null(await host.Store.Responses.FindAsync("a-1"));
        Assert.Empty(await host.OutboxAsync());
        Assert.Single(host.Logs.WithEvent(RefusedEvent));
        Assert.Equal(0, host.Metrics.Count("Assignment", "create"));
    }

    [Fact]
    public async Task Viewing_saving_and_submitting_are_refused_once_the_experts_layer_is_no_longer_allowed()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "partner");
        var partner = await host.Store.Participants.FindAsync("partner");
        await host.Store.Participants.UpdateAsync(partner! with { Layer = CrowdLayer.General });

        var view = await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await host.Assignments.GetAsync("a-1", "partner"));
        var save = await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await host.Assignments.SaveDraftAsync("a-1", "partner", 1, [new("w1-q1", "ERP")]));
        var submit = await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await host.Assignments.SubmitAsync("a-1", "partner", 1, Scenario.AllMandatoryAnswers()));
        var listed = await TestHost.ToListAsync(host.Assignments.ListForParticipantAsync("partner"));

        Assert.Equal(ProtectedOperation.ViewAssignment, view.ProtectedOperation);
        Assert.Equal(ProtectedOperation.SaveAnswers, save.ProtectedOperation);
        Assert.Equal(ProtectedOperation.Submit, submit.ProtectedOperation);
        Assert.Empty(listed);
        var response = await host.Store.Responses.FindAsync("a-1");
        Assert.Equal(1, response!.Version);
        Assert.Empty(response.Answers);
        var assignment = await host.Store.Assignments.FindAsync("a-1");
        Assert.Equal((AssignmentStatus.Draft, 1L), (assignment!.Status, assignment.Version));
        Assert.Empty(await TestHost.ToListAsync(host.Store.Assignments.ListAssessmentsAsync("a-1")));
        Assert.Equal(3, host.Logs.WithEvent(RefusedEvent).Count);
    }

    [Fact]
    public async Task A_task_made_secret_after_assignment_locks_out_the_partner_layer()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "partner");
        var task = await host.Store.Tasks.FindAsync(Scenario.TaskId);
        await host.Store.Tasks.UpdateAsync(task! with { AllowedLayers = [CrowdLayer.Internal], Confidentiality = Confidentiality.Secret });

        var ex = await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await host.Assignments.SaveDraftAsync("a-1", "partner", 1, [new("w1-q1", "ERP")]));

        Assert.Equal(Confidentiality.Secret, ex.Confidentiality);
        Assert.Equal([CrowdLayer.Internal], ex.AllowedLayers);
    }
}
