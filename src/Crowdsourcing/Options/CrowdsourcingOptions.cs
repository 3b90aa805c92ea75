namespace Crowdsourcing.Options;

/// <summary>
/// Settings of the Crowdsourcing runtime, bound from the <c>Crowdsourcing</c> configuration section and validated at
/// start by <see cref="CrowdsourcingOptionsValidator"/>.
/// </summary>
public sealed class CrowdsourcingOptions
{
    /// <summary>The configuration section the options are bound from: <c>Crowdsourcing</c>.</summary>
    public const string SectionName = "Crowdsourcing";

    /// <summary>
    /// This host instance's name, used as the lease owner when several instances share one store. Default: the machine
    /// name and the process id. Not empty, at most 200 characters.
    /// </summary>
    public string InstanceName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The page size used when the runtime walks a store's listing. Default 1000; from 1 to 100,000.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How notifications are delivered from the outbox.</summary>
    public NotificationDeliveryOptions Notifications { get; set; } = new();
}

/// <summary>
/// Delivery settings for the notification outbox: how long a failing notification is retried (by age, not by a count),
/// how far apart the attempts are, the per-channel circuit breaker, and the lease that keeps two instances from sending
/// the same notification at once. Bound from <c>Crowdsourcing:Notifications</c>.
/// </summary>
public sealed class NotificationDeliveryOptions
{
    /// <summary>
    /// How long a failing notification keeps being retried, counted from when it was enqueued (or requeued); after it, the
    /// next failure makes it a dead letter, kept with its attempt history until it is requeued. Default 3 days; from 1
    /// second to 365 days.
    /// </summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The wait after the first failed attempt; each further wait doubles, up to <see cref="MaxRetryDelay"/>,
    /// and is jittered (a random wait between half of it and all of it). Default 30 seconds; positive and at most
    /// <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts (before jitter). Default 1 hour; positive and at most 1 day.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a claimed notification stays leased to this instance. The lease is renewed right before each send, and a
    /// send is cancelled when 90 % of it has passed, so it must exceed the channels' own timeouts for sends to succeed.
    /// Default 2 minutes; from 1 second to 1 day.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most notifications claimed at once. Default 100; from 1 to 10,000.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How many failed sends in a row through one channel open its circuit: while it is open, that channel's
    /// notifications are not sent but put back until <see cref="BreakDuration"/> has passed, and the next send probes the
    /// channel. Default 5; from 1 to 1,000.</summary>
    public int BreakAfterFailures { get; set; } = 5;

    /// <summary>How long an open circuit stays open. Default 1 minute; positive and at most 1 day.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(1);
}
