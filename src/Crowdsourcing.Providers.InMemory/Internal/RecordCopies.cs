using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>
/// The deep copies the in-memory store makes of each kind of record, on the way in and on the way out: every list of
/// the record (and of the records nested in it) is copied into a new array, so a record handed out shares nothing with
/// the stored one, and a caller that keeps or changes the lists of a record it wrote cannot change the store.
/// </summary>
internal static class RecordCopies
{
    public static CrowdTask Task(CrowdTask r) => r with
    {
        AllowedLayers = r.AllowedLayers.ToArray(),
        ExpectedOutcomes = r.ExpectedOutcomes.ToArray(),
        Milestones = r.Milestones.ToArray(),
        KeyIndicators = r.KeyIndicators.ToArray(),
    };

    public static Participant Participant(Participant r) => r with { Qualifications = r.Qualifications.ToArray(), ColleagueIds = r.ColleagueIds.ToArray() };

    public static Campaign Campaign(Campaign r) => r with
    {
        Crowd = r.Crowd with
        {
            Layers = r.Crowd.Layers.ToArray(),
            Qualifications = r.Crowd.Qualifications.ToArray(),
            ParticipantIds = r.Crowd.ParticipantIds.ToArray(),
        },
        QualityRules = r.QualityRules.ToArray(),
        Readiness = r.Readiness with { Levels = r.Readiness.Levels.Select(static l => l with { Criteria = l.Criteria.ToArray() }).ToArray() },
        Incentives = r.Incentives.ToArray(),
    };

    public static Questionnaire Questionnaire(Questionnaire r) => r with
    {
        Sections = r.Sections.Select(static s => s with
        {
            Questions = s.Questions.Select(static q => q with
            {
                Constraints = q.Constraints with { Choices = q.Constraints.Choices.ToArray() },
            }).ToArray(),
        }).ToArray(),
    };

    public static Assignment Assignment(Assignment r) => r with
    {
        AssigneeIds = r.AssigneeIds.ToArray(),
        Delegations = r.Delegations.Select(static d => d with { QuestionIds = d.QuestionIds.ToArray() }).ToArray(),
        Feedback = r.Feedback.ToArray(),
    };

    public static Response Response(Response r) => r with { Answers = r.Answers.ToArray() };

    /// <summary>A notification holds no lists, so a shallow copy is a deep one.</summary>
    public static Notification Notification(Notification r) => r with { };
}
