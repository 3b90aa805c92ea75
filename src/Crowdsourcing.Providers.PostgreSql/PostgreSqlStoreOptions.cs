namespace Crowdsourcing.Providers.PostgreSql;

/// <summary>What the PostgreSQL store does about the database schema when it starts.</summary>
public enum PostgreSqlMigrationMode
{
    /// <summary>Applies the migration scripts the database lacks, in one transaction under an advisory lock (several
    /// instances starting at once apply them once), before the store's first operation (and at host start when the
    /// store runs in a host). The default.</summary>
    Apply = 0,

    /// <summary>Only checks that the database is at the library's schema version, and fails with a message saying how
    /// to migrate it otherwise. For databases migrated by a deployment step or a DBA.</summary>
    Verify = 1,

    /// <summary>Checks nothing: the host guarantees the schema.</summary>
    None = 2,
}

/// <summary>
/// Options of the PostgreSQL store, bound from the <c>Crowdsourcing:PostgreSql</c> configuration section and validated at
/// start by <see cref="PostgreSqlStoreOptionsValidator"/>.
/// </summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Crowdsourcing:PostgreSql";

    /// <summary>The Npgsql connection string, for example <c>Host=db;Database=crowd;Username=crowd;Password=...</c>.
    /// Required. Each store instance keeps its own connection pool (an <c>NpgsqlDataSource</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long one command may run. Default: 30 seconds; from 1 second to 1 hour.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a transaction that failed with a deadlock or a serialisation failure is run again before the
    /// error is reported. Default: 10; from 0 to 100.</summary>
    public int MaxRetries { get; set; } = 10;

    /// <summary>What the store does about the schema when it starts. Default: <see cref="PostgreSqlMigrationMode.Apply"/>.</summary>
    public PostgreSqlMigrationMode Migrations { get; set; } = PostgreSqlMigrationMode.Apply;
}
