using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The store shared by the relational providers: every record store over one <see cref="RelationalDatabase"/>, and
/// <see cref="CommitAsync"/> as one database transaction.
/// </summary>
internal sealed class RelationalStore
{
    public RelationalStore(RelationalDatabase db)
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
    }

    public RelationalDatabase Db { get; }

    public ICampaignStore Campaigns { get; }

    public ITaskStore Tasks { get; }

    public IParticipantStore Participants { get; }

    public IQuestionnaireStore Questionnaires { get; }

    public IAssignmentStore Assignments { get; }

    public IResponseStore Responses { get; }

    public IBeliefStore Beliefs { get; }

    public IDecisionCycleStore Cycles { get; }

    public INotificationOutbox Outbox { get; }

    /// <summary>
    /// Applies a change set in one transaction. The cycle (when there is one) is written first, with the
    /// (campaign, cycle) primary key deciding between racing instances: the loser's insert does nothing, and it returns
    /// the stored cycle without applying anything. Then the record writes in order, the notifications, the beliefs and
    /// the assessments. Any failure rolls the whole transaction back.
    /// </summary>
    public ValueTask<CommitOutcome> CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
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

                if (changes.Notifications.Count > 0)
                {
                    // Inserted in bulk; an id that was already stored is accepted only as a retry of the same content.
                    var rows = changes.Notifications.Select(NotificationRow.From).ToArray();
                    foreach (var skipped in await Db.InsertNotificationsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false))
                    {
                        await RecordTables.Notifications.InsertAsync(Db, connection, transaction, changes.Notifications[skipped], cancellationToken).ConfigureAwait(false);
                    }
                }

                if (beliefs.Length > 0)
                {
                    await Db.SaveBeliefsAsync(connection, transaction, beliefs, cancellationToken).ConfigureAwait(false);
                }

                foreach (var assessment in changes.Assessments)
                {
                    await RelationalAssignmentStore.AssessAsync(Db, connection, transaction, assessment, cancellationToken).ConfigureAwait(false);
                }

                return new CommitOutcome(true, null, records);
            },
            cancellationToken);
    }
}
