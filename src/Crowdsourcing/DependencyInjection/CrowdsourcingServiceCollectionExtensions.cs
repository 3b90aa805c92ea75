using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Delegations;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Policies;
using Crowdsourcing.Quality;
using Crowdsourcing.Reconciliation;
using Crowdsourcing.Reminders;
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
    /// configuration section (when an <see cref="IConfiguration"/> is registered) and validated at start,
    /// <see cref="InputLimitsOptions"/> from <c>Crowdsourcing:Limits</c> (the limits the services check their inputs
    /// against; by default the model's own), the
    /// <see cref="TimeProvider"/> (the system clock unless the host registered one),
    /// <see cref="CrowdsourcingDiagnostics"/> (an <c>ActivitySource</c> and a <c>Meter</c> named <c>Crowdsourcing</c>),
    /// the <see cref="QualityEvaluator"/> (with every registered <see cref="ICustomQualityRuleEvaluator"/>), the
    /// decision models (<c>AddDecisionModels(...)</c> registers them) and the contact policies, and the runtime
    /// services as singletons: <see cref="ICampaignService"/>, <see cref="ITaskCatalog"/>,
    /// <see cref="IAssignmentService"/>, <see cref="IDelegationService"/>, <see cref="IReminderService"/>,
    /// <see cref="INotificationDispatcher"/>, <see cref="IOutboxService"/>, <see cref="IDecisionCycleService"/>, <see cref="Learning.ICampaignLearningService"/>, <see cref="Quality.IReportReviewService"/> and <see cref="IAnswerReconciliationService"/> (with <see cref="AnswerReconciliationOptions"/> from <c>Crowdsourcing:Reconciliation</c>). The services need a store
    /// (<c>UseInMemoryStore()</c>, <c>UseSqlite(...)</c>, <c>UsePostgreSql(...)</c>): without one the host does not
    /// start, and the error says which call is missing. Channels are added with <c>AddSmtpNotifications()</c>,
    /// <c>AddWebhookNotifications()</c> or <c>AddNotificationChannel&lt;T&gt;()</c>. Logs go to the host's
    /// <see cref="ILoggerFactory"/> when one is registered. Safe to call more than once: later calls add nothing
    /// twice and only run <paramref name="configure"/>.
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
            services.TryAddSingleton<ILoggerFactory, NullLoggerFactory>();
            services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
            services.TryAddSingleton(sp => new CrowdsourcingDiagnostics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
            services.TryAddSingleton<ICrowdsourcingStore>(_ => throw new InvalidOperationException(CrowdsourcingBuilder.NoStoreMessage));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrowdsourcingOptions>, CrowdsourcingBuilder.StoreConfiguredValidator>());
            builder.AddStoreForwarding();
            AddRuntimeServices(builder);
        }

        configure?.Invoke(builder);
        return builder;
    }

    private static void AddRuntimeServices(CrowdsourcingBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<NotificationRoutingOptions, NotificationRoutingOptionsValidator>(NotificationRoutingOptions.SectionName);
        builder.AddValidatedOptions<DecisionModelsOptions, DecisionModelsOptionsValidator>(DecisionModelsOptions.SectionName);
        builder.AddValidatedOptions<DecisionCycleOptions, DecisionCycleOptionsValidator>(DecisionCycleOptions.SectionName);
        foreach (var policy in EngineContactPolicyFactory.All)
        {
            services.AddSingleton<IContactPolicyFactory>(policy);
        }

        builder.AddValidatedOptions<InputLimitsOptions, InputLimitsOptionsValidator>(InputLimitsOptions.SectionName);
        services.TryAddSingleton<InputLimits>();
        services.TryAddSingleton(sp => new QualityEvaluator(sp.GetServices<ICustomQualityRuleEvaluator>()));
        services.TryAddSingleton<NotificationComposer>();
        builder.AddValidatedOptions<ActorClaimsOptions, ActorClaimsOptionsValidator>(ActorClaimsOptions.SectionName);
        services.TryAddSingleton<IActorAccessor, AmbientActorAccessor>();
        services.TryAddSingleton<ActorFactory>();
        services.TryAddSingleton<AccessPolicy>();
        services.TryAddSingleton<ConfidentialityGuard>();
        services.TryAddSingleton<CrowdResolver>();
        services.TryAddSingleton<ReportReader>();
        services.TryAddSingleton<CrowdStateLoader>();
        services.TryAddSingleton<ContactPolicyRegistry>();
        services.TryAddSingleton<IDecisionModelRegistry, DecisionModelRegistry>();
        services.TryAddSingleton<ITaskCatalog, TaskCatalog>();
        services.TryAddSingleton<ICampaignService, CampaignService>();
        services.TryAddSingleton<AssignmentService>();
        services.TryAddSingleton<IAssignmentService>(sp => sp.GetRequiredService<AssignmentService>());
        services.TryAddSingleton<IDelegationService, DelegationService>();
        services.TryAddSingleton<IReminderService, ReminderService>();
        services.TryAddSingleton<INotificationDispatcher, NotificationDispatcher>();
        services.TryAddSingleton<IOutboxService, OutboxService>();
        services.TryAddSingleton<IDecisionCycleService, DecisionCycleService>();
        builder.AddValidatedOptions<Learning.CampaignLearningOptions, Learning.CampaignLearningOptionsValidator>(Learning.CampaignLearningOptions.SectionName);
        services.TryAddSingleton<PlanReports.CampaignForecasts>();
        services.TryAddSingleton<Learning.ICampaignLearningService, Learning.CampaignLearningService>();
        services.TryAddSingleton<Quality.IReportReviewService, Quality.ReportReviewService>();
        services.TryAddSingleton<PlanReports.ICampaignPlanReportService, PlanReports.CampaignPlanReportService>();
        builder.AddValidatedOptions<AnswerReconciliationOptions, AnswerReconciliationOptionsValidator>(AnswerReconciliationOptions.SectionName);
        services.TryAddSingleton<IAnswerReconciliationService, AnswerReconciliationService>();
    }

    /// <summary>Marks a service collection that <c>AddCrowdsourcing()</c> has configured.</summary>
    private sealed class CrowdsourcingMarker;
}
