using System.Data;
using System.Data.Common;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Crowdsourcing.Providers.PostgreSql.Internal;

/// <summary>
/// The PostgreSQL dialect of the relational store. Write transactions run at READ COMMITTED: updates check the version
/// in their WHERE clause (a concurrent writer's committed change makes the row not match, so nothing is lost), inserts
/// rely on primary keys with <c>ON CONFLICT DO NOTHING</c> (a racing insert waits for the other transaction and then
/// does nothing), outbox claims lock their rows with <c>FOR UPDATE SKIP LOCKED</c>, migrations take a
/// transaction-level advisory lock, and a transaction that fails with a deadlock or a serialisation failure is run
/// again. The bulk paths send arrays that <c>unnest</c> turns into set-based statements.
/// </summary>
internal sealed class PostgreSqlDialect : RelationalDialect
{
    /// <summary>The command timeout of a migrator, which has no options: the options' default.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Rows per bulk belief statement.</summary>
    private const int BeliefChunk = 50_000;

    /// <summary>The key of the transaction-level advisory lock that serialises migrations (several instances starting at once).</summary>
    private const long MigrationLockKey = 0x43_52_4F_57_44_30_30_31; // "CROWD001"

    private const string BeliefBulkSql =
        "INSERT INTO beliefs (campaign_id, participant_id, week, probabilities) " +
        "SELECT c, p, w, b FROM unnest(@campaigns, @participants, @weeks, @probabilities) AS t (c, p, w, b) " +
        "ON CONFLICT (campaign_id, participant_id) DO UPDATE SET week = excluded.week, probabilities = excluded.probabilities WHERE beliefs.week <= excluded.week";

    /// <summary>The seed of the hash that keys a campaign's belief lock (apart from the migration lock's key).</summary>
    private const long BeliefLockSeed = 0x42454C49454653; // "BELIEFS"

    private readonly NpgsqlDataSource _dataSource;

