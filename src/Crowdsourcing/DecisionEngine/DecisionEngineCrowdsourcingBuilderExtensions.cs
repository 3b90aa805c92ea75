using Crowdsourcing.DecisionCycle;
using Crowdsourcing.DecisionEngine;
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
public static class DecisionEngineCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Adds the decision engine: <see cref="DecisionEngineOptions"/> bound from <c>Crowdsourcing:DecisionEngine</c> (when
    /// an <see cref="IConfiguration"/> is registered) and validated at start by <see cref="DecisionEngineOptionsValidator"/>,
    /// the <see cref="IDecisionModelRegistry"/>, and the <see cref="IDecisionCycleService"/>. Models come from
    /// configuration (<c>Models:{name}:Preset</c> or <c>:Path</c>) and from <paramref name="configure"/>
    /// (<see cref="DecisionEngineBuilder.AddModel"/>, <see cref="DecisionEngineBuilder.AddPreset"/>,
    /// <see cref="DecisionEngineBuilder.AddModelFile"/>); code registrations replace configured models of the same name.
    /// Safe to call more than once: later calls register nothing twice and only run <paramref name="configure"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(crowd => crowd
    ///     .UseInMemoryStore()
    ///     .AddDecisionEngine(engine => engine.AddPreset("crowdarb-paper")));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Registers models and settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddDecisionEngine(this CrowdsourcingBuilder builder, Action<DecisionEngineBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(DecisionEngineMarker)))
        {
            services.AddSingleton<DecisionEngineMarker>();
            builder.AddValidatedOptions<DecisionEngineOptions, DecisionEngineOptionsValidator>(DecisionEngineOptions.SectionName);
            services.TryAddSingleton<IDecisionModelRegistry>(sp => new DecisionModelRegistry(
                sp.GetRequiredService<IOptions<DecisionEngineOptions>>(),
                sp,
                Logger(sp, typeof(DecisionModelRegistry).FullName!)));
            services.TryAddSingleton<IDecisionCycleService>(sp => new DecisionCycleService(
                sp.GetRequiredService<ICrowdsourcingStore>(),
                sp.GetRequiredService<IDecisionModelRegistry>(),
                sp.GetRequiredService<IOptions<DecisionEngineOptions>>(),
                sp.GetRequiredService<IOptions<CrowdsourcingOptions>>(),
                sp.GetRequiredService<IOptions<Notifications.NotificationRoutingOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<CrowdsourcingDiagnostics>(),
                Logger(sp, typeof(DecisionCycleService).FullName!)));
        }

        configure?.Invoke(new DecisionEngineBuilder(services));
        return builder;
    }

    /// <summary>A logger from the host's <see cref="ILoggerFactory"/>, or none when the host registered no logging.</summary>
    internal static ILogger Logger(IServiceProvider services, string category) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(category) ?? NullLogger.Instance;

    /// <summary>Marks a service collection that <c>AddDecisionEngine()</c> has configured.</summary>
    private sealed class DecisionEngineMarker;

}
