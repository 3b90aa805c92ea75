using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Providers.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Crowdsourcing.Providers.Sqlite;

/// <summary>One schema migration script of the SQLite provider.</summary>
/// <param name="Version">The schema version the script brings the database to (1, 2, ...).</param>
/// <param name="Name">The script's name, for example <c>0001_initial</c>.</param>
/// <param name="Sql">The plain SQL; it records its version in <c>crowdsourcing_schema_version</c> itself.</param>
public sealed record SqliteMigration(int Version, string Name, string Sql);

/// <summary>
/// Applies the SQLite provider's schema migrations: the scripts shipped in the package (<c>Migrations/0001_initial.sql</c>, ...),
/// each recorded in the <c>crowdsourcing_schema_version</c> table. The store runs it itself when its
/// <see cref="SqliteStoreOptions.Migrations"/> option is <see cref="SqliteMigrationMode.Apply"/>; deployment tools can run it directly.
/// </summary>
/// <example>
/// <code>
/// var applied = await new SqliteMigrator("Data Source=crowd.db").ApplyAsync();
/// </code>
/// </example>
public sealed class SqliteMigrator
{
    private static readonly IReadOnlyList<MigrationScript> Scripts = MigrationScript.Load(typeof(SqliteMigrator).Assembly);
    private readonly string _connectionString;
    private readonly SchemaMigrations _schema;

    /// <summary>Creates a migrator for a database.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=crowd.db</c>.</param>
    /// <exception cref="ArgumentException">The connection string is empty or invalid.</exception>
    public SqliteMigrator(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true }.ToString();
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        _schema = new SchemaMigrations("SQLite", dataSource, "Crowdsourcing.Providers.Sqlite", nameof(SqliteMigrator), Scripts);
    }

    /// <summary>The schema version this version of the library creates and expects.</summary>
    public static int LatestVersion => Scripts.Count;

    /// <summary>The migration scripts, in version order.</summary>
    public static IReadOnlyList<SqliteMigration> Migrations { get; } = Scripts.Select(s => new SqliteMigration(s.Version, s.Name, s.Sql)).ToArray();

    /// <summary>Reads the database's schema version: 0 when the store's schema was never applied.</summary>
    public async ValueTask<int> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts the database in WAL mode and applies the scripts it lacks, all in one transaction (a failure applies none).
    /// Safe to run from several processes at once: the write lock serialises them, and the later ones find nothing to do.
    /// </summary>
    /// <returns>How many scripts were applied (0 when the database was up to date).</returns>
    /// <exception cref="InvalidOperationException">The database's schema is newer than <see cref="LatestVersion"/>; nothing was changed.</exception>
    public async ValueTask<int> ApplyAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ConfigureAsync(connection, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL";
                await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                return await _schema.ApplyAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Checks that the database is at <see cref="LatestVersion"/>.</summary>
    /// <exception cref="InvalidOperationException">It is older (the message says how to migrate it) or newer.</exception>
    public async ValueTask VerifyAsync(CancellationToken cancellationToken = default) =>
        _schema.Verify(await GetVersionAsync(cancellationToken).ConfigureAwait(false));

    private static async ValueTask<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'crowdsourcing_schema_version'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        using var max = connection.CreateCommand();
        max.Transaction = transaction;
        max.CommandText = "SELECT COALESCE(MAX(version), 0) FROM crowdsourcing_schema_version";
        return Convert.ToInt32(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
