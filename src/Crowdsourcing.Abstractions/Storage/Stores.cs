using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Storage;

/// <summary>
/// Create, read, update and list for one kind of versioned record.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <remarks>
/// Semantics every provider has (the conformance suite checks them):
/// <list type="bullet">
/// <item><see cref="InsertAsync"/> is idempotent by <see cref="IVersionedRecord.Id"/>: a retry with the same content
/// returns the stored record with <see cref="InsertOutcome{TRecord}.Inserted"/> false; different content throws
/// <see cref="DuplicateRecordException"/>. The stored record has version 1.</item>
/// <item><see cref="UpdateAsync"/> writes only when the record's version equals the stored one, and stores it as
/// the next version; otherwise it throws <see cref="ConcurrencyConflictException"/> and writes nothing.</item>
/// <item><see cref="ListAsync"/> yields records ordered by id in code-point order (<see cref="CodePointComparer"/>), one page at a time.</item>
/// </list>
/// </remarks>
public interface IRecordStore<TRecord>
    where TRecord : class, IVersionedRecord
{
    /// <summary>Stores a new record (version 0), or recognises a retry.</summary>
    /// <exception cref="DuplicateRecordException">The id is stored with different content.</exception>
    /// <exception cref="ArgumentException">The record's version is not 0.</exception>
    ValueTask<InsertOutcome<TRecord>> InsertAsync(TRecord record, CancellationToken cancellationToken = default);

    /// <summary>Finds a record by id.</summary>
    /// <returns>The record, or <see langword="null"/> when none has that id.</returns>
    ValueTask<TRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored record if <paramref name="record"/> carries the stored version.</summary>
    /// <returns>The stored record, with its new version.</returns>
    /// <exception cref="NotFoundException">No record has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">The stored version differs from the record's.</exception>
    ValueTask<TRecord> UpdateAsync(TRecord record, CancellationToken cancellationToken = default);

    /// <summary>Lists records ordered by id in code-point order (<see cref="CodePointComparer"/>).</summary>
    IAsyncEnumerable<TRecord> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default);
}

/// <summary>The campaigns.</summary>
public interface ICampaignStore : IRecordStore<Campaign>
{
}

/// <summary>The crowdsourced tasks.</summary>
public interface ITaskStore : IRecordStore<CrowdTask>
{
    /// <summary>Lists, ordered by id, only the tasks a participant of <paramref name="layer"/> may see.</summary>
    IAsyncEnumerable<CrowdTask> ListVisibleToAsync(CrowdLayer layer, PageRequest page = default, CancellationToken cancellationToken = default);
}

