using Crowdsourcing.Access;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Assignments;

/// <summary>
/// Knowledge requests (the CrowdArb paper's steps 1b-2a and 5-7): create and notify, view, save drafts, submit with the
/// quality assessment, cancel. Registered by <c>AddCrowdsourcing()</c>. Who acts is the authenticated actor
/// (<see cref="IActorAccessor"/>), never a parameter: organisers of the campaign create, list and cancel requests;
/// assignees answer and submit; delegates answer only the questions delegated to them. Confidentiality applies to the
/// actor's crowd layer. Every refusal (<see cref="AccessDeniedException"/>) is logged and changes nothing.
/// </summary>
public interface IAssignmentService
{
    /// <summary>
    /// Creates a knowledge request in <see cref="AssignmentStatus.Draft"/> with an empty response, and enqueues an
    /// <c>assignment-created</c> notification to each assignee, in one commit. Idempotent by id: a retry with the
    /// same campaign, subject and assignees returns the stored request. The actor must organise the campaign.
    /// </summary>
    /// <exception cref="NotFoundException">The campaign, its task or an assignee does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    /// <exception cref="ConfidentialityViolationException">An assignee's layer is not allowed by the task.</exception>
    /// <exception cref="DuplicateRecordException">Another request with that id, with other content, is stored.</exception>
    ValueTask<Assignment> CreateAsync(NewAssignment request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets a knowledge request with its answers: for an assignee, every question; for a delegate, only the questions
    /// delegated to them (and only their answers); for an organiser of the campaign, everything, read-only
    /// (<see cref="AssignmentView.AnswerableQuestionIds"/> is empty).
    /// </summary>
    /// <exception cref="NotFoundException">The request, its task, questionnaire or response does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither a contributor nor an organiser of the campaign.</exception>
    /// <exception cref="ConfidentialityViolationException">The actor's layer is not allowed by the task.</exception>
    ValueTask<AssignmentView> GetAsync(string assignmentId, CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, the knowledge requests the actor is an assignee or a delegate of, leaving out
    /// those whose task does not allow the actor's layer; nothing when the actor is not a participant.</summary>
    /// <exception cref="AccessDeniedException">Nobody is signed in (thrown when enumeration starts).</exception>
    IAsyncEnumerable<Assignment> ListMineAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, the knowledge requests of a campaign, for its organisers.</summary>
    /// <exception cref="NotFoundException">The campaign does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    IAsyncEnumerable<Assignment> ListByCampaignAsync(string campaignId, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the actor's answers as a draft: each value is checked with
    /// <see cref="Questionnaires.Question.Check(string)"/>; a <see langword="null"/> value clears the answer. An assignee
    /// may answer every question, a delegate only those delegated to them. The save must carry the response version
    /// the caller read: when someone saved in between, the store's <see cref="ConcurrencyConflictException"/> says who
    /// and when, and nothing is overwritten.
    /// </summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="responseVersion">The <see cref="Response.Version"/> the caller read.</param>
    /// <param name="answers">The answers to set or clear.</param>
    /// <param name="cancellationToken">Cancels the save; nothing is saved then.</param>
    /// <returns>The response as stored, with its new version.</returns>
    /// <exception cref="NotFoundException">The request, its task, questionnaire or response does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is not a contributor.</exception>
    /// <exception cref="ConfidentialityViolationException">The actor's layer is not allowed by the task.</exception>
    /// <exception cref="AssignmentStateException">The request is not a draft or reopened.</exception>
    /// <exception cref="AnswerValidationException">An answer names an unknown question, fails its question's check, or
    /// is for a question the delegate does not hold; every problem is listed.</exception>
    /// <exception cref="ConcurrencyConflictException">The response changed since <paramref name="responseVersion"/>.</exception>
    ValueTask<Response> SaveDraftAsync(string assignmentId, long responseVersion, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits a knowledge request (optionally with last answers, as in <see cref="SaveDraftAsync"/>): only an
    /// assignee, and only when every mandatory question is answered. The submission is assessed against the
    /// campaign's quality rules and readiness scale; failing, it is <see cref="AssignmentStatus.Reopened"/> with the
    /// violations as feedback and the assignees notified (<c>assignment-reopened</c>); passing, it is
    /// <see cref="AssignmentStatus.Accepted"/> and the assignees notified (<c>assignment-accepted</c>). The request, the
    /// response, the assessment and the notifications are one commit.
    /// </summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="responseVersion">The <see cref="Response.Version"/> the caller read.</param>
    /// <param name="answers">Last answers to save with the submission; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the submission; nothing is changed then.</param>
    /// <exception cref="NotFoundException">The request, its campaign, task, questionnaire or response does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is not an assignee.</exception>
    /// <exception cref="ConfidentialityViolationException">The actor's layer is not allowed by the task.</exception>
    /// <exception cref="AssignmentStateException">The request is not a draft or reopened.</exception>
    /// <exception cref="AnswerValidationException">A last answer is refused.</exception>
    /// <exception cref="MissingMandatoryAnswersException">A mandatory question is unanswered; each is listed.</exception>
    /// <exception cref="ConcurrencyConflictException">The response or the request changed since it was read.</exception>
    ValueTask<SubmissionOutcome> SubmitAsync(string assignmentId, long responseVersion, IReadOnlyList<AnswerInput>? answers = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records, as an administrator, a submission an assignee made outside the runtime (by e-mail, on paper, in an
    /// import): the answers are attributed to <paramref name="participantId"/>, the change to the administrator
    /// (<see cref="Storage.IVersionedRecord.ModifiedBy"/>). Otherwise as <see cref="SubmitAsync"/>.
    /// </summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="participantId">The assignee whose answers these are.</param>
    /// <param name="answers">The answers.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is changed then.</param>
    /// <exception cref="AccessDeniedException">The actor is not an administrator.</exception>
    /// <exception cref="ValidationFailedException"><paramref name="participantId"/> is not an assignee.</exception>
    /// <exception cref="ConfidentialityViolationException">The participant's layer is not allowed by the task.</exception>
    /// <exception cref="AssignmentStateException">The request is not a draft or reopened.</exception>
    /// <exception cref="AnswerValidationException">An answer is refused.</exception>
    /// <exception cref="MissingMandatoryAnswersException">A mandatory question is unanswered; each is listed.</exception>
    ValueTask<SubmissionOutcome> SubmitOnBehalfAsync(string assignmentId, string participantId, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records, as an administrator, a submission for a knowledge request that may not exist yet: when no request has
    /// the id of <paramref name="request"/>, it is created (as by <see cref="CreateAsync"/>) and submitted in one commit,
    /// so that a refused submission (a missing mandatory answer, an answer refused) creates nothing: no request, no
    /// draft, no notification. When the identical request is stored, as <see cref="SubmitOnBehalfAsync(string, string, IReadOnlyList{AnswerInput}, CancellationToken)"/>.
    /// </summary>
    /// <param name="request">The knowledge request to create when it does not exist.</param>
    /// <param name="participantId">The assignee whose answers these are; one of the request's assignees.</param>
    /// <param name="answers">The answers.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is changed then.</param>
    /// <returns>The outcome of the submission.</returns>
    /// <exception cref="NotFoundException">The campaign, its task, questionnaire or an assignee does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is not an administrator.</exception>
    /// <exception cref="ValidationFailedException"><paramref name="participantId"/> is not an assignee.</exception>
    /// <exception cref="DuplicateRecordException">Another request with that id, with other content, is stored.</exception>
    /// <exception cref="ConfidentialityViolationException">An assignee's layer is not allowed by the task.</exception>
    /// <exception cref="AssignmentStateException">The stored request is not a draft or reopened.</exception>
    /// <exception cref="AnswerValidationException">An answer is refused.</exception>
    /// <exception cref="MissingMandatoryAnswersException">A mandatory question is unanswered; each is listed.</exception>
    ValueTask<SubmissionOutcome> SubmitOnBehalfAsync(NewAssignment request, string participantId, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default);

    /// <summary>Cancels a knowledge request (an organiser's action) and notifies every contributor
    /// (<c>assignment-cancelled</c>), in one commit.</summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="reason">Why, shown to the contributors; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NotFoundException">The request does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    /// <exception cref="AssignmentStateException">The request is already accepted or cancelled.</exception>
    /// <exception cref="ConcurrencyConflictException">The request changed while it was being cancelled.</exception>
    ValueTask<Assignment> CancelAsync(string assignmentId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reopens a submitted or accepted knowledge request (an organiser's action, for example when an accepted answer
    /// turns out to be wrong): the request becomes <see cref="AssignmentStatus.Reopened"/> with
    /// <paramref name="reason"/> as its feedback, and its assignees are notified (<c>assignment-reopened</c>), in one
    /// commit, as when the quality rules reopen a submission. Who reopened it is the actor
    /// (<see cref="Storage.IVersionedRecord.ModifiedBy"/>), never a parameter. The answers stay; the experts correct
    /// them and submit again.
    /// </summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="reason">What to improve, shown to the experts as the feedback: not blank, at most
    /// <see cref="MaxReasonLength"/> (2,000) characters.</param>
    /// <param name="expectedVersion">The <see cref="Assignment.Version"/> the caller read; <see langword="null"/> to
    /// reopen whatever version is stored (a change made while reopening is still detected).</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is changed then.</param>
    /// <returns>The request as stored.</returns>
    /// <exception cref="ValidationFailedException"><paramref name="reason"/> is blank or too long.</exception>
    /// <exception cref="NotFoundException">The request or its campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an administrator nor an organiser of the campaign.</exception>
    /// <exception cref="AssignmentStateException">The request is not submitted or accepted.</exception>
    /// <exception cref="ConcurrencyConflictException">The request changed since <paramref name="expectedVersion"/> (or while it was being reopened).</exception>
    ValueTask<Assignment> ReopenAsync(string assignmentId, string reason, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a cancelled knowledge request (the CrowdArb paper's figure 3: the administrator cancels, then deletes)
    /// with its answers, drafts, delegations and quality assessments (<see cref="IAssignmentStore.DeleteAsync"/>).
    /// Administrators only. A request must be cancelled first, so that its contributors were told
    /// (<c>assignment-cancelled</c>); notifications already queued stay queued and are delivered. Nothing is notified
    /// by the delete itself. Decision cycles keep the reports they already read.
    /// </summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="expectedVersion">The <see cref="Assignment.Version"/> the caller read; <see langword="null"/> to
    /// delete whatever version is stored (a change made while deleting is still detected).</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is deleted then.</param>
    /// <exception cref="NotFoundException">The request does not exist (also when a delete is retried).</exception>
    /// <exception cref="AccessDeniedException">The actor is not an administrator.</exception>
    /// <exception cref="AssignmentStateException">The request is not cancelled.</exception>
    /// <exception cref="ConcurrencyConflictException">The request changed since <paramref name="expectedVersion"/> (or while it was being deleted).</exception>
    ValueTask DeleteAsync(string assignmentId, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>The longest reason of a reopening: 2,000 characters.</summary>
    const int MaxReasonLength = 2_000;
}
