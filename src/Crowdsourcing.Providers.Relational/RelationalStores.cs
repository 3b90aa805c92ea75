using System.Buffers.Binary;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Providers.Relational;

/// <summary>Runs listing queries: one query per enumeration, streamed, honouring both cancellation tokens.</summary>
internal static class Listing
{
    public static async IAsyncEnumerable<T> QueryAsync<T>(RelationalDatabase db, string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<DbDataReader, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = db.Command(connection, null, sql);
            await using (command.ConfigureAwait(false))
            {
                foreach (var (name, value) in parameters)
                {
                    command.With(name, value);
                }

                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return read(reader);
                    }
                }
            }
        }
    }

    /// <summary>A keyset-paged query: <paramref name="where"/> filters, <paramref name="key"/> orders (ascending, code-point order by the key column's collation).</summary>
    public static IAsyncEnumerable<T> PageAsync<T>(RelationalDatabase db, string select, string where, string key, PageRequest page, List<(string Name, object? Value)> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var conditions = where;
        if (page.After is not null)
        {
            conditions = (conditions.Length == 0 ? string.Empty : conditions + " AND ") + $"{key} > @after";
            parameters.Add(("@after", page.After));
        }

        parameters.Add(("@limit", (long)page.Limit));
        var sql = $"{select}{(conditions.Length == 0 ? string.Empty : " WHERE " + conditions)} ORDER BY {key} LIMIT @limit";
        return QueryAsync(db, sql, parameters, read, cancellationToken);
    }
}

/// <summary>The relational <see cref="IRecordStore{TRecord}"/>.</summary>
internal class RelationalRecordStore<T>(RelationalDatabase db, RecordTable<T> table) : IRecordStore<T>
    where T : class, IVersionedRecord
{
    protected RelationalDatabase Db { get; } = db;

    protected RecordTable<T> Table { get; } = table;

    public async ValueTask<InsertOutcome<T>> InsertAsync(T record, CancellationToken cancellationToken = default)
    {
        Table.CheckInsert(record);
        cancellationToken.ThrowIfCancellationRequested();
        var (stored, inserted) = await Db.WriteAsync((c, tx) => Table.InsertAsync(Db, c, tx, record, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new InsertOutcome<T>(stored, inserted);
    }

    public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Db.ReadAsync(c => Table.FindAsync(Db, c, null, id, cancellationToken), cancellationToken);
    }

    public ValueTask<T> UpdateAsync(T record, CancellationToken cancellationToken = default)
    {
        Table.CheckUpdate(record);
        cancellationToken.ThrowIfCancellationRequested();
        return Db.WriteAsync((c, tx) => Table.UpdateAsync(Db, c, tx, record, cancellationToken), cancellationToken);
    }

    public IAsyncEnumerable<T> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default) =>
        List(string.Empty, page, [], cancellationToken);

    /// <summary>Lists this table's records matching <paramref name="where"/> (over its own columns), by id.</summary>
    protected IAsyncEnumerable<T> List(string where, PageRequest page, List<(string, object?)> parameters, CancellationToken cancellationToken) =>
        Listing.PageAsync(Db, $"SELECT json FROM {Table.Table}", where, "id", page, parameters, static r => RecordJson.Deserialize<T>(r.GetString(0)), cancellationToken);

    /// <summary>Lists the records whose child index holds <paramref name="value"/>, by id.</summary>
    protected IAsyncEnumerable<T> ListByChild(string value, PageRequest page, CancellationToken cancellationToken)
    {
        var children = Table.Children!;
        return Listing.PageAsync(
            Db,
            $"SELECT t.json FROM {children.Table} c JOIN {Table.Table} t ON t.id = c.{children.OwnerColumn}",
            $"c.{children.ValueColumn} = @value",
            $"c.{children.OwnerColumn}",
            page,
            [("@value", value)],
            static r => RecordJson.Deserialize<T>(r.GetString(0)),
            cancellationToken);
    }
}

