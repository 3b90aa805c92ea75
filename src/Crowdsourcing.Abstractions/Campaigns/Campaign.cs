using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Campaigns;

/// <summary>
/// Who a campaign's crowd is: participants of the given layers, holding all the given qualifications, plus an explicit
/// list. An empty selection selects nobody.
/// </summary>
public sealed record CrowdSelection
{
    /// <summary>Creates a selection.</summary>
    public CrowdSelection(IReadOnlyList<CrowdLayer>? layers = null, IReadOnlyList<string>? qualifications = null, IReadOnlyList<string>? participantIds = null)
    {
        Layers = layers ?? [];
        Qualifications = qualifications ?? [];
        ParticipantIds = participantIds ?? [];
    }

    /// <summary>Participants of these layers are selected (when they also hold every qualification); distinct.</summary>
    public IReadOnlyList<CrowdLayer> Layers { get; init => field = Guard.DistinctValues(value, nameof(CrowdSelection), nameof(Layers)); }

    /// <summary>Qualifications a participant selected by layer must all hold; distinct.</summary>
    public IReadOnlyList<string> Qualifications { get; init => field = Guard.DistinctKeys(value, nameof(CrowdSelection), nameof(Qualifications)); }

    /// <summary>Participants selected by id, whatever their layer and qualifications; distinct.</summary>
    public IReadOnlyList<string> ParticipantIds { get; init => field = Guard.DistinctIds(value, nameof(CrowdSelection), nameof(ParticipantIds), Limits.MaxNamedParticipants); }

    /// <summary>Whether <paramref name="participant"/> is in the crowd.</summary>
    public bool Selects(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return ParticipantIds.Contains(participant.Id, StringComparer.Ordinal)
            || (Layers.Contains(participant.Layer) && Qualifications.All(participant.HasQualification));
    }
}

/// <summary>When pending knowledge requests get reminders and escalations.</summary>
public sealed record ReminderPolicy
{
    private readonly bool _constructed;

    /// <summary>Creates a policy.</summary>
    /// <param name="reminderInterval">The time between reminders, counted from the request's creation (or reopening).</param>
    /// <param name="escalationDelay">The time after which a still pending request escalates to the participant's manager; at least one interval.</param>
    /// <param name="maxReminders">The most reminders per request before only the escalation remains; positive.</param>
    /// <exception cref="ValidationFailedException">A duration is not positive, or the escalation comes before the first reminder.</exception>
    public ReminderPolicy(TimeSpan reminderInterval, TimeSpan escalationDelay, int maxReminders = 3)
    {
        ReminderInterval = reminderInterval;
        EscalationDelay = escalationDelay;
        MaxReminders = maxReminders;
        _constructed = true;
        CheckEscalation();
    }

    /// <summary>The time between reminders; positive.</summary>
    public TimeSpan ReminderInterval
    {
        get;
        init
        {
            field = Guard.Positive(value, nameof(ReminderPolicy), nameof(ReminderInterval));
            if (_constructed)
            {
                CheckEscalation();
            }
        }
    }

    /// <summary>The time after which a pending request escalates to the manager; not shorter than <see cref="ReminderInterval"/>.</summary>
    public TimeSpan EscalationDelay
    {
        get;
        init
        {
            field = Guard.Positive(value, nameof(ReminderPolicy), nameof(EscalationDelay));
            if (_constructed)
            {
                CheckEscalation();
            }
        }
    }

    /// <summary>The most reminders per request.</summary>
    public int MaxReminders { get; init => field = Guard.Positive(value, nameof(ReminderPolicy), nameof(MaxReminders)); }

    private void CheckEscalation()
    {
        if (EscalationDelay < ReminderInterval)
        {
            throw Guard.Fail(nameof(EscalationDelay), Guard.Message($"ReminderPolicy.EscalationDelay ({EscalationDelay:c}) must not be shorter than ReminderInterval ({ReminderInterval:c})."));
        }
    }
}