    /// <exception cref="ArgumentException">The connection string is not a valid Npgsql connection string.</exception>
    public PostgreSqlDialect(string connectionString, TimeSpan commandTimeout)
        : base(commandTimeout, MigrationScripts)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = CommandTimeoutSeconds };
        DatabaseName = Describe(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The provider's migration scripts, embedded in this assembly.</summary>
    public static IReadOnlyList<MigrationScript> MigrationScripts { get; } = MigrationScript.Load(typeof(PostgreSqlDialect).Assembly);

    public override string ProviderName => "PostgreSQL";

    public override string PackageName => "Crowdsourcing.Providers.PostgreSql";

    public override string MigratorName => nameof(PostgreSqlMigrator);

    public override string DatabaseName { get; }

    public override string ForUpdate => " FOR UPDATE";

    public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <summary>Checks that a connection string is one Npgsql accepts.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void CheckConnectionString(string connectionString) => _ = new NpgsqlConnectionStringBuilder(connectionString);

    /// <summary>
    /// Saves beliefs with a few set-based upserts: the rows travel as four arrays that <c>unnest</c> turns into a table.
    /// One statement may not touch a row twice, so a batch that names a (campaign, participant) more than once is split
    /// into layers (the k-th occurrence of each key in layer k) applied in order: the same result as one upsert per
    /// belief. Each layer is sorted by key so that concurrent batches lock rows in the same order.
    /// </summary>
    public override async ValueTask<int> SaveBeliefsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken)
    {
        var layers = new List<List<ParticipantBelief>>();
        var occurrences = new Dictionary<(string, string), int>();
        foreach (var belief in beliefs)
        {
            var key = (belief.CampaignId, belief.ParticipantId);
            occurrences.TryGetValue(key, out var layer);
            occurrences[key] = layer + 1;
            if (layer == layers.Count)
            {
                layers.Add([]);
            }

            layers[layer].Add(belief);
        }

        var written = 0;
        foreach (var layer in layers)
        {
            layer.Sort(static (a, b) =>
            {
                var byCampaign = string.CompareOrdinal(a.CampaignId, b.CampaignId);
                return byCampaign != 0 ? byCampaign : string.CompareOrdinal(a.ParticipantId, b.ParticipantId);
            });
            for (var start = 0; start < layer.Count; start += BeliefChunk)
            {
                var count = Math.Min(BeliefChunk, layer.Count - start);
                var campaigns = new string[count];
                var participants = new string[count];
                var weeks = new int[count];
                var probabilities = new byte[count][];
                for (var i = 0; i < count; i++)
                {
                    var belief = layer[start + i];
                    campaigns[i] = belief.CampaignId;
                    participants[i] = belief.ParticipantId;
                    weeks[i] = belief.Week;
                    probabilities[i] = RelationalBeliefStore.Encode(belief.Probabilities);
                }

                var command = (NpgsqlCommand)Command(connection, transaction, BeliefBulkSql);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.Add(new NpgsqlParameter<string[]>("campaigns", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = campaigns });
                    command.Parameters.Add(new NpgsqlParameter<string[]>("participants", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = participants });
                    command.Parameters.Add(new NpgsqlParameter<int[]>("weeks", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = weeks });
                    command.Parameters.Add(new NpgsqlParameter<byte[][]>("probabilities", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = probabilities });
                    written += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return written;
    }

    /// <summary>Inserts notifications with set-based inserts over arrays (<c>ON CONFLICT DO NOTHING RETURNING id</c>),
    /// sorted by id so that concurrent batches lock keys in the same order.</summary>
    public override async ValueTask<IReadOnlyList<int>> InsertNotificationsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NotificationRow> rows, CancellationToken cancellationToken)
    {
        const string Sql =
            "INSERT INTO notifications (id, version, json, status, next_attempt_at, lease_expires_at) " +
            "SELECT i, 1, j, s, n, l FROM unnest(@ids, @jsons, @statuses, @nexts, @leases) AS t (i, j, s, n, l) " +
            "ON CONFLICT (id) DO NOTHING RETURNING id";
        var order = Enumerable.Range(0, rows.Count).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(rows[a].Id, rows[b].Id) is var byId and not 0 ? byId : a.CompareTo(b));
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < order.Length; start += BeliefChunk)
        {
            var count = Math.Min(BeliefChunk, order.Length - start);
            var ids = new string[count];
            var jsons = new string[count];
            var statuses = new int[count];
            var nexts = new long[count];
            var leases = new long?[count];
            for (var i = 0; i < count; i++)
            {
                var row = rows[order[start + i]];
                (ids[i], jsons[i], statuses[i], nexts[i], leases[i]) = (row.Id, row.Json, row.Status, row.NextAttemptAt, row.LeaseExpiresAt);
            }

            var command = (NpgsqlCommand)Command(connection, transaction, Sql);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
                command.Parameters.Add(new NpgsqlParameter<string[]>("jsons", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = jsons });
                command.Parameters.Add(new NpgsqlParameter<int[]>("statuses", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = statuses });
                command.Parameters.Add(new NpgsqlParameter<long[]>("nexts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = nexts });
                command.Parameters.Add(new NpgsqlParameter<long?[]>("leases", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = leases });
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        inserted.Add(reader.GetString(0));
                    }
                }
            }
        }

        // A duplicate id within the batch is inserted once: its first occurrence counts as inserted, the others are skipped.
        var skipped = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (!inserted.Contains(rows[i].Id) || !seen.Add(rows[i].Id))
            {
                skipped.Add(i);
            }
        }

        return skipped;
    }

    /// <summary>
    /// Reads the ids as one row instead of one row each: <c>string_agg</c> joins them with line feeds (which an id never
    /// holds) beside their count, so a million ids cost one message rather than a million rows read one by one (each a
    /// step of an asynchronous read that, over a million rows, cost the client more processor time than the whole
    /// cycle's other work). Should an id hold a line feed after all (a row written around the library), the count does
    /// not match and the ids are read row by row. The joined ids keep the query's order; it is checked, and the ids
    /// are sorted should the server have changed it.
    /// </summary>
    public override async IAsyncEnumerable<string> ReadIdsAsync(DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[]? ids = null;
        var command = Command(connection, null, $"SELECT count(*), string_agg(id, E'\\n') FROM ({sql}) AS crowd");
        await using (command.ConfigureAwait(false))
        {
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }

            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var count = reader.GetInt64(0);
                    var joined = await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? null : await reader.GetFieldValueAsync<string>(1, cancellationToken).ConfigureAwait(false);
                    ids = Split(joined, count);
                }
            }
        }

        if (ids is null)
        {
            await foreach (var id in base.ReadIdsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false))
            {
                yield return id;
            }

            yield break;
        }

        for (var i = 1; i < ids.Length; i++)
        {
            if (CodePointComparer.Instance.Compare(ids[i - 1], ids[i]) > 0)
            {
                Array.Sort(ids, CodePointComparer.Instance);
                break;
            }
        }

        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return id;
        }
    }

    /// <summary>
    /// Compresses the cycle's compact rows with LZ4 instead of PostgreSQL's default (pglz) where the server offers it
    /// (PostgreSQL 14 or later built with LZ4, as the common distributions are): for the tens of megabytes of chunks a
    /// cycle over a million participants writes, pglz was most of the server's work (about 0.7 s against 0.2 s with
    /// LZ4). Only this transaction's new values are affected (<c>set_config(…, true)</c> is <c>SET LOCAL</c>); the
    /// server's settings are not changed, and a server without LZ4 keeps its default.
    /// </summary>
    public override async ValueTask PrepareCompactWritesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = Command(
            connection,
            transaction,
            "SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)");
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A transaction-level advisory lock per campaign, keyed by a hash of its id (in the order given).</summary>
    public override async ValueTask LockBeliefsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> campaignIds, CancellationToken cancellationToken)
    {
        foreach (var campaign in campaignIds)
        {
            var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@campaign, @seed))");
            await using (command.ConfigureAwait(false))
            {
                await command.With("@campaign", campaign).With("@seed", BeliefLockSeed).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One statement: <c>id = ANY(@ids)</c>.</summary>
    /// <summary>Row locks: another transaction may write participants meanwhile.</summary>
    public override bool ConcurrentWriters => true;

    public override async ValueTask<Dictionary<string, (long Version, string? Hash)>> ReadParticipantStatesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids, bool lockRows, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, (long, string?)>(ids.Count, StringComparer.Ordinal);
        var command = (NpgsqlCommand)Command(connection, transaction, "SELECT id, version, content_hash FROM participants WHERE id = ANY(@ids)" + (lockRows ? " ORDER BY id FOR UPDATE" : string.Empty));
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. ids] });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    states[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                }
            }
        }

        return states;
    }

    /// <summary>
    /// New participants (version 1) and their qualification rows go in by binary <c>COPY</c>, streamed while the
    /// server inserts them; new versions of stored participants by one upsert over arrays (<c>unnest</c>) after their
    /// qualification rows are deleted. Rows are sorted by id, so that concurrent imports lock keys in the same order.
    /// A participant another transaction inserted since it was read as new fails the copy with a unique violation of
    /// the primary key, which <see cref="IsTransient"/> takes as a reason to run the import again (it then finds the
    /// participant stored).
    /// </summary>
    public override async ValueTask WriteParticipantsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ParticipantRow> rows, IReadOnlyList<string> changedOwners, CancellationToken cancellationToken)
    {
        const string UpsertSql =
            "INSERT INTO participants (id, version, json, layer, content_hash, active, manager_id) " +
            "SELECT i, v, j, l, h, a, m FROM unnest(@ids, @versions, @jsons, @layers, @hashes, @actives, @managers) AS t (i, v, j, l, h, a, m) " +
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json, layer = excluded.layer, content_hash = excluded.content_hash, active = excluded.active, manager_id = excluded.manager_id";
        var npgsql = (NpgsqlConnection)connection;
        if (changedOwners.Count > 0)
        {
            var delete = (NpgsqlCommand)Command(connection, transaction, "DELETE FROM participant_qualifications WHERE participant_id = ANY(@ids)");
            await using (delete.ConfigureAwait(false))
            {
                delete.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. changedOwners] });
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var sorted = SortedById(rows);
        var added = Array.FindAll(sorted, static r => r.Record.Version == 1);
        var changed = Array.FindAll(sorted, static r => r.Record.Version > 1);
        if (changed.Length > 0)
        {
            var command = (NpgsqlCommand)Command(connection, transaction, UpsertSql);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. changed.Select(r => r.Record.Id)] });
                command.Parameters.Add(new NpgsqlParameter<long[]>("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. changed.Select(r => r.Record.Version)] });
                command.Parameters.Add(new NpgsqlParameter<string[]>("jsons", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. changed.Select(r => r.Json)] });
                command.Parameters.Add(new NpgsqlParameter<int[]>("layers", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. changed.Select(r => (int)r.Record.Layer)] });
                command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. changed.Select(r => r.ContentHash)] });
                command.Parameters.Add(new NpgsqlParameter<int[]>("actives", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. changed.Select(r => r.Record.IsActive ? 1 : 0)] });
                command.Parameters.Add(new NpgsqlParameter<string?[]>("managers", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. changed.Select(r => r.Record.ManagerId)] });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (added.Length > 0)
        {
            var copy = await npgsql.BeginBinaryImportAsync("COPY participants (id, version, json, layer, content_hash, active, manager_id) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            await using (copy.ConfigureAwait(false))
            {
                foreach (var row in added)
                {
                    await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(row.Record.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(row.Json, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync((int)row.Record.Layer, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(row.ContentHash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(row.Record.IsActive ? 1 : 0, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    if (row.Record.ManagerId is { } manager)
                    {
                        await copy.WriteAsync(manager, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (sorted.Any(static r => r.Record.Qualifications.Count > 0))
        {
            var copy = await npgsql.BeginBinaryImportAsync("COPY participant_qualifications (participant_id, qualification) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            await using (copy.ConfigureAwait(false))
            {
                foreach (var row in sorted)
                {
                    foreach (var qualification in row.Record.Qualifications)
                    {
                        await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        await copy.WriteAsync(row.Record.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await copy.WriteAsync(qualification, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    }
                }

                await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The rows in id (code-point) order; a batch already in order (a file sorted by id) is not copied.</summary>
    private static ParticipantRow[] SortedById(IReadOnlyList<ParticipantRow> rows)
    {
        var sorted = rows.ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (string.CompareOrdinal(sorted[i - 1].Record.Id, sorted[i].Record.Id) > 0)
            {
                Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Record.Id, b.Record.Id));
                break;
            }
        }

        return sorted;
    }

    /// <summary>A serialisation failure, a deadlock, or a participant inserted by another transaction while an import
    /// copied it as new (a unique violation of <c>participants</c>' primary key: run again, the import finds it stored).</summary>
    public override bool IsTransient(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }
            or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "participants_pkey" };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public override void Dispose() => _dataSource.Dispose();

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts the transaction and takes the advisory lock: instances migrating at once wait for each other,
    /// and the later ones find the scripts applied.</summary>
    public override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
            await using (command.ConfigureAwait(false))
            {
                await command.With("@key", MigrationLockKey).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<int> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var exists = Command(connection, transaction, "SELECT to_regclass('crowdsourcing_schema_version') IS NOT NULL");
        await using (exists.ConfigureAwait(false))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return 0;
            }
        }

        var max = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM crowdsourcing_schema_version");
        await using (max.ConfigureAwait(false))
        {
            return (int)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <summary>The ids joined by <see cref="ReadIdsAsync"/>, or <see langword="null"/> when they are not
    /// <paramref name="count"/> (an id holds a line feed).</summary>
    private static string[]? Split(string? joined, long count)
    {
        if (joined is null)
        {
            return count == 0 ? [] : null;
        }

        if (count > Array.MaxLength)
        {
            return null;
        }

        var ids = new string[count];
        var rest = joined.AsSpan();
        for (var i = 0; i < ids.Length; i++)
        {
            var end = rest.IndexOf('\n');
            if (end < 0 != (i == ids.Length - 1))
            {
                return null;
            }

            end = end < 0 ? rest.Length : end;
            ids[i] = new string(rest[..end]);
            rest = rest[Math.Min(end + 1, rest.Length)..];
        }

        return ids;
    }

    /// <summary>The database as messages name it: database@host:port.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder builder) => $"{builder.Database ?? builder.Username}@{builder.Host}:{builder.Port}";
}