internal sealed class RelationalCampaignStore(RelationalDatabase db) : RelationalRecordStore<Campaign>(db, RecordTables.Campaigns), ICampaignStore;

internal sealed class RelationalQuestionnaireStore(RelationalDatabase db) : RelationalRecordStore<Questionnaire>(db, RecordTables.Questionnaires), IQuestionnaireStore;

internal sealed class RelationalResponseStore(RelationalDatabase db) : RelationalRecordStore<Response>(db, RecordTables.Responses), IResponseStore;

internal sealed class RelationalTaskStore(RelationalDatabase db) : RelationalRecordStore<CrowdTask>(db, RecordTables.Tasks), ITaskStore
{
    public IAsyncEnumerable<CrowdTask> ListVisibleToAsync(CrowdLayer layer, PageRequest page = default, CancellationToken cancellationToken = default) =>
        List("(layers & @bit) <> 0", page, [("@bit", RecordTables.LayerBit(layer))], cancellationToken);
}

internal sealed class RelationalParticipantStore(RelationalDatabase db) : RelationalRecordStore<Participant>(db, RecordTables.Participants), IParticipantStore
{
    public IAsyncEnumerable<Participant> ListByLayerAsync(CrowdLayer layer, PageRequest page = default, CancellationToken cancellationToken = default) =>
        List("layer = @layer", page, [("@layer", (int)layer)], cancellationToken);

    public IAsyncEnumerable<Participant> ListByQualificationAsync(string qualification, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qualification);
        return ListByChild(qualification, page, cancellationToken);
    }
}

internal sealed class RelationalAssignmentStore(RelationalDatabase db) : RelationalRecordStore<Assignment>(db, RecordTables.Assignments), IAssignmentStore
{
    public IAsyncEnumerable<Assignment> ListByCampaignAsync(string campaignId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return List("campaign_id = @campaign", page, [("@campaign", campaignId)], cancellationToken);
    }

    public IAsyncEnumerable<Assignment> ListByParticipantAsync(string participantId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return ListByChild(participantId, page, cancellationToken);
    }

