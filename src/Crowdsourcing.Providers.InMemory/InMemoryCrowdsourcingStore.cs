using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Providers.InMemory.Internal;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Providers.InMemory;

/// <summary>
/// A <see cref="ICrowdsourcingStore"/> that keeps everything in the memory of one process: for tests and for
/// single-process hosts that do not need their data to survive a restart. Register it with
/// <c>builder.UseInMemoryStore()</c>.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe: every operation runs under one lock, so each is atomic and operations are serialised as a database
/// with serialisable transactions would serialise them. It gives the semantics the conformance suite checks for every
/// provider: listings in code-point key order (<see cref="CodePointComparer"/>) with keyset paging, version 1 on insert and one more on every update,
/// <see cref="ConcurrencyConflictException"/> for a stale update, <see cref="NotFoundException"/> for an update of
/// a missing record, idempotent inserts by id, "later week wins" for beliefs, lease-based claims in the outbox, and
/// all-or-nothing <see cref="CommitAsync"/>.
/// </para>
/// <para>
/// Idempotent inserts compare content as every provider does (<see cref="RecordKind"/>): the JSON of the record with
/// <see cref="IVersionedRecord.Version"/>, <see cref="IVersionedRecord.ModifiedBy"/> and
/// <see cref="IVersionedRecord.ModifiedAt"/> left out (for notifications also the delivery state), against the record
/// as stored now. A retry that differs only in those fields returns the stored record unchanged.
/// </para>
/// <para>
/// Records are copied on the way in and on the way out: nothing a caller holds shares state with the store. Every
/// member throws <see cref="OperationCanceledException"/> for a cancelled token before it changes anything; listings
/// take their snapshot when enumeration starts and check the token before each item.
/// </para>
/// <para>Not shared between processes and not durable: use the SQLite or PostgreSQL provider for that.</para>
/// </remarks>
public sealed class InMemoryCrowdsourcingStore : ICrowdsourcingStore
{
    private readonly Lock _gate = new();
    private readonly InMemoryCampaignStore _campaigns;
    private readonly InMemoryTaskStore _tasks;
    private readonly InMemoryParticipantStore _participants;
    private readonly InMemoryQuestionnaireStore _questionnaires;
    private readonly InMemoryAssignmentStore _assignments;
    private readonly InMemoryResponseStore _responses;
    private readonly InMemoryBeliefStore _beliefStore;
    private readonly InMemoryDecisionCycleStore _cycleStore;
    private readonly InMemoryNotificationOutbox _outbox;
    private readonly InMemoryReconciliationStore _reconciliation;
    private readonly InMemoryReportReviewStore _reviews;
    private readonly AssessmentTable _assessments = new();
    private readonly ReportReviewTable _reviewRows = new();
    private readonly BeliefTable _beliefs = new();
    private readonly CycleTable _cycles = new();

    /// <summary>How a change set's record write is prepared, by the record's kind (notifications are enqueued apart).</summary>
    private readonly Dictionary<RecordKind, Func<RecordWrite, PreparedWrite>> _writers;

    /// <summary>Creates an empty store.</summary>
    public InMemoryCrowdsourcingStore()
    {
        _campaigns = new InMemoryCampaignStore(_gate, new RecordTable<Campaigns.Campaign>(RecordKind.Campaigns, RecordCopies.Campaign));
        _tasks = new InMemoryTaskStore(_gate, new RecordTable<CrowdTask>(RecordKind.Tasks, RecordCopies.Task));
        _participants = new InMemoryParticipantStore(_gate, new RecordTable<Participant>(RecordKind.Participants, RecordCopies.Participant));
        _questionnaires = new InMemoryQuestionnaireStore(_gate, new RecordTable<Questionnaire>(RecordKind.Questionnaires, RecordCopies.Questionnaire));
        var responses = new RecordTable<Response>(RecordKind.Responses, RecordCopies.Response);
        var assignments = new RecordTable<Assignment>(RecordKind.Assignments, RecordCopies.Assignment);
        _assignments = new InMemoryAssignmentStore(_gate, assignments, _assessments, responses, _reviewRows);
        _responses = new InMemoryResponseStore(_gate, responses);
        _beliefStore = new InMemoryBeliefStore(_gate, _beliefs);
        _cycleStore = new InMemoryDecisionCycleStore(_gate, _cycles);
        _reconciliation = new InMemoryReconciliationStore(_gate);
        _reviews = new InMemoryReportReviewStore(_gate, assignments, _assessments, _reviewRows);
        _outbox = new InMemoryNotificationOutbox(_gate, new RecordTable<Notifications.Notification>(RecordKind.Notifications, RecordCopies.Notification));
        _writers = new Dictionary<RecordKind, Func<RecordWrite, PreparedWrite>>
        {
            [RecordKind.Campaigns] = Writer(_campaigns),
            [RecordKind.Tasks] = Writer(_tasks),
            [RecordKind.Participants] = Writer(_participants),
            [RecordKind.Questionnaires] = Writer(_questionnaires),
            [RecordKind.Assignments] = Writer(_assignments),
            [RecordKind.Responses] = Writer(_responses),
        };
    }

