using Crowdsourcing.Access;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Reminders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Hosting;

/// <summary>
/// An optional hosted service (added by <c>AddBackgroundProcessing()</c>) that, every
/// <see cref="BackgroundProcessingOptions.Interval"/> on the <see cref="TimeProvider"/>, enqueues the due reminders and
/// escalations (<see cref="IReminderService"/>), runs the due decision cycles (<see cref="IDecisionCycleService"/>: a
/// cycle t is due when <c>Campaign.StartsAt + t × CycleLength</c> ≤ now), and delivers the due notifications
/// (<see cref="INotificationDispatcher"/>), in that order, so that the reminders and contacts of a run are delivered in
/// the same run.
/// </summary>
/// <remarks>
/// A failing step is logged and the run goes on with the next step; a failing run never stops the service or the host.
/// Every step is idempotent (deterministic notification ids, cycles recorded once, leased deliveries), so several host
/// instances may run the service against one store, and a restart resumes where the store left off.
/// </remarks>
public sealed class CrowdsourcingBackgroundService : BackgroundService
{
    private readonly IReminderService _reminders;
    private readonly INotificationDispatcher _dispatcher;
    private readonly IDecisionCycleService _cycles;
    private readonly IOptions<BackgroundProcessingOptions> _options;
    private readonly TimeProvider _time;
    private readonly CrowdsourcingDiagnostics _diagnostics;
    private readonly ILogger _logger;
    private int _runs;

    /// <summary>Creates the service.</summary>
    /// <param name="reminders">The reminder service.</param>
    /// <param name="dispatcher">The notification dispatcher.</param>
    /// <param name="cycles">The decision cycle service.</param>
    /// <param name="options">The schedule.</param>
    /// <param name="time">The clock.</param>
    /// <param name="diagnostics">The activity source.</param>
    /// <param name="logger">The logger.</param>
    public CrowdsourcingBackgroundService(
        IReminderService reminders,
        INotificationDispatcher dispatcher,
        IDecisionCycleService cycles,
        IOptions<BackgroundProcessingOptions> options,
        TimeProvider time,
        CrowdsourcingDiagnostics diagnostics,
        ILogger<CrowdsourcingBackgroundService> logger)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(logger);
        _reminders = reminders;
        _dispatcher = dispatcher;
        _cycles = cycles;
        _options = options;
        _time = time;
        _diagnostics = diagnostics;
        _logger = logger;
    }

    /// <summary>How many runs have completed since the service was created.</summary>
    public int CompletedRuns => Volatile.Read(ref _runs);

    /// <summary>Runs the enabled steps once, now. Never throws for a failing step (see <see cref="BackgroundRunSummary.Errors"/>).</summary>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<BackgroundRunSummary> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.Value;
        using var actor = ActorContext.Use(Actor.System);
        using var activity = _diagnostics.StartOperation("Background.Run");
        var at = _time.GetUtcNow();
        var errors = new List<string>();
        ReminderRunSummary? reminders = null;
        DueCyclesRun? cycles = null;
        DispatchSummary? deliveries = null;

        if (options.RunReminders)
        {
            reminders = await StepAsync("reminders", ct => _reminders.RunAsync(ct), errors, cancellationToken).ConfigureAwait(false);
        }

        if (options.RunDecisionCycles)
        {
            cycles = await StepAsync("decision-cycles", ct => _cycles.RunDueCyclesAsync(options.MaxCyclesPerCampaign, ct), errors, cancellationToken).ConfigureAwait(false);
            foreach (var failure in cycles?.Failures ?? [])
            {
                errors.Add($"decision-cycles: cycle {failure.Cycle} of campaign '{failure.CampaignId}': {failure.Error}");
            }
        }

        if (options.DeliverNotifications)
        {
            deliveries = await StepAsync("deliveries", ct => _dispatcher.DispatchDueAsync(ct), errors, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _runs);
        HostingLog.RunCompleted(_logger, at, reminders?.RemindersEnqueued ?? 0, reminders?.EscalationsEnqueued ?? 0, cycles?.Outcomes.Count ?? 0, deliveries?.Delivered ?? 0, errors.Count);
        activity?.SetTag("crowdsourcing.errors", errors.Count);
        return new BackgroundRunSummary(at, reminders, cycles, deliveries, errors);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.Value;
        HostingLog.Started(_logger, options.Interval, options.RunReminders, options.RunDecisionCycles, options.DeliverNotifications);

        try
        {
            if (options.InitialDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.InitialDelay, _time, stoppingToken).ConfigureAwait(false);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Interval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }

        HostingLog.Stopped(_logger);
    }

    private async ValueTask<T?> StepAsync<T>(string step, Func<CancellationToken, ValueTask<T>> run, List<string> errors, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HostingLog.StepFailed(_logger, ex, step);
            errors.Add($"{step}: {ex.Message}");
            return null;
        }
    }
}