    public IAsyncEnumerable<QualityAssessment> ListAssessmentsAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        return Listing.QueryAsync(
            Db,
            "SELECT json FROM quality_assessments WHERE assignment_id = @assignment ORDER BY assessed_at, seq",
            [("@assignment", assignmentId)],
            static r => RecordJson.Deserialize<QualityAssessment>(r.GetString(0)),
            cancellationToken);
    }

    /// <summary>Stores an assessment unless an identical one (same JSON) is stored for its assignment.</summary>
    public static async ValueTask AssessAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, QualityAssessment assessment, CancellationToken cancellationToken)
    {
        var json = RecordJson.Serialize(assessment);
        var command = db.Command(connection, transaction, "INSERT INTO quality_assessments (assignment_id, assessed_at, fingerprint, json) VALUES (@assignment, @at, @fingerprint, @json) ON CONFLICT (assignment_id, fingerprint) DO NOTHING");
        await using (command.ConfigureAwait(false))
        {
            await command.With("@assignment", assessment.AssignmentId).With("@at", assessment.AssessedAt.UtcTicks).With("@fingerprint", RecordJson.Hash(json)).With("@json", json)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The relational <see cref="INotificationOutbox"/>: claims lock the rows they lease (skipping rows another
/// claimer holds where the database can), and every state change is a new version of the row.</summary>
internal sealed class RelationalNotificationOutbox(RelationalDatabase db) : RelationalRecordStore<Notification>(db, RecordTables.Notifications), INotificationOutbox
{
    public ValueTask<InsertOutcome<Notification>> EnqueueAsync(Notification notification, CancellationToken cancellationToken = default) =>
        InsertAsync(notification, cancellationToken);

    public ValueTask<IReadOnlyList<Notification>> ClaimDueAsync(DateTimeOffset now, int maxCount, string leaseOwner, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var sql = "SELECT json FROM notifications WHERE status = 0 AND next_attempt_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now) ORDER BY next_attempt_at, id LIMIT @limit" + Db.Dialect.ForUpdateSkipLocked;
        return Db.WriteAsync<IReadOnlyList<Notification>>(
            async (connection, transaction) =>
            {
                var due = new List<Notification>();
                var command = Db.Command(connection, transaction, sql);
                await using (command.ConfigureAwait(false))
                {
                    command.With("@now", now.UtcTicks).With("@limit", (long)maxCount);
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            due.Add(RecordJson.Deserialize<Notification>(reader.GetString(0)));
                        }
                    }
                }

                var claimed = new List<Notification>(due.Count);
                foreach (var n in due)
                {
                    var leased = n.WithClaim(leaseOwner, now, leaseDuration) with { Version = n.Version + 1 };
                    claimed.Add(await Table.OverwriteAsync(Db, connection, transaction, leased, cancellationToken).ConfigureAwait(false));
                }

                return claimed;
            },
            cancellationToken);
    }

    public ValueTask<Notification> MarkDeliveredAsync(string id, string leaseOwner, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default) =>
        CompleteAsync(id, leaseOwner, n => n.WithDelivery(leaseOwner, deliveredAt), cancellationToken);

    public ValueTask<Notification> MarkFailedAsync(string id, string leaseOwner, string failure, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(failure);
        return CompleteAsync(id, leaseOwner, n => n.WithFailure(leaseOwner, failure, retryAt), cancellationToken);
    }

    private ValueTask<Notification> CompleteAsync(string id, string leaseOwner, Func<Notification, Notification> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        cancellationToken.ThrowIfCancellationRequested();
        return Db.WriteAsync(
            async (connection, transaction) =>
            {
                var n = await Table.FindAsync(Db, connection, transaction, id, cancellationToken, forUpdate: true).ConfigureAwait(false)
                    ?? throw new NotFoundException(Table.Kind, id);
                if (n.Status != NotificationStatus.Pending || !string.Equals(n.LeaseOwner, leaseOwner, StringComparison.Ordinal))
                {
                    throw new ConcurrencyConflictException(Table.Kind, id, n.Version, n.Version, n.ModifiedBy, n.ModifiedAt);
                }

                return await Table.OverwriteAsync(Db, connection, transaction, change(n) with { Version = n.Version + 1 }, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }
}

/// <summary>The relational <see cref="IBeliefStore"/>: a row per (campaign, participant) with the week and the
/// probabilities as little-endian IEEE 754 doubles.</summary>
internal sealed class RelationalBeliefStore(RelationalDatabase db) : IBeliefStore
{
    public const string UpsertSql =
        "INSERT INTO beliefs (campaign_id, participant_id, week, probabilities) VALUES (@campaign, @participant, @week, @probabilities) " +
        "ON CONFLICT (campaign_id, participant_id) DO UPDATE SET week = excluded.week, probabilities = excluded.probabilities WHERE beliefs.week <= excluded.week";

    public ValueTask<int> SaveAsync(IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken = default)
    {
        var batch = Check(beliefs, nameof(beliefs));
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Length == 0)
        {
            return ValueTask.FromResult(0);
        }

        return db.WriteAsync((connection, transaction) => db.Dialect.SaveBeliefsAsync(connection, transaction, batch, cancellationToken), cancellationToken);
    }

    public ValueTask<ParticipantBelief?> FindAsync(string campaignId, string participantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(participantId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.ReadAsync<ParticipantBelief?>(
            async connection =>
            {
                var command = db.Command(connection, null, "SELECT campaign_id, participant_id, week, probabilities FROM beliefs WHERE campaign_id = @campaign AND participant_id = @participant");
                await using (command.ConfigureAwait(false))
                {
                    command.With("@campaign", campaignId).With("@participant", participantId);
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
                    }
                }
            },
            cancellationToken);
    }

    public IAsyncEnumerable<ParticipantBelief> ListAsync(string campaignId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Listing.PageAsync(db, "SELECT campaign_id, participant_id, week, probabilities FROM beliefs", "campaign_id = @campaign", "participant_id", page, [("@campaign", campaignId)], Read, cancellationToken);
    }

    /// <summary>Checks a batch (no nulls) and copies it, before any I/O.</summary>
    public static ParticipantBelief[] Check(IReadOnlyList<ParticipantBelief> beliefs, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(beliefs, parameterName);
        var copy = new ParticipantBelief[beliefs.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = beliefs[i] ?? throw new ArgumentException($"The beliefs to save contain null at index {i}.", parameterName);
        }

        return copy;
    }

    public static byte[] Encode(IReadOnlyList<double> probabilities)
    {
        var bytes = new byte[probabilities.Count * sizeof(double)];
        for (var i = 0; i < probabilities.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), probabilities[i]);
        }

        return bytes;
    }

    public static double[] Decode(byte[] bytes)
    {
        var values = new double[bytes.Length / sizeof(double)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)));
        }

        return values;
    }

    private static ParticipantBelief Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), Decode((byte[])reader.GetValue(3)));
}

