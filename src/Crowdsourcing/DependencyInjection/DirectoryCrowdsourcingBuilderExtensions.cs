using Crowdsourcing.Access;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Directory;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the synchronisation of participants with the enterprise directory.</summary>
public static class DirectoryCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="DirectorySynchronizer"/> (participants from the registered <see cref="IEnterpriseDirectory"/>,
    /// for example <c>UseLdapDirectory(...)</c>) and its schedule <see cref="DirectorySyncService"/>, with
    /// <see cref="DirectorySyncOptions"/> bound from <c>Crowdsourcing:Directory:Sync</c>, then
    /// <paramref name="configure"/>, validated at start. The schedule runs only when
    /// <see cref="DirectorySyncOptions.Interval"/> is set. Without a directory the host does not start, and the error
    /// says which call is missing. Safe to call more than once.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(crowd => crowd
    ///     .UseSqlite("Data Source=crowd.db")
    ///     .UseLdapDirectory(ldap => ldap.Host = "ldap.example.org")
    ///     .AddDirectorySync(sync => sync.Interval = TimeSpan.FromHours(1)));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Changes the synchronisation's settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddDirectorySync(this CrowdsourcingBuilder builder, Action<DirectorySyncOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(DirectorySynchronizer)))
        {
            builder.AddValidatedOptions<DirectorySyncOptions, DirectorySyncOptionsValidator>(DirectorySyncOptions.SectionName);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectorySyncOptions>, DirectoryConfiguredValidator>());
            services.AddSingleton(sp => new DirectorySynchronizer(
                sp.GetService<IEnterpriseDirectory>() ?? throw new InvalidOperationException(DirectoryConfiguredValidator.Message),
                sp.GetRequiredService<ICrowdsourcingStore>(),
                sp.GetRequiredService<AccessPolicy>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<DirectorySyncOptions>>(),
                sp.GetRequiredService<IOptions<CrowdsourcingOptions>>(),
                sp.GetRequiredService<CrowdsourcingDiagnostics>(),
                sp.GetRequiredService<InputLimits>(),
                sp.GetRequiredService<ILogger<DirectorySynchronizer>>()));
            services.AddSingleton<DirectorySyncService>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DirectorySyncService>(sp => sp.GetRequiredService<DirectorySyncService>()));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Fails the start when no enterprise directory is registered, saying which call is missing.</summary>
    private sealed class DirectoryConfiguredValidator(IServiceProvider services) : IValidateOptions<DirectorySyncOptions>
    {
        internal const string Message =
            "AddDirectorySync() needs an enterprise directory to read people from: call UseLdapDirectory(...) (package Crowdsourcing.Directory.Ldap) on the builder of AddCrowdsourcing(...), or register an IEnterpriseDirectory.";

        public ValidateOptionsResult Validate(string? name, DirectorySyncOptions options) =>
            services.GetService<IServiceProviderIsService>()?.IsService(typeof(IEnterpriseDirectory)) == false
                ? ValidateOptionsResult.Fail(Message)
                : ValidateOptionsResult.Success;
    }
}
