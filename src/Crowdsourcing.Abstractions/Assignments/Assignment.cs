using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Assignments;

/// <summary>Where a knowledge request is in its lifecycle.</summary>
/// <remarks>
/// <c>Draft</c> → <c>Submitted</c> → <c>Accepted</c>, or <c>Submitted</c> → <c>Reopened</c> (with feedback) →
/// <c>Submitted</c> again; <c>Accepted</c> → <c>Reopened</c> only by an organiser; any state but <c>Accepted</c> →
/// <c>Cancelled</c>. See <see cref="AssignmentStatusExtensions.CanMoveTo"/>.
/// </remarks>
public enum AssignmentStatus
{
    /// <summary>Created; answers are being drafted.</summary>
    Draft = 0,

    /// <summary>Submitted with every mandatory question answered; awaiting the quality assessment.</summary>
    Submitted = 1,

    /// <summary>Sent back to the experts with feedback.</summary>
    Reopened = 2,

    /// <summary>Accepted: the submission passed the quality rules. Final for the experts; the campaign's organisers may
    /// reopen it with a reason.</summary>
    Accepted = 3,

    /// <summary>Cancelled by an administrator. Final.</summary>
    Cancelled = 4,
}

/// <summary>The allowed moves of the assignment lifecycle.</summary>
public static class AssignmentStatusExtensions
{
    /// <summary>Whether an assignment in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMoveTo(this AssignmentStatus from, AssignmentStatus to) => (from, to) switch
    {
        (AssignmentStatus.Draft, AssignmentStatus.Submitted) => true,
        (AssignmentStatus.Reopened, AssignmentStatus.Submitted) => true,
        (AssignmentStatus.Submitted, AssignmentStatus.Accepted) => true,
        (AssignmentStatus.Submitted, AssignmentStatus.Reopened) => true,
        (AssignmentStatus.Accepted, AssignmentStatus.Reopened) => true,
        (AssignmentStatus.Draft or AssignmentStatus.Submitted or AssignmentStatus.Reopened, AssignmentStatus.Cancelled) => true,
        _ => false,
    };

    /// <summary>Whether answers may still be saved (draft or reopened).</summary>
    public static bool IsEditable(this AssignmentStatus status) => status is AssignmentStatus.Draft or AssignmentStatus.Reopened;

    /// <summary>Whether the assignment is waiting on its experts (draft or reopened), so reminders apply.</summary>
    public static bool IsPending(this AssignmentStatus status) => status.IsEditable();
}

/// <summary>What a knowledge request is about, for example one client.</summary>
/// <param name="Id">The subject's identifier.</param>
/// <param name="Name">The subject's name.</param>
public sealed record Subject(string Id, string Name)
{
    /// <summary>The subject's identifier.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(Subject), nameof(Id)); } = Guard.Id(Id, nameof(Subject), nameof(Id));

    /// <summary>The subject's name.</summary>
    public string Name { get; init => field = Guard.Name(value, nameof(Subject), nameof(Name)); } = Guard.Name(Name, nameof(Subject), nameof(Name));
}

/// <summary>One hand-over of questions from one participant to a colleague.</summary>
public sealed record Delegation
{
    private readonly bool _constructed;

    /// <summary>Creates a delegation.</summary>
    /// <exception cref="ValidationFailedException">A field is empty, no question is named, or a participant delegates to themself.</exception>
    public Delegation(string id, string fromParticipantId, string toParticipantId, IReadOnlyList<string> questionIds, string? message, DateTimeOffset at)
    {
        Id = id;
        FromParticipantId = fromParticipantId;
        ToParticipantId = toParticipantId;
        QuestionIds = questionIds;
        Message = message;
        At = at;
        _constructed = true;
        CheckParticipants();
    }

    /// <summary>The delegation's identifier (its idempotency key), composed by the runtime as the request's id, <c>:d</c>
    /// and a number: a key (no control characters), at most 220 characters.</summary>
    public string Id { get; init => field = Guard.Key(value, nameof(Delegation), nameof(Id), Guard.MaxDelegationIdLength); }

