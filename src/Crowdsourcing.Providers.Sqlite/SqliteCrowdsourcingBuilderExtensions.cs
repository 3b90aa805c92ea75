using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Providers.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the SQLite provider.</summary>
public static class SqliteCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="SqliteCrowdsourcingStore"/> on the database file of <paramref name="connectionString"/>.
    /// See <see cref="UseSqlite(CrowdsourcingBuilder, Action{SqliteStoreOptions})"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(builder => builder.UseSqlite("Data Source=crowd.db"));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=crowd.db</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static CrowdsourcingBuilder UseSqlite(this CrowdsourcingBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseSqlite(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Uses a <see cref="SqliteCrowdsourcingStore"/> (a singleton) configured by <see cref="SqliteStoreOptions"/>: bound
    /// first from the <c>Crowdsourcing:Sqlite</c> configuration section (when an <see cref="IConfiguration"/> is
    /// registered), then changed by <paramref name="configure"/>, and validated at start by
    /// <see cref="SqliteStoreOptionsValidator"/>. In a host, the schema is applied (or verified) when the host starts;
    /// otherwise before the store's first operation. Safe to call more than once: nothing is registered twice, and
    /// the last provider configured is the store.
    /// </summary>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder UseSqlite(this CrowdsourcingBuilder builder, Action<SqliteStoreOptions> configure) =>
        RelationalProviderRegistration.Use<SqliteStoreOptions, SqliteStoreOptionsValidator, SqliteCrowdsourcingStore>(
            builder, SqliteStoreOptions.SectionName, configure, static options => new SqliteCrowdsourcingStore(options));
}
