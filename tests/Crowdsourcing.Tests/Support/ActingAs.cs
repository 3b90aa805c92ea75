using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Delegations;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Tests.Support;

/// <summary>
/// The runtime's calls made by a named person: each helper signs that person in (the ambient
/// <see cref="ActorContext"/>) for the one call, as a host does for the signed-in user of a request. Who acts is never
/// a parameter of the runtime; these helpers only keep the tests short.
/// </summary>
internal static class ActingAs
{
    /// <summary>A participant (no role).</summary>
    public static Actor Person(string id) => new(id);

    /// <summary>An administrator.</summary>
    public static Actor Administrator(string id = Scenario.Admin) => new(id, roles: [ActorRoles.Administrator]);

    /// <summary>An organiser (the role, not yet of any campaign).</summary>
    public static Actor Organiser(string id) => new(id, roles: [ActorRoles.Organiser]);

    /// <summary>The person <paramref name="id"/>: an administrator when it is <see cref="Scenario.Admin"/>, otherwise a participant.</summary>
    public static Actor Named(string id) => id == Scenario.Admin ? Administrator(id) : Person(id);

    public static async ValueTask<T> As<T>(Actor actor, Func<ValueTask<T>> call)
    {
        using (ActorContext.Use(actor))
        {
            return await call();
        }
    }

    public static ValueTask<AssignmentView> GetAsync(this IAssignmentService service, string assignmentId, string participantId, CancellationToken cancellationToken = default) =>
        As(Named(participantId), () => service.GetAsync(assignmentId, cancellationToken));

    public static ValueTask<Response> SaveDraftAsync(this IAssignmentService service, string assignmentId, string participantId, long responseVersion, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default) =>
        As(Named(participantId), () => service.SaveDraftAsync(assignmentId, responseVersion, answers, cancellationToken));

    public static ValueTask<SubmissionOutcome> SubmitAsync(this IAssignmentService service, string assignmentId, string participantId, long responseVersion, IReadOnlyList<AnswerInput>? answers = null, CancellationToken cancellationToken = default) =>
        As(Named(participantId), () => service.SubmitAsync(assignmentId, responseVersion, answers, cancellationToken));

    public static ValueTask<Assignment> CancelAsync(this IAssignmentService service, string assignmentId, string cancelledBy, string? reason = null, CancellationToken cancellationToken = default) =>
        As(Named(cancelledBy), () => service.CancelAsync(assignmentId, reason, cancellationToken));

    public static IAsyncEnumerable<Assignment> ListForParticipantAsync(this IAssignmentService service, string participantId, CancellationToken cancellationToken = default) =>
        Listed(Person(participantId), () => service.ListMineAsync(cancellationToken), cancellationToken);

    public static ValueTask<Campaign> CreateAsync(this ICampaignService service, Campaign campaign, string createdBy, CancellationToken cancellationToken = default) =>
        As(createdBy == Scenario.Admin ? Administrator(createdBy) : Organiser(createdBy), () => service.CreateAsync(campaign, cancellationToken));

    public static ValueTask<CrowdTask> GetAsync(this ITaskCatalog catalog, string taskId, string participantId, CancellationToken cancellationToken = default) =>
        As(Person(participantId), () => catalog.GetAsync(taskId, cancellationToken));

    public static IAsyncEnumerable<CrowdTask> ListVisibleAsync(this ITaskCatalog catalog, string participantId, PageRequest page = default, CancellationToken cancellationToken = default) =>
        Listed(Person(participantId), () => catalog.ListVisibleAsync(page, cancellationToken), cancellationToken);

    /// <summary>A delegation made by <paramref name="from"/>.</summary>
    public static (string From, DelegationRequest Request) Req(string assignmentId, string from, string to, IReadOnlyList<string>? questionIds = null, string? message = null) =>
        (from, new DelegationRequest(assignmentId, to, questionIds, message));

    public static ValueTask<Assignment> DelegateAsync(this IDelegationService service, (string From, DelegationRequest Request) delegation, CancellationToken cancellationToken = default) =>
        As(Person(delegation.From), () => service.DelegateAsync(delegation.Request, cancellationToken));

    /// <summary>A listing made by <paramref name="actor"/>, read whole while they are signed in.</summary>
    private static async IAsyncEnumerable<T> Listed<T>(Actor actor, Func<IAsyncEnumerable<T>> list, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var items = new List<T>();
        using (ActorContext.Use(actor))
        {
            await foreach (var item in list().WithCancellation(cancellationToken))
            {
                items.Add(item);
            }
        }

        foreach (var item in items)
        {
            yield return item;
        }
    }
}