    /// <summary>Who delegated.</summary>
    public string FromParticipantId
    {
        get;
        init
        {
            field = Guard.Id(value, nameof(Delegation), nameof(FromParticipantId));
            if (_constructed)
            {
                CheckParticipants();
            }
        }
    }

    /// <summary>Who received the questions; not <see cref="FromParticipantId"/>.</summary>
    public string ToParticipantId
    {
        get;
        init
        {
            field = Guard.Id(value, nameof(Delegation), nameof(ToParticipantId));
            if (_constructed)
            {
                CheckParticipants();
            }
        }
    }

    /// <summary>The delegated questions: at least one, distinct.</summary>
    public IReadOnlyList<string> QuestionIds
    {
        get;
        init => field = Guard.DistinctIds(value, nameof(Delegation), nameof(QuestionIds), Limits.MaxQuestions) is { Count: > 0 } ids
            ? ids
            : throw Guard.Fail(nameof(QuestionIds), "Delegation.QuestionIds must name at least one question.");
    }

    /// <summary>The note to the colleague.</summary>
    public string? Message { get; init => field = Guard.OptionalText(value, nameof(Delegation), nameof(Message)); }

    /// <summary>When the delegation was made.</summary>
    public DateTimeOffset At { get; init; }

    private void CheckParticipants()
    {
        if (string.Equals(FromParticipantId, ToParticipantId, StringComparison.Ordinal))
        {
            throw Guard.Fail(nameof(ToParticipantId), $"Delegation.ToParticipantId must differ from FromParticipantId ('{FromParticipantId}').");
        }
    }
}

/// <summary>
/// A knowledge request: one questionnaire instance about one subject, given to one or more experts in a campaign.
/// The answers are kept apart in a <see cref="Response"/> with its own version, so that drafting and status changes
/// do not conflict with each other.
/// </summary>
public sealed record Assignment : IVersionedRecord
{
    /// <summary>Creates an assignment.</summary>
    /// <exception cref="ValidationFailedException">A field is empty or no assignee is named.</exception>
    public Assignment(string id, string campaignId, string taskId, string questionnaireId, Subject subject, IReadOnlyList<string> assigneeIds, AssignmentStatus status, DateTimeOffset createdAt, IReadOnlyList<Delegation>? delegations = null, IReadOnlyList<string>? feedback = null)
    {
        Id = id;
        CampaignId = campaignId;
        TaskId = taskId;
        QuestionnaireId = questionnaireId;
        Subject = subject;
        AssigneeIds = assigneeIds;
        Status = status;
        CreatedAt = createdAt;
        Delegations = delegations ?? [];
        Feedback = feedback ?? [];
    }

    /// <inheritdoc/>
    public string Id { get; init => field = Guard.Id(value, nameof(Assignment), nameof(Id)); }

    /// <summary>The campaign the assignment belongs to.</summary>
    public string CampaignId { get; init => field = Guard.Id(value, nameof(Assignment), nameof(CampaignId)); }

    /// <summary>The crowdsourced task, whose allowed layers limit who may work on it.</summary>
    public string TaskId { get; init => field = Guard.Id(value, nameof(Assignment), nameof(TaskId)); }

    /// <summary>The questionnaire this is an instance of.</summary>
    public string QuestionnaireId { get; init => field = Guard.Id(value, nameof(Assignment), nameof(QuestionnaireId)); }

    /// <summary>What the request is about.</summary>
    public Subject Subject { get; init => field = Guard.NotNull(value, nameof(Assignment), nameof(Subject)); }

    /// <summary>The experts the request was given to: at least one, distinct.</summary>
    public IReadOnlyList<string> AssigneeIds
    {
        get;
        init => field = Guard.DistinctIds(value, nameof(Assignment), nameof(AssigneeIds)) is { Count: > 0 } ids
            ? ids
            : throw Guard.Fail(nameof(AssigneeIds), $"Assignment '{Id}' must have at least one assignee.");
    }

