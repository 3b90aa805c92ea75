using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Delegations;
using Crowdsourcing.Incentives;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;
using Crowdsourcing.Validation;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Options;

/// <summary>
/// The one place the runtime checks its inputs against the configured <see cref="InputLimitsOptions"/>: the model has
/// already checked them against its own limits (the ceilings), so only the lengths and counts a host lowered can fail
/// here. The errors are the model's (<see cref="Guard"/>'s): a <see cref="ValidationFailedException"/> naming the type
/// and field, the configured limit and the size given, never echoing a long value. Every entry point calls it before
/// it writes anything.
/// </summary>
internal sealed class InputLimits(IOptions<InputLimitsOptions> options)
{
    private readonly InputLimitsOptions _limits = options.Value;

    /// <summary>The configured limits.</summary>
    public InputLimitsOptions Options => _limits;

    /// <summary>A campaign: its ids, name, crowd selection, organisers, quality rules, incentives and decision
    /// settings.</summary>
    public Campaign Check(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        Id(campaign.Id, nameof(Campaign), nameof(Campaign.Id));
        Name(campaign.Name, nameof(Campaign), nameof(Campaign.Name));
        Id(campaign.TaskId, nameof(Campaign), nameof(Campaign.TaskId));
        Id(campaign.QuestionnaireId, nameof(Campaign), nameof(Campaign.QuestionnaireId));
        Id(campaign.DecisionModel, nameof(Campaign), nameof(Campaign.DecisionModel));
        Ids(campaign.OrganiserIds, nameof(Campaign), nameof(Campaign.OrganiserIds), _limits.MaxListItems);
        Count(campaign.QualityRules, nameof(Campaign), nameof(Campaign.QualityRules), _limits.MaxListItems);
        Count(campaign.Incentives, nameof(Campaign), nameof(Campaign.Incentives), _limits.MaxListItems);
        foreach (var incentive in campaign.Incentives)
        {
            Check(incentive);
        }

        Ids(campaign.Crowd.Qualifications, nameof(CrowdSelection), nameof(CrowdSelection.Qualifications), _limits.MaxListItems);
        Ids(campaign.Crowd.ParticipantIds, nameof(CrowdSelection), nameof(CrowdSelection.ParticipantIds), _limits.MaxNamedParticipants);
        Check(campaign.Decision);
        return campaign;
    }

    /// <summary>A campaign's decision settings: the policy, and the interventions with their names and channels.</summary>
    public CampaignDecisionSettings Check(CampaignDecisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Id(settings.Policy, nameof(CampaignDecisionSettings), nameof(CampaignDecisionSettings.Policy));
        Count(settings.Interventions, nameof(CampaignDecisionSettings), nameof(CampaignDecisionSettings.Interventions), _limits.MaxListItems);
        foreach (var intervention in settings.Interventions)
        {
            Id(intervention.Name, nameof(InterventionSetting), nameof(InterventionSetting.Name));
            Id(intervention.Channel, nameof(InterventionSetting), nameof(InterventionSetting.Channel));
        }

        return settings;
    }

    /// <summary>A task: its id, name, texts, milestones and key indicators.</summary>
    public CrowdTask Check(CrowdTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        Id(task.Id, nameof(CrowdTask), nameof(CrowdTask.Id));
        Name(task.Name, nameof(CrowdTask), nameof(CrowdTask.Name));
        Text(task.BusinessModel, nameof(CrowdTask), nameof(CrowdTask.BusinessModel));
        Count(task.ExpectedOutcomes, nameof(CrowdTask), nameof(CrowdTask.ExpectedOutcomes), _limits.MaxListItems);
        for (var i = 0; i < task.ExpectedOutcomes.Count; i++)
        {
            Text(task.ExpectedOutcomes[i], nameof(CrowdTask), Guard.Message($"{nameof(CrowdTask.ExpectedOutcomes)}[{i}]"));
        }

        Count(task.Milestones, nameof(CrowdTask), nameof(CrowdTask.Milestones), _limits.MaxListItems);
        foreach (var milestone in task.Milestones)
        {
            Name(milestone.Name, nameof(Milestone), nameof(Milestone.Name));
        }

        Count(task.KeyIndicators, nameof(CrowdTask), nameof(CrowdTask.KeyIndicators), _limits.MaxListItems);
        foreach (var indicator in task.KeyIndicators)
        {
            Name(indicator.Name, nameof(KeyIndicator), nameof(KeyIndicator.Name));
        }

        return task;
    }

