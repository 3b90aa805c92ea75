using System.Data.Common;
using System.Globalization;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Providers.Relational;
using Microsoft.Data.Sqlite;

namespace Crowdsourcing.Providers.Sqlite.Internal;

/// <summary>
/// The SQLite dialect of the relational store. Writers are serialised by <c>BEGIN IMMEDIATE</c> (the write lock is taken
/// when the transaction starts, so a transaction never fails to upgrade a read lock), waiting up to the busy timeout
/// for the lock, and a transaction that still finds the database busy is run again. Readers never wait (WAL mode).
/// The bulk paths run one prepared statement per row in the caller's transaction.
/// </summary>
internal sealed class SqliteDialect : RelationalDialect
{
    /// <summary>The command and busy timeouts of a migrator, which has no options: the options' defaults.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;

    /// <exception cref="ArgumentException">The connection string is not a valid SQLite connection string.</exception>
    public SqliteDialect(string connectionString, TimeSpan commandTimeout, TimeSpan busyTimeout)
        : base(commandTimeout, MigrationScripts)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, DefaultTimeout = CommandTimeoutSeconds };
        _connectionString = builder.ToString();
        DatabaseName = builder.DataSource;
        _busyTimeout = busyTimeout;
    }

    /// <summary>The provider's migration scripts, embedded in this assembly.</summary>
    public static IReadOnlyList<MigrationScript> MigrationScripts { get; } = MigrationScript.Load(typeof(SqliteDialect).Assembly);

    public override string ProviderName => "SQLite";

    public override string PackageName => "Crowdsourcing.Providers.Sqlite";

    public override string MigratorName => nameof(SqliteMigrator);

    public override string DatabaseName { get; }

    public override string ForUpdate => string.Empty;

    public override string ForUpdateSkipLocked => string.Empty;

    /// <summary>The per-connection settings: busy timeout, and synchronous NORMAL (in WAL mode a commit survives a
    /// crash of the process; only an operating-system crash or power loss can undo the last commits).</summary>
    private static async ValueTask ConfigureAsync(SqliteConnection connection, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<int> SaveBeliefsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken)
    {
        // One prepared statement, reused for every belief, in the caller's transaction: sequential upserts give the
        // "later week wins" rule within the batch exactly as the in-memory store applies it.
        var command = (SqliteCommand)Command(connection, transaction, RelationalBeliefStore.UpsertSql);
        await using (command.ConfigureAwait(false))
        {
            var campaign = command.Parameters.Add("@campaign", SqliteType.Text);
            var participant = command.Parameters.Add("@participant", SqliteType.Text);
            var week = command.Parameters.Add("@week", SqliteType.Integer);
            var probabilities = command.Parameters.Add("@probabilities", SqliteType.Blob);
            command.Prepare();
            var written = 0;
            for (var i = 0; i < beliefs.Count; i++)
            {
                if ((i & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var belief = beliefs[i];
                campaign.Value = belief.CampaignId;
                participant.Value = belief.ParticipantId;
                week.Value = belief.Week;
                probabilities.Value = RelationalBeliefStore.Encode(belief.Probabilities);
                written += command.ExecuteNonQuery();
            }

            return written;
        }
    }

    public override async ValueTask<IReadOnlyList<int>> InsertNotificationsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NotificationRow> rows, CancellationToken cancellationToken)
    {
        var command = (SqliteCommand)Command(connection, transaction, NotificationRow.InsertSql);
        await using (command.ConfigureAwait(false))
        {
            var id = command.Parameters.Add("@id", SqliteType.Text);
            var json = command.Parameters.Add("@json", SqliteType.Text);
            var status = command.Parameters.Add("@status", SqliteType.Integer);
            var next = command.Parameters.Add("@next", SqliteType.Integer);
            var lease = command.Parameters.Add("@lease", SqliteType.Integer);
            command.Prepare();
            var skipped = new List<int>();
            for (var i = 0; i < rows.Count; i++)
            {
                if ((i & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var row = rows[i];
                id.Value = row.Id;
                json.Value = row.Json;
                status.Value = row.Status;
                next.Value = row.NextAttemptAt;
                lease.Value = row.LeaseExpiresAt is { } ticks ? ticks : DBNull.Value;
                if (command.ExecuteNonQuery() == 0)
                {
                    skipped.Add(i);
                }
            }

            return skipped;
        }
    }

    /// <summary>Nothing: a SQLite write transaction (<c>BEGIN IMMEDIATE</c>) already excludes every other writer.</summary>
    public override ValueTask LockBeliefsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> campaignIds, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>One statement: the ids travel as a JSON array that <c>json_each</c> turns into a table. No lock beyond
    /// the write transaction's, which excludes every other writer.</summary>
    public override async ValueTask<Dictionary<string, (long Version, string? Hash)>> ReadParticipantStatesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids, bool lockRows, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, (long, string?)>(ids.Count, StringComparer.Ordinal);
        var command = Command(connection, transaction, "SELECT id, version, content_hash FROM participants WHERE id IN (SELECT value FROM json_each(@ids))");
        await using (command.ConfigureAwait(false))
        {
            command.With("@ids", JsonArray(ids));
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

    /// <summary>One prepared upsert reused for every row of the batch; qualification rows the same way.</summary>
    public override async ValueTask WriteParticipantsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ParticipantRow> rows, IReadOnlyList<string> changedOwners, CancellationToken cancellationToken)
    {
        if (changedOwners.Count > 0)
        {
            var delete = Command(connection, transaction, "DELETE FROM participant_qualifications WHERE participant_id IN (SELECT value FROM json_each(@ids))");
            await using (delete.ConfigureAwait(false))
            {
                await delete.With("@ids", JsonArray(changedOwners)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteRowsAsync(
            connection,
            transaction,
            "INSERT INTO participants (id, version, json, layer, content_hash, active, manager_id) VALUES ",
            " ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json, layer = excluded.layer, content_hash = excluded.content_hash, active = excluded.active, manager_id = excluded.manager_id",
            7,
            rows,
            static (row, values) =>
            {
                values[0] = row.Record.Id;
                values[1] = row.Record.Version;
                values[2] = row.Json;
                values[3] = (int)row.Record.Layer;
                values[4] = row.ContentHash;
                values[5] = row.Record.IsActive ? 1 : 0;
                values[6] = row.Record.ManagerId;
            },
            cancellationToken).ConfigureAwait(false);
        var qualifications = rows.SelectMany(r => r.Record.Qualifications.Select(q => (Owner: r.Record.Id, Value: q))).ToList();
        await ExecuteRowsAsync(
            connection,
            transaction,
            "INSERT INTO participant_qualifications (participant_id, qualification) VALUES ",
            string.Empty,
            2,
            qualifications,
            static (row, values) =>
            {
                values[0] = row.Owner;
                values[1] = row.Value;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one prepared statement per row, reused for every row of the batch (Microsoft.Data.Sqlite binds a
    /// parameter by looking its name up, so a statement of many rows would cost the square of its parameters).</summary>
    private async ValueTask ExecuteRowsAsync<TRow>(DbConnection connection, DbTransaction transaction, string head, string tail, int columns, IReadOnlyList<TRow> rows, Action<TRow, object?[]> bind, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var names = Enumerable.Range(0, columns).Select(c => "$p" + c.ToString(CultureInfo.InvariantCulture)).ToArray();
        var command = (SqliteCommand)Command(connection, transaction, head + "(" + string.Join(", ", names) + ")" + tail);
        await using (command.ConfigureAwait(false))
        {
            var parameters = names.Select(name => command.Parameters.Add(new SqliteParameter(name, null))).ToArray();
            command.Prepare();
            var values = new object?[columns];
            for (var i = 0; i < rows.Count; i++)
            {
                if ((i & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                bind(rows[i], values);
                for (var c = 0; c < columns; c++)
                {
                    parameters[c].Value = values[c] ?? DBNull.Value;
                }

                command.ExecuteNonQuery();
            }
        }
    }

    private static string JsonArray(IReadOnlyList<string> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ConfigureAsync(connection, _busyTimeout, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>Puts the database in WAL mode (kept in the file), then takes the write lock: concurrent migrators wait
    /// for it, and the later ones find the scripts applied.</summary>
    public override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var wal = Command(connection, null, "PRAGMA journal_mode = WAL");
        await using (wal.ConfigureAwait(false))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    public override async ValueTask<int> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var exists = Command(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'crowdsourcing_schema_version'");
        await using (exists.ConfigureAwait(false))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return 0;
            }
        }

        var max = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM crowdsourcing_schema_version");
        await using (max.ConfigureAwait(false))
        {
            return Convert.ToInt32(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }
}
