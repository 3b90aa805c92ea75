using Crowdsourcing.Notifications;
using Crowdsourcing.Notifications.Smtp;
using Crowdsourcing.Notifications.Webhook;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Adds notification channels to the runtime.</summary>
public static class NotificationsCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="SmtpNotificationChannel"/> (named <c>email</c> by default) with
    /// <see cref="SmtpNotificationOptions"/> bound from <c>Crowdsourcing:Smtp</c>, then <paramref name="configure"/>,
    /// validated at start (every failure listed). Safe to call more than once: the channel is added once, and each
    /// <paramref name="configure"/> applies in order.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(b => b.UseInMemoryStore()
    ///     .AddSmtpNotifications(o => { o.Host = "smtp.example.com"; o.From = "crowd@example.com"; }));
    /// </code>
    /// </example>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddSmtpNotifications(this CrowdsourcingBuilder builder, Action<SmtpNotificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<SmtpNotificationOptions>) && d.ImplementationType == typeof(SmtpNotificationOptionsValidator)))
        {
            builder.AddValidatedOptions<SmtpNotificationOptions, SmtpNotificationOptionsValidator>(SmtpNotificationOptions.SectionName);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, SmtpNotificationChannel>(sp => new SmtpNotificationChannel(sp.GetRequiredService<IOptions<SmtpNotificationOptions>>())));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Adds the <see cref="WebhookNotificationChannel"/> (named <c>webhook</c> by default) with
    /// <see cref="WebhookNotificationOptions"/> bound from <c>Crowdsourcing:Webhook</c>, then <paramref name="configure"/>,
    /// validated at start (every failure listed), and its <see cref="HttpClient"/> named
    /// <see cref="WebhookNotificationChannel.HttpClientName"/> from <see cref="IHttpClientFactory"/> with a per-attempt
    /// timeout (<c>Microsoft.Extensions.Http.Resilience</c>, no retries). Safe to call more than once: the channel is added once, and each
    /// <paramref name="configure"/> applies in order.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(b => b.UseInMemoryStore()
    ///     .AddWebhookNotifications(o => { o.Endpoint = new Uri("https://hooks.example.com/crowd"); o.Secret = "whsec_..."; }));
    /// </code>
    /// </example>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddWebhookNotifications(this CrowdsourcingBuilder builder, Action<WebhookNotificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<WebhookNotificationOptions>) && d.ImplementationType == typeof(WebhookNotificationOptionsValidator)))
        {
            builder.AddValidatedOptions<WebhookNotificationOptions, WebhookNotificationOptionsValidator>(WebhookNotificationOptions.SectionName);
            services.AddHttpClient(WebhookNotificationChannel.HttpClientName, client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .AddResilienceHandler(WebhookNotificationChannel.HttpClientName, static (pipeline, context) =>
                {
                    // Only a per-attempt timeout: the outbox's dispatcher is the one retry authority.
                    var timeout = context.ServiceProvider.GetRequiredService<IOptions<WebhookNotificationOptions>>().Value.Timeout;
                    pipeline.AddTimeout(timeout);
                });
            services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, WebhookNotificationChannel>(sp => new WebhookNotificationChannel(
                sp.GetRequiredService<IOptions<WebhookNotificationOptions>>(), sp.GetRequiredService<IHttpClientFactory>(), sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Adds a host-defined channel as a singleton. Safe to call more than once for the same type.</summary>
    /// <typeparam name="TChannel">The channel; its <see cref="INotificationChannel.Name"/> must differ from every other channel's.</typeparam>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddNotificationChannel<TChannel>(this CrowdsourcingBuilder builder)
        where TChannel : class, INotificationChannel
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, TChannel>());
        return builder;
    }
}
