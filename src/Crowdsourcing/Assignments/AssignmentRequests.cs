using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Assignments;

/// <summary>What is needed to create a knowledge request (the paper's step 1b).</summary>
public sealed record NewAssignment
{
    /// <summary>Creates the request.</summary>
    /// <param name="id">The assignment's id, also the idempotency key of the creation.</param>
    /// <param name="campaignId">The campaign; its task and questionnaire are used.</param>
    /// <param name="subject">What the request is about, for example a client.</param>
    /// <param name="assigneeIds">The experts; at least one, distinct.</param>
    /// <exception cref="ValidationFailedException">An id is empty, no assignee is named, or one is named twice.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="subject"/> or <paramref name="assigneeIds"/> is <see langword="null"/>.</exception>
    public NewAssignment(string id, string campaignId, Subject subject, IReadOnlyList<string> assigneeIds)
    {
        Id = Guard.Id(id, nameof(NewAssignment), nameof(Id));
        CampaignId = Guard.Id(campaignId, nameof(NewAssignment), nameof(CampaignId));
        Subject = subject ?? throw new ArgumentNullException(nameof(subject), "NewAssignment.Subject must be given.");
        ArgumentNullException.ThrowIfNull(assigneeIds);
        if (assigneeIds.Count == 0)
        {
            throw new ValidationFailedException("assigneeIds", $"NewAssignment '{id}' must name at least one assignee.");
        }

        for (var i = 0; i < assigneeIds.Count; i++)
        {
            Guard.Id(assigneeIds[i], nameof(NewAssignment), $"{nameof(AssigneeIds)}[{i}]");
            if (assigneeIds.Take(i).Contains(assigneeIds[i], StringComparer.Ordinal))
            {
                throw new ValidationFailedException("assigneeIds", $"NewAssignment.AssigneeIds contains '{assigneeIds[i]}' more than once (at index {i}).");
            }
        }

        AssigneeIds = assigneeIds.ToArray();
    }

    /// <summary>The assignment's id.</summary>
    public string Id { get; }

    /// <summary>The campaign.</summary>
    public string CampaignId { get; }

    /// <summary>What the request is about.</summary>
    public Subject Subject { get; }

    /// <summary>The experts.</summary>
    public IReadOnlyList<string> AssigneeIds { get; }

}

/// <summary>An answer to save: a question and its value as text, or <see langword="null"/> (or whitespace) to clear it.</summary>
/// <param name="QuestionId">The question.</param>
/// <param name="Value">The answer in the question's format (see <see cref="AnswerType"/>), or <see langword="null"/> to clear the answer.</param>
public sealed record AnswerInput(string QuestionId, string? Value);

/// <summary>A knowledge request with its answers, as a contributor sees it.</summary>
/// <param name="Assignment">The request.</param>
/// <param name="Response">The answers; pass its <see cref="Response.Version"/> to the next save or submit.</param>
/// <param name="Questionnaire">The questionnaire it is an instance of.</param>
/// <param name="AnswerableQuestionIds">The questions the viewer may answer: every question for an assignee, the delegated ones for a delegate.</param>
public sealed record AssignmentView(Assignment Assignment, Response Response, Questionnaire Questionnaire, IReadOnlyList<string> AnswerableQuestionIds)
{
    /// <summary>How the actor sees the request: as an assignee, a delegate or an organiser (read-only).</summary>
    public AssignmentRole Role { get; init; }
}

/// <summary>How an actor takes part in a knowledge request.</summary>
public enum AssignmentRole
{
    /// <summary>An assignee: answers every question and submits.</summary>
    Assignee = 0,

    /// <summary>A delegate: sees and answers only the questions delegated to them.</summary>
    Delegate = 1,

    /// <summary>An organiser of the campaign: sees everything, answers nothing.</summary>
    Organiser = 2,
}

/// <summary>What a submission came to (the paper's steps 5-7).</summary>
/// <param name="Assignment">The request as stored: <see cref="AssignmentStatus.Accepted"/>, or <see cref="AssignmentStatus.Reopened"/> with the violations as feedback.</param>
/// <param name="Response">The submitted answers as stored.</param>
/// <param name="Assessment">The quality assessment: pass or fail, the violations, the readiness level.</param>
public sealed record SubmissionOutcome(Assignment Assignment, Response Response, QualityAssessment Assessment)
{
    /// <summary>Whether the submission passed and the request was accepted.</summary>
    public bool Accepted => Assessment.Passed;
}