    /// <inheritdoc/>
    public ICampaignStore Campaigns => _campaigns;

    /// <inheritdoc/>
    public ITaskStore Tasks => _tasks;

    /// <inheritdoc/>
    public IParticipantStore Participants => _participants;

    /// <inheritdoc/>
    public IQuestionnaireStore Questionnaires => _questionnaires;

    /// <inheritdoc/>
    public IAssignmentStore Assignments => _assignments;

    /// <inheritdoc/>
    public IResponseStore Responses => _responses;

    /// <inheritdoc/>
    public IBeliefStore Beliefs => _beliefStore;

    /// <inheritdoc/>
    public IDecisionCycleStore Cycles => _cycleStore;

    /// <inheritdoc/>
    public INotificationOutbox Outbox => _outbox;

    /// <inheritdoc/>
    public Reconciliation.IReconciliationStore Reconciliation => _reconciliation;

    /// <inheritdoc/>
    public Quality.IReportReviewStore ReportReviews => _reviews;

    /// <inheritdoc/>
    /// <remarks>
    /// Every write is checked first (versions, duplicates, missing records), against the stored rows and the writes
    /// before it in the same change set; only when all pass is anything applied, under one lock. A change set whose
    /// cycle is already recorded applies nothing and returns that cycle, whatever else it holds. An assessment identical
    /// to one already stored for its assignment is stored once.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing was applied.</exception>
    public ValueTask<CommitOutcome> CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();

        var writes = new List<PreparedWrite>(changes.Writes.Count);
        foreach (var write in changes.Writes)
        {
            writes.Add(Prepare(write));
        }

        var notifications = new List<PreparedWrite>(changes.Notifications.Count);
        foreach (var notification in changes.Notifications)
        {
            notifications.Add(PreparedWrite.Insert(_outbox, notification));
        }

        // A cycle's contact notifications are enqueued one by one here: the in-memory store has no compact form to gain.
        if (changes.ContactNotifications is { } batch && changes.Cycle is { } batchCycle)
        {
            foreach (var notification in batch.ForAll(CycleContacts.From(batchCycle.Contacts)))
            {
                notifications.Add(PreparedWrite.Insert(_outbox, notification));
            }
        }

        var beliefs = BeliefTable.Prepare(changes.Beliefs, nameof(changes));
        if (changes.BeliefColumns.Count > 0)
        {
            var all = new List<ParticipantBelief>(beliefs);
            foreach (var columns in changes.BeliefColumns)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    all.Add(columns.ToBelief(i));
                }
            }

            beliefs = [.. all];
        }
        var assessments = changes.Assessments.Select(AssessmentTable.Prepare).ToList();
        var cycle = changes.Cycle is null ? null : CycleTable.Copy(changes.Cycle);

        var stored = new List<Func<IVersionedRecord>>(writes.Count);
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cycle is not null && _cycles.Find(cycle.CampaignId, cycle.Cycle) is { } existing)
            {
                return ValueTask.FromResult(new CommitOutcome(false, CycleTable.Copy(existing), []));
            }

            // Check everything; the tables are not touched until every check passed.
            var staged = new StagedWrites();
            foreach (var write in writes)
            {
                stored.Add(write.Stage(staged));
            }

            foreach (var notification in notifications)
            {
                notification.Stage(staged);
            }

            var decisions = _reconciliation.StageDecisions(changes.AnotherAnswerDecisions);
            var (beliefWrites, _) = _beliefs.Plan(beliefs);
            var newAssessments = new List<(Quality.QualityAssessment Assessment, string Json)>();
            foreach (var assessment in assessments)
            {
                if (!_assessments.Contains(assessment) && !newAssessments.Exists(a => string.Equals(a.Json, assessment.Json, StringComparison.Ordinal)))
                {
                    newAssessments.Add(assessment);
                }
            }

            // Apply: nothing below can fail.
            staged.Apply();
            foreach (var belief in beliefWrites)
            {
                _beliefs.Set(belief);
            }

            foreach (var assessment in newAssessments)
            {
                _assessments.Add(assessment);
            }

            if (cycle is not null)
            {
                _cycles.Add(cycle);
            }

            _reconciliation.AddDecisions(decisions);
        }

        return ValueTask.FromResult(new CommitOutcome(true, null, stored.ConvertAll(copy => copy())));
    }

    private PreparedWrite Prepare(RecordWrite write) =>
        _writers.TryGetValue(RecordKind.Of(write.Record), out var writer)
            ? writer(write)
            : throw new ArgumentException($"A change set cannot write a {write.Record.GetType().Name}; the in-memory store keeps campaigns, tasks, participants, questionnaires, assignments and responses.", nameof(write));

    private static Func<RecordWrite, PreparedWrite> Writer<T>(InMemoryRecordStore<T> store)
        where T : class, IVersionedRecord =>
        write => write.Kind == RecordWriteKind.Insert ? PreparedWrite.Insert(store, (T)write.Record) : PreparedWrite.Update(store, (T)write.Record);
}
