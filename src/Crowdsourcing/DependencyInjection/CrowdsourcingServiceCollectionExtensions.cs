using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers Crowdsourcing for .NET in a service collection.</summary>
public static class CrowdsourcingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Crowdsourcing runtime: <see cref="CrowdsourcingOptions"/> bound from the <c>Crowdsourcing</c>
    /// configuration section (when an <see cref="IConfiguration"/> is registered) and validated at start, the
    /// <see cref="TimeProvider"/> (the system clock unless the host registered one),
    /// <see cref="CrowdsourcingDiagnostics"/> (an <c>ActivitySource</c> and a <c>Meter</c> named <c>Crowdsourcing</c>),
    /// the <see cref="QualityEvaluator"/> (with every registered <see cref="ICustomQualityRuleEvaluator"/>), and the
    /// runtime services as singletons: <see cref="ICampaignService"/>, <see cref="ITaskCatalog"/>,
    /// <see cref="IAssignmentService"/>, <see cref="Delegations.IDelegationService"/>,
    /// <see cref="Reminders.IReminderService"/> and <see cref="INotificationDispatcher"/>, with
    /// <see cref="NotificationRoutingOptions"/> bound from <c>Crowdsourcing:NotificationRouting</c>. The services need
    /// a store (<c>UseInMemoryStore()</c>, <c>UseSqlite(...)</c>, ...); channels are added with
    /// <c>AddSmtpNotifications()</c>, <c>AddWebhookNotifications()</c> or <c>AddNotificationChannel&lt;T&gt;()</c>.
    /// Logs go to the host's <see cref="ILoggerFactory"/> when one is registered.
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
            builder.AddValidatedOptions<CrowdsourcingOptions, CrowdsourcingOptionsValidator>(CrowdsourcingOptions.SectionName);
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => new CrowdsourcingDiagnostics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
            AddRuntimeServices(builder);
        }

        configure?.Invoke(builder);
        return builder;
    }

    private static void AddRuntimeServices(CrowdsourcingBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<NotificationRoutingOptions, NotificationRoutingOptionsValidator>(NotificationRoutingOptions.SectionName);

        services.TryAddSingleton(sp => new QualityEvaluator(sp.GetServices<ICustomQualityRuleEvaluator>()));
        services.TryAddSingleton(sp => new NotificationComposer(sp.GetRequiredService<IOptions<NotificationRoutingOptions>>()));
        services.TryAddSingleton(sp => new ConfidentialityGuard(Logger(sp, "Crowdsourcing.Access"), sp.GetRequiredService<CrowdsourcingDiagnostics>()));
        services.TryAddSingleton<ITaskCatalog>(sp => new TaskCatalog(
            sp.GetRequiredService<ICrowdsourcingStore>(),
            sp.GetRequiredService<ConfidentialityGuard>(),
            sp.GetRequiredService<CrowdsourcingDiagnostics>()));
        services.TryAddSingleton<ICampaignService>(sp => new CampaignService(
            sp.GetRequiredService<ICrowdsourcingStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CrowdsourcingDiagnostics>(),
            sp.GetRequiredService<IOptions<CrowdsourcingOptions>>(),
            sp.GetServices<ICustomQualityRuleEvaluator>(),
            Logger(sp, "Crowdsourcing.Campaigns")));
        services.TryAddSingleton<IAssignmentService>(sp => new AssignmentService(
            sp.GetRequiredService<ICrowdsourcingStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CrowdsourcingDiagnostics>(),
            sp.GetRequiredService<QualityEvaluator>(),
            sp.GetRequiredService<NotificationComposer>(),
            sp.GetRequiredService<ConfidentialityGuard>(),
            Logger(sp, "Crowdsourcing.Assignments")));
        services.TryAddSingleton<Delegations.IDelegationService>(sp => new Delegations.DelegationService(
            sp.GetRequiredService<ICrowdsourcingStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CrowdsourcingDiagnostics>(),
            sp.GetRequiredService<NotificationComposer>(),
            sp.GetRequiredService<ConfidentialityGuard>(),
            Logger(sp, "Crowdsourcing.Delegations")));
        services.TryAddSingleton<Reminders.IReminderService>(sp => new Reminders.ReminderService(
            sp.GetRequiredService<ICrowdsourcingStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CrowdsourcingDiagnostics>(),
            sp.GetRequiredService<NotificationComposer>(),
            sp.GetRequiredService<IOptions<CrowdsourcingOptions>>(),
            Logger(sp, "Crowdsourcing.Reminders")));
        services.TryAddSingleton<INotificationDispatcher>(sp => new NotificationDispatcher(
            sp.GetRequiredService<ICrowdsourcingStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CrowdsourcingDiagnostics>(),
            sp.GetRequiredService<IOptions<CrowdsourcingOptions>>(),
            sp.GetServices<INotificationChannel>(),
            Logger(sp, "Crowdsourcing.Notifications")));
    }

    private static ILogger Logger(IServiceProvider services, string category) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(category) ?? NullLogger.Instance;

    /// <summary>Marks a service collection that <c>AddCrowdsourcing()</c> has configured.</summary>
    private sealed class CrowdsourcingMarker;
}
