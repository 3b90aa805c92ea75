using Crowdsourcing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the background processing.</summary>
public static class BackgroundProcessingCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="CrowdsourcingBackgroundService"/> as a hosted service, with <see cref="BackgroundProcessingOptions"/>
    /// bound from <c>Crowdsourcing:BackgroundProcessing</c>, then <paramref name="configure"/>, validated at start. It runs
    /// reminders, due decision cycles (when <c>AddDecisionModels()</c> is called too) and deliveries on a schedule.
    /// Safe to call more than once: the service is added once, and each <paramref name="configure"/> applies in order.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(crowd => crowd
    ///     .UseInMemoryStore()
    ///     .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper"))
    ///     .AddBackgroundProcessing(o => o.Interval = TimeSpan.FromMinutes(5)));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Changes the schedule.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddBackgroundProcessing(this CrowdsourcingBuilder builder, Action<BackgroundProcessingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(CrowdsourcingBackgroundService)))
        {
            builder.AddValidatedOptions<BackgroundProcessingOptions, BackgroundProcessingOptionsValidator>(BackgroundProcessingOptions.SectionName);
            services.AddSingleton<CrowdsourcingBackgroundService>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CrowdsourcingBackgroundService>(sp => sp.GetRequiredService<CrowdsourcingBackgroundService>()));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

}