    /// <summary>Where the request is in its lifecycle.</summary>
    public AssignmentStatus Status { get; init => field = Guard.Defined(value, nameof(Assignment), nameof(Status)); }

    /// <summary>When the request was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The delegations made, in order (distinct ids).</summary>
    public IReadOnlyList<Delegation> Delegations
    {
        get;
        init => field = Guard.UniqueBy(Guard.List(value, nameof(Assignment), nameof(Delegations)), d => d.Id, nameof(Assignment), nameof(Delegations), nameof(Delegation.Id));
    }

    /// <summary>The feedback given when the request was last reopened.</summary>
    public IReadOnlyList<string> Feedback
    {
        get;
        init
        {
            var feedback = Guard.List(value, nameof(Assignment), nameof(Feedback));
            for (var i = 0; i < feedback.Count; i++)
            {
                Guard.Text(feedback[i], nameof(Assignment), Guard.Message($"{nameof(Feedback)}[{i}]"));
            }

            field = feedback;
        }
    }

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(Assignment), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>Everyone who may work on the request: the assignees and whoever received a delegation.</summary>
    public IEnumerable<string> Contributors() =>
        AssigneeIds.Concat(Delegations.Select(d => d.ToParticipantId)).Distinct(StringComparer.Ordinal);
}

/// <summary>One answer to one question.</summary>
/// <param name="QuestionId">The question answered.</param>
/// <param name="Value">The answer as text (see <see cref="Questionnaires.AnswerType"/> for the formats).</param>
/// <param name="AnsweredBy">The participant who gave the answer.</param>
/// <param name="AnsweredAt">When the answer was given.</param>
public sealed record Answer(string QuestionId, string Value, string AnsweredBy, DateTimeOffset AnsweredAt)
{
    /// <summary>The question answered.</summary>
    public string QuestionId { get; init => field = Guard.Id(value, nameof(Answer), nameof(QuestionId)); } = Guard.Id(QuestionId, nameof(Answer), nameof(QuestionId));

    /// <summary>The answer as text; not empty (an unanswered question has no answer), at most
    /// <see cref="Limits.MaxAnswerLength"/> characters.</summary>
    public string Value { get; init => field = Guard.Text(value, nameof(Answer), nameof(Value), Limits.MaxAnswerLength); } = Guard.Text(Value, nameof(Answer), nameof(Value), Limits.MaxAnswerLength);

    /// <summary>The participant who gave the answer.</summary>
    public string AnsweredBy { get; init => field = Guard.Id(value, nameof(Answer), nameof(AnsweredBy)); } = Guard.Id(AnsweredBy, nameof(Answer), nameof(AnsweredBy));
}

/// <summary>
/// The answers given to one assignment so far. Its <see cref="Id"/> is the assignment's id. Saved as a draft many
/// times; each save must carry the version it read, so two people editing at once cannot overwrite each other.
/// </summary>
public sealed record Response : IVersionedRecord
{
    /// <summary>Creates a response.</summary>
    /// <exception cref="ValidationFailedException">The id is empty or a question is answered twice.</exception>
    public Response(string id, IReadOnlyList<Answer>? answers = null)
    {
        Id = id;
        Answers = answers ?? [];
    }

    /// <summary>The assignment's id.</summary>
    public string Id { get; init => field = Guard.Id(value, nameof(Response), nameof(Id)); }

    /// <summary>The answers, at most one per question.</summary>
    public IReadOnlyList<Answer> Answers
    {
        get;
        init => field = Guard.UniqueBy(Guard.List(value, nameof(Response), nameof(Answers), Limits.MaxQuestions), a => a.QuestionId, nameof(Response), nameof(Answers), nameof(Answer.QuestionId));
    }

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(Response), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>The answer to a question, or <see langword="null"/> when it is unanswered.</summary>
    public Answer? Find(string questionId) => Answers.FirstOrDefault(a => string.Equals(a.QuestionId, questionId, StringComparison.Ordinal));
}
