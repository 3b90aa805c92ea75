using Crowdsourcing.Providers.Relational;
using Npgsql;

namespace Crowdsourcing.Providers.PostgreSql;

/// <summary>One schema migration script of the PostgreSQL provider.</summary>
/// <param name="Version">The schema version the script brings the database to (1, 2, ...).</param>
/// <param name="Name">The script's name, for example <c>0001_initial</c>.</param>
/// <param name="Sql">The plain SQL; it records its version in <c>crowdsourcing_schema_version</c> itself.</param>
public sealed record PostgreSqlMigration(int Version, string Name, string Sql);

/// <summary>
/// Applies the PostgreSQL provider's schema migrations: the scripts shipped in the package (<c>Migrations/0001_initial.sql</c>, ...),
/// each recorded in the <c>crowdsourcing_schema_version</c> table of the connection's current schema. The store runs
/// it itself when its <see cref="PostgreSqlStoreOptions.Migrations"/> option is <see cref="PostgreSqlMigrationMode.Apply"/>;
/// deployment tools can run it directly.
/// </summary>
/// <example>
/// <code>
/// var applied = await new PostgreSqlMigrator("Host=db;Database=crowd;Username=crowd;Password=secret").ApplyAsync();
/// </code>
/// </example>
public sealed class PostgreSqlMigrator
{
    /// <summary>The key of the transaction-level advisory lock that serialises migrations (several instances starting at once).</summary>
    private const long AdvisoryLockKey = 0x43_52_4F_57_44_30_30_31; // "CROWD001"

    private static readonly IReadOnlyList<MigrationScript> Scripts = MigrationScript.Load(typeof(PostgreSqlMigrator).Assembly);
    private readonly string _connectionString;
    private readonly SchemaMigrations _schema;

    /// <summary>Creates a migrator for a database.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <exception cref="ArgumentException">The connection string is empty or invalid.</exception>
    public PostgreSqlMigrator(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _connectionString = builder.ConnectionString;
        var database = $"{builder.Database ?? builder.Username}@{builder.Host}:{builder.Port}";
        _schema = new SchemaMigrations("PostgreSQL", database, "Crowdsourcing.Providers.PostgreSql", nameof(PostgreSqlMigrator), Scripts);
    }

    /// <summary>The schema version this version of the library creates and expects.</summary>
    public static int LatestVersion => Scripts.Count;

    /// <summary>The migration scripts, in version order.</summary>
    public static IReadOnlyList<PostgreSqlMigration> Migrations { get; } = Scripts.Select(s => new PostgreSqlMigration(s.Version, s.Name, s.Sql)).ToArray();

    /// <summary>Reads the database's schema version: 0 when the store's schema was never applied.</summary>
    public async ValueTask<int> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies the scripts the database lacks, all in one transaction (a failure applies none), under an advisory lock:
    /// safe to run from several instances at once; the later ones find nothing to do.
    /// </summary>
    /// <returns>How many scripts were applied (0 when the database was up to date).</returns>
    /// <exception cref="InvalidOperationException">The database's schema is newer than <see cref="LatestVersion"/>; nothing was changed.</exception>
    public async ValueTask<int> ApplyAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                return await _schema.ApplyAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Checks that the database is at <see cref="LatestVersion"/>.</summary>
    /// <exception cref="InvalidOperationException">It is older (the message says how to migrate it) or newer.</exception>
    public async ValueTask VerifyAsync(CancellationToken cancellationToken = default) =>
        _schema.Verify(await GetVersionAsync(cancellationToken).ConfigureAwait(false));

    private static async ValueTask<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('crowdsourcing_schema_version') IS NOT NULL", connection, transaction);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return 0;
        }

        await using var max = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM crowdsourcing_schema_version", connection, transaction);
        return (int)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
