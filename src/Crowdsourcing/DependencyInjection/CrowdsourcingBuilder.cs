using Crowdsourcing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DependencyInjection;

/// <summary>
/// Configures Crowdsourcing for .NET in a service collection. Returned by
/// <see cref="CrowdsourcingServiceCollectionExtensions.AddCrowdsourcing(IServiceCollection, Action{CrowdsourcingBuilder}?)"/>;
/// providers and features add themselves through extension methods on it (<c>UseInMemoryStore()</c>,
/// <c>UseSqlite(...)</c>, <c>UsePostgreSql(...)</c>).
/// </summary>
public sealed class CrowdsourcingBuilder
{
    internal CrowdsourcingBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers the options class of a feature: bound from the configuration section <paramref name="sectionName"/>
    /// when the host registered an <see cref="IConfiguration"/>, and validated when the host starts by
    /// <typeparamref name="TValidator"/> (which should list every failure). Features and providers call this from their
    /// <c>AddXxx()</c> or <c>UseXxx()</c> extension; calling it again registers nothing twice.
    /// </summary>
    /// <typeparam name="TOptions">The options class.</typeparam>
    /// <typeparam name="TValidator">Its validator.</typeparam>
    /// <param name="sectionName">The configuration section, for example <c>Crowdsourcing:Sqlite</c>.</param>
    /// <returns>This builder, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="sectionName"/> is empty.</exception>
    public CrowdsourcingBuilder AddValidatedOptions<TOptions, TValidator>(string sectionName)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        Services.AddOptions<TOptions>().ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TOptions>, ConfigureFromSection<TOptions>>(sp => new ConfigureFromSection<TOptions>(sp, sectionName)));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return this;
    }

    /// <summary>
    /// Registers the store every runtime service uses: <see cref="ICrowdsourcingStore"/> as a singleton, and each store
    /// interface (<see cref="ICampaignStore"/>, <see cref="ITaskStore"/>, <see cref="IParticipantStore"/>, ...) as the matching property of it.
    /// Providers call this from their <c>UseXxx()</c> extension. Calling it again replaces the store: the last provider
    /// configured wins, and the forwarding registrations are not duplicated.
    /// </summary>
    /// <typeparam name="TStore">The provider's store type.</typeparam>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder, for chaining.</returns>
    public CrowdsourcingBuilder UseStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, ICrowdsourcingStore
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton<ICrowdsourcingStore>(factory));
        Services.TryAddSingleton<StoreConfigured>();
        return this;
    }

    /// <summary>The message of a host that starts, or asks for a store, without a provider.</summary>
    internal const string NoStoreMessage =
        "No Crowdsourcing store is configured: call UseInMemoryStore(), UseSqlite(\"Data Source=...\") or UsePostgreSql(\"Host=...\") on the builder of AddCrowdsourcing(...) (packages Crowdsourcing.Providers.InMemory, .Sqlite, .PostgreSql).";

    /// <summary>Registers the store interfaces as the properties of the configured <see cref="ICrowdsourcingStore"/>.</summary>
    internal void AddStoreForwarding()
    {
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Campaigns);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Tasks);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Participants);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Questionnaires);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Assignments);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Responses);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Beliefs);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Cycles);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Outbox);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Reconciliation);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().ReportReviews);
    }

    /// <summary>Registered by <see cref="UseStore{TStore}"/>: a provider is configured.</summary>
    internal sealed class StoreConfigured;

    /// <summary>Fails the start when no provider is configured, saying which call is missing.</summary>
    internal sealed class StoreConfiguredValidator(IEnumerable<StoreConfigured> configured) : IValidateOptions<Options.CrowdsourcingOptions>
    {
        public ValidateOptionsResult Validate(string? name, Options.CrowdsourcingOptions options) =>
            configured.Any() ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(NoStoreMessage);
    }

    /// <summary>Binds options from a configuration section when the host registered a configuration.</summary>
    private sealed class ConfigureFromSection<TOptions>(IServiceProvider services, string sectionName) : IConfigureOptions<TOptions>
        where TOptions : class
    {
        public void Configure(TOptions options) =>
            services.GetService<IConfiguration>()?.GetSection(sectionName).Bind(options);
    }
}
