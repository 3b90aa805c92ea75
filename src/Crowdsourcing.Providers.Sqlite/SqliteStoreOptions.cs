using Crowdsourcing.Providers.Relational;

namespace Crowdsourcing.Providers.Sqlite;

/// <summary>
/// Options of the SQLite store, bound from the <c>Crowdsourcing:Sqlite</c> configuration section and validated at
/// start by <see cref="SqliteStoreOptionsValidator"/>.
/// </summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Crowdsourcing:Sqlite";

    /// <summary>The Microsoft.Data.Sqlite connection string, for example <c>Data Source=crowd.db</c>. Required. The store
    /// turns foreign keys on and keeps connection pooling as the string says (on by default).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long one command may run, including the time it waits for another writer. Default: 30 seconds;
    /// from 1 second to 1 hour.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection waits for another connection's write lock before it reports the database busy
    /// (<c>PRAGMA busy_timeout</c>). Default: 30 seconds; from 0 to 1 hour.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a transaction that found the database busy is run again before the error is reported.
    /// Default: 10; from 0 to 100.</summary>
    public int MaxRetries { get; set; } = 10;

    /// <summary>What the store does about the schema when it starts. Default: <see cref="MigrationMode.Apply"/>.</summary>
    public MigrationMode Migrations { get; set; } = MigrationMode.Apply;
}
