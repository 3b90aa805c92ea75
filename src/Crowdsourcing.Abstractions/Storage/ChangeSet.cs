using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Storage;

/// <summary>How a record in a <see cref="ChangeSet"/> is written.</summary>
public enum RecordWriteKind
{
    /// <summary>An idempotent insert (the record has version 0).</summary>
    Insert = 0,

    /// <summary>An update under optimistic concurrency.</summary>
    Update = 1,
}

/// <summary>One record write of a <see cref="ChangeSet"/>.</summary>
/// <param name="Kind">Insert or update.</param>
/// <param name="Record">A <see cref="Campaign"/>, <see cref="CrowdTask"/>, <see cref="Participant"/>, <see cref="Questionnaire"/>,
/// <see cref="Assignment"/> or <see cref="Response"/>.</param>
public sealed record RecordWrite(RecordWriteKind Kind, IVersionedRecord Record);

/// <summary>
/// Changes to apply together with <see cref="ICrowdsourcingStore.CommitAsync"/>: a decision cycle with its beliefs and
/// contact notifications, a submission with its assessment and notifications, a delegation with its notification.
/// </summary>
/// <remarks>Not thread-safe: build it on one thread, then commit it.</remarks>
public sealed class ChangeSet
{
    private readonly List<RecordWrite> _writes = [];
    private readonly List<QualityAssessment> _assessments = [];
    private readonly List<ParticipantBelief> _beliefs = [];
    private readonly List<Notification> _notifications = [];
    private readonly List<BeliefColumns> _beliefColumns = [];
    private readonly List<Reconciliation.AnotherAnswerDecision> _decisions = [];

    /// <summary>The record writes, in order.</summary>
    public IReadOnlyList<RecordWrite> Writes => _writes;

    /// <summary>The quality assessments to store.</summary>
    public IReadOnlyList<QualityAssessment> Assessments => _assessments;

    /// <summary>The beliefs to save.</summary>
    public IReadOnlyList<ParticipantBelief> Beliefs => _beliefs;

    /// <summary>The notifications to enqueue.</summary>
    public IReadOnlyList<Notification> Notifications => _notifications;

    /// <summary>The beliefs to save as columns (a decision cycle's whole crowd), in order.</summary>
    public IReadOnlyList<BeliefColumns> BeliefColumns => _beliefColumns;

    /// <summary>The contact notifications of <see cref="Cycle"/>, written once (see <see cref="EnqueueContacts"/>), if any.</summary>
    public ContactNotificationBatch? ContactNotifications { get; private set; }

    /// <summary>The decision cycle to record, if any. It is also the change set's idempotency key.</summary>
    public DecisionCycleRecord? Cycle { get; private set; }

    /// <summary>
    /// The decisions whether to ask one more expert to record with the rest, in order: each idempotent by (campaign, id)
    /// as <see cref="Reconciliation.IReconciliationStore.RecordDecisionAsync"/> is (a stored decision with the same
    /// content is kept; one with different content fails the whole commit with a
    /// <see cref="DuplicateRecordException"/>).
    /// </summary>
    public IReadOnlyList<Reconciliation.AnotherAnswerDecision> AnotherAnswerDecisions => _decisions;

    /// <summary>Whether the change set has nothing in it.</summary>
    public bool IsEmpty => _writes.Count == 0 && _assessments.Count == 0 && _beliefs.Count == 0 && _beliefColumns.Count == 0 && _notifications.Count == 0 && _decisions.Count == 0 && Cycle is null;

    /// <summary>Adds a decision whether to ask one more expert (see <see cref="AnotherAnswerDecisions"/>), e.g. beside the knowledge request it asks for, so that both are written or neither.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>This change set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> is null.</exception>
    public ChangeSet RecordDecision(Reconciliation.AnotherAnswerDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _decisions.Add(decision);
        return this;
    }

    /// <summary>Adds an idempotent insert.</summary>
    /// <exception cref="ArgumentException">The record's version is not 0, or its type is not one the stores keep.</exception>
    public ChangeSet Insert(IVersionedRecord record)
    {
        CheckType(record);
        if (record.Version != 0)
        {
            throw new ArgumentException(Guard.Message($"{record.GetType().Name} '{record.Id}' has version {record.Version}; an insert must have version 0."), nameof(record));
        }

        _writes.Add(new RecordWrite(RecordWriteKind.Insert, record));
        return this;
    }

