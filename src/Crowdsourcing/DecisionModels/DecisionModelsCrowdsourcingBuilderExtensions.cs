using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the decision engine and the decision cycle.</summary>
public static class DecisionModelsCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Adds the decision engine: <see cref="DecisionModelsOptions"/> bound from <c>Crowdsourcing:DecisionModels</c> (when
    /// an <see cref="IConfiguration"/> is registered) and validated at start by <see cref="DecisionModelsOptionsValidator"/>,
    /// the <see cref="IDecisionModelRegistry"/>, and the <see cref="IDecisionCycleService"/>. Models come from
    /// configuration (<c>Models:{name}:Preset</c> or <c>:Path</c>) and from <paramref name="configure"/>
    /// (<see cref="DecisionModelsBuilder.AddModel"/>, <see cref="DecisionModelsBuilder.AddPreset"/>,
    /// <see cref="DecisionModelsBuilder.AddModelFile"/>); code registrations replace configured models of the same name.
    /// Safe to call more than once: later calls register nothing twice and only run <paramref name="configure"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(crowd => crowd
    ///     .UseInMemoryStore()
    ///     .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper")));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Registers models and settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddDecisionModels(this CrowdsourcingBuilder builder, Action<DecisionModelsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(DecisionEngineMarker)))
        {
            services.AddSingleton<DecisionEngineMarker>();
            builder.AddValidatedOptions<DecisionModelsOptions, DecisionModelsOptionsValidator>(DecisionModelsOptions.SectionName);
            services.TryAddSingleton<IDecisionModelRegistry>(sp => new DecisionModelRegistry(
                sp.GetRequiredService<IOptions<DecisionModelsOptions>>(),
                sp,
                Logger(sp, typeof(DecisionModelRegistry).FullName!)));
            services.TryAddSingleton<IDecisionCycleService>(sp => new DecisionCycleService(
                sp.GetRequiredService<ICrowdsourcingStore>(),
                sp.GetRequiredService<IDecisionModelRegistry>(),
                sp.GetRequiredService<IOptions<DecisionModelsOptions>>(),
                sp.GetRequiredService<IOptions<CrowdsourcingOptions>>(),
                sp.GetRequiredService<IOptions<Notifications.NotificationRoutingOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<CrowdsourcingDiagnostics>(),
                Logger(sp, typeof(DecisionCycleService).FullName!)));
        }

        configure?.Invoke(new DecisionModelsBuilder(services));
        return builder;
    }

    /// <summary>A logger from the host's <see cref="ILoggerFactory"/>, or none when the host registered no logging.</summary>
    internal static ILogger Logger(IServiceProvider services, string category) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(category) ?? NullLogger.Instance;

    /// <summary>Marks a service collection that <c>AddDecisionModels()</c> has configured.</summary>
    private sealed class DecisionEngineMarker;

}