/// <summary>
/// A crowdsourcing campaign: a task, a questionnaire, a crowd, incentives, quality rules and readiness levels, a
/// reminder policy, the decision model that chooses whom to contact (by name, as registered with the decision engine),
/// and the workshop threshold.
/// </summary>
public sealed record Campaign : IVersionedRecord
{
    /// <summary>Creates a campaign.</summary>
    /// <exception cref="ValidationFailedException">A field is empty or out of range.</exception>
    public Campaign(string id, string name, string taskId, string questionnaireId, CrowdSelection crowd, IReadOnlyList<QualityRule>? qualityRules, ReadinessScale readiness, ReminderPolicy reminders, string decisionModel, double workshopThreshold, DateTimeOffset startsAt, TimeSpan cycleLength, IReadOnlyList<Incentive>? incentives = null)
    {
        Id = id;
        Name = name;
        TaskId = taskId;
        QuestionnaireId = questionnaireId;
        Crowd = crowd;
        QualityRules = qualityRules ?? [];
        Readiness = readiness;
        Reminders = reminders;
        DecisionModel = decisionModel;
        WorkshopThreshold = workshopThreshold;
        StartsAt = startsAt;
        CycleLength = cycleLength;
        Incentives = incentives ?? [];
    }

    /// <inheritdoc/>
    public string Id { get; init => field = Guard.Id(value, nameof(Campaign), nameof(Id)); }

    /// <summary>A short name.</summary>
    public string Name { get; init => field = Guard.Name(value, nameof(Campaign), nameof(Name)); }

    /// <summary>The crowdsourced task; its allowed layers limit the crowd.</summary>
    public string TaskId { get; init => field = Guard.Id(value, nameof(Campaign), nameof(TaskId)); }

    /// <summary>The questionnaire each knowledge request is an instance of.</summary>
    public string QuestionnaireId { get; init => field = Guard.Id(value, nameof(Campaign), nameof(QuestionnaireId)); }

    /// <summary>Who the crowd is.</summary>
    public CrowdSelection Crowd { get; init => field = Guard.NotNull(value, nameof(Campaign), nameof(Crowd)); }

    /// <summary>The rules a submission must satisfy to be accepted.</summary>
    public IReadOnlyList<QualityRule> QualityRules
    {
        get;
        init => field = Guard.UniqueBy(Guard.List(value, nameof(Campaign), nameof(QualityRules)), r => r.Id, nameof(Campaign), nameof(QualityRules), nameof(QualityRule.Id));
    }

    /// <summary>The readiness levels a submission can show; their names are the decision model's states.</summary>
    public ReadinessScale Readiness { get; init => field = Guard.NotNull(value, nameof(Campaign), nameof(Readiness)); }

    /// <summary>When pending requests get reminders and escalations.</summary>
    public ReminderPolicy Reminders { get; init => field = Guard.NotNull(value, nameof(Campaign), nameof(Reminders)); }

    /// <summary>The name of the decision model (registered with the decision engine) that chooses whom to contact.</summary>
    public string DecisionModel { get; init => field = Guard.Key(value, nameof(Campaign), nameof(DecisionModel)); }

    /// <summary>The total expected utility at which the workshop should be held.</summary>
    public double WorkshopThreshold { get; init => field = Guard.Finite(value, nameof(Campaign), nameof(WorkshopThreshold)); }

    /// <summary>When week 0 begins.</summary>
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>The length of one decision cycle (a week in the paper); positive.</summary>
    public TimeSpan CycleLength { get; init => field = Guard.Positive(value, nameof(Campaign), nameof(CycleLength)); }

    /// <summary>What is offered to the crowd.</summary>
    public IReadOnlyList<Incentive> Incentives { get; init => field = Guard.List(value, nameof(Campaign), nameof(Incentives)); }

    /// <summary>
    /// How the campaign decides whom to contact: policy, workshop week, threshold, budget per cycle, the interventions
    /// allowed and the decision model version (see <see cref="CampaignDecisionSettings"/>). Default (and when read without
    /// it): <see cref="CampaignDecisionSettings.Default"/>.
    /// </summary>
    public CampaignDecisionSettings Decision { get; init => field = value ?? CampaignDecisionSettings.Default; } = CampaignDecisionSettings.Default;

    /// <summary>
    /// The people who organise the campaign (actor ids): they create and cancel its knowledge requests, run its decision
    /// cycles and see its beliefs, answers and the crowd's personal data. The runtime adds the person who creates the
    /// campaign; administrators organise every campaign without being named. Distinct ids; default none.
    /// </summary>
    public IReadOnlyList<string> OrganiserIds { get; init => field = Guard.DistinctIds(value, nameof(Campaign), nameof(OrganiserIds)); } = [];

    /// <summary>Whether <paramref name="actorId"/> is one of <see cref="OrganiserIds"/>.</summary>
    /// <param name="actorId">The actor's id.</param>
    /// <returns><see langword="true"/> when named.</returns>
    public bool IsOrganiser(string actorId) => OrganiserIds.Contains(actorId, StringComparer.Ordinal);

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(Campaign), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }
}
