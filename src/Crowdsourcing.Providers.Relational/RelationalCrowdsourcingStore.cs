using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The store of the relational providers (<c>SqliteCrowdsourcingStore</c>, <c>PostgreSqlCrowdsourcingStore</c>): every
/// record store over one database, <see cref="CommitAsync"/> as one database transaction, and the schema applied or
/// verified before the first operation. Each provider derives from it with its options; it cannot be derived from
/// elsewhere.
/// </summary>
/// <remarks>
/// <para>
/// The semantics are the in-memory provider's (the conformance suite checks them): code-point key order with keyset
/// paging, version 1 on insert and one more per update, idempotent inserts by id (<see cref="RecordKind"/> says what
/// counts as the same content), "later week wins" for beliefs, lease-based outbox claims, and <see cref="CommitAsync"/>
/// as one transaction that records a decision cycle at most once.
/// </para>
/// <para>
/// Every record is a row holding its id, its version and its JSON, plus the columns its queries need; every value is a
/// parameter. A transaction that failed for a transient reason (a busy database, a deadlock, a serialisation failure)
/// is run again as a whole, up to the provider's <c>MaxRetries</c> option; any other failure rolls all of it back.
/// </para>
/// </remarks>
public abstract class RelationalCrowdsourcingStore : ICrowdsourcingStore, IAsyncDisposable, IDisposable
{
    internal RelationalCrowdsourcingStore(RelationalDatabase db)
    {
        Db = db;
        Campaigns = new RelationalCampaignStore(db);
        Tasks = new RelationalTaskStore(db);
        Participants = new RelationalParticipantStore(db);
        Questionnaires = new RelationalQuestionnaireStore(db);
        Assignments = new RelationalAssignmentStore(db);
        Responses = new RelationalResponseStore(db);
        Beliefs = new RelationalBeliefStore(db);
        Cycles = new RelationalDecisionCycleStore(db);
        Outbox = new RelationalNotificationOutbox(db);
        Reconciliation = new RelationalReconciliationStore(db);
        ReportReviews = new RelationalReportReviewStore(db);
    }

    /// <inheritdoc/>
    public ICampaignStore Campaigns { get; }

    /// <inheritdoc/>
    public ITaskStore Tasks { get; }

    /// <inheritdoc/>
    public IParticipantStore Participants { get; }

    /// <inheritdoc/>
    public IQuestionnaireStore Questionnaires { get; }

    /// <inheritdoc/>
    public IAssignmentStore Assignments { get; }

    /// <inheritdoc/>
    public IResponseStore Responses { get; }

    /// <inheritdoc/>
    public IBeliefStore Beliefs { get; }

    /// <inheritdoc/>
    public IDecisionCycleStore Cycles { get; }

    /// <inheritdoc/>
    public INotificationOutbox Outbox { get; }

    /// <inheritdoc/>
    public Reconciliation.IReconciliationStore Reconciliation { get; }

    /// <inheritdoc/>
    public Quality.IReportReviewStore ReportReviews { get; }

    /// <summary>The store's database: its dialect, retries and schema initialisation.</summary>
    internal RelationalDatabase Db { get; }

    /// <summary>
    /// Applies or verifies the schema as the provider's <c>Migrations</c> option says (<see cref="MigrationMode"/>),
    /// once; later calls return at once, and a failed attempt is made again by the next call. Every operation awaits it,
    /// so calling it is optional; a host calls it at start (the providers register a hosted service that does) to fail
    /// early.
    /// </summary>
    /// <exception cref="InvalidStateException">The database's schema is newer than the library's, or (with
    /// <see cref="MigrationMode.Verify"/>) older; the message says what to do.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Db.EnsureInitializedAsync(cancellationToken);

