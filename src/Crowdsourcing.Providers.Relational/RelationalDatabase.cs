using System.Data.Common;
using Crowdsourcing.DecisionCycles;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// What differs between the relational providers: how connections and write transactions are opened, which errors are
/// worth retrying, row locking, and the bulk belief path. Everything else (the SQL of the stores, the commit) is shared.
/// </summary>
internal abstract class RelationalDatabase : IAsyncDisposable, IDisposable
{
    private readonly Lock _initGate = new();
    private Task? _initialization;

    protected RelationalDatabase(TimeSpan commandTimeout, int maxRetries)
    {
        CommandTimeoutSeconds = (int)Math.Ceiling(commandTimeout.TotalSeconds);
        MaxRetries = maxRetries;
    }

    /// <summary>The provider's name for messages, for example <c>SQLite</c>.</summary>
    public abstract string ProviderName { get; }

    /// <summary>The command timeout in seconds.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>How often a transaction that failed for a transient reason (busy, deadlock, serialisation) is retried.</summary>
    public int MaxRetries { get; }

    /// <summary>Appended to a SELECT that reads a row a write transaction will change (<c>FOR UPDATE</c> where supported).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to the SELECT of an outbox claim so that concurrent claimers skip each other's rows.</summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>Opens a connection to a database the store's schema is known to be ready in.</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies or verifies the schema once (see the provider's migration mode); later calls return at once.
    /// A failed initialisation is tried again by the next call.</summary>
    public Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        var current = _initialization;
        if (current is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_initGate)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = InitializeAsync(CancellationToken.None);
            }

            current = _initialization;
        }

        return current.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction and commits it; retries the whole transaction when
    /// it failed for a transient reason. Any other exception rolls it back and propagates.</summary>
    public async ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    var transaction = await BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        var value = await work(connection, transaction).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return value;
                    }
                }
                catch (Exception ex) when (attempt < MaxRetries && IsTransient(ex))
                {
                    // Rolled back when the transaction was disposed; wait a little, with jitter, and run it again.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt + 1, 20))), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a read on its own connection, retrying transient failures.</summary>
    public async ValueTask<T> ReadAsync<T>(Func<DbConnection, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    return await work(connection).ConfigureAwait(false);
                }
                catch (Exception ex) when (attempt < MaxRetries && IsTransient(ex))
                {
                    // Try again below.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt + 1, 20))), cancellationToken).ConfigureAwait(false);
        }
    }

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

    /// <summary>Saves beliefs inside <paramref name="transaction"/> with the "later week wins" rule, in the order given.</summary>
    /// <returns>How many were written.</returns>
    public abstract ValueTask<int> SaveBeliefsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts notifications (version 1) inside <paramref name="transaction"/>, skipping ids already stored (or earlier
    /// in the batch); the caller checks the skipped ones for a retry of the same content.
    /// </summary>
    /// <returns>The indexes in <paramref name="rows"/> that were not inserted.</returns>
    public abstract ValueTask<IReadOnlyList<int>> InsertNotificationsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NotificationRow> rows, CancellationToken cancellationToken);

    /// <summary>Whether an exception means the transaction may succeed when run again (busy database, deadlock, serialisation failure).</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>Releases the provider's pooled connections.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Releases the provider's pooled connections synchronously (for a synchronous dispose of the service provider).</summary>
    public abstract void Dispose();

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    protected abstract ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Applies or verifies the schema, as the options say.</summary>
    protected abstract Task InitializeAsync(CancellationToken cancellationToken);
}

/// <summary>A notification ready to insert: its id, its JSON at version 1 and its index columns.</summary>
internal readonly record struct NotificationRow(string Id, string Json, int Status, long NextAttemptAt, long? LeaseExpiresAt)
{
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
