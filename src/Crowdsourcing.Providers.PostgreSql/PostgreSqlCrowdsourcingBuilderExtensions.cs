using Crowdsourcing.Providers.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
    public static CrowdsourcingBuilder UsePostgreSql(this CrowdsourcingBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(PostgreSqlMarker)))
        {
            services.AddSingleton<PostgreSqlMarker>();
            services.AddOptions<PostgreSqlStoreOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<PostgreSqlStoreOptions>, ConfigureFromConfiguration>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlStoreInitializer>());
        }

        services.Configure(configure);
        return builder.UseStore(static sp => new PostgreSqlCrowdsourcingStore(sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value));
    }

    /// <summary>Marks a service collection that <c>UsePostgreSql()</c> has configured.</summary>
    private sealed class PostgreSqlMarker;

    /// <summary>Binds the options from the <c>Crowdsourcing:PostgreSql</c> section when the host registered a configuration.</summary>
    private sealed class ConfigureFromConfiguration(IServiceProvider services) : IConfigureOptions<PostgreSqlStoreOptions>
    {
        public void Configure(PostgreSqlStoreOptions options) =>
            services.GetService<IConfiguration>()?.GetSection(PostgreSqlStoreOptions.SectionName).Bind(options);
    }

    /// <summary>Applies or verifies the schema when the host starts, so that a database that cannot be used stops the start.</summary>
    private sealed class PostgreSqlStoreInitializer(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            services.GetService<Storage.ICrowdsourcingStore>() is PostgreSqlCrowdsourcingStore store ? store.InitializeAsync(cancellationToken) : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
