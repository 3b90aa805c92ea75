using System.Globalization;
using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Delegations;

/// <summary>The default <see cref="IDelegationService"/>.</summary>
internal sealed partial class DelegationService(
    ICrowdsourcingStore store,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics,
    NotificationComposer composer,
    ConfidentialityGuard guard,
    AccessPolicy access,
    Options.InputLimits limits,
    ILogger<DelegationService> logger) : IDelegationService
{
    public async ValueTask<Assignment> DelegateAsync(DelegationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        limits.Check(request);
        using var activity = diagnostics.StartOperation("Assignment.Delegate", request.AssignmentId);
        try
        {
            var assignment = await store.Assignments.GetRequiredAsync(request.AssignmentId, cancellationToken).ConfigureAwait(false);
            var task = await store.Tasks.GetRequiredAsync(assignment.TaskId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireContributor(assignment, $"delegate questions of knowledge request '{assignment.Id}'");
            var from = await store.Participants.FindAsync(actor.Id, cancellationToken).ConfigureAwait(false)
                ?? throw access.Refuse(actor, $"delegate questions of knowledge request '{assignment.Id}'", assignment.Id, "they are not a participant of the crowd");
            guard.Demand(task, from, ProtectedOperation.Delegate);
            var to = await store.Participants.GetRequiredAsync(request.ToParticipantId, cancellationToken).ConfigureAwait(false);

            if (!assignment.Status.IsEditable())
            {
                throw new AssignmentStateException(assignment.Id, assignment.Status, "delegate questions of");
            }

            if (string.Equals(from.Id, to.Id, StringComparison.Ordinal))
            {
                throw Refuse(request, from.Id, DelegationRefusal.Cycle, "a participant cannot delegate to themself.");
            }

            if (!from.ColleagueIds.Contains(to.Id, StringComparer.Ordinal))
            {
                throw Refuse(request, from.Id, DelegationRefusal.NotAColleague, $"'{to.Id}' is not one of the colleagues of '{from.Id}' ({(from.ColleagueIds.Count == 0 ? "none" : string.Join(", ", from.ColleagueIds))}).");
            }

            guard.Demand(task, to, ProtectedOperation.Delegate);
            ParticipantInactiveException.ThrowIfInactive(to, $"receive questions of knowledge request '{assignment.Id}'");
            var path = PathBetween(assignment, to.Id, from.Id);
            if (path is not null)
            {
                throw Refuse(request, from.Id, DelegationRefusal.Cycle, $"it would close the cycle {string.Join(" -> ", path)} -> {to.Id}.");
            }

            var questionnaire = await store.Questionnaires.GetRequiredAsync(assignment.QuestionnaireId, cancellationToken).ConfigureAwait(false);
            var held = assignment.HeldQuestions(from.Id, questionnaire);
            var questions = request.QuestionIds.Count == 0 ? held : request.QuestionIds;
            var unknown = questions.Where(q => questionnaire.FindQuestion(q) is null).ToArray();
            if (unknown.Length > 0)
            {
                throw Refuse(request, from.Id, DelegationRefusal.UnknownQuestions, $"questionnaire '{questionnaire.Id}' has no question {string.Join(", ", unknown.Select(q => $"'{q}'"))}.");
            }

            var notHeld = questions.Where(q => !held.Contains(q, StringComparer.Ordinal)).ToArray();
            if (notHeld.Length > 0 || questions.Count == 0)
            {
                throw Refuse(request, from.Id, DelegationRefusal.QuestionsNotHeld, questions.Count == 0
                    ? $"'{from.Id}' holds no questions of it."
                    : $"question(s) {string.Join(", ", notHeld.Select(q => $"'{q}'"))} were not delegated to '{from.Id}', who is not an assignee.");
            }

            var now = time.GetUtcNow();
            var delegation = new Delegation(
                $"{assignment.Id}:d{(assignment.Delegations.Count + 1).ToString(CultureInfo.InvariantCulture)}",
                from.Id,
                to.Id,
                questions,
                request.Message,
                now);
            var changes = new ChangeSet()
                .Update(assignment with { Delegations = [.. assignment.Delegations, delegation], ModifiedBy = from.Id, ModifiedAt = now })
                .Enqueue(composer.Compose(
                    NotificationIds.Make(NotificationKinds.Delegation, delegation.Id),
                    to.Id,
                    NotificationKinds.Delegation,
                    $"{from.DisplayName} asks for your help about {assignment.Subject.Name}",
                    $"Hello {to.DisplayName},\n\n{from.DisplayName} delegated {questions.Count} question(s) of the knowledge request {assignment.Id} about {assignment.Subject.Name} to you."
                        + (string.IsNullOrWhiteSpace(request.Message) ? string.Empty : $"\n\nMessage: {request.Message}"),
                    now));
            var outcome = await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
            LogDelegated(logger, assignment.Id, from.Id, to.Id, questions.Count, delegation.Id);
            diagnostics.CountChange(nameof(Assignment), "delegate");
            diagnostics.CountChange(nameof(Notifications.Notification), "enqueue");
            return (Assignment)outcome.Records[0];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<Delegation>> GetChainAsync(string assignmentId, string? questionId = null, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Assignment.DelegationChain", assignmentId);
        var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
        await RequireContributorOrOrganiserAsync(assignment, $"see the delegations of knowledge request '{assignment.Id}'", cancellationToken).ConfigureAwait(false);
        if (questionId is null)
        {
            return assignment.Delegations;
        }

        var questionnaire = await store.Questionnaires.GetRequiredAsync(assignment.QuestionnaireId, cancellationToken).ConfigureAwait(false);
        if (questionnaire.FindQuestion(questionId) is null)
        {
            throw new NotFoundException("question", questionId, $"Questionnaire '{questionnaire.Id}' of assignment '{assignment.Id}' has no question '{questionId}'.");
        }

        return assignment.Delegations.Where(d => d.QuestionIds.Contains(questionId, StringComparer.Ordinal)).ToArray();
    }

    public async ValueTask<CollaborationGraph> GetCollaborationGraphAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Campaign.CollaborationGraph", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see the collaboration graph of campaign '{campaign.Id}'");
        var nodes = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        int[] Node(string id) => nodes.TryGetValue(id, out var n) ? n : nodes[id] = new int[4];
        var edges = new List<CollaborationEdge>();
        await foreach (var assignment in store.Assignments.ListByCampaignAsync(campaign.Id, PageRequest.All, cancellationToken).ConfigureAwait(false))
        {
            foreach (var assignee in assignment.AssigneeIds)
            {
                Node(assignee)[0]++;
            }

            foreach (var delegation in assignment.Delegations)
            {
                Node(delegation.FromParticipantId)[1]++;
                Node(delegation.ToParticipantId)[2]++;
                edges.Add(new CollaborationEdge(assignment.Id, assignment.Subject, delegation));
            }

            var response = await store.Responses.FindAsync(assignment.Id, cancellationToken).ConfigureAwait(false);
            foreach (var answer in response?.Answers ?? [])
            {
                Node(answer.AnsweredBy)[3]++;
            }
        }

        return new CollaborationGraph(
            campaign.Id,
            nodes.Select(n => new CollaborationNode(n.Key, n.Value[0], n.Value[1], n.Value[2], n.Value[3])).ToArray(),
            edges);
    }

    /// <summary>Lets a contributor of the request or an organiser of its campaign through.</summary>
    private async ValueTask RequireContributorOrOrganiserAsync(Assignment assignment, string operation, CancellationToken cancellationToken)
    {
        var actor = access.RequireActor(operation);
        if (!assignment.IsContributor(actor.Id))
        {
            var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
            access.RequireOrganiserOf(campaign, operation);
        }
    }

    /// <summary>A path of hand-overs from <paramref name="start"/> to <paramref name="goal"/>, or <see langword="null"/> when there is none.</summary>
    private static List<string>? PathBetween(Assignment assignment, string start, string goal)
    {
        var next = assignment.Delegations
            .GroupBy(d => d.FromParticipantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(d => d.ToParticipantId).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var cameFrom = new Dictionary<string, string?>(StringComparer.Ordinal) { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (string.Equals(current, goal, StringComparison.Ordinal))
            {
                var path = new List<string>();
                for (string? at = current; at is not null; at = cameFrom[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                return path;
            }

            foreach (var n in next.GetValueOrDefault(current, []))
            {
                if (cameFrom.TryAdd(n, current))
                {
                    queue.Enqueue(n);
                }
            }
        }

        return null;
    }

    private DelegationException Refuse(DelegationRequest request, string from, DelegationRefusal reason, string detail)
    {
        LogRefused(logger, request.AssignmentId, from, request.ToParticipantId, reason);
        return new DelegationException(request, from, reason, detail);
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Delegated {QuestionCount} questions of assignment {AssignmentId} from {FromParticipantId} to {ToParticipantId} ({DelegationId}).")]
    private static partial void LogDelegated(ILogger logger, string assignmentId, string fromParticipantId, string toParticipantId, int questionCount, string delegationId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Refused a delegation of assignment {AssignmentId} from {FromParticipantId} to {ToParticipantId}: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string assignmentId, string fromParticipantId, string toParticipantId, DelegationRefusal reason);
}