    /// <summary>A questionnaire: its sections, questions (per section and in all), texts and choices.</summary>
    public Questionnaire Check(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        Id(questionnaire.Id, nameof(Questionnaire), nameof(Questionnaire.Id));
        Name(questionnaire.Name, nameof(Questionnaire), nameof(Questionnaire.Name));
        Id(questionnaire.SubjectKind, nameof(Questionnaire), nameof(Questionnaire.SubjectKind));
        Count(questionnaire.Sections, nameof(Questionnaire), nameof(Questionnaire.Sections), _limits.MaxSections);
        var total = questionnaire.Sections.Sum(s => s.Questions.Count);
        if (total > _limits.MaxQuestions)
        {
            throw Guard.Fail(nameof(Questionnaire.Sections), Guard.Message($"Questionnaire '{questionnaire.Id}' has {total:N0} questions; a questionnaire may have at most {_limits.MaxQuestions:N0}."));
        }

        foreach (var section in questionnaire.Sections)
        {
            Id(section.Id, nameof(QuestionnaireSection), nameof(QuestionnaireSection.Id));
            Name(section.Title, nameof(QuestionnaireSection), nameof(QuestionnaireSection.Title));
            Id(section.Group, nameof(QuestionnaireSection), nameof(QuestionnaireSection.Group));
            Count(section.Questions, nameof(QuestionnaireSection), nameof(QuestionnaireSection.Questions), _limits.MaxQuestionsPerSection);
            foreach (var question in section.Questions)
            {
                Id(question.Id, nameof(Question), nameof(Question.Id));
                Text(question.Text, nameof(Question), nameof(Question.Text));
                Length(question.Constraints.Pattern, nameof(AnswerConstraints), nameof(AnswerConstraints.Pattern), _limits.MaxPatternLength);
                Ids(question.Constraints.Choices, nameof(AnswerConstraints), nameof(AnswerConstraints.Choices), _limits.MaxChoices);
            }
        }

        return questionnaire;
    }

    /// <summary>A participant: the id, display name, manager, qualifications and colleagues.</summary>
    public Participant Check(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        Id(participant.Id, nameof(Participant), nameof(Participant.Id));
        Name(participant.DisplayName, nameof(Participant), nameof(Participant.DisplayName));
        Length(participant.Email, nameof(Participant), nameof(Participant.Email), _limits.MaxEmailLength);
        Id(participant.ManagerId, nameof(Participant), nameof(Participant.ManagerId));
        Ids(participant.Qualifications, nameof(Participant), nameof(Participant.Qualifications), _limits.MaxListItems);
        Ids(participant.ColleagueIds, nameof(Participant), nameof(Participant.ColleagueIds), _limits.MaxListItems);
        return participant;
    }

    /// <summary>A new knowledge request: its ids, subject and assignees.</summary>
    public NewAssignment Check(NewAssignment request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Id(request.Id, nameof(NewAssignment), nameof(NewAssignment.Id));
        Id(request.CampaignId, nameof(NewAssignment), nameof(NewAssignment.CampaignId));
        Id(request.Subject.Id, nameof(Subject), nameof(Subject.Id));
        Name(request.Subject.Name, nameof(Subject), nameof(Subject.Name));
        Ids(request.AssigneeIds, nameof(NewAssignment), nameof(NewAssignment.AssigneeIds), _limits.MaxListItems);
        return request;
    }

