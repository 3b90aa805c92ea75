using Crowdsourcing.Providers.Relational;

namespace Crowdsourcing.Providers.PostgreSql;

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

    /// <summary>What the store does about the schema when it starts. Default: <see cref="MigrationMode.Apply"/>.</summary>
    public MigrationMode Migrations { get; set; } = MigrationMode.Apply;
}
