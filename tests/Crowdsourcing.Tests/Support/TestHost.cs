using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Tests.Support;

/// <summary>
/// A service provider with <c>AddCrowdsourcing(b =&gt; b.UseInMemoryStore())</c>, a <see cref="ManualTimeProvider"/>,
/// recorded logs and recorded state-change counts. Dispose it at the end of the test.
/// </summary>
public sealed class TestHost : IDisposable
{
    private TestHost(ServiceProvider services, ManualTimeProvider time, RecordingLoggerProvider logs)
    {
        Services = services;
        Time = time;
        Logs = logs;
        Metrics = new MetricsRecorder(services.GetRequiredService<CrowdsourcingDiagnostics>().Meter);
    }

    /// <summary>The clock.</summary>
    public ManualTimeProvider Time { get; }

    /// <summary>The recorded logs.</summary>
    public RecordingLoggerProvider Logs { get; }

    /// <summary>The recorded state-change counts.</summary>
    public MetricsRecorder Metrics { get; }

    /// <summary>The services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>The store.</summary>
    public ICrowdsourcingStore Store => Services.GetRequiredService<ICrowdsourcingStore>();

    /// <summary>The campaign service.</summary>
    public ICampaignService Campaigns => Services.GetRequiredService<ICampaignService>();

    /// <summary>The assignment service.</summary>
    public IAssignmentService Assignments => Services.GetRequiredService<IAssignmentService>();

    /// <summary>Creates a host; <paramref name="configure"/> adds services (channels, options) before the provider is built.</summary>
    public static TestHost Create(Action<IServiceCollection>? configure = null, Action<CrowdsourcingBuilder>? crowd = null, DateTimeOffset? start = null)
    {
        var time = new ManualTimeProvider(start);
        var logs = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddCrowdsourcing(b =>
        {
            b.UseInMemoryStore();
            crowd?.Invoke(b);
        });

        // Who acts: the ambient actor a test signs in (ActingAs), otherwise the administrator the scenarios use.
        services.AddSingleton<Crowdsourcing.Access.IActorAccessor>(new FallbackActorAccessor(ActingAs.Administrator()));
        configure?.Invoke(services);
        return new TestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), time, logs);
    }

    /// <summary>Resolves a service.</summary>
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Every notification in the outbox, ordered by id.</summary>
    public async Task<IReadOnlyList<Notification>> OutboxAsync() =>
        await ToListAsync(Store.Outbox.ListAsync(PageRequest.All));

    /// <summary>Collects an async listing.</summary>
    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    public void Dispose()
    {
        Metrics.Dispose();
        Services.Dispose();
    }
}

/// <summary>The ambient actor, or a fixed one when nobody is signed in.</summary>
internal sealed class FallbackActorAccessor(Crowdsourcing.Access.Actor fallback) : Crowdsourcing.Access.IActorAccessor
{
    public Crowdsourcing.Access.Actor? Current => Crowdsourcing.Access.ActorContext.Current ?? fallback;
}
