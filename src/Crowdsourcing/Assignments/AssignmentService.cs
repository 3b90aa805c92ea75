using System.Globalization;
using System.Text;
using Crowdsourcing.Access;
using Crowdsourcing.Crowd;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Crowdsourcing.Validation;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Assignments;

/// <summary>The default <see cref="IAssignmentService"/>.</summary>
internal sealed partial class AssignmentService(
    ICrowdsourcingStore store,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics,
    QualityEvaluator evaluator,
    NotificationComposer composer,
    ConfidentialityGuard guard,
    AccessPolicy access,
    Options.InputLimits limits,
    ILogger<AssignmentService> logger) : IAssignmentService
{
    public ValueTask<Assignment> CreateAsync(NewAssignment request, CancellationToken cancellationToken = default) => CreateAsync(request, null, cancellationToken);

    /// <summary>
    /// Creates a knowledge request as <see cref="CreateAsync(NewAssignment, CancellationToken)"/> does, and writes in
    /// the same commit what <paramref name="also"/> adds to the change set (e.g. the decision that asked for the
    /// request): both are written or neither. On a retry of an existing identical request only the additions are
    /// committed.
    /// </summary>
    internal async ValueTask<Assignment> CreateAsync(NewAssignment request, Action<ChangeSet>? also, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        limits.Check(request);
        using var activity = diagnostics.StartOperation("Assignment.Create", request.Id);
        try
        {
            var campaign = await store.Campaigns.GetRequiredAsync(request.CampaignId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireOrganiserOf(campaign, $"create knowledge requests in campaign '{campaign.Id}'");
            var creation = await PrepareCreationAsync(request, campaign, actor, cancellationToken).ConfigureAwait(false);
            if (creation.Existing is { } existing)
            {
                if (also is not null)
                {
                    var rest = new ChangeSet();
                    also(rest);
                    if (!rest.IsEmpty)
                    {
                        await store.CommitAsync(rest, cancellationToken).ConfigureAwait(false);
                    }
                }

                return existing;
            }

            var changes = creation.Changes;
            also?.Invoke(changes);
            var outcome = await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
            LogCreated(logger, request.Id, campaign.Id, request.Subject.Id, request.AssigneeIds, actor.Id);
            diagnostics.CountChange(nameof(Assignment), "create");
            diagnostics.CountChange(nameof(Response), "create");
            diagnostics.CountChange(nameof(Notification), "enqueue", request.AssigneeIds.Count);
            return (Assignment)outcome.Records[0];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    /// <summary>
    /// Checks a new knowledge request and stages its creation (the request, its empty response and the
    /// <c>assignment-created</c> notifications) without writing; or finds the identical stored request (a retry).
    /// </summary>
    private async ValueTask<Creation> PrepareCreationAsync(NewAssignment request, Campaigns.Campaign campaign, Actor actor, CancellationToken cancellationToken)
    {
        var task = await store.Tasks.GetRequiredAsync(campaign.TaskId, cancellationToken).ConfigureAwait(false);
        var assignees = new List<Participant>(request.AssigneeIds.Count);
        foreach (var id in request.AssigneeIds)
        {
            var participant = await store.Participants.GetRequiredAsync(id, cancellationToken).ConfigureAwait(false);
            guard.Demand(task, participant, ProtectedOperation.CreateAssignment);
            assignees.Add(participant);
        }

        var existing = await store.Assignments.FindAsync(request.Id, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (string.Equals(existing.CampaignId, request.CampaignId, StringComparison.Ordinal)
                && existing.Subject == request.Subject
                && existing.AssigneeIds.SequenceEqual(request.AssigneeIds, StringComparer.Ordinal))
            {
                return Creation.Retry(existing);
            }

            throw new DuplicateRecordException(nameof(Assignment), request.Id);
        }

        foreach (var assignee in assignees)
        {
            ParticipantInactiveException.ThrowIfInactive(assignee, $"be assigned knowledge request '{request.Id}'");
        }

        var now = time.GetUtcNow();
        var assignment = new Assignment(request.Id, campaign.Id, task.Id, campaign.QuestionnaireId, request.Subject, request.AssigneeIds, AssignmentStatus.Draft, now)
        {
            ModifiedBy = actor.Id,
            ModifiedAt = now,
        };
        var response = new Response(request.Id) { ModifiedBy = actor.Id, ModifiedAt = now };
        var notifications = assignees.Select(assignee => composer.Compose(
            NotificationIds.Make(NotificationKinds.AssignmentCreated, assignment.Id, assignee.Id),
            assignee.Id,
            NotificationKinds.AssignmentCreated,
            $"{campaign.Name}: knowledge request about {request.Subject.Name}",
            $"Hello {assignee.DisplayName},\n\nyou have a new knowledge request about {request.Subject.Name} in the campaign \"{campaign.Name}\" (request {assignment.Id}). Please answer it, or delegate questions to colleagues who know more.",
            now)).ToArray();
        return new Creation(null, assignment, response, notifications);
    }

    public async ValueTask<AssignmentView> GetAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Assignment.Get", assignmentId);
        try
        {
            var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            var operation = $"view knowledge request '{assignment.Id}'";
            var actor = access.RequireActor(operation);
            var questionnaire = await store.Questionnaires.GetRequiredAsync(assignment.QuestionnaireId, cancellationToken).ConfigureAwait(false);
            var response = await store.Responses.GetRequiredAsync(assignment.Id, cancellationToken).ConfigureAwait(false);
            if (!assignment.IsContributor(actor.Id))
            {
                var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
                return AccessPolicy.Organises(actor, campaign)
                    ? new AssignmentView(assignment, response, questionnaire, []) { Role = AssignmentRole.Organiser }
                    : throw access.Refuse(actor, operation, assignment.Id, "only its assignees, the colleagues they delegated questions to and the campaign's organisers may");
            }

            var (_, _, participant) = await LoadForAsync(assignment, actor, ProtectedOperation.ViewAssignment, cancellationToken).ConfigureAwait(false);
            var held = assignment.HeldQuestions(participant.Id, questionnaire);
            if (assignment.IsAssignee(participant.Id))
            {
                return new AssignmentView(assignment, response, questionnaire, held) { Role = AssignmentRole.Assignee };
            }

            // A delegate sees and answers only the questions delegated to them.
            return new AssignmentView(assignment, OnlyAnswersTo(response, held), OnlyQuestions(questionnaire, held), held) { Role = AssignmentRole.Delegate };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async IAsyncEnumerable<Assignment> ListMineAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var actor = access.RequireActor("list their knowledge requests");
        using var activity = diagnostics.StartOperation("Assignment.ListMine", actor.Id);
        var participant = await store.Participants.FindAsync(actor.Id, cancellationToken).ConfigureAwait(false);
        if (participant is null)
        {
            yield break;
        }

        var allowed = new Dictionary<string, bool>(StringComparer.Ordinal);
        await foreach (var assignment in store.Assignments.ListByParticipantAsync(participant.Id, PageRequest.All, cancellationToken).ConfigureAwait(false))
        {
            if (!allowed.TryGetValue(assignment.TaskId, out var ok))
            {
                var task = await store.Tasks.FindAsync(assignment.TaskId, cancellationToken).ConfigureAwait(false);
                ok = task is not null && task.Allows(participant.Layer);
                allowed[assignment.TaskId] = ok;
            }

            if (ok)
            {
                yield return assignment;
            }
        }
    }

    public async IAsyncEnumerable<Assignment> ListByCampaignAsync(string campaignId, PageRequest page = default, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Assignment.ListByCampaign", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"list the knowledge requests of campaign '{campaign.Id}'");
        await foreach (var assignment in store.Assignments.ListByCampaignAsync(campaign.Id, page, cancellationToken).ConfigureAwait(false))
        {
            yield return assignment;
        }
    }

    public async ValueTask<Response> SaveDraftAsync(string assignmentId, long responseVersion, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        limits.Check(answers);
        using var activity = diagnostics.StartOperation("Assignment.SaveDraft", assignmentId);
        try
        {
            var loaded = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireContributor(loaded, $"save answers to knowledge request '{loaded.Id}'");
            var (assignment, _, participant) = await LoadForAsync(loaded, actor, ProtectedOperation.SaveAnswers, cancellationToken).ConfigureAwait(false);
            RequireEditable(assignment, "save a draft of");
            var questionnaire = await store.Questionnaires.GetRequiredAsync(assignment.QuestionnaireId, cancellationToken).ConfigureAwait(false);
            var stored = await store.Responses.GetRequiredAsync(assignment.Id, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var merged = Merge(assignment, questionnaire, stored, participant.Id, answers, now);
            var saved = await store.Responses.UpdateAsync(
                merged with { Version = responseVersion, ModifiedBy = participant.Id, ModifiedAt = now },
                cancellationToken).ConfigureAwait(false);
            LogDraftSaved(logger, assignment.Id, participant.Id, answers.Count, saved.Version);
            diagnostics.CountChange(nameof(Response), "save-draft");
            return saved;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<SubmissionOutcome> SubmitAsync(string assignmentId, long responseVersion, IReadOnlyList<AnswerInput>? answers = null, CancellationToken cancellationToken = default)
    {
        limits.Check(answers);
        using var activity = diagnostics.StartOperation("Assignment.Submit", assignmentId);
        try
        {
            var loaded = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            var operation = $"submit knowledge request '{loaded.Id}'";
            var actor = access.RequireActor(operation);
            if (!loaded.IsAssignee(actor.Id))
            {
                throw access.Refuse(actor, operation, loaded.Id, loaded.IsContributor(actor.Id)
                    ? "only an assignee may submit; a delegate answers the delegated questions and the assignee submits"
                    : "only its assignees may");
            }

            var (assignment, _, participant) = await LoadForAsync(loaded, actor, ProtectedOperation.Submit, cancellationToken).ConfigureAwait(false);
            return await SubmitCoreAsync(assignment, participant.Id, actor.Id, responseVersion, answers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<SubmissionOutcome> SubmitOnBehalfAsync(string assignmentId, string participantId, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        limits.Check(answers);
        using var activity = diagnostics.StartOperation("Assignment.SubmitOnBehalf", assignmentId);
        try
        {
            var loaded = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireAdministrator($"record a submission of knowledge request '{loaded.Id}' on behalf of '{participantId}'", loaded.Id);
            if (!loaded.IsAssignee(participantId))
            {
                throw new ValidationFailedException(nameof(participantId), $"'{participantId}' is not an assignee of knowledge request '{loaded.Id}' (assignees: {string.Join(", ", loaded.AssigneeIds)}).");
            }

            var participant = await store.Participants.GetRequiredAsync(participantId, cancellationToken).ConfigureAwait(false);
            var task = await store.Tasks.GetRequiredAsync(loaded.TaskId, cancellationToken).ConfigureAwait(false);
            guard.Demand(task, participant, ProtectedOperation.Submit);
            var response = await store.Responses.GetRequiredAsync(loaded.Id, cancellationToken).ConfigureAwait(false);
            return await SubmitCoreAsync(loaded, participant.Id, actor.Id, response.Version, answers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<SubmissionOutcome> SubmitOnBehalfAsync(NewAssignment request, string participantId, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answers);
        limits.Check(request);
        limits.Check(answers);
        using var activity = diagnostics.StartOperation("Assignment.CreateAndSubmitOnBehalf", request.Id);
        try
        {
            var campaign = await store.Campaigns.GetRequiredAsync(request.CampaignId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireAdministrator($"record a submission of knowledge request '{request.Id}' on behalf of '{participantId}'", request.Id);
            if (!request.AssigneeIds.Contains(participantId, StringComparer.Ordinal))
            {
                throw new ValidationFailedException(nameof(participantId), $"'{participantId}' is not an assignee of knowledge request '{request.Id}' (assignees: {string.Join(", ", request.AssigneeIds)}).");
            }

            var creation = await PrepareCreationAsync(request, campaign, actor, cancellationToken).ConfigureAwait(false);
            if (creation.Existing is not null)
            {
                return await SubmitOnBehalfAsync(request.Id, participantId, answers, cancellationToken).ConfigureAwait(false);
            }

            var participant = await store.Participants.GetRequiredAsync(participantId, cancellationToken).ConfigureAwait(false);
            var task = await store.Tasks.GetRequiredAsync(campaign.TaskId, cancellationToken).ConfigureAwait(false);
            guard.Demand(task, participant, ProtectedOperation.Submit);
            var outcome = await SubmitCoreAsync(creation.Assignment, participant.Id, actor.Id, 0, answers, cancellationToken, creation).ConfigureAwait(false);
            LogCreated(logger, request.Id, campaign.Id, request.Subject.Id, request.AssigneeIds, actor.Id);
            diagnostics.CountChange(nameof(Assignment), "create");
            diagnostics.CountChange(nameof(Response), "create");
            diagnostics.CountChange(nameof(Notification), "enqueue", request.AssigneeIds.Count);
            return outcome;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    /// <summary>Submits <paramref name="assignment"/>: answers by <paramref name="answeredBy"/>, the change by <paramref name="actorId"/>.</summary>
    /// <remarks>With <paramref name="creation"/>, the request is new: it, its response and its <c>assignment-created</c>
    /// notifications are inserted in the submission's commit, so that a refused submission creates nothing.</remarks>
    private async ValueTask<SubmissionOutcome> SubmitCoreAsync(Assignment assignment, string answeredBy, string actorId, long responseVersion, IReadOnlyList<AnswerInput>? answers, CancellationToken cancellationToken, Creation? creation = null)
    {
        if (!assignment.Status.CanMoveTo(AssignmentStatus.Submitted))
        {
            throw new AssignmentStateException(assignment.Id, assignment.Status, "submit");
        }

        var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
        var questionnaire = await store.Questionnaires.GetRequiredAsync(assignment.QuestionnaireId, cancellationToken).ConfigureAwait(false);
        var stored = creation?.Response ?? await store.Responses.GetRequiredAsync(assignment.Id, cancellationToken).ConfigureAwait(false);
        if (stored.Version != responseVersion)
        {
            throw new ConcurrencyConflictException(nameof(Response), stored.Id, responseVersion, stored.Version, stored.ModifiedBy, stored.ModifiedAt);
        }

        var now = time.GetUtcNow();
        var response = answers is null ? stored : Merge(assignment, questionnaire, stored, answeredBy, answers, now);
        var missing = new SubmissionFacts(questionnaire, response).MissingMandatoryAnswers()
            .Select(x => new MissingAnswer(x.Section.Id, x.Question.Id, x.Question.Text))
            .ToArray();
        if (missing.Length > 0)
        {
            LogSubmitRefused(logger, assignment.Id, answeredBy, missing.Length);
            throw new MissingMandatoryAnswersException(assignment.Id, missing);
        }

        var assessment = evaluator.Assess(assignment.Id, questionnaire, response, campaign.QualityRules, campaign.Readiness, now);
        var status = assessment.Passed ? AssignmentStatus.Accepted : AssignmentStatus.Reopened;
        var updated = assignment with
        {
            Status = status,
            Feedback = assessment.Violations.Select(v => v.Message).ToArray(),
            ModifiedBy = actorId,
            ModifiedAt = now,
        };
        var changes = creation is null
            ? new ChangeSet().Update(updated).Update(response with { ModifiedBy = actorId, ModifiedAt = now })
            : new ChangeSet().Insert(updated).Insert(response with { ModifiedBy = actorId, ModifiedAt = now });
        changes.Assess(assessment);
        foreach (var created in creation?.Notifications ?? [])
        {
            changes.Enqueue(created);
        }

        var kind = assessment.Passed ? NotificationKinds.AssignmentAccepted : NotificationKinds.AssignmentReopened;
        foreach (var assignee in assignment.AssigneeIds)
        {
            changes.Enqueue(composer.Compose(
                NotificationIds.Make(kind, assignment.Id, "v" + assignment.Version.ToString(CultureInfo.InvariantCulture), assignee),
                assignee,
                kind,
                assessment.Passed
                    ? $"{campaign.Name}: knowledge request about {assignment.Subject.Name} accepted"
                    : $"{campaign.Name}: knowledge request about {assignment.Subject.Name} needs more detail",
                DescribeAssessment(assignment, assessment),
                now));
        }

        var outcome = await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        LogSubmitted(logger, assignment.Id, answeredBy, assessment.ReadinessLevel, assessment.Violations.Count);
        if (assessment.Passed)
        {
            LogAccepted(logger, assignment.Id, assessment.ReadinessLevel);
        }
        else
        {
            LogReopened(logger, assignment.Id, assessment.ReadinessLevel, assessment.Violations.Count);
        }

        diagnostics.CountChange(nameof(Assignment), assessment.Passed ? "accept" : "reopen");
        diagnostics.CountChange(nameof(Response), "submit");
        diagnostics.CountChange(nameof(QualityAssessment), "create");
        diagnostics.CountChange(nameof(Notification), "enqueue", assignment.AssigneeIds.Count);
        System.Diagnostics.Activity.Current?.SetTag("crowdsourcing.readiness", assessment.ReadinessLevel);
        System.Diagnostics.Activity.Current?.SetTag("crowdsourcing.passed", assessment.Passed);
        return new SubmissionOutcome((Assignment)outcome.Records[0], (Response)outcome.Records[1], assessment);
    }

    public async ValueTask<Assignment> CancelAsync(string assignmentId, string? reason = null, CancellationToken cancellationToken = default)
    {
        limits.Text(reason, "Cancellation", "Reason");
        using var activity = diagnostics.StartOperation("Assignment.Cancel", assignmentId);
        try
        {
            var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
            var cancelledBy = access.RequireOrganiserOf(campaign, $"cancel knowledge request '{assignment.Id}'").Id;
            if (!assignment.Status.CanMoveTo(AssignmentStatus.Cancelled))
            {
                throw new AssignmentStateException(assignment.Id, assignment.Status, "cancel");
            }

            var now = time.GetUtcNow();
            var changes = new ChangeSet().Update(assignment with { Status = AssignmentStatus.Cancelled, ModifiedBy = cancelledBy, ModifiedAt = now });
            var contributors = assignment.Contributors().ToArray();
            foreach (var contributor in contributors)
            {
                changes.Enqueue(composer.Compose(
                    NotificationIds.Make(NotificationKinds.AssignmentCancelled, assignment.Id, contributor),
                    contributor,
                    NotificationKinds.AssignmentCancelled,
                    $"Knowledge request about {assignment.Subject.Name} cancelled",
                    $"The knowledge request {assignment.Id} about {assignment.Subject.Name} was cancelled; no more answers are needed." + (string.IsNullOrWhiteSpace(reason) ? string.Empty : $"\n\nReason: {reason}"),
                    now));
            }

            var outcome = await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
            LogCancelled(logger, assignment.Id, cancelledBy, assignment.Status);
            diagnostics.CountChange(nameof(Assignment), "cancel");
            diagnostics.CountChange(nameof(Notification), "enqueue", contributors.Length);
            return (Assignment)outcome.Records[0];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<Assignment> ReopenAsync(string assignmentId, string reason, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Assignment.Reopen", assignmentId);
        try
        {
            reason = Guard.Text(reason, "Reopening", "Reason", IAssignmentService.MaxReasonLength);
            limits.Text(reason, "Reopening", "Reason");
            var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
            var reopenedBy = access.RequireOrganiserOf(campaign, $"reopen knowledge request '{assignment.Id}'").Id;
            if (!assignment.Status.CanMoveTo(AssignmentStatus.Reopened))
            {
                throw new AssignmentStateException(assignment.Id, assignment.Status, "reopen");
            }

            RequireVersion(assignment, expectedVersion);
            var now = time.GetUtcNow();
            var changes = new ChangeSet().Update(assignment with { Status = AssignmentStatus.Reopened, Feedback = [reason], ModifiedBy = reopenedBy, ModifiedAt = now });
            foreach (var assignee in assignment.AssigneeIds)
            {
                // The same kind of notification as a reopening by the quality rules; the version keeps each reopening's id apart.
                changes.Enqueue(composer.Compose(
                    NotificationIds.Make(NotificationKinds.AssignmentReopened, assignment.Id, "v" + assignment.Version.ToString(CultureInfo.InvariantCulture), assignee),
                    assignee,
                    NotificationKinds.AssignmentReopened,
                    $"{campaign.Name}: knowledge request about {assignment.Subject.Name} reopened",
                    $"The knowledge request {assignment.Id} about {assignment.Subject.Name} was reopened by the campaign's organisers. Please revise your answers and submit again:\n- {reason}",
                    now));
            }

            var outcome = await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
            LogReopenedByOrganiser(logger, assignment.Id, reopenedBy, assignment.Status);
            diagnostics.CountChange(nameof(Assignment), "reopen");
            diagnostics.CountChange(nameof(Notification), "enqueue", assignment.AssigneeIds.Count);
            return (Assignment)outcome.Records[0];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask DeleteAsync(string assignmentId, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Assignment.Delete", assignmentId);
        try
        {
            var actor = access.RequireAdministrator($"delete knowledge request '{assignmentId}'", assignmentId);
            var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
            if (assignment.Status != AssignmentStatus.Cancelled)
            {
                throw new AssignmentStateException(assignment.Id, assignment.Status, "delete (cancel it first)");
            }

            RequireVersion(assignment, expectedVersion);
            await store.Assignments.DeleteAsync(assignment.Id, assignment.Version, cancellationToken).ConfigureAwait(false);
            LogDeleted(logger, assignment.Id, assignment.CampaignId, actor.Id);
            diagnostics.CountChange(nameof(Assignment), "delete");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    /// <summary>Checks the version the caller read, when it gave one.</summary>
    private static void RequireVersion(Assignment assignment, long? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != assignment.Version)
        {
            throw new ConcurrencyConflictException(nameof(Assignment), assignment.Id, expected, assignment.Version, assignment.ModifiedBy, assignment.ModifiedAt);
        }
    }

    /// <summary>Loads the request's task and the actor's participant record, and checks confidentiality.</summary>
    /// <exception cref="AccessDeniedException">The actor is not a participant.</exception>
    /// <exception cref="ConfidentialityViolationException">The task does not allow the actor's crowd layer.</exception>
    private async ValueTask<(Assignment Assignment, CrowdTask Task, Participant Participant)> LoadForAsync(Assignment assignment, Actor actor, ProtectedOperation operation, CancellationToken cancellationToken)
    {
        var participant = await store.Participants.FindAsync(actor.Id, cancellationToken).ConfigureAwait(false)
            ?? throw access.Refuse(actor, $"work on knowledge request '{assignment.Id}'", assignment.Id, "they are not a participant of the crowd");
        var task = await store.Tasks.GetRequiredAsync(assignment.TaskId, cancellationToken).ConfigureAwait(false);
        guard.Demand(task, participant, operation);
        return (assignment, task, participant);
    }

    /// <summary>The response with only the answers to <paramref name="questionIds"/>.</summary>
    private static Response OnlyAnswersTo(Response response, IReadOnlyList<string> questionIds) =>
        response with { Answers = [.. response.Answers.Where(a => questionIds.Contains(a.QuestionId, StringComparer.Ordinal))] };

    /// <summary>The questionnaire with only <paramref name="questionIds"/> (sections left empty are dropped).</summary>
    private static Questionnaire OnlyQuestions(Questionnaire questionnaire, IReadOnlyList<string> questionIds)
    {
        var sections = questionnaire.Sections
            .Select(s => (Section: s, Questions: s.Questions.Where(q => questionIds.Contains(q.Id, StringComparer.Ordinal)).ToArray()))
            .Where(x => x.Questions.Length > 0)
            .Select(x => x.Section with { Questions = x.Questions })
            .ToArray();
        return sections.Length == 0 ? questionnaire with { Sections = questionnaire.Sections.Take(1).Select(s => s with { Questions = s.Questions.Take(1).ToArray() }).ToArray() } : questionnaire with { Sections = sections };
    }

    private static void RequireEditable(Assignment assignment, string operation)
    {
        if (!assignment.Status.IsEditable())
        {
            throw new AssignmentStateException(assignment.Id, assignment.Status, operation);
        }
    }

    /// <summary>Checks the answers and applies them to the stored response, in questionnaire order.</summary>
    private Response Merge(Assignment assignment, Questionnaire questionnaire, Response stored, string participantId, IReadOnlyList<AnswerInput> answers, DateTimeOffset now)
    {
        var held = new HashSet<string>(assignment.HeldQuestions(participantId, questionnaire), StringComparer.Ordinal);
        var problems = new List<AnswerProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var byQuestion = stored.Answers.ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var input = answers[i];
            if (input is null || string.IsNullOrWhiteSpace(input.QuestionId))
            {
                problems.Add(new AnswerProblem(input?.QuestionId ?? string.Empty, $"answers[{i}] names no question."));
                continue;
            }

            var question = questionnaire.FindQuestion(input.QuestionId);
            if (question is null)
            {
                problems.Add(new AnswerProblem(input.QuestionId, $"questionnaire '{questionnaire.Id}' has no question '{input.QuestionId}'."));
                continue;
            }

            if (!seen.Add(input.QuestionId))
            {
                problems.Add(new AnswerProblem(input.QuestionId, $"answers[{i}] answers question '{input.QuestionId}' again."));
                continue;
            }

            if (!held.Contains(question.Id))
            {
                problems.Add(new AnswerProblem(input.QuestionId, $"question '{question.Id}' was not delegated to '{participantId}'."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(input.Value))
            {
                byQuestion.Remove(question.Id);
                continue;
            }

            try
            {
                // The answer's own limits (the configured InputLimitsOptions.MaxAnswerLength, at most Limits.MaxAnswerLength;
                // no control characters) before the question's check,
                // so that a 10 MB answer is refused without being matched against a pattern.
                limits.AnswerValue(input.Value);
            }
            catch (ValidationFailedException ex)
            {
                problems.Add(new AnswerProblem(input.QuestionId, ex.Message));
                continue;
            }

            var error = question.Check(input.Value);
            if (error is not null)
            {
                problems.Add(new AnswerProblem(input.QuestionId, $"the answer {error}."));
                continue;
            }

            byQuestion[question.Id] = new Answer(question.Id, input.Value, participantId, now);
        }

        if (problems.Count > 0)
        {
            throw new AnswerValidationException(assignment.Id, problems);
        }

        var ordered = questionnaire.AllQuestions()
            .Select(x => byQuestion.GetValueOrDefault(x.Question.Id))
            .OfType<Answer>()
            .ToArray();
        return stored with { Answers = ordered };
    }

    private static string DescribeAssessment(Assignment assignment, QualityAssessment assessment)
    {
        var text = new StringBuilder();
        if (assessment.Passed)
        {
            text.Append(CultureInfo.InvariantCulture, $"Thank you: the knowledge request {assignment.Id} about {assignment.Subject.Name} was accepted (readiness: {assessment.ReadinessLevel}).");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"The knowledge request {assignment.Id} about {assignment.Subject.Name} was reopened (readiness: {assessment.ReadinessLevel}). Please add:");
            foreach (var violation in assessment.Violations)
            {
                text.Append("\n- ").Append(violation.Message);
            }
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Created assignment {AssignmentId} in campaign {CampaignId} about subject {SubjectId} for {Assignees}, by {CreatedBy}.")]
    private static partial void LogCreated(ILogger logger, string assignmentId, string campaignId, string subjectId, IReadOnlyList<string> assignees, string createdBy);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Saved a draft of assignment {AssignmentId} by {ParticipantId}: {AnswerCount} answers changed, response version {Version}.")]
    private static partial void LogDraftSaved(ILogger logger, string assignmentId, string participantId, int answerCount, long version);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Submitted assignment {AssignmentId} by {ParticipantId}: readiness {Readiness}, {ViolationCount} violations.")]
    private static partial void LogSubmitted(ILogger logger, string assignmentId, string participantId, string readiness, int violationCount);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Accepted assignment {AssignmentId} at readiness {Readiness}.")]
    private static partial void LogAccepted(ILogger logger, string assignmentId, string readiness);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Reopened assignment {AssignmentId} at readiness {Readiness} with {ViolationCount} violations as feedback.")]
    private static partial void LogReopened(ILogger logger, string assignmentId, string readiness, int violationCount);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Cancelled assignment {AssignmentId} (was {Status}), by {CancelledBy}.")]
    private static partial void LogCancelled(ILogger logger, string assignmentId, string cancelledBy, AssignmentStatus status);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Refused to submit assignment {AssignmentId} by {ParticipantId}: {MissingCount} mandatory questions unanswered.")]
    private static partial void LogSubmitRefused(ILogger logger, string assignmentId, string participantId, int missingCount);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Reopened assignment {AssignmentId} (was {Status}), by {ReopenedBy}.")]
    private static partial void LogReopenedByOrganiser(ILogger logger, string assignmentId, string reopenedBy, AssignmentStatus status);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Deleted assignment {AssignmentId} of campaign {CampaignId}, by {DeletedBy}.")]
    private static partial void LogDeleted(ILogger logger, string assignmentId, string campaignId, string deletedBy);

    /// <summary>A staged creation: the identical stored request (<see cref="Existing"/>, a retry), or what to insert.</summary>
    private sealed record Creation(Assignment? Existing, Assignment Assignment, Response Response, IReadOnlyList<Notification> Notifications)
    {
        /// <summary>The identical request is stored already: nothing to insert.</summary>
        public static Creation Retry(Assignment existing) => new(existing, existing, new Response(existing.Id), []);

        /// <summary>The request, its empty response and its notifications as a change set.</summary>
        public ChangeSet Changes
        {
            get
            {
                var changes = new ChangeSet().Insert(Assignment).Insert(Response);
                foreach (var notification in Notifications)
                {
                    changes.Enqueue(notification);
                }

                return changes;
            }
        }
    }
}
