using System.Data.Common;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Providers.Relational;

/// <summary>An extra column of a record table, derived from the record for queries.</summary>
internal sealed record IndexColumn<T>(string Name, Func<T, object?> Value);

/// <summary>A child table listing values of a record (qualifications, contributors) for queries, one row per value.</summary>
internal sealed record ChildIndex<T>(string Table, string OwnerColumn, string ValueColumn, Func<T, IEnumerable<string>> Values);

/// <summary>The non-generic face of a record table, for change sets.</summary>
internal interface IRecordTable
{
    ValueTask<(IVersionedRecord Stored, bool Inserted)> InsertAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, IVersionedRecord record, CancellationToken cancellationToken);

    ValueTask<IVersionedRecord> UpdateAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, IVersionedRecord record, CancellationToken cancellationToken);
}

/// <summary>
/// How one kind of versioned record is stored: a row per record with its id, its version, its JSON (the record as
/// stored, version and modification metadata included) and the index columns queries filter on.
/// </summary>
/// <remarks>
/// What a record's kind, versions and content are is the model's (<see cref="RecordKind{TRecord}"/>), as for every
/// provider: an idempotent insert compares the stored record's content with the inserted one's.
/// </remarks>
internal sealed class RecordTable<T> : IRecordTable
    where T : class, IVersionedRecord
{
    private readonly IReadOnlyList<IndexColumn<T>> _columns;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _findSql;

    public RecordTable(RecordKind<T> kind, string table, IReadOnlyList<IndexColumn<T>>? columns = null, ChildIndex<T>? children = null)
    {
        RecordKind = kind;
        Table = table;
        _columns = columns ?? [];
        Children = children;
        var names = string.Concat(_columns.Select(c => ", " + c.Name));
        var values = string.Concat(_columns.Select(c => ", @" + c.Name));
        var sets = string.Concat(_columns.Select(c => $", {c.Name} = @{c.Name}"));
        _insertSql = $"INSERT INTO {table} (id, version, json{names}) VALUES (@id, @version, @json{values}) ON CONFLICT (id) DO NOTHING";
        _updateSql = $"UPDATE {table} SET version = @version, json = @json{sets} WHERE id = @id AND version = @expected";
        _findSql = $"SELECT json FROM {table} WHERE id = @id";
    }

    /// <summary>The kind of record the table keeps.</summary>
    public RecordKind<T> RecordKind { get; }

    /// <summary>The table's name.</summary>
    public string Table { get; }

    /// <summary>The record type's name in exceptions, for example <c>Assignment</c>.</summary>
    public string Kind => RecordKind.Name;

    public ChildIndex<T>? Children { get; }

    /// <summary>Checks an insert's argument before any I/O.</summary>
    public T CheckInsert(T record)
    {
        RecordKind.CheckInsert(record, nameof(record));
        return record;
    }

    /// <summary>Checks an update's argument before any I/O.</summary>
    public T CheckUpdate(T record)
    {
        RecordKind.CheckUpdate(record, nameof(record));
        return record;
    }

    public async ValueTask<(T Stored, bool Inserted)> InsertAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, T record, CancellationToken cancellationToken)
    {
        var stored = RecordKind.WithVersion(record, 1);
        var json = RecordJson.Serialize(stored);
        var command = db.Command(connection, transaction, _insertSql);
        await using (command.ConfigureAwait(false))
        {
            command.With("@id", stored.Id).With("@version", 1L).With("@json", json);
            foreach (var column in _columns)
            {
                command.With("@" + column.Name, column.Value(stored));
            }

            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                await WriteChildrenAsync(db, connection, transaction, stored, replace: false, cancellationToken).ConfigureAwait(false);
                return (RecordJson.Deserialize<T>(json), true);
            }
        }

        var existing = await FindAsync(db, connection, transaction, record.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{Kind} '{record.Id}' was neither inserted nor found; the {Table} table refused the row.");
        if (RecordKind.HasSameContent(existing, record))
        {
            return (existing, false);
        }

        throw new DuplicateRecordException(Kind, record.Id);
    }

    public async ValueTask<T> UpdateAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, T record, CancellationToken cancellationToken)
    {
        var stored = RecordKind.WithVersion(record, record.Version + 1);
        var json = RecordJson.Serialize(stored);
        var command = db.Command(connection, transaction, _updateSql);
        await using (command.ConfigureAwait(false))
        {
            command.With("@id", stored.Id).With("@version", stored.Version).With("@json", json).With("@expected", record.Version);
            foreach (var column in _columns)
            {
                command.With("@" + column.Name, column.Value(stored));
            }

            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                await WriteChildrenAsync(db, connection, transaction, stored, replace: true, cancellationToken).ConfigureAwait(false);
                return RecordJson.Deserialize<T>(json);
            }
        }

        var current = await FindAsync(db, connection, transaction, record.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(Kind, record.Id);
        throw new ConcurrencyConflictException(Kind, record.Id, record.Version, current.Version, current.ModifiedBy, current.ModifiedAt);
    }

    public async ValueTask<T?> FindAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        var command = db.Command(connection, transaction, forUpdate ? _findSql + db.Dialect.ForUpdate : _findSql);
        await using (command.ConfigureAwait(false))
        {
            command.With("@id", id);
            var json = await command.ScalarStringAsync(cancellationToken).ConfigureAwait(false);
            return json is null ? null : RecordJson.Deserialize<T>(json);
        }
    }

    /// <summary>Rewrites the row of a record whose id and version are already checked (outbox state changes).</summary>
    public async ValueTask<T> OverwriteAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, T stored, CancellationToken cancellationToken)
    {
        var json = RecordJson.Serialize(stored);
        var command = db.Command(connection, transaction, _updateSql);
        await using (command.ConfigureAwait(false))
        {
            command.With("@id", stored.Id).With("@version", stored.Version).With("@json", json).With("@expected", stored.Version - 1);
            foreach (var column in _columns)
            {
                command.With("@" + column.Name, column.Value(stored));
            }

            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new InvalidOperationException($"{Kind} '{stored.Id}' changed while it was locked for an update.");
            }
        }

        return RecordJson.Deserialize<T>(json);
    }

    async ValueTask<(IVersionedRecord Stored, bool Inserted)> IRecordTable.InsertAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, IVersionedRecord record, CancellationToken cancellationToken) =>
        await InsertAsync(db, connection, transaction, (T)record, cancellationToken).ConfigureAwait(false);

    async ValueTask<IVersionedRecord> IRecordTable.UpdateAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, IVersionedRecord record, CancellationToken cancellationToken) =>
        await UpdateAsync(db, connection, transaction, (T)record, cancellationToken).ConfigureAwait(false);

    private async ValueTask WriteChildrenAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, T stored, bool replace, CancellationToken cancellationToken)
    {
        if (Children is not { } children)
        {
            return;
        }

        if (replace)
        {
            var delete = db.Command(connection, transaction, $"DELETE FROM {children.Table} WHERE {children.OwnerColumn} = @owner");
            await using (delete.ConfigureAwait(false))
            {
                await delete.With("@owner", stored.Id).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var value in children.Values(stored).Distinct(StringComparer.Ordinal))
        {
            var insert = db.Command(connection, transaction, $"INSERT INTO {children.Table} ({children.OwnerColumn}, {children.ValueColumn}) VALUES (@owner, @value)");
            await using (insert.ConfigureAwait(false))
            {
                await insert.With("@owner", stored.Id).With("@value", value).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The record tables of the relational schema (see the providers' <c>Migrations/0001_initial.sql</c>).</summary>
internal static class RecordTables
{
    public static RecordTable<Campaign> Campaigns { get; } = new(RecordKind.Campaigns, "campaigns");

    public static RecordTable<CrowdTask> Tasks { get; } = new(
        RecordKind.Tasks,
        "tasks",
        [new IndexColumn<CrowdTask>("layers", static t => t.AllowedLayers.Aggregate(0, static (bits, layer) => bits | LayerBit(layer)))]);

    public static RecordTable<Participant> Participants { get; } = new(
        RecordKind.Participants,
        "participants",
        [new IndexColumn<Participant>("layer", static p => (int)p.Layer), new IndexColumn<Participant>("content_hash", ContentHash), new IndexColumn<Participant>("active", static p => p.IsActive ? 1 : 0), new IndexColumn<Participant>("manager_id", static p => p.ManagerId)],
        new ChildIndex<Participant>("participant_qualifications", "participant_id", "qualification", static p => p.Qualifications));

    public static RecordTable<Questionnaire> Questionnaires { get; } = new(RecordKind.Questionnaires, "questionnaires");

    public static RecordTable<Assignment> Assignments { get; } = new(
        RecordKind.Assignments,
        "assignments",
        [new IndexColumn<Assignment>("campaign_id", static a => a.CampaignId)],
        new ChildIndex<Assignment>("assignment_contributors", "assignment_id", "participant_id", static a => a.Contributors()));

    public static RecordTable<Response> Responses { get; } = new(RecordKind.Responses, "responses");

    /// <summary>Notifications, with the columns the outbox's claims filter and order on.</summary>
    public static RecordTable<Notification> Notifications { get; } = new(
        RecordKind.Notifications,
        "notifications",
        [
            new IndexColumn<Notification>("status", static n => (int)n.Status),
            new IndexColumn<Notification>("next_attempt_at", static n => n.NextAttemptAt.UtcTicks),
            new IndexColumn<Notification>("lease_expires_at", static n => n.LeaseExpiresAt?.UtcTicks),
        ]);

    /// <summary>The tables a change set writes records to, by kind (notifications go through the outbox's bulk path).</summary>
    private static readonly Dictionary<RecordKind, IRecordTable> ChangeSetTables = new()
    {
        [RecordKind.Campaigns] = Campaigns,
        [RecordKind.Tasks] = Tasks,
        [RecordKind.Participants] = Participants,
        [RecordKind.Questionnaires] = Questionnaires,
        [RecordKind.Assignments] = Assignments,
        [RecordKind.Responses] = Responses,
    };

    /// <summary>The <c>participants.content_hash</c> of a participant: a SHA-256 of its content (<see cref="RecordKind.ContentKey(IVersionedRecord)"/>).</summary>
    /// <remarks>A participant without version and modification metadata is its own content: its JSON is the key, without the copy.</remarks>
    public static string ContentHash(Participant participant) =>
        participant is { Version: 0, ModifiedBy: null, ModifiedAt: null } ? RecordJson.HashOf(participant) : RecordJson.Hash(RecordKind.Participants.ContentKey(participant));

    /// <summary>The bit of a layer in the <c>tasks.layers</c> mask.</summary>
    public static int LayerBit(CrowdLayer layer) => 1 << (int)layer;

    /// <summary>The table that keeps a change set's record, by its kind.</summary>
    public static IRecordTable For(IVersionedRecord record) =>
        ChangeSetTables.TryGetValue(RecordKind.Of(record), out var table)
            ? table
            : throw new ArgumentException($"A change set cannot write a {record.GetType().Name}; the store keeps campaigns, tasks, participants, questionnaires, assignments and responses.", nameof(record));

    /// <summary>Checks a change set's write before any I/O, as the single-record stores do.</summary>
    public static void Check(RecordWrite write)
    {
        var kind = RecordKind.Of(write.Record);
        if (write.Kind == RecordWriteKind.Insert)
        {
            kind.CheckInsert(write.Record, nameof(write));
        }
        else
        {
            kind.CheckUpdate(write.Record, nameof(write));
        }

        _ = For(write.Record);
    }
}