/// <summary>The crowd's participants.</summary>
public interface IParticipantStore : IRecordStore<Participant>
{
    /// <summary>Lists, ordered by id, the participants of one layer.</summary>
    IAsyncEnumerable<Participant> ListByLayerAsync(CrowdLayer layer, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, the participants holding a qualification.</summary>
    IAsyncEnumerable<Participant> ListByQualificationAsync(string qualification, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, the participants whose <see cref="Participant.ManagerId"/> is
    /// <paramref name="managerId"/> (their reports), active or not.</summary>
    /// <remarks>The default implementation reads every participant page by page; the built-in providers override it
    /// with one query (the relational ones over the <c>participants.manager_id</c> column).</remarks>
    /// <param name="managerId">The manager's participant id.</param>
    /// <param name="page">The page: after which id, and how many at most.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    async IAsyncEnumerable<Participant> ListByManagerAsync(string managerId, PageRequest page = default, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(managerId);
        var limit = page.Limit;
        var after = page.After;
        var listed = 0;
        while (listed < limit)
        {
            var count = 0;
            await foreach (var participant in ListAsync(new PageRequest(after, PageRequest.DefaultLimit), cancellationToken).ConfigureAwait(false))
            {
                count++;
                after = participant.Id;
                if (string.Equals(participant.ManagerId, managerId, StringComparison.Ordinal) && listed < limit)
                {
                    listed++;
                    yield return participant;
                }
            }

            if (count < PageRequest.DefaultLimit)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Lists the ids of the active participants (<see cref="Participant.IsActive"/>) of any of <paramref name="layers"/> who hold every qualification of
    /// <paramref name="qualifications"/>, in code-point order (<see cref="CodePointComparer"/>), without reading the
    /// records: what a decision cycle needs of a campaign's crowd.
    /// </summary>
    /// <remarks>The default implementation reads each layer's records page by page and sorts the ids; a provider should
    /// override it with one query.</remarks>
    /// <param name="layers">The layers.</param>
    /// <param name="qualifications">The qualifications every listed participant holds (none: no condition).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    async IAsyncEnumerable<string> ListIdsAsync(IReadOnlyCollection<CrowdLayer> layers, IReadOnlyList<string> qualifications, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(qualifications);
        var ids = new List<string>();
        foreach (var layer in layers.Distinct())
        {
            string? last = null;
            while (true)
            {
                var count = 0;
                await foreach (var participant in ListByLayerAsync(layer, new PageRequest(last, PageRequest.DefaultLimit), cancellationToken).ConfigureAwait(false))
                {
                    count++;
                    last = participant.Id;
                    if (participant.IsActive && qualifications.All(participant.HasQualification))
                    {
                        ids.Add(participant.Id);
                    }
                }

                if (count < PageRequest.DefaultLimit)
                {
                    break;
                }
            }
        }

        ids.Sort(CodePointComparer.Instance);
        foreach (var id in ids)
        {
            yield return id;
        }
    }

    /// <summary>
    /// Adds or updates many participants in one transaction, as an import does: a participant whose id is not stored
    /// is inserted (version 1); a stored one whose content differs (<see cref="RecordKind.HasSameContent"/>) is replaced
    /// as the next version; one with the same content is left as it is. The records' own <c>Version</c>,
    /// <c>ModifiedBy</c> and <c>ModifiedAt</c> are ignored: every write is stamped with <paramref name="modifiedBy"/>
    /// and <paramref name="modifiedAt"/>. The last import wins (no version check), as a synchronisation from a directory
    /// does.
    /// </summary>
    /// <remarks>The default implementation finds, inserts or updates each participant on its own, and is not atomic; the
    /// built-in providers override it with one transaction (the relational ones with one statement per batch and a
    /// content hash kept with each row, so that unchanged participants are skipped without being read).</remarks>
    /// <param name="participants">The participants; each id at most once.</param>
    /// <param name="modifiedBy">Who imports them.</param>
    /// <param name="modifiedAt">When.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is written when it is cancelled.</param>
    /// <returns>How many were added, updated and left unchanged.</returns>
    /// <exception cref="ArgumentException">A participant is <see langword="null"/>, an id appears twice, or <paramref name="modifiedBy"/> is empty.</exception>
    async ValueTask<UpsertCounts> UpsertAsync(IReadOnlyList<Participant> participants, string modifiedBy, DateTimeOffset modifiedAt, CancellationToken cancellationToken = default)
    {
        var checkedParticipants = UpsertCounts.Check(participants, modifiedBy);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var participant in checkedParticipants)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = await FindAsync(participant.Id, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                await InsertAsync(participant with { Version = 0, ModifiedBy = modifiedBy, ModifiedAt = modifiedAt }, cancellationToken).ConfigureAwait(false);
                added++;
            }
            else if (RecordKind.Participants.HasSameContent(stored, participant))
            {
                unchanged++;
            }
            else
            {
                await UpdateAsync(participant with { Version = stored.Version, ModifiedBy = modifiedBy, ModifiedAt = modifiedAt }, cancellationToken).ConfigureAwait(false);
                updated++;
            }
        }

        return new UpsertCounts(added, updated, unchanged);
    }
}

/// <summary>What <see cref="IParticipantStore.UpsertAsync"/> did.</summary>
/// <param name="Added">Participants inserted.</param>
/// <param name="Updated">Participants whose content changed, stored as their next version.</param>
/// <param name="Unchanged">Participants stored with the same content, left as they were.</param>
public readonly record struct UpsertCounts(int Added, int Updated, int Unchanged)
{
    /// <summary>Checks an upsert's arguments before any I/O: no null participant, no id twice, a named writer.</summary>
    /// <param name="participants">The participants.</param>
    /// <param name="modifiedBy">Who writes them.</param>
    /// <returns>The participants, copied.</returns>
    /// <exception cref="ArgumentException">A participant is <see langword="null"/>, an id appears twice, or <paramref name="modifiedBy"/> is empty.</exception>
    public static Participant[] Check(IReadOnlyList<Participant> participants, string modifiedBy)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentException.ThrowIfNullOrWhiteSpace(modifiedBy);
        var copy = new Participant[participants.Count];
        var seen = new HashSet<string>(copy.Length, StringComparer.Ordinal);
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = participants[i] ?? throw new ArgumentException($"The participants to import contain null at index {i}.", nameof(participants));
            if (!seen.Add(copy[i].Id))
            {
                throw new ArgumentException($"The participants to import name '{copy[i].Id}' more than once (again at index {i}).", nameof(participants));
            }
        }

        return copy;
    }
}