    /// <summary>A delegation: its ids, the questions it names and its message.</summary>
    public DelegationRequest Check(DelegationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Id(request.AssignmentId, nameof(DelegationRequest), nameof(DelegationRequest.AssignmentId));
        Id(request.ToParticipantId, nameof(DelegationRequest), nameof(DelegationRequest.ToParticipantId));
        Ids(request.QuestionIds, nameof(DelegationRequest), nameof(DelegationRequest.QuestionIds), _limits.MaxQuestions);
        Text(request.Message, nameof(DelegationRequest), nameof(DelegationRequest.Message));
        return request;
    }

    /// <summary>The answers of one draft or submission: at most as many as a questionnaire may have questions, each
    /// naming a question by an id within the id limit. Each value's length is checked with the question it answers
    /// (<see cref="Answer"/>).</summary>
    public IReadOnlyList<AnswerInput>? Check(IReadOnlyList<AnswerInput>? answers)
    {
        if (answers is null)
        {
            return null;
        }

        Count(answers, nameof(Response), nameof(Response.Answers), _limits.MaxQuestions);
        foreach (var answer in answers)
        {
            Id(answer?.QuestionId, nameof(Answer), nameof(Answer.QuestionId));
        }

        return answers;
    }

    /// <summary>One answer's value: at most <see cref="InputLimitsOptions.MaxAnswerLength"/> characters, tab and line
    /// breaks allowed, no other control character.</summary>
    public string? AnswerValue(string? value) => Guard.OptionalText(value, nameof(Answer), nameof(Answer.Value), _limits.MaxAnswerLength);

    /// <summary>A descriptive text that may be <see langword="null"/>: at most
    /// <see cref="InputLimitsOptions.MaxTextLength"/> characters, tab and line breaks allowed, no other control
    /// character.</summary>
    public string? Text(string? value, string type, string field) => Guard.OptionalText(value, type, field, _limits.MaxTextLength);

    private void Check(Incentive incentive)
    {
        Name(incentive.Name, nameof(Incentive), nameof(Incentive.Name));
        switch (incentive)
        {
            case PerformanceBonus bonus:
                Text(bonus.Criterion, nameof(PerformanceBonus), nameof(PerformanceBonus.Criterion));
                break;
            case PrizeLadder ladder:
                Count(ladder.Prizes, nameof(PrizeLadder), nameof(PrizeLadder.Prizes), _limits.MaxListItems);
                break;
            case NonMonetaryRecognition recognition:
                Text(recognition.Description, nameof(NonMonetaryRecognition), nameof(NonMonetaryRecognition.Description));
                break;
        }
    }

    private void Name(string? value, string type, string field)
    {
        if (value is not null)
        {
            Guard.KeyCore(value, $"{type}.{field}", Guard.Param(field), _limits.MaxNameLength);
        }
    }

    private static void Length(string? value, string type, string field, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw Guard.Fail(field, Guard.Message($"{type}.{field} must be at most {max:N0} characters (value has {value.Length:N0})."));
        }
    }

    private void Id(string? value, string type, string field)
    {
        if (value is not null)
        {
            Guard.KeyCore(value, $"{type}.{field}", Guard.Param(field), _limits.MaxIdLength);
        }
    }

    private void Ids(IReadOnlyList<string> values, string type, string field, int max)
    {
        Count(values, type, field, max);
        for (var i = 0; i < values.Count; i++)
        {
            Id(values[i], type, Guard.Message($"{field}[{i}]"));
        }
    }

    private static void Count<T>(IReadOnlyCollection<T> values, string type, string field, int max)
    {
        if (values.Count > max)
        {
            throw Guard.Fail(field, Guard.Message($"{type}.{field} may have at most {max:N0} items (it has {values.Count:N0})."));
        }
    }
}