    /// <summary>Adds an update under optimistic concurrency.</summary>
    /// <exception cref="ArgumentException">The record's version is 0 (it was never stored), or its type is not one the stores keep.</exception>
    public ChangeSet Update(IVersionedRecord record)
    {
        CheckType(record);
        if (record.Version == 0)
        {
            throw new ArgumentException($"{record.GetType().Name} '{record.Id}' has version 0; only a stored record (version 1 or more) can be updated.", nameof(record));
        }

        _writes.Add(new RecordWrite(RecordWriteKind.Update, record));
        return this;
    }

    /// <summary>Adds a quality assessment.</summary>
    public ChangeSet Assess(QualityAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        _assessments.Add(assessment);
        return this;
    }

    /// <summary>Adds beliefs to save.</summary>
    public ChangeSet SaveBeliefs(IEnumerable<ParticipantBelief> beliefs)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        foreach (var belief in beliefs)
        {
            ArgumentNullException.ThrowIfNull(belief, nameof(beliefs));
            _beliefs.Add(belief);
        }

        return this;
    }

    /// <summary>Adds beliefs to save as columns: the same as saving a <see cref="ParticipantBelief"/> of
    /// <see cref="DecisionCycles.BeliefColumns.Week"/> for each participant, after the beliefs added with
    /// <see cref="SaveBeliefs(IEnumerable{ParticipantBelief})"/>, without a record per participant.</summary>
    public ChangeSet SaveBeliefs(BeliefColumns beliefs)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        _beliefColumns.Add(beliefs);
        return this;
    }

    /// <summary>
    /// Adds the contact notifications of the cycle this change set records: one per contact of
    /// <see cref="DecisionCycleRecord.Contacts"/>, <see cref="ContactNotificationBatch.For"/> it, enqueued as
    /// <see cref="Enqueue"/> would (idempotent by id). A store writes them once, compactly, and renders each when it is
    /// read or claimed. At most one batch per change set.
    /// </summary>
    /// <exception cref="InvalidOperationException">No cycle is recorded yet (call <see cref="RecordCycle"/> first), or a batch was already added.</exception>
    /// <exception cref="ValidationFailedException">A contact's notification would not be valid (for example an id longer than 200 characters).</exception>
    public ChangeSet EnqueueContacts(ContactNotificationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var cycle = Cycle ?? throw new InvalidOperationException("Record the cycle (RecordCycle) before its contact notifications (EnqueueContacts).");
        if (ContactNotifications is not null)
        {
            throw new InvalidOperationException(Guard.Message($"The change set already enqueues the contact notifications of cycle {cycle.Cycle} of campaign '{cycle.CampaignId}'."));
        }

        var contacts = CycleContacts.From(cycle.Contacts);
        if (contacts.Count > 0)
        {
            var longest = 0;
            for (var j = 1; j < contacts.Count; j++)
            {
                if (contacts.ParticipantIds[j].Length > contacts.ParticipantIds[longest].Length)
                {
                    longest = j;
                }
            }

            // The longest id decides whether every id fits; the first contact checks the templates.
            _ = batch.For(contacts.ParticipantIds[longest], contacts.Interventions[contacts.InterventionIndexes[longest]]);
            _ = batch.For(contacts.ParticipantIds[0], contacts.Interventions[contacts.InterventionIndexes[0]]);
        }

        ContactNotifications = batch;
        return this;
    }

    /// <summary>Adds a notification to enqueue.</summary>
    public ChangeSet Enqueue(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Version != 0)
        {
            throw new ArgumentException(Guard.Message($"Notification '{notification.Id}' has version {notification.Version}; an enqueued notification must have version 0."), nameof(notification));
        }

        _notifications.Add(notification);
        return this;
    }

    /// <summary>Records a decision cycle. At most one per change set.</summary>
    /// <exception cref="InvalidOperationException">A cycle was already added.</exception>
    public ChangeSet RecordCycle(DecisionCycleRecord cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        if (Cycle is not null)
        {
            throw new InvalidOperationException(Guard.Message($"The change set already records cycle {Cycle.Cycle} of campaign '{Cycle.CampaignId}'; a change set records at most one cycle."));
        }

        Cycle = cycle.Contacts is CycleContacts ? cycle : cycle with { Contacts = CycleContacts.From(cycle.Contacts) };
        return this;
    }

    private static void CheckType(IVersionedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record is not (Campaign or CrowdTask or Participant or Questionnaire or Assignment or Response))
        {
            throw new ArgumentException($"A change set cannot write a {record.GetType().Name}; it writes campaigns, tasks, participants, questionnaires, assignments and responses (notifications go through Enqueue).", nameof(record));
        }
    }
}
