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

/// <summary>Delivery settings for the notification outbox.</summary>
public sealed class NotificationDeliveryOptions
{
    /// <summary>The most delivery attempts before a notification is given up as failed. Default 5; from 1 to 100.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry; each further retry waits twice as long. Default 30 seconds; positive.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed notification stays leased to this instance. Default 2 minutes; positive.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most notifications claimed at once. Default 100; from 1 to 10,000.</summary>
    public int BatchSize { get; set; } = 100;
}
