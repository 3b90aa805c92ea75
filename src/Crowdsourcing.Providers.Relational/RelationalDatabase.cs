using System.Data.Common;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// A store's way to its database, the same for every dialect: the schema applied or verified once before the first
/// operation, connections from the dialect, and transactions run again (with jitter) when they failed for a transient
/// reason.
/// </summary>
internal sealed class RelationalDatabase : IAsyncDisposable, IDisposable
{
    private readonly Lock _initGate = new();
    private readonly MigrationMode _migrations;
    private Task? _initialization;

    public RelationalDatabase(RelationalDialect dialect, int maxRetries, MigrationMode migrations)
    {
        Dialect = dialect;
        MaxRetries = maxRetries;
        _migrations = migrations;
    }

    /// <summary>What the database does differently.</summary>
    public RelationalDialect Dialect { get; }

    /// <summary>How often a transaction that failed for a transient reason (busy, deadlock, serialisation) is retried.</summary>
    public int MaxRetries { get; }

    /// <summary>Opens a connection to a database the store's schema is known to be ready in.</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await Dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies or verifies the schema once (as the store's <see cref="MigrationMode"/> says); later calls
    /// return at once. A failed initialisation is tried again by the next call.</summary>
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
                _initialization = InitializeAsync();
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
                    var transaction = await Dialect.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        var value = await work(connection, transaction).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return value;
                    }
                }
                catch (Exception ex) when (attempt < MaxRetries && Dialect.IsTransient(ex))
                {
                    // Rolled back when the transaction was disposed; wait a little, with jitter, and run it again.
                }
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
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
                catch (Exception ex) when (attempt < MaxRetries && Dialect.IsTransient(ex))
                {
                    // Try again below.
                }
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A command on <paramref name="connection"/> (see <see cref="RelationalDialect.Command"/>).</summary>
    public DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql) => Dialect.Command(connection, transaction, sql);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Dialect.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => Dialect.Dispose();

    private Task InitializeAsync() => _migrations switch
    {
        MigrationMode.Apply => new SchemaMigrator(Dialect).ApplyAsync(CancellationToken.None).AsTask(),
        MigrationMode.Verify => new SchemaMigrator(Dialect).VerifyAsync(CancellationToken.None).AsTask(),
        _ => Task.CompletedTask,
    };

    /// <summary>Waits a little before attempt <paramref name="attempt"/> + 1, with jitter, longer after each attempt.</summary>
    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt + 1, 20))), cancellationToken);
}
