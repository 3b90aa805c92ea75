using System.Data.Common;
using System.Globalization;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Providers.Relational;
using Microsoft.Data.Sqlite;

namespace Crowdsourcing.Providers.Sqlite.Internal;

/// <summary>
/// The SQLite side of the relational store. Writers are serialised by <c>BEGIN IMMEDIATE</c> (the write lock is taken
/// when the transaction starts, so a transaction never fails to upgrade a read lock), waiting up to the busy timeout
/// for the lock, and a transaction that still finds the database busy is run again. Readers never wait (WAL mode).
/// </summary>
internal sealed class SqliteDatabase : RelationalDatabase
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly SqliteMigrationMode _migrations;

    public SqliteDatabase(SqliteStoreOptions options)
        : base(options.CommandTimeout, options.MaxRetries)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString) { ForeignKeys = true, DefaultTimeout = CommandTimeoutSeconds };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _busyTimeout = options.BusyTimeout;
        _migrations = options.Migrations;
    }

    public override string ProviderName => "SQLite";

    public string DataSource { get; }

    public string ConnectionString => _connectionString;

    public override string ForUpdate => string.Empty;

    public override string ForUpdateSkipLocked => string.Empty;

    /// <summary>The per-connection settings: busy timeout, and synchronous NORMAL (in WAL mode a commit survives a
    /// crash of the process; only an operating-system crash or power loss can undo the last commits).</summary>
    public static async ValueTask ConfigureAsync(SqliteConnection connection, TimeSpan busyTimeout, CancellationToken cancellationToken)
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

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
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

    protected override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override Task InitializeAsync(CancellationToken cancellationToken) => _migrations switch
    {
        SqliteMigrationMode.Apply => new SqliteMigrator(_connectionString).ApplyAsync(cancellationToken).AsTask(),
        SqliteMigrationMode.Verify => new SqliteMigrator(_connectionString).VerifyAsync(cancellationToken).AsTask(),
        _ => Task.CompletedTask,
    };
}
