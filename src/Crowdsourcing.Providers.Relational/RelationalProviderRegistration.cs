using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// What <c>UseSqlite(...)</c> and <c>UsePostgreSql(...)</c> register, the same for both: the options (bound from the
/// provider's configuration section, then changed by the caller's action, validated at start), a hosted initialiser
/// that applies or verifies the schema when the host starts, and the store as a singleton. Registering twice adds
/// nothing twice; the last provider configured is the store.
/// </summary>
internal static class RelationalProviderRegistration
{
    public static CrowdsourcingBuilder Use<TOptions, TValidator, TStore>(CrowdsourcingBuilder builder, string sectionName, Action<TOptions> configure, Func<TOptions, TStore> create)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TStore : RelationalCrowdsourcingStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(ProviderMarker<TOptions>)))
        {
            services.AddSingleton<ProviderMarker<TOptions>>();
            builder.AddValidatedOptions<TOptions, TValidator>(sectionName);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoreInitializer<TStore>>());
        }

        services.Configure(configure);
        return builder.UseStore(sp => create(sp.GetRequiredService<IOptions<TOptions>>().Value));
    }

    /// <summary>Marks a service collection that the provider of <typeparamref name="TOptions"/> has configured.</summary>
    private sealed class ProviderMarker<TOptions>;

    /// <summary>Applies or verifies the schema when the host starts, so that a database that cannot be used stops the
    /// start. Does nothing when another provider was configured last.</summary>
    private sealed class StoreInitializer<TStore>(IServiceProvider services) : IHostedService
        where TStore : RelationalCrowdsourcingStore
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            services.GetService<ICrowdsourcingStore>() is TStore store ? store.InitializeAsync(cancellationToken) : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
