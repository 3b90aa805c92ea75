using Crowdsourcing.Assignments;

namespace Crowdsourcing.Reconciliation;

/// <summary>One expert's answer to a choice question about a subject.</summary>
/// <param name="ParticipantId">The expert who answered (the answer's <c>AnsweredBy</c>: an assignee or a delegate).</param>
/// <param name="AssignmentId">The knowledge request the answer was given in.</param>
/// <param name="Value">The choice answered.</param>
/// <param name="Skill">The expert's probability of a right answer on this question, as the inference learned it.</param>
public sealed record ExpertAnswer(string ParticipantId, string AssignmentId, string Value, double Skill);

/// <summary>
/// A choice question about one subject, reconciled: the inferred answer, its confidence, and who answered what.
/// </summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="QuestionId">The choice question.</param>
/// <param name="Answer">The inferred answer (the gold answer when one is marked); <see langword="null"/> when nobody answered yet.</param>
/// <param name="Confidence">The posterior probability of <paramref name="Answer"/> (majority and Wawa: its vote share); 0 when nobody answered.</param>
/// <param name="Labels">The question's choices, in the order of <paramref name="Posterior"/>.</param>
/// <param name="Posterior">The probability of each choice; empty when nobody answered.</param>
/// <param name="Gold">The gold answer an organiser marked, or <see langword="null"/>.</param>
/// <param name="Answers">The submitted answers, by expert id (code-point order).</param>
public sealed record ReconciledAnswer(
    string SubjectId,
    string QuestionId,
    string? Answer,
    double Confidence,
    IReadOnlyList<string> Labels,
    IReadOnlyList<double> Posterior,
    string? Gold,
    IReadOnlyList<ExpertAnswer> Answers)
{
    /// <summary>Whether the experts disagree: they gave more than one distinct answer.</summary>
    public bool Disagreement => Answers.Select(a => a.Value).Distinct(StringComparer.Ordinal).Skip(1).Any();

    /// <summary>The experts whose answer differs from <see cref="Answer"/>.</summary>
    public IReadOnlyList<string> Dissenters => [.. Answers.Where(a => !string.Equals(a.Value, Answer, StringComparison.Ordinal)).Select(a => a.ParticipantId)];
}

/// <summary>A knowledge request's choice questions, each reconciled over every expert's answers about its subject.</summary>
/// <param name="AssignmentId">The knowledge request.</param>
/// <param name="CampaignId">Its campaign.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Method">The truth-inference method, as users spell it (for example <c>dawid-skene</c>).</param>
/// <param name="Questions">The single-choice questions of its questionnaire, in questionnaire order.</param>
public sealed record RequestReconciliation(string AssignmentId, string CampaignId, Subject Subject, string Method, IReadOnlyList<ReconciledAnswer> Questions);

/// <summary>A whole campaign reconciled: every subject's choice questions and every expert's reliability.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Method">The truth-inference method.</param>
/// <param name="Answers">Per choice question and subject with answers (or gold), question by question in questionnaire order, subjects in code-point order.</param>
/// <param name="Reliabilities">Each expert's learned reliability per question, as now stored for the campaign.</param>
public sealed record CampaignReconciliation(string CampaignId, string Method, IReadOnlyList<ReconciledAnswer> Answers, IReadOnlyList<ExpertReliability> Reliabilities);