/// <summary>The questionnaires (knowledge request templates).</summary>
public interface IQuestionnaireStore : IRecordStore<Questionnaire>
{
}

/// <summary>The assignments (knowledge requests) and their quality assessments.</summary>
public interface IAssignmentStore : IRecordStore<Assignment>
{
    /// <summary>Lists, ordered by id, the assignments of a campaign.</summary>
    IAsyncEnumerable<Assignment> ListByCampaignAsync(string campaignId, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, the assignments a participant is an assignee or a delegate of.</summary>
    IAsyncEnumerable<Assignment> ListByParticipantAsync(string participantId, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>Lists an assignment's quality assessments, oldest first.</summary>
    IAsyncEnumerable<QualityAssessment> ListAssessmentsAsync(string assignmentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a knowledge request and what is kept for it alone, in one transaction: the assignment (with its
    /// delegations and feedback), its response (the drafted and submitted answers, whose id is the assignment's) and
    /// its quality assessments with their reviews (<see cref="IReportReviewStore"/>). Nothing else is touched: notifications already in the outbox stay queued (they are
    /// self-contained messages, for example the cancellation notice), decision cycles keep the reports they read, and
    /// gold answers and reliabilities are per campaign, not per request.
    /// </summary>
    /// <param name="assignmentId">The assignment's id.</param>
    /// <param name="expectedVersion">The <see cref="IVersionedRecord.Version"/> of the assignment the caller read; the
    /// delete happens only when the stored version is still this one.</param>
    /// <param name="cancellationToken">Cancels the delete; nothing is deleted then.</param>
    /// <exception cref="NotFoundException">No assignment has that id (a retry of a completed delete gets this too).</exception>
    /// <exception cref="ConcurrencyConflictException">The stored version differs from <paramref name="expectedVersion"/>; nothing is deleted.</exception>
    ValueTask DeleteAsync(string assignmentId, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the quality assessments of every assignment of a campaign made in (<paramref name="after"/>,
    /// <paramref name="until"/>], in no particular order: what a decision cycle reads as its reports.
    /// </summary>
    /// <remarks>The default implementation walks the campaign's assignments page by page and reads each one's
    /// assessments; a provider should override it with one set-based query.</remarks>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="after">Only assessments made after this time; <see langword="null"/> for no lower bound.</param>
    /// <param name="until">Only assessments made at or before this time.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    async IAsyncEnumerable<QualityAssessment> ListAssessmentsByCampaignAsync(string campaignId, DateTimeOffset? after, DateTimeOffset until, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int pageSize = 500;
        string? last = null;
        while (true)
        {
            var count = 0;
            await foreach (var assignment in ListByCampaignAsync(campaignId, new PageRequest(last, pageSize), cancellationToken).ConfigureAwait(false))
            {
                count++;
                last = assignment.Id;
                await foreach (var assessment in ListAssessmentsAsync(assignment.Id, cancellationToken).ConfigureAwait(false))
                {
                    if (assessment.AssessedAt <= until && (after is not { } a || assessment.AssessedAt > a))
                    {
                        yield return assessment;
                    }
                }
            }

            if (count < pageSize)
            {
                yield break;
            }
        }
    }
}

/// <summary>The answers given to assignments; a response's id is its assignment's id.</summary>
public interface IResponseStore : IRecordStore<Response>
{
}

/// <summary>
/// The organiser's beliefs, one per (campaign, participant). Writes are batched for whole campaigns.
/// </summary>
/// <remarks>A saved belief replaces the stored one unless the stored one is for a later week (then it is kept and the
/// write skipped), so replaying an older cycle never moves a belief backwards.</remarks>
public interface IBeliefStore
{
    /// <summary>Saves beliefs in one transaction.</summary>
    /// <returns>How many beliefs were written (those not skipped for being older than the stored ones).</returns>
    ValueTask<int> SaveAsync(IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken = default);

    /// <summary>Finds one participant's belief in a campaign.</summary>
    /// <returns>The belief, or <see langword="null"/> when none is stored.</returns>
    ValueTask<ParticipantBelief?> FindAsync(string campaignId, string participantId, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's beliefs ordered by participant id (the page's keys are participant ids).</summary>
    IAsyncEnumerable<ParticipantBelief> ListAsync(string campaignId, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads every belief of a campaign, in participant order (code point), in blocks of ids, weeks and probabilities
    /// rather than a record per belief: what a decision cycle loads into the engine. The same beliefs as
    /// <see cref="ListAsync"/>.
    /// </summary>
    /// <remarks>The block is reused: read it before asking for the next. The default implementation pages through
    /// <see cref="ListAsync"/>; a provider should override it.</remarks>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    async IAsyncEnumerable<BeliefBlock> ReadBlocksAsync(string campaignId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        var block = new BeliefBlock(PageRequest.DefaultLimit);
        string? last = null;
        while (true)
        {
            block.Clear();
            await foreach (var belief in ListAsync(campaignId, new PageRequest(last, PageRequest.DefaultLimit), cancellationToken).ConfigureAwait(false))
            {
                block.Add(belief.ParticipantId, belief.Week, belief.Probabilities is double[] array ? array : [.. belief.Probabilities]);
                last = belief.ParticipantId;
            }

            var full = block.Count == PageRequest.DefaultLimit;
            if (block.Count > 0)
            {
                yield return block;
            }

            if (!full)
            {
                yield break;
            }
        }
    }
}

/// <summary>The decision cycles each campaign has run.</summary>
/// <remarks>Cycles are recorded through <see cref="ICrowdsourcingStore.CommitAsync"/>, together with the beliefs and
/// notifications they produce, so that a cycle is stored whole or not at all.</remarks>
public interface IDecisionCycleStore
{
    /// <summary>Finds one cycle of a campaign.</summary>
    /// <returns>The record, or <see langword="null"/> when that cycle has not been recorded.</returns>
    ValueTask<DecisionCycleRecord?> FindAsync(string campaignId, int cycle, CancellationToken cancellationToken = default);

    /// <summary>Finds the latest recorded cycle of a campaign.</summary>
    /// <returns>The record, or <see langword="null"/> when the campaign has run no cycle.</returns>
    ValueTask<DecisionCycleRecord?> FindLatestAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's cycles, in cycle order.</summary>
    IAsyncEnumerable<DecisionCycleRecord> ListAsync(string campaignId, CancellationToken cancellationToken = default);
}

/// <summary>
/// The durable notification outbox. Notifications are enqueued (usually through a <see cref="ChangeSet"/>, with the
/// change that causes them), claimed by one deliverer at a time under a lease, and completed or failed.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Enqueues a notification; idempotent by its id, like <see cref="IRecordStore{TRecord}.InsertAsync"/>.</summary>
    /// <exception cref="DuplicateRecordException">The id is stored with different content.</exception>
    ValueTask<InsertOutcome<Notification>> EnqueueAsync(Notification notification, CancellationToken cancellationToken = default);

    /// <summary>Finds a notification by id.</summary>
    /// <returns>The notification, or <see langword="null"/>.</returns>
    ValueTask<Notification?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> pending notifications due at <paramref name="now"/> whose lease (if any)
    /// has expired, oldest due first, and leases them to <paramref name="leaseOwner"/> until
    /// <paramref name="now"/> + <paramref name="leaseDuration"/>. Concurrent claimers never receive the same notification
    /// while its lease holds.
    /// </summary>
    /// <returns>The claimed notifications, with their attempt counted.</returns>
    ValueTask<IReadOnlyList<Notification>> ClaimDueAsync(DateTimeOffset now, int maxCount, string leaseOwner, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed notification delivered.</summary>
    /// <exception cref="NotFoundException">No notification has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">The notification is not leased to <paramref name="leaseOwner"/> (its lease expired and another instance claimed it, or it is already completed).</exception>
    ValueTask<Notification> MarkDeliveredAsync(string id, string leaseOwner, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt (<paramref name="failure"/> says why) made at <paramref name="failedAt"/>, adding it
    /// to <see cref="Notification.History"/>: the notification is retried at <paramref name="retryAt"/>, or, when that is
    /// <see langword="null"/>, kept as a dead letter (<see cref="NotificationStatus.Failed"/>).</summary>
    /// <exception cref="NotFoundException">No notification has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">The notification is not leased to <paramref name="leaseOwner"/>.</exception>
    ValueTask<Notification> MarkFailedAsync(string id, string leaseOwner, string failure, DateTimeOffset failedAt, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renews the lease of a claimed notification right before a send: when it is still pending, leased to
    /// <paramref name="leaseOwner"/> and at <paramref name="expectedVersion"/> (nobody claimed or completed it since),
    /// its lease runs until <paramref name="now"/> + <paramref name="leaseDuration"/>. The attempt is not counted again.
    /// </summary>
    /// <returns>The notification with its renewed lease (a new version).</returns>
    /// <exception cref="NotFoundException">No notification has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">It is not pending, not leased to <paramref name="leaseOwner"/>, or
    /// not at <paramref name="expectedVersion"/>: another instance claimed it, and this one must not send it.</exception>
    ValueTask<Notification> RenewLeaseAsync(string id, string leaseOwner, long expectedVersion, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Makes a dead letter pending again, due at <paramref name="now"/> with a new retry window, keeping its
    /// attempt history.</summary>
    /// <returns>The requeued notification.</returns>
    /// <exception cref="NotFoundException">No notification has that id.</exception>
    /// <exception cref="InvalidStateException">It is not a dead letter (it is pending or delivered); nothing is changed.</exception>
    ValueTask<Notification> RequeueAsync(string id, string requeuedBy, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts the notifications by status and finds the oldest pending one's <see cref="Notification.QueuedAt"/>.</summary>
    ValueTask<OutboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the notifications in <paramref name="status"/> ordered by id (for example the dead letters).</summary>
    IAsyncEnumerable<Notification> ListAsync(NotificationStatus status, PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>Lists notifications ordered by id.</summary>
    IAsyncEnumerable<Notification> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default);
}

/// <summary>
/// A provider's whole store: every record store, and an atomic commit of several changes at once.
/// Providers register this and each store interface; host code usually asks for the one it needs.
/// </summary>
public interface ICrowdsourcingStore
{
    /// <summary>The campaigns.</summary>
    ICampaignStore Campaigns { get; }

    /// <summary>The tasks.</summary>
    ITaskStore Tasks { get; }

    /// <summary>The participants.</summary>
    IParticipantStore Participants { get; }

    /// <summary>The questionnaires.</summary>
    IQuestionnaireStore Questionnaires { get; }

    /// <summary>The assignments and their quality assessments.</summary>
    IAssignmentStore Assignments { get; }

    /// <summary>The responses.</summary>
    IResponseStore Responses { get; }

    /// <summary>The beliefs.</summary>
    IBeliefStore Beliefs { get; }

    /// <summary>The decision cycles.</summary>
    IDecisionCycleStore Cycles { get; }

    /// <summary>The notification outbox.</summary>
    INotificationOutbox Outbox { get; }

    /// <summary>Answer reconciliation: gold answers, expert reliabilities and the decisions whether to ask one more expert.</summary>
    Reconciliation.IReconciliationStore Reconciliation { get; }

    /// <summary>The analysts' reviews of readiness reports (one per report, replaced under optimistic concurrency).</summary>
    IReportReviewStore ReportReviews { get; }

    /// <summary>
    /// Applies every change of <paramref name="changes"/> in one transaction: all of them or none.
    /// </summary>
    /// <returns>Whether the change set was applied, or skipped because its cycle was already recorded.</returns>
    /// <remarks>
    /// Inserts are idempotent as in <see cref="IRecordStore{TRecord}.InsertAsync"/>; updates check versions as in
    /// <see cref="IRecordStore{TRecord}.UpdateAsync"/>; beliefs follow <see cref="IBeliefStore"/>; notifications are
    /// enqueued idempotently. When the change set records a decision cycle that is already stored, nothing is applied
    /// and the stored cycle is returned: that is how two instances running the same cycle contact each participant once.
    /// </remarks>
    /// <exception cref="ConcurrencyConflictException">An update's version is stale; nothing was applied.</exception>
    /// <exception cref="DuplicateRecordException">An insert's id is stored with different content; nothing was applied.</exception>
    /// <exception cref="NotFoundException">An update names a record that is not stored; nothing was applied.</exception>
    ValueTask<CommitOutcome> CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="ICrowdsourcingStore.CommitAsync"/> did.</summary>
/// <param name="Applied"><see langword="true"/> when the changes were applied.</param>
/// <param name="ExistingCycle">When <paramref name="Applied"/> is false: the cycle that was already recorded.</param>
/// <param name="Records">The inserted and updated records as stored (with their versions), in change-set order.</param>
public sealed record CommitOutcome(bool Applied, DecisionCycleRecord? ExistingCycle, IReadOnlyList<IVersionedRecord> Records);
