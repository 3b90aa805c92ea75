using Crowdsourcing.Providers.PostgreSql;
using Crowdsourcing.Providers.Relational;
using Microsoft.Extensions.Configuration;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the PostgreSQL provider.</summary>
public static class PostgreSqlCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="PostgreSqlCrowdsourcingStore"/> on the database of <paramref name="connectionString"/>.
    /// See <see cref="UsePostgreSql(CrowdsourcingBuilder, Action{PostgreSqlStoreOptions})"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(builder => builder.UsePostgreSql("Host=db;Database=crowd;Username=crowd;Password=secret"));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=db;Database=crowd;Username=crowd;Password=secret</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static CrowdsourcingBuilder UsePostgreSql(this CrowdsourcingBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSql(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Uses a <see cref="PostgreSqlCrowdsourcingStore"/> (a singleton) configured by <see cref="PostgreSqlStoreOptions"/>: bound
    /// first from the <c>Crowdsourcing:PostgreSql</c> configuration section (when an <see cref="IConfiguration"/> is
    /// registered), then changed by <paramref name="configure"/>, and validated at start by
    /// <see cref="PostgreSqlStoreOptionsValidator"/>. In a host, the schema is applied (or verified) when the host starts;
    /// otherwise before the store's first operation. Safe to call more than once: nothing is registered twice, and
    /// the last provider configured is the store.
    /// </summary>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder UsePostgreSql(this CrowdsourcingBuilder builder, Action<PostgreSqlStoreOptions> configure) =>
        RelationalProviderRegistration.Use<PostgreSqlStoreOptions, PostgreSqlStoreOptionsValidator, PostgreSqlCrowdsourcingStore>(
            builder, PostgreSqlStoreOptions.SectionName, configure, static options => new PostgreSqlCrowdsourcingStore(options));
}
