using Crowdsourcing.Serialization;

namespace Crowdsourcing.Assignments;

/// <summary>One refused answer: the question and what is wrong.</summary>
/// <param name="QuestionId">The question, as the caller named it.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record AnswerProblem(string QuestionId, string Message);

/// <summary>
/// Thrown when answers cannot be saved: a question the questionnaire does not have (named by its id), a value that
/// fails <see cref="Questionnaires.Question.Check(string)"/>, a question named twice, or a question a delegate was
/// not delegated. Every problem is listed; nothing was saved.
/// </summary>
public sealed class AnswerValidationException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="problems">Every problem.</param>
    public AnswerValidationException(string assignmentId, IReadOnlyList<AnswerProblem> problems)
        : base(
            $"The answers to assignment '{assignmentId}' were not saved: {string.Join("; ", (problems ?? []).Select(p => $"question '{p.QuestionId}': {p.Message.TrimEnd('.')}"))}.",
            [.. (problems ?? []).Select(p => new ValidationError(p.QuestionId, p.Message))])
    {
        AssignmentId = assignmentId;
        Problems = problems ?? [];
    }

    /// <summary>The knowledge request.</summary>
    public string AssignmentId { get; }

    /// <summary>Every problem, in the order the answers were given.</summary>
    public IReadOnlyList<AnswerProblem> Problems { get; }
}

/// <summary>One mandatory question left unanswered.</summary>
/// <param name="SectionId">The section it is in.</param>
/// <param name="QuestionId">The question.</param>
/// <param name="Text">The question's text.</param>
public sealed record MissingAnswer(string SectionId, string QuestionId, string Text);

/// <summary>
/// Thrown when a knowledge request is submitted before every mandatory question is answered. <see cref="Missing"/>
/// lists each unanswered mandatory question with its id and text, in questionnaire order; nothing was changed.
/// </summary>
public sealed class MissingMandatoryAnswersException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="missing">The unanswered mandatory questions.</param>
    public MissingMandatoryAnswersException(string assignmentId, IReadOnlyList<MissingAnswer> missing)
        : base(
            $"Assignment '{assignmentId}' cannot be submitted: {(missing ?? []).Count} mandatory question(s) are unanswered: {string.Join("; ", (missing ?? []).Select(m => $"'{m.QuestionId}' (\"{m.Text}\")"))}.",
            [.. (missing ?? []).Select(m => new ValidationError(m.QuestionId, $"Mandatory question '{m.QuestionId}' (\"{m.Text}\") is unanswered."))])
    {
        AssignmentId = assignmentId;
        Missing = missing ?? [];
    }

    /// <summary>The knowledge request.</summary>
    public string AssignmentId { get; }

    /// <summary>The unanswered mandatory questions, in questionnaire order.</summary>
    public IReadOnlyList<MissingAnswer> Missing { get; }
}

/// <summary>Thrown when an operation is not allowed in the knowledge request's current status (for example saving an
/// accepted request, or cancelling a cancelled one). Nothing was changed.</summary>
public sealed class AssignmentStateException : InvalidStateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="assignmentId">The knowledge request.</param>
    /// <param name="status">Its current status.</param>
    /// <param name="operation">What was attempted, in words (for example <c>save a draft</c>).</param>
    public AssignmentStateException(string assignmentId, AssignmentStatus status, string operation)
        : base($"Cannot {operation} assignment '{assignmentId}': it is {EnumNames.Of(status)}.", "Assignment", assignmentId)
    {
        AssignmentId = assignmentId;
        Status = status;
        Operation = operation;
    }

    /// <summary>The knowledge request.</summary>
    public string AssignmentId { get; }

    /// <summary>Its current status.</summary>
    public AssignmentStatus Status { get; }

    /// <summary>What was attempted.</summary>
    public string Operation { get; }
}
