using System.Text.Json.Serialization;
using Crowdsourcing.Assignments;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Delegations;

/// <summary>A request to hand questions of a knowledge request to a colleague (the paper's step 2b).</summary>
public sealed record DelegationRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="toParticipantId">The colleague (one of <see cref="Crowd.Participant.ColleagueIds"/> of the delegator).</param>
    /// <param name="questionIds">The questions to delegate; <see langword="null"/> or empty for all the delegator holds.</param>
    /// <param name="message">A note to the colleague; <see langword="null"/> for none.</param>
    /// <exception cref="ValidationFailedException">An id is empty, or a question is named twice.</exception>
    public DelegationRequest(string assignmentId, string toParticipantId, IReadOnlyList<string>? questionIds = null, string? message = null)
    {
        AssignmentId = Guard.Id(assignmentId, nameof(DelegationRequest), nameof(AssignmentId));
        ToParticipantId = Guard.Id(toParticipantId, nameof(DelegationRequest), nameof(ToParticipantId));
        var ids = questionIds ?? [];
        for (var i = 0; i < ids.Count; i++)
        {
            Guard.Id(ids[i], nameof(DelegationRequest), $"{nameof(QuestionIds)}[{i}]");
            if (ids.Take(i).Contains(ids[i], StringComparer.Ordinal))
            {
                throw new ValidationFailedException("questionIds", $"DelegationRequest.QuestionIds contains '{ids[i]}' more than once (at index {i}).");
            }
        }

        QuestionIds = ids.ToArray();
        Message = message;
    }

    /// <summary>The knowledge request.</summary>
    public string AssignmentId { get; }


    /// <summary>The colleague.</summary>
    public string ToParticipantId { get; }

    /// <summary>The questions to delegate; empty for all the delegator holds.</summary>
    public IReadOnlyList<string> QuestionIds { get; }

    /// <summary>The note to the colleague.</summary>
    public string? Message { get; }
}

/// <summary>Why a delegation was refused.</summary>
public enum DelegationRefusal
{
    /// <summary>The receiver is not one of the delegator's colleagues.</summary>
    [JsonStringEnumMemberName("not-a-colleague")]
    NotAColleague = 0,

    /// <summary>The delegation would close a cycle: the receiver already (directly or through others) handed questions to the delegator, or is the delegator.</summary>
    Cycle = 1,

    /// <summary>A named question is not in the questionnaire.</summary>
    UnknownQuestions = 2,

    /// <summary>A named question was not delegated to the delegator, who is not an assignee.</summary>
    QuestionsNotHeld = 3,
}

/// <summary>Thrown when a delegation is refused; <see cref="Reason"/> says why. Nothing was changed.</summary>
public sealed class DelegationException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="request">The refused request.</param>
    /// <param name="fromParticipantId">The delegator (the actor).</param>
    /// <param name="reason">Why.</param>
    /// <param name="detail">The explanation, in words.</param>
    public DelegationException(DelegationRequest request, string fromParticipantId, DelegationRefusal reason, string detail)
        : base(reason == DelegationRefusal.NotAColleague || reason == DelegationRefusal.Cycle ? "toParticipantId" : "questionIds", $"'{fromParticipantId}' cannot delegate questions of assignment '{request?.AssignmentId}' to '{request?.ToParticipantId}': {detail}")
    {
        ArgumentNullException.ThrowIfNull(request);
        AssignmentId = request.AssignmentId;
        FromParticipantId = fromParticipantId;
        ToParticipantId = request.ToParticipantId;
        Reason = reason;
    }

    /// <summary>The knowledge request.</summary>
    public string AssignmentId { get; }

    /// <summary>Who delegated.</summary>
    public string FromParticipantId { get; }

    /// <summary>Who would have received the questions.</summary>
    public string ToParticipantId { get; }

    /// <summary>Why the delegation was refused.</summary>
    public DelegationRefusal Reason { get; }
}

/// <summary>One hand-over in a campaign's collaboration graph: who involved whom, about which subject.</summary>
/// <param name="AssignmentId">The knowledge request.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Delegation">The hand-over: from, to, questions, message and time.</param>
public sealed record CollaborationEdge(string AssignmentId, Subject Subject, Delegation Delegation);

/// <summary>One participant in a campaign's collaboration graph.</summary>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Assigned">How many knowledge requests they were assigned.</param>
/// <param name="DelegationsMade">How many hand-overs they made.</param>
/// <param name="DelegationsReceived">How many hand-overs they received.</param>
/// <param name="AnswersGiven">How many stored answers they gave.</param>
public sealed record CollaborationNode(string ParticipantId, int Assigned, int DelegationsMade, int DelegationsReceived, int AnswersGiven);

/// <summary>Who involved whom, about which subject, across a campaign (the paper's "View" of the collaboration graph).</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Nodes">Everyone assigned, delegating, delegated or answering, ordered by participant id.</param>
/// <param name="Edges">Every hand-over, ordered by knowledge request id and then in the order they were made.</param>
public sealed record CollaborationGraph(string CampaignId, IReadOnlyList<CollaborationNode> Nodes, IReadOnlyList<CollaborationEdge> Edges);
