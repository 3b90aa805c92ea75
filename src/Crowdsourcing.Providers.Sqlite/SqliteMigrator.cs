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

    /// <summary>Creates a migrator for a database.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=crowd.db</c>.</param>
    /// <exception cref="ArgumentException">The connection string is empty or invalid.</exception>
    public SqliteMigrator(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true }.ToString();
        DataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    /// <summary>The schema version this version of the library creates and expects.</summary>
    public static int LatestVersion => Scripts.Count;

    /// <summary>The migration scripts, in version order.</summary>
    public static IReadOnlyList<SqliteMigration> Migrations { get; } = Scripts.Select(s => new SqliteMigration(s.Version, s.Name, s.Sql)).ToArray();

    private string DataSource { get; }

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
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (version > LatestVersion)
                {
                    throw new InvalidOperationException(MigrationScript.TooNew("SQLite", DataSource, version, LatestVersion, "Crowdsourcing.Providers.Sqlite"));
                }

                var applied = 0;
                foreach (var script in Scripts.Where(s => s.Version > version))
                {
                    await ExecuteAsync(connection, transaction, script.Sql, cancellationToken).ConfigureAwait(false);
                    applied++;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return applied;
            }
        }
    }

    /// <summary>Checks that the database is at <see cref="LatestVersion"/>.</summary>
    /// <exception cref="InvalidOperationException">It is older (the message says how to migrate it) or newer.</exception>
    public async ValueTask VerifyAsync(CancellationToken cancellationToken = default)
    {
        var version = await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        if (version > LatestVersion)
        {
            throw new InvalidOperationException(MigrationScript.TooNew("SQLite", DataSource, version, LatestVersion, "Crowdsourcing.Providers.Sqlite"));
        }

        if (version < LatestVersion)
        {
            throw new InvalidOperationException(MigrationScript.TooOld("SQLite", DataSource, version, LatestVersion, nameof(SqliteMigrator)));
        }
    }

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

    private static async ValueTask ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL is one of the package's own migration scripts.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
