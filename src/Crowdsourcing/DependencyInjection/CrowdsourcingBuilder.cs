using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Campaigns);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Tasks);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Participants);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Questionnaires);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Assignments);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Responses);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Beliefs);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Cycles);
        Services.TryAddSingleton(sp => sp.GetRequiredService<ICrowdsourcingStore>().Outbox);
        return this;
    }
}
