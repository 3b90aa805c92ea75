using System.Data.Common;
using Crowdsourcing.DecisionCycles;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// What one database does differently, and nothing else: how connections are opened (and pooled), how a write
/// transaction and a migration start, which failures are worth running a transaction again for, the row-locking clauses,
/// how the schema version is read, and the bulk paths for beliefs and notifications. The SQL of the stores, the change
/// set, the retries and the migrations are shared (<see cref="RelationalDatabase"/>, <see cref="RelationalCrowdsourcingStore"/>,
/// <see cref="SchemaMigrator"/>) and reach the database only through this class.
/// </summary>
/// <remarks>
/// The bulk paths are the place for a faster write per database (for example a binary COPY, or a statement prepared
/// once and executed per row): they get the transaction of the caller and must give the result of writing the rows one
/// by one, in order.
/// </remarks>
internal abstract class RelationalDialect : IAsyncDisposable, IDisposable
{
    protected RelationalDialect(TimeSpan commandTimeout, IReadOnlyList<MigrationScript> scripts)
    {
        CommandTimeoutSeconds = (int)Math.Ceiling(commandTimeout.TotalSeconds);
        Scripts = scripts;
    }

    /// <summary>The database's name in messages, for example <c>SQLite</c>.</summary>
    public abstract string ProviderName { get; }

    /// <summary>The provider's package, for example <c>Crowdsourcing.Providers.Sqlite</c>.</summary>
    public abstract string PackageName { get; }

    /// <summary>The provider's public migrator type, for example <c>SqliteMigrator</c>, named in messages.</summary>
    public abstract string MigratorName { get; }

    /// <summary>The database the connections go to, as messages name it (a file, or database@host:port).</summary>
    public abstract string DatabaseName { get; }

    /// <summary>The provider's migration scripts, in version order.</summary>
    public IReadOnlyList<MigrationScript> Scripts { get; }

    /// <summary>The command timeout in seconds.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>Appended to a SELECT that reads a row a write transaction will change (<c>FOR UPDATE</c> where supported).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to the SELECT of an outbox claim so that concurrent claimers skip each other's rows.</summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>Opens a connection, configured for the store (no schema check: see <see cref="RelationalDatabase.OpenAsync"/>).</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Starts a write transaction: one that never loses an update to a concurrent writer and never fails to
    /// upgrade a read lock.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Prepares the database for migrations and starts the transaction that applies them, holding the lock
    /// that makes concurrent migrators wait for each other.</summary>
    public abstract ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The schema version recorded in <c>crowdsourcing_schema_version</c>: 0 when the table does not exist.</summary>
    public abstract ValueTask<int> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Whether an exception means the transaction may succeed when run again (busy database, deadlock,
    /// serialisation failure).</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>Saves beliefs inside <paramref name="transaction"/> with the "later week wins" rule, in the order given
    /// (<see cref="RelationalBeliefStore.UpsertSql"/> once per belief gives the result to match).</summary>
    /// <returns>How many were written.</returns>
    public abstract ValueTask<int> SaveBeliefsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts notifications (version 1) inside <paramref name="transaction"/>, skipping ids already stored (or earlier
    /// in the batch); the caller checks the skipped ones for a retry of the same content
    /// (<see cref="NotificationRow.InsertSql"/> once per row gives the result to match).
    /// </summary>
    /// <returns>The indexes in <paramref name="rows"/> that were not inserted.</returns>
    public abstract ValueTask<IReadOnlyList<int>> InsertNotificationsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NotificationRow> rows, CancellationToken cancellationToken);

    /// <summary>Takes, for the rest of <paramref name="transaction"/>, the lock that serialises the writers of the
    /// beliefs of <paramref name="campaignIds"/> (in the order given, which callers keep sorted): a decision cycle's fold
    /// of a campaign's beliefs into its snapshot never races a save of the same campaign. Nothing where the write
    /// transaction already excludes every other writer.</summary>
    public abstract ValueTask LockBeliefsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> campaignIds, CancellationToken cancellationToken);

    /// <summary>Whether other writers can change rows while a write transaction runs (PostgreSQL: row locks), so that a
    /// transaction locks the rows it is about to write; <see langword="false"/> where a write transaction excludes every
    /// other writer (SQLite).</summary>
    public virtual bool ConcurrentWriters => false;

    /// <summary>The stored version and content hash of each of <paramref name="ids"/> that is stored, in one statement;
    /// with <paramref name="lockRows"/> the rows are locked for the rest of the transaction (where
    /// <see cref="ConcurrentWriters"/>).</summary>
    public abstract ValueTask<Dictionary<string, (long Version, string? Hash)>> ReadParticipantStatesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids, bool lockRows, CancellationToken cancellationToken);

    /// <summary>
    /// Writes participants (new ones and new versions of stored ones) in one statement per batch, replacing the row of
    /// a stored id, and their qualification rows (those of <paramref name="changedOwners"/> are replaced).
    /// </summary>
    public abstract ValueTask WriteParticipantsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ParticipantRow> rows, IReadOnlyList<string> changedOwners, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the ids a query selects (its only column, named <c>id</c>, in the query's order: code-point order), on
    /// <paramref name="connection"/>: how a campaign's crowd is listed, up to a million ids at a time. The default reads
    /// them row by row, which is what an in-process database does best; a server's dialect reads them in fewer, larger
    /// messages.
    /// </summary>
    public virtual IAsyncEnumerable<string> ReadIdsAsync(DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken) =>
        Listing.ReadAsync(this, connection, sql, parameters, static r => r.GetString(0), cancellationToken);

    /// <summary>
    /// Prepares <paramref name="transaction"/> for writing a decision cycle's compact rows (the chunks of its contacts
    /// and of the campaign's belief snapshot, tens of megabytes for a million participants): nothing by default.
    /// </summary>
    public virtual ValueTask PrepareCompactWritesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A command on <paramref name="connection"/>. The SQL is always one of the provider's constant statements
    /// (table and column names come from code, never from input); every value is a parameter.</summary>
    public DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is built from constant table and column names only; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        command.CommandTimeout = CommandTimeoutSeconds;
        return command;
    }

    /// <summary>Releases the dialect's pooled connections.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Releases the dialect's pooled connections synchronously (for a synchronous dispose of the service provider).</summary>
    public abstract void Dispose();
}

/// <summary>A notification ready to insert: its id, its JSON at version 1 and its index columns.</summary>
internal readonly record struct NotificationRow(string Id, string Json, int Status, long NextAttemptAt, long? LeaseExpiresAt)
{
    /// <summary>The insert of one row, as a dialect without a set-based path runs it.</summary>
    public const string InsertSql =
        "INSERT INTO notifications (id, version, json, status, next_attempt_at, lease_expires_at) VALUES (@id, 1, @json, @status, @next, @lease) ON CONFLICT (id) DO NOTHING";

    public static NotificationRow From(Crowdsourcing.Notifications.Notification notification)
    {
        var stored = notification with { Version = 1 };
        return new(stored.Id, RecordJson.Serialize(stored), (int)stored.Status, stored.NextAttemptAt.UtcTicks, stored.LeaseExpiresAt?.UtcTicks);
    }
}

/// <summary>Helpers for parameters, the same for every ADO.NET provider.</summary>
internal static class DbCommandExtensions
{
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static async ValueTask<string?> ScalarStringAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : (string)value;
    }
}
