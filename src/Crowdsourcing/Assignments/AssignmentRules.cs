using Crowdsourcing.Questionnaires;

namespace Crowdsourcing.Assignments;

/// <summary>Who may do what on a knowledge request.</summary>
internal static class AssignmentRules
{
    public static bool IsAssignee(this Assignment assignment, string participantId) =>
        assignment.AssigneeIds.Contains(participantId, StringComparer.Ordinal);

    public static bool IsContributor(this Assignment assignment, string participantId) =>
        assignment.Contributors().Contains(participantId, StringComparer.Ordinal);

    /// <summary>The questions a participant may answer and delegate: all for an assignee, the delegated ones for a delegate, in questionnaire order.</summary>
    public static IReadOnlyList<string> HeldQuestions(this Assignment assignment, string participantId, Questionnaire questionnaire)
    {
        var all = questionnaire.AllQuestions().Select(x => x.Question.Id);
        if (assignment.IsAssignee(participantId))
        {
            return all.ToArray();
        }

        var delegated = new HashSet<string>(
            assignment.Delegations.Where(d => string.Equals(d.ToParticipantId, participantId, StringComparison.Ordinal)).SelectMany(d => d.QuestionIds),
            StringComparer.Ordinal);
        return all.Where(delegated.Contains).ToArray();
    }
}