    /// <inheritdoc/>
    /// <remarks>One write transaction: the cycle first (the (campaign, cycle) primary key makes a second commit of the
    /// same cycle, also from another process or instance, apply nothing and return the stored one), then the record
    /// writes in order, the notifications and the beliefs (the dialect's bulk paths) and the assessments (an identical
    /// assessment is stored once). A transaction that failed for a transient reason is run again as a whole; any other
    /// failure rolls all of it back.</remarks>
    public ValueTask<CommitOutcome> CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var write in changes.Writes)
        {
            RecordTables.Check(write);
        }

        var beliefs = RelationalBeliefStore.Check(changes.Beliefs, nameof(changes));
        cancellationToken.ThrowIfCancellationRequested();
        if (changes.IsEmpty)
        {
            return ValueTask.FromResult(new CommitOutcome(true, null, []));
        }

        return Db.WriteAsync(
            async (connection, transaction) =>
            {
                if (changes.Cycle is not null || changes.BeliefColumns.Count > 0)
                {
                    await Db.Dialect.PrepareCompactWritesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                }

                if (changes.Cycle is { } cycle && !await RelationalDecisionCycleStore.TryRecordAsync(Db, connection, transaction, cycle, cancellationToken).ConfigureAwait(false))
                {
                    var existing = await RelationalDecisionCycleStore.FindAsync(Db, connection, transaction, cycle.CampaignId, cycle.Cycle, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Cycle {cycle.Cycle} of campaign '{cycle.CampaignId}' was neither recorded nor found.");
                    return new CommitOutcome(false, existing, []);
                }

                var records = new List<IVersionedRecord>(changes.Writes.Count);
                foreach (var write in changes.Writes)
                {
                    var table = RecordTables.For(write.Record);
                    records.Add(write.Kind == RecordWriteKind.Insert
                        ? (await table.InsertAsync(Db, connection, transaction, write.Record, cancellationToken).ConfigureAwait(false)).Stored
                        : await table.UpdateAsync(Db, connection, transaction, write.Record, cancellationToken).ConfigureAwait(false));
                }

                var notifications = changes.Notifications.ToList();
                if (changes.ContactNotifications is { } batch && changes.Cycle is { } batchCycle)
                {
                    // Written once, as a batch, unless an id may already be taken: then one by one like the others.
                    var contacts = CycleContacts.From(batchCycle.Contacts);
                    if (!await ContactBatches.TryRecordAsync(Db, connection, transaction, batchCycle, contacts, batch, cancellationToken).ConfigureAwait(false))
                    {
                        notifications.AddRange(batch.ForAll(contacts));
                    }
                }

                if (notifications.Count > 0)
                {
                    await EnqueueAsync(connection, transaction, notifications, cancellationToken).ConfigureAwait(false);
                }

                if (beliefs.Length > 0)
                {
                    await RelationalBeliefStore.SaveRowsAsync(Db, connection, transaction, beliefs, cancellationToken).ConfigureAwait(false);
                }

                foreach (var columns in changes.BeliefColumns)
                {
                    await RelationalBeliefStore.SaveColumnsAsync(Db, connection, transaction, columns, cancellationToken).ConfigureAwait(false);
                }

                foreach (var assessment in changes.Assessments)
                {
                    await RelationalAssignmentStore.AssessAsync(Db, connection, transaction, assessment, cancellationToken).ConfigureAwait(false);
                }

                foreach (var decision in changes.AnotherAnswerDecisions)
                {
                    await RelationalReconciliationStore.RecordAsync(Db, connection, transaction, decision, cancellationToken).ConfigureAwait(false);
                }

                return new CommitOutcome(true, null, records);
            },
            cancellationToken);
    }

    /// <summary>Enqueues notifications in bulk inside a commit: an id a pending contact batch holds, or that was already
    /// stored, is accepted only as a retry of the same content.</summary>
    private async ValueTask EnqueueAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, List<Notifications.Notification> notifications, CancellationToken cancellationToken)
    {
        var batches = await ContactBatches.PendingAsync(Db, connection, transaction, null, 0, cancellationToken).ConfigureAwait(false);
        if (batches.Count > 0)
        {
            var rest = new List<Notifications.Notification>(notifications.Count);
            foreach (var notification in notifications)
            {
                if (batches.Exists(b => b.Covers(notification.Id))
                    && await ContactBatches.FindPendingAsync(Db, connection, transaction, batches, notification.Id, cancellationToken).ConfigureAwait(false) is { } pending)
                {
                    if (!RecordKind.Notifications.HasSameContent(pending, notification))
                    {
                        throw new DuplicateRecordException(RecordKind.Notifications.Name, notification.Id);
                    }

                    continue;
                }

                rest.Add(notification);
            }

            notifications = rest;
        }

        var rows = notifications.Select(NotificationRow.From).ToArray();
        foreach (var skipped in await Db.Dialect.InsertNotificationsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false))
        {
            await RecordTables.Notifications.InsertAsync(Db, connection, transaction, notifications[skipped], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the store's pooled connections (SQLite: those to the database file; PostgreSQL: the store's
    /// own connection pool).</summary>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Db.DisposeAsync();
    }

    /// <summary>Releases the store's pooled connections, as <see cref="DisposeAsync"/> does.</summary>
    public void Dispose()
    {
        Db.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Throws when a provider's options are invalid, listing every failure its validator found.</summary>
    /// <exception cref="ArgumentException">There is at least one failure.</exception>
    internal static void ThrowIfInvalid(string provider, List<string> failures, string paramName)
    {
        if (failures.Count > 0)
        {
            throw new ArgumentException($"The {provider} store options are invalid: " + string.Join(" ", failures), paramName);
        }
    }
}
