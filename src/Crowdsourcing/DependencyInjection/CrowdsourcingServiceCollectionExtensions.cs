using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers Crowdsourcing for .NET in a service collection.</summary>
public static class CrowdsourcingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Crowdsourcing runtime: <see cref="CrowdsourcingOptions"/> bound from the <c>Crowdsourcing</c>
    /// configuration section (when an <see cref="IConfiguration"/> is registered) and validated at start, the
    /// <see cref="TimeProvider"/> (the system clock unless the host registered one), and
    /// <see cref="CrowdsourcingDiagnostics"/> (an <c>ActivitySource</c> and a <c>Meter</c> named <c>Crowdsourcing</c>).
    /// Safe to call more than once: later calls add nothing twice and only run <paramref name="configure"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(builder => builder.UseInMemoryStore());
    /// </code>
    /// </example>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the builder: the store provider and the features.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddCrowdsourcing(this IServiceCollection services, Action<CrowdsourcingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new CrowdsourcingBuilder(services);
        if (!services.Any(d => d.ServiceType == typeof(CrowdsourcingMarker)))
        {
            services.AddSingleton<CrowdsourcingMarker>();
            services.AddOptions<CrowdsourcingOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CrowdsourcingOptions>, ConfigureFromConfiguration>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrowdsourcingOptions>, CrowdsourcingOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => new CrowdsourcingDiagnostics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        }

        configure?.Invoke(builder);
        return builder;
    }

    /// <summary>Marks a service collection that <c>AddCrowdsourcing()</c> has configured.</summary>
    private sealed class CrowdsourcingMarker;

    /// <summary>Binds the options from the <c>Crowdsourcing</c> section when the host registered a configuration.</summary>
    private sealed class ConfigureFromConfiguration(IServiceProvider services) : IConfigureOptions<CrowdsourcingOptions>
    {
        public void Configure(CrowdsourcingOptions options)
        {
            var configuration = services.GetService<IConfiguration>();
            configuration?.GetSection(CrowdsourcingOptions.SectionName).Bind(options);
        }
    }
}
