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
            await foreach (var item in ReadAsync(db.Dialect, connection, sql, parameters, read, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    /// <summary>Runs a query on an open connection and streams its rows.</summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(RelationalDialect dialect, DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<DbDataReader, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = dialect.Command(connection, null, sql);
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

    public virtual ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
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

    public virtual IAsyncEnumerable<T> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default) =>
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

    public IAsyncEnumerable<Participant> ListByManagerAsync(string managerId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(managerId);
        return List("manager_id = @manager", page, [("@manager", managerId)], cancellationToken);
    }

    public IAsyncEnumerable<Participant> ListByQualificationAsync(string qualification, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qualification);
        return ListByChild(qualification, page, cancellationToken);
    }

    /// <summary>One query over the id, layer and qualification indexes; no record is read.</summary>
    public IAsyncEnumerable<string> ListIdsAsync(IReadOnlyCollection<CrowdLayer> layers, IReadOnlyList<string> qualifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(qualifications);
        var distinct = layers.Distinct().ToList();
        if (distinct.Count == 0)
        {
            return AsyncEnumerable.Empty<string>();
        }

        var parameters = new List<(string, object?)>();
        var inList = string.Join(", ", distinct.Select((layer, i) =>
        {
            parameters.Add(($"@layer{i}", (int)layer));
            return $"@layer{i}";
        }));
        var conditions = string.Concat(qualifications.Distinct(StringComparer.Ordinal).Select((q, i) =>
        {
            parameters.Add(($"@q{i}", q));
            return $" AND EXISTS (SELECT 1 FROM participant_qualifications q WHERE q.participant_id = participants.id AND q.qualification = @q{i})";
        }));
        return ReadIdsAsync($"SELECT id FROM participants WHERE layer IN ({inList}) AND active = 1{conditions} ORDER BY id", parameters, cancellationToken);
    }

    /// <summary>The ids a query selects, read the dialect's way (<see cref="RelationalDialect.ReadIdsAsync"/>).</summary>
    private async IAsyncEnumerable<string> ReadIdsAsync(string sql, List<(string Name, object? Value)> parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await Db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await foreach (var id in Db.Dialect.ReadIdsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false))
            {
                yield return id;
            }
        }
    }

    /// <summary>
    /// One transaction in three passes over batches of <see cref="UpsertBatch"/> participants, each pass reading or
    /// writing one batch while the next one's hashes or rows are computed on the other cores:
    /// <list type="number">
    /// <item>one statement per batch reads the stored versions and content hashes (no lock), and the participants that
    /// are stored are hashed and compared: the same hash is unchanged and is neither written nor locked;</item>
    /// <item>where writers run concurrently, one statement per batch locks the changed rows and reads them again, so
    /// that their new version follows the one stored when they are written;</item>
    /// <item>the dialect's bulk path writes the new and changed rows. A new participant's JSON is serialised once (its
    /// content hash comes from the same bytes: <see cref="NewParticipantRows"/>).</item>
    /// </list>
    /// Rows written by schema version 1 (no hash) are compared by their JSON once and get their hash.
    /// </summary>
    public ValueTask<UpsertCounts> UpsertAsync(IReadOnlyList<Participant> participants, string modifiedBy, DateTimeOffset modifiedAt, CancellationToken cancellationToken = default)
    {
        var batch = UpsertCounts.Check(participants, modifiedBy);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Length == 0)
        {
            return ValueTask.FromResult(default(UpsertCounts));
        }

        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        var newRows = new NewParticipantRows(modifiedBy, modifiedAt);
        return Db.WriteAsync(
            async (connection, transaction) =>
            {
                // Per participant: the version to write (1: new; 0: unchanged), the stored state, and the content hash
                // of a stored one (a new one's comes with its row).
                var versions = new long[batch.Length];
                var storedHashes = new string?[batch.Length];
                var hashes = new string?[batch.Length];

                // 1. Stored states, batch by batch; the stored participants of a batch are hashed while the next
                // batch's states are read.
                await ReadThenProcessAsync(
                    batch.Length,
                    async (start, count) =>
                    {
                        var ids = new string[count];
                        for (var i = 0; i < count; i++)
                        {
                            ids[i] = batch[start + i].Id;
                        }

                        return await Db.Dialect.ReadParticipantStatesAsync(connection, transaction, ids, lockRows: false, cancellationToken).ConfigureAwait(false);
                    },
                    (start, count, stored) => Parallel.For(start, start + count, parallel, i =>
                    {
                        if (stored.TryGetValue(batch[i].Id, out var state))
                        {
                            hashes[i] = RecordTables.ContentHash(batch[i]);
                            storedHashes[i] = state.Hash;
                            versions[i] = string.Equals(state.Hash, hashes[i], StringComparison.Ordinal) ? 0 : state.Version + 1;
                        }
                        else
                        {
                            versions[i] = 1;
                        }
                    }),
                    cancellationToken).ConfigureAwait(false);

                // 2. The changed rows: locked and read again where other writers can run meanwhile (PostgreSQL).
                if (Db.Dialect.ConcurrentWriters)
                {
                    var changed = new List<int>();
                    for (var i = 0; i < batch.Length; i++)
                    {
                        if (versions[i] > 1)
                        {
                            changed.Add(i);
                        }
                    }

                    for (var start = 0; start < changed.Count; start += UpsertBatch)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var slice = changed.GetRange(start, Math.Min(UpsertBatch, changed.Count - start));
                        var locked = await Db.Dialect.ReadParticipantStatesAsync(connection, transaction, [.. slice.Select(i => batch[i].Id)], lockRows: true, cancellationToken).ConfigureAwait(false);
                        foreach (var i in slice)
                        {
                            if (locked.TryGetValue(batch[i].Id, out var state))
                            {
                                storedHashes[i] = state.Hash;
                                versions[i] = string.Equals(state.Hash, hashes[i], StringComparison.Ordinal) ? 0 : state.Version + 1;
                            }
                            else
                            {
                                versions[i] = 1;
                            }
                        }
                    }
                }

                int added = 0, updated = 0, unchanged = 0;
                for (var i = 0; i < batch.Length; i++)
                {
                    if (versions[i] > 1 && storedHashes[i] is null && await SameAsStoredAsync(connection, transaction, batch[i], hashes[i]!, cancellationToken).ConfigureAwait(false))
                    {
                        versions[i] = 0;
                    }

                    _ = versions[i] switch
                    {
                        0 => unchanged++,
                        1 => added++,
                        _ => updated++,
                    };
                }

                // 3. The rows, batch by batch: a batch is written while the next one's rows are made.
                await MakeThenWriteAsync(
                    batch.Length,
                    (start, count) =>
                    {
                        var rows = new ParticipantRow?[count];
                        Parallel.For(0, count, parallel, k =>
                        {
                            var i = start + k;
                            rows[k] = versions[i] switch
                            {
                                0 => null,
                                1 => newRows.Create(batch[i]),
                                _ => Changed(batch[i] with { Version = versions[i], ModifiedBy = modifiedBy, ModifiedAt = modifiedAt }, hashes[i]!),
                            };
                        });
                        return rows;
                    },
                    async (rows, cancellation) =>
                    {
                        var write = new List<ParticipantRow>(rows.Length);
                        var changedOwners = new List<string>();
                        foreach (var row in rows)
                        {
                            if (row is { } r)
                            {
                                write.Add(r);
                                if (r.Record.Version > 1)
                                {
                                    changedOwners.Add(r.Record.Id);
                                }
                            }
                        }

                        if (write.Count > 0)
                        {
                            await Db.Dialect.WriteParticipantsAsync(connection, transaction, write, changedOwners, cancellation).ConfigureAwait(false);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);

                return new UpsertCounts(added, updated, unchanged);
            },
            cancellationToken);

        static ParticipantRow Changed(Participant record, string hash) => new(record, RecordJson.Serialize(record), hash);
    }

    /// <summary>Reads batch after batch of <paramref name="total"/> items (on the caller: a statement each) and
    /// processes each batch on the thread pool while the next one is read.</summary>
    private static async ValueTask ReadThenProcessAsync<T>(int total, Func<int, int, ValueTask<T>> read, Action<int, int, T> process, CancellationToken cancellationToken)
    {
        Task? pending = null;
        try
        {
            for (var start = 0; start < total; start += UpsertBatch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(UpsertBatch, total - start);
                var value = await read(start, count).ConfigureAwait(false);
                if (pending is not null)
                {
                    await pending.ConfigureAwait(false);
                }

                var (s, c) = (start, count);
                pending = Task.Run(() => process(s, c, value), cancellationToken);
            }

            if (pending is not null)
            {
                await pending.ConfigureAwait(false);
                pending = null;
            }
        }
        finally
        {
            if (pending is not null)
            {
                await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Makes batch after batch of <paramref name="total"/> items on the thread pool and writes each (on the
    /// caller: statements) while the next one is made.</summary>
    private static async ValueTask MakeThenWriteAsync<T>(int total, Func<int, int, T> make, Func<T, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        var current = Task.Run(() => make(0, Math.Min(UpsertBatch, total)), cancellationToken);
        Task<T>? next = current;
        try
        {
            for (var start = 0; start < total; start += UpsertBatch)
            {
                var made = await current.ConfigureAwait(false);
                next = null;
                var following = start + UpsertBatch;
                if (following < total)
                {
                    current = Task.Run(() => make(following, Math.Min(UpsertBatch, total - following)), cancellationToken);
                    next = current;
                }

                cancellationToken.ThrowIfCancellationRequested();
                await write(made, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (next is not null)
            {
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Participants per statement of <see cref="UpsertAsync"/>.</summary>
    public const int UpsertBatch = 5000;

    /// <summary>Whether a row without a content hash (written by schema version 1) has <paramref name="participant"/>'s
    /// content; if so its hash is stored, so that the next import skips it without reading it.</summary>
    private async ValueTask<bool> SameAsStoredAsync(DbConnection connection, DbTransaction transaction, Participant participant, string hash, CancellationToken cancellationToken)
    {
        var stored = await Table.FindAsync(Db, connection, transaction, participant.Id, cancellationToken).ConfigureAwait(false);
        if (stored is null || !RecordKind.Participants.HasSameContent(stored, participant))
        {
            return false;
        }

        var command = Db.Command(connection, transaction, "UPDATE participants SET content_hash = @hash WHERE id = @id");
        await using (command.ConfigureAwait(false))
        {
            await command.With("@hash", hash).With("@id", participant.Id).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}

/// <summary>A participant ready to write: the record at its new version, its JSON and its content hash.</summary>
internal readonly record struct ParticipantRow(Participant Record, string Json, string ContentHash);

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

    /// <summary>Deletes the assignment, its contributor index, its response, its assessments and their reviews in one transaction,
    /// after checking the version of the row it locked.</summary>
    public async ValueTask DeleteAsync(string assignmentId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        cancellationToken.ThrowIfCancellationRequested();
        await Db.WriteAsync(
            async (connection, transaction) =>
            {
                var stored = await Table.FindAsync(Db, connection, transaction, assignmentId, cancellationToken, forUpdate: true).ConfigureAwait(false)
                    ?? throw new NotFoundException(Table.Kind, assignmentId);
                if (stored.Version != expectedVersion)
                {
                    throw new ConcurrencyConflictException(Table.Kind, assignmentId, expectedVersion, stored.Version, stored.ModifiedBy, stored.ModifiedAt);
                }

                string[] statements =
                [
                    "DELETE FROM assignment_contributors WHERE assignment_id = @id",
                    "DELETE FROM report_reviews WHERE assignment_id = @id",
                    "DELETE FROM quality_assessments WHERE assignment_id = @id",
                    "DELETE FROM responses WHERE id = @id",
                    "DELETE FROM assignments WHERE id = @id",
                ];
                foreach (var sql in statements)
                {
                    var command = Db.Command(connection, transaction, sql);
                    await using (command.ConfigureAwait(false))
                    {
                        await command.With("@id", assignmentId).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One query: the campaign's assignments joined with their assessments in the window.</summary>
    public IAsyncEnumerable<QualityAssessment> ListAssessmentsByCampaignAsync(string campaignId, DateTimeOffset? after, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        List<(string, object?)> parameters = [("@campaign", campaignId), ("@until", until.UtcTicks)];
        if (after is { } a)
        {
            parameters.Add(("@after", a.UtcTicks));
        }

        return Listing.QueryAsync(
            Db,
            "SELECT q.json FROM quality_assessments q JOIN assignments a ON a.id = q.assignment_id WHERE a.campaign_id = @campaign AND q.assessed_at <= @until" + (after is null ? string.Empty : " AND q.assessed_at > @after"),
            parameters,
            static r => RecordJson.Deserialize<QualityAssessment>(r.GetString(0)),
            cancellationToken);
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
/// claimer holds where the database can), and every state change is a new version of the row. A decision cycle's
/// contact notifications are kept as one batch (<see cref="ContactBatches"/>) until they are claimed; every operation
/// sees them as if each had been enqueued on its own.</summary>
internal sealed class RelationalNotificationOutbox(RelationalDatabase db) : RelationalRecordStore<Notification>(db, RecordTables.Notifications), INotificationOutbox
{
    private const string InsertClaimedSql = "INSERT INTO notifications (id, version, json, status, next_attempt_at, lease_expires_at) VALUES (@id, @version, @json, @status, @next, @lease)";

    public ValueTask<InsertOutcome<Notification>> EnqueueAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        Table.CheckInsert(notification);
        cancellationToken.ThrowIfCancellationRequested();
        return Db.WriteAsync(
            async (connection, transaction) =>
            {
                var batches = await ContactBatches.PendingAsync(Db, connection, transaction, null, 0, cancellationToken).ConfigureAwait(false);
                if (await ContactBatches.FindPendingAsync(Db, connection, transaction, batches, notification.Id, cancellationToken).ConfigureAwait(false) is { } pending)
                {
                    return RecordKind.Notifications.HasSameContent(pending, notification)
                        ? new InsertOutcome<Notification>(pending, false)
                        : throw new DuplicateRecordException(Table.Kind, notification.Id);
                }

                var (stored, inserted) = await Table.InsertAsync(Db, connection, transaction, notification, cancellationToken).ConfigureAwait(false);
                return new InsertOutcome<Notification>(stored, inserted);
            },
            cancellationToken);
    }

    public override ValueTask<Notification?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Db.ReadAsync(
            async connection =>
            {
                var row = await Table.FindAsync(Db, connection, null, id, cancellationToken).ConfigureAwait(false);
                if (row is not null)
                {
                    return row;
                }

                var batches = await ContactBatches.PendingAsync(Db, connection, null, null, 0, cancellationToken).ConfigureAwait(false);
                return await ContactBatches.FindPendingAsync(Db, connection, null, batches, id, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public override async IAsyncEnumerable<Notification> ListAsync(PageRequest page = default, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limit = page.Limit;
        var items = await Db.ReadAsync(
            async connection =>
            {
                var merged = new List<Notification>();
                var sql = "SELECT json FROM notifications" + (page.After is null ? string.Empty : " WHERE id > @after") + " ORDER BY id LIMIT @limit";
                var command = Db.Command(connection, null, sql);
                await using (command.ConfigureAwait(false))
                {
                    command.With("@limit", (long)limit);
                    if (page.After is not null)
                    {
                        command.With("@after", page.After);
                    }

                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            merged.Add(RecordJson.Deserialize<Notification>(reader.GetString(0)));
                        }
                    }
                }

                foreach (var batch in await ContactBatches.PendingAsync(Db, connection, null, null, 0, cancellationToken).ConfigureAwait(false))
                {
                    var start = await ContactBatches.StartAfterAsync(Db, connection, null, batch, page.After, cancellationToken).ConfigureAwait(false);
                    merged.AddRange(await ContactBatches.TakeAsync(Db, connection, null, batch, start, limit, cancellationToken).ConfigureAwait(false));
                }

                merged.Sort((a, b) => CodePointComparer.Instance.Compare(a.Id, b.Id));
                if (merged.Count > limit)
                {
                    merged.RemoveRange(limit, merged.Count - limit);
                }

                return merged;
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

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
                // Candidates: the due rows and the due batches' next pending contacts, each in (due, id) order.
                var candidates = new List<(Notification Notification, ContactBatchRow? Batch)>();
                var command = Db.Command(connection, transaction, sql);
                await using (command.ConfigureAwait(false))
                {
                    command.With("@now", now.UtcTicks).With("@limit", (long)maxCount);
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            candidates.Add((RecordJson.Deserialize<Notification>(reader.GetString(0)), null));
                        }
                    }
                }

                foreach (var batch in await ContactBatches.PendingAsync(Db, connection, transaction, now, maxCount, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var pending in await ContactBatches.TakeAsync(Db, connection, transaction, batch, batch.Claimed, maxCount, cancellationToken).ConfigureAwait(false))
                    {
                        candidates.Add((pending, batch));
                    }
                }

                candidates.Sort((a, b) => a.Notification.NextAttemptAt.UtcTicks != b.Notification.NextAttemptAt.UtcTicks
                    ? a.Notification.NextAttemptAt.UtcTicks.CompareTo(b.Notification.NextAttemptAt.UtcTicks)
                    : CodePointComparer.Instance.Compare(a.Notification.Id, b.Notification.Id));
                if (candidates.Count > maxCount)
                {
                    candidates.RemoveRange(maxCount, candidates.Count - maxCount);
                }

                var claimed = new List<Notification>(candidates.Count);
                var fromBatches = new Dictionary<ContactBatchRow, int>();
                DbCommand? insert = null;
                try
                {
                    foreach (var (n, batch) in candidates)
                    {
                        var leased = n.WithClaim(leaseOwner, now, leaseDuration) with { Version = n.Version + 1 };
                        if (batch is null)
                        {
                            claimed.Add(await Table.OverwriteAsync(Db, connection, transaction, leased, cancellationToken).ConfigureAwait(false));
                            continue;
                        }

                        // A batch's contact becomes a row of its own as it is claimed.
                        fromBatches[batch] = fromBatches.GetValueOrDefault(batch) + 1;
                        if (insert is null)
                        {
                            insert = Db.Command(connection, transaction, InsertClaimedSql);
                            insert.With("@id", string.Empty).With("@version", 0L).With("@json", string.Empty).With("@status", 0).With("@next", 0L).With("@lease", 0L);
                        }

                        var json = RecordJson.Serialize(leased);
                        insert.Parameters["@id"].Value = leased.Id;
                        insert.Parameters["@version"].Value = leased.Version;
                        insert.Parameters["@json"].Value = json;
                        insert.Parameters["@status"].Value = (int)leased.Status;
                        insert.Parameters["@next"].Value = leased.NextAttemptAt.UtcTicks;
                        insert.Parameters["@lease"].Value = leased.LeaseExpiresAt!.Value.UtcTicks;
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        claimed.Add(RecordJson.Deserialize<Notification>(json));
                    }
                }
                finally
                {
                    if (insert is not null)
                    {
                        await insert.DisposeAsync().ConfigureAwait(false);
                    }
                }

                foreach (var (batch, count) in fromBatches)
                {
                    await ContactBatches.AdvanceAsync(Db, connection, transaction, batch, count, cancellationToken).ConfigureAwait(false);
                }

                return claimed;
            },
            cancellationToken);
    }

    public ValueTask<Notification> MarkDeliveredAsync(string id, string leaseOwner, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default) =>
        CompleteAsync(id, leaseOwner, null, n => n.WithDelivery(leaseOwner, deliveredAt), cancellationToken);

    public ValueTask<Notification> MarkFailedAsync(string id, string leaseOwner, string failure, DateTimeOffset failedAt, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(failure);
        return CompleteAsync(id, leaseOwner, null, n => n.WithFailure(leaseOwner, failure, failedAt, retryAt), cancellationToken);
    }

    public ValueTask<Notification> RenewLeaseAsync(string id, string leaseOwner, long expectedVersion, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        return CompleteAsync(id, leaseOwner, expectedVersion, n => n.WithRenewedLease(leaseOwner, now, leaseDuration), cancellationToken);
    }

    public ValueTask<Notification> RequeueAsync(string id, string requeuedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(requeuedBy);
        cancellationToken.ThrowIfCancellationRequested();
        return Db.WriteAsync(
            async (connection, transaction) =>
            {
                var n = await Table.FindAsync(Db, connection, transaction, id, cancellationToken, forUpdate: true).ConfigureAwait(false)
                    ?? throw new NotFoundException(Table.Kind, id);
                return await Table.OverwriteAsync(Db, connection, transaction, n.WithRequeue(requeuedBy, now) with { Version = n.Version + 1 }, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public ValueTask<OutboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Db.ReadAsync(
            async connection =>
            {
                long pending = 0, delivered = 0, failed = 0;
                var counts = Db.Command(connection, null, "SELECT status, COUNT(*) FROM notifications GROUP BY status");
                await using (counts.ConfigureAwait(false))
                {
                    var reader = await counts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var count = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                            switch ((NotificationStatus)Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture))
                            {
                                case NotificationStatus.Pending: pending = count; break;
                                case NotificationStatus.Delivered: delivered = count; break;
                                default: failed += count; break;
                            }
                        }
                    }
                }

                // The queue time is in the JSON only: the pending rows are read (the partial index keeps this to them).
                DateTimeOffset? oldest = null;
                var scan = Db.Command(connection, null, "SELECT json FROM notifications WHERE status = 0");
                await using (scan.ConfigureAwait(false))
                {
                    var reader = await scan.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var queuedAt = RecordJson.Deserialize<Notification>(reader.GetString(0)).QueuedAt;
                            if (oldest is null || queuedAt < oldest)
                            {
                                oldest = queuedAt;
                            }
                        }
                    }
                }

                return new OutboxStatistics(pending, delivered, failed, oldest);
            },
            cancellationToken);
    }

    public IAsyncEnumerable<Notification> ListAsync(NotificationStatus status, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a notification status.");
        }

        return List("status = @status", page, [("@status", (int)status)], cancellationToken);
    }

    private ValueTask<Notification> CompleteAsync(string id, string leaseOwner, long? expectedVersion, Func<Notification, Notification> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseOwner);
        cancellationToken.ThrowIfCancellationRequested();
        return Db.WriteAsync(
            async (connection, transaction) =>
            {
                var n = await Table.FindAsync(Db, connection, transaction, id, cancellationToken, forUpdate: true).ConfigureAwait(false);
                if (n is null)
                {
                    // A batch's contact not claimed yet is pending and leased to nobody.
                    var batches = await ContactBatches.PendingAsync(Db, connection, transaction, null, 0, cancellationToken).ConfigureAwait(false);
                    var pending = await ContactBatches.FindPendingAsync(Db, connection, transaction, batches, id, cancellationToken).ConfigureAwait(false)
                        ?? throw new NotFoundException(Table.Kind, id);
                    throw new ConcurrencyConflictException(Table.Kind, id, pending.Version, pending.Version, pending.ModifiedBy, pending.ModifiedAt);
                }

                if (n.Status != NotificationStatus.Pending || !string.Equals(n.LeaseOwner, leaseOwner, StringComparison.Ordinal) || (expectedVersion is { } v && v != n.Version))
                {
                    throw new ConcurrencyConflictException(Table.Kind, id, expectedVersion ?? n.Version, n.Version, n.ModifiedBy, n.ModifiedAt);
                }

                return await Table.OverwriteAsync(Db, connection, transaction, change(n) with { Version = n.Version + 1 }, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
