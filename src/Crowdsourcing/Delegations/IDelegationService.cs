using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Delegations;

/// <summary>
/// Delegation of questions to colleagues (the paper's step 2b), and the chains and collaboration graph it forms.
/// Registered by <c>AddCrowdsourcing()</c>. The delegator is the authenticated actor (<see cref="IActorAccessor"/>),
/// never a parameter.
/// </summary>
public interface IDelegationService
{
    /// <summary>
    /// Hands questions (or all the actor holds) to one of the actor's colleagues with a message. The delegation is appended to the
    /// knowledge request and a <c>delegation</c> notification is enqueued to the colleague, in one commit. The colleague
    /// may then answer the delegated questions (and pass them on in turn).
    /// </summary>
    /// <returns>The knowledge request as stored, with the new delegation last.</returns>
    /// <exception cref="NotFoundException">The request, its task or questionnaire, or a participant does not exist.</exception>
    /// <exception cref="ConfidentialityViolationException">The delegator's or the colleague's layer is not allowed by the task.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an assignee nor a delegate of the request.</exception>
    /// <exception cref="AssignmentStateException">The request is not a draft or reopened.</exception>
    /// <exception cref="DelegationException">Not a colleague, a cycle, unknown questions, or questions the delegator does not hold.</exception>
    /// <exception cref="ConcurrencyConflictException">The request changed while the delegation was made.</exception>
    ValueTask<Assignment> DelegateAsync(DelegationRequest request, CancellationToken cancellationToken = default);

    /// <summary>The chain of hand-overs of one question (or, with <see langword="null"/>, of every question), in the
    /// order they were made, for a contributor of the request or an organiser of its campaign.</summary>
    /// <exception cref="NotFoundException">The request or its questionnaire does not exist, or the questionnaire has no question <paramref name="questionId"/>.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither a contributor nor an organiser.</exception>
    ValueTask<IReadOnlyList<Delegation>> GetChainAsync(string assignmentId, string? questionId = null, CancellationToken cancellationToken = default);

    /// <summary>Who involved whom, about which subject, across a campaign's knowledge requests, and who answered how
    /// much: for the campaign's organisers.</summary>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    ValueTask<CollaborationGraph> GetCollaborationGraphAsync(string campaignId, CancellationToken cancellationToken = default);
}
