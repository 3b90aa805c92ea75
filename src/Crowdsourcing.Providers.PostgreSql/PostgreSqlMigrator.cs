using Crowdsourcing.Providers.PostgreSql.Internal;
using Crowdsourcing.Providers.Relational;

namespace Crowdsourcing.Providers.PostgreSql;

/// <summary>
/// Applies the PostgreSQL provider's schema migrations: the scripts shipped in the package (<c>Migrations/0001_initial.sql</c>, ...),
/// each recorded in the <c>crowdsourcing_schema_version</c> table of the connection's current schema. The store runs
/// it itself when its <see cref="PostgreSqlStoreOptions.Migrations"/> option is <see cref="MigrationMode.Apply"/>;
/// deployment tools can run it directly.
/// </summary>
/// <example>
/// <code>
/// var applied = await new PostgreSqlMigrator("Host=db;Database=crowd;Username=crowd;Password=secret").ApplyAsync();
/// </code>
/// </example>
public sealed class PostgreSqlMigrator
{
    private readonly string _connectionString;

    /// <summary>Creates a migrator for a database.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <exception cref="ArgumentException">The connection string is empty or invalid.</exception>
    public PostgreSqlMigrator(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgreSqlDialect.CheckConnectionString(connectionString);
        _connectionString = connectionString;
    }

    /// <summary>The schema version this version of the library creates and expects.</summary>
    public static int LatestVersion => PostgreSqlDialect.MigrationScripts.Count;

    /// <summary>The migration scripts, in version order.</summary>
    public static IReadOnlyList<MigrationScript> Migrations => PostgreSqlDialect.MigrationScripts;

    /// <summary>Reads the database's schema version: 0 when the store's schema was never applied.</summary>
    public async ValueTask<int> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var dialect = Dialect();
        await using (dialect.ConfigureAwait(false))
        {
            return await new SchemaMigrator(dialect).GetVersionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies the scripts the database lacks, all in one transaction (a failure applies none), under an advisory lock:
    /// safe to run from several instances at once; the later ones find nothing to do.
    /// </summary>
    /// <returns>How many scripts were applied (0 when the database was up to date).</returns>
    /// <exception cref="InvalidStateException">The database's schema is newer than <see cref="LatestVersion"/>; nothing was changed.</exception>
    public async ValueTask<int> ApplyAsync(CancellationToken cancellationToken = default)
    {
        var dialect = Dialect();
        await using (dialect.ConfigureAwait(false))
        {
            return await new SchemaMigrator(dialect).ApplyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks that the database is at <see cref="LatestVersion"/>.</summary>
    /// <exception cref="InvalidStateException">It is older (the message says how to migrate it) or newer.</exception>
    public async ValueTask VerifyAsync(CancellationToken cancellationToken = default)
    {
        var dialect = Dialect();
        await using (dialect.ConfigureAwait(false))
        {
            await new SchemaMigrator(dialect).VerifyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A dialect with a connection pool of its own for one call, released after it.</summary>
    private PostgreSqlDialect Dialect() => new(_connectionString, PostgreSqlDialect.DefaultCommandTimeout);
}
