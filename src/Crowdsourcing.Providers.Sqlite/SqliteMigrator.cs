using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Providers.Sqlite.Internal;

namespace Crowdsourcing.Providers.Sqlite;

/// <summary>
/// Applies the SQLite provider's schema migrations: the scripts shipped in the package (<c>Migrations/0001_initial.sql</c>, ...),
/// each recorded in the <c>crowdsourcing_schema_version</c> table. The store runs it itself when its
/// <see cref="SqliteStoreOptions.Migrations"/> option is <see cref="MigrationMode.Apply"/>; deployment tools can run it directly.
/// </summary>
/// <example>
/// <code>
/// var applied = await new SqliteMigrator("Data Source=crowd.db").ApplyAsync();
/// </code>
/// </example>
public sealed class SqliteMigrator
{
    private readonly SchemaMigrator _migrator;

    /// <summary>Creates a migrator for a database.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=crowd.db</c>.</param>
    /// <exception cref="ArgumentException">The connection string is empty or invalid.</exception>
    public SqliteMigrator(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Connections go back to the pool of their connection string (as a store's do); the migrator holds nothing else.
        _migrator = new SchemaMigrator(new SqliteDialect(connectionString, SqliteDialect.DefaultTimeout, SqliteDialect.DefaultTimeout));
    }

    /// <summary>The schema version this version of the library creates and expects.</summary>
    public static int LatestVersion => SqliteDialect.MigrationScripts.Count;

    /// <summary>The migration scripts, in version order.</summary>
    public static IReadOnlyList<MigrationScript> Migrations => SqliteDialect.MigrationScripts;

    /// <summary>Reads the database's schema version: 0 when the store's schema was never applied.</summary>
    public ValueTask<int> GetVersionAsync(CancellationToken cancellationToken = default) => _migrator.GetVersionAsync(cancellationToken);

    /// <summary>
    /// Puts the database in WAL mode and applies the scripts it lacks, all in one transaction (a failure applies none).
    /// Safe to run from several processes at once: the write lock serialises them, and the later ones find nothing to do.
    /// </summary>
    /// <returns>How many scripts were applied (0 when the database was up to date).</returns>
    /// <exception cref="InvalidStateException">The database's schema is newer than <see cref="LatestVersion"/>; nothing was changed.</exception>
    public ValueTask<int> ApplyAsync(CancellationToken cancellationToken = default) => _migrator.ApplyAsync(cancellationToken);

    /// <summary>Checks that the database is at <see cref="LatestVersion"/>.</summary>
    /// <exception cref="InvalidStateException">It is older (the message says how to migrate it) or newer.</exception>
    public ValueTask VerifyAsync(CancellationToken cancellationToken = default) => _migrator.VerifyAsync(cancellationToken);
}