/// <summary>The relational <see cref="IDecisionCycleStore"/>: a row per (campaign, cycle) holding the record's JSON.</summary>
internal sealed class RelationalDecisionCycleStore(RelationalDatabase db) : IDecisionCycleStore
{
    public ValueTask<DecisionCycleRecord?> FindAsync(string campaignId, int cycle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.ReadAsync(c => FindAsync(db, c, null, campaignId, cycle, cancellationToken), cancellationToken);
    }

    public ValueTask<DecisionCycleRecord?> FindLatestAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.ReadAsync<DecisionCycleRecord?>(
            async connection =>
            {
                var command = db.Command(connection, null, "SELECT json FROM decision_cycles WHERE campaign_id = @campaign ORDER BY cycle DESC LIMIT 1");
                await using (command.ConfigureAwait(false))
                {
                    var json = await command.With("@campaign", campaignId).ScalarStringAsync(cancellationToken).ConfigureAwait(false);
                    return json is null ? null : RecordJson.Deserialize<DecisionCycleRecord>(json);
                }
            },
            cancellationToken);
    }

    public IAsyncEnumerable<DecisionCycleRecord> ListAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Listing.QueryAsync(
            db,
            "SELECT json FROM decision_cycles WHERE campaign_id = @campaign ORDER BY cycle",
            [("@campaign", campaignId)],
            static r => RecordJson.Deserialize<DecisionCycleRecord>(r.GetString(0)),
            cancellationToken);
    }

    public static async ValueTask<DecisionCycleRecord?> FindAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaignId, int cycle, CancellationToken cancellationToken)
    {
        var command = db.Command(connection, transaction, "SELECT json FROM decision_cycles WHERE campaign_id = @campaign AND cycle = @cycle");
        await using (command.ConfigureAwait(false))
        {
            var json = await command.With("@campaign", campaignId).With("@cycle", cycle).ScalarStringAsync(cancellationToken).ConfigureAwait(false);
            return json is null ? null : RecordJson.Deserialize<DecisionCycleRecord>(json);
        }
    }

    /// <summary>Records a cycle unless (campaign, cycle) is already stored; the primary key decides, also between racing instances.</summary>
    /// <returns><see langword="true"/> when this call recorded it.</returns>
    public static async ValueTask<bool> TryRecordAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, DecisionCycleRecord cycle, CancellationToken cancellationToken)
    {
        var command = db.Command(connection, transaction, "INSERT INTO decision_cycles (campaign_id, cycle, json) VALUES (@campaign, @cycle, @json) ON CONFLICT (campaign_id, cycle) DO NOTHING");
        await using (command.ConfigureAwait(false))
        {
            return await command.With("@campaign", cycle.CampaignId).With("@cycle", cycle.Cycle).With("@json", RecordJson.Serialize(cycle))
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }
}
