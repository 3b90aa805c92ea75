using Crowdsourcing.Access;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory;

/// <summary>
/// The schedule of <see cref="DirectorySynchronizer"/> (added by <c>AddDirectorySync()</c>): when
/// <see cref="DirectorySyncOptions.Interval"/> is set, synchronises participants with the enterprise directory after
/// <see cref="DirectorySyncOptions.InitialDelay"/> and then every interval on the <see cref="TimeProvider"/>, as
/// <see cref="Actor.System"/>. A failed run (the directory is down) is logged, changes nothing, and the next run tries
/// again; it never stops the host. Without an interval it does nothing.
/// </summary>
public sealed partial class DirectorySyncService : BackgroundService
{
    private readonly DirectorySynchronizer _synchronizer;
    private readonly IOptions<DirectorySyncOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _runs;

    /// <summary>Creates the service.</summary>
    /// <param name="synchronizer">The synchronizer.</param>
    /// <param name="options">The schedule.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public DirectorySyncService(DirectorySynchronizer synchronizer, IOptions<DirectorySyncOptions> options, TimeProvider time, ILogger<DirectorySyncService> logger)
    {
        ArgumentNullException.ThrowIfNull(synchronizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _synchronizer = synchronizer;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many scheduled runs have ended (successful or not) since the service was created.</summary>
    public int CompletedRuns => Volatile.Read(ref _runs);

    /// <summary>The last scheduled run's result, or <see langword="null"/> before the first success.</summary>
    public DirectorySyncResult? LastResult { get; private set; }

    /// <summary>The last scheduled run's error in words, or <see langword="null"/> when the last run succeeded.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.Value;
        if (options.Interval is not { } interval)
        {
            return;
        }

        LogStarted(_logger, interval);
        try
        {
            if (options.InitialDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.InitialDelay, _time, stoppingToken).ConfigureAwait(false);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                await RunAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(interval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var actor = ActorContext.Use(Actor.System);
        try
        {
            LastResult = await _synchronizer.SynchronizeAsync(stoppingToken).ConfigureAwait(false);
            LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The synchronizer logged the failure; nothing was changed, and the next run tries again.
            LastError = ex.Message;
        }
        finally
        {
            Interlocked.Increment(ref _runs);
        }
    }

    [LoggerMessage(EventId = 6403, Level = LogLevel.Information, Message = "Directory synchronisation scheduled every {Interval}")]
    private static partial void LogStarted(ILogger logger, TimeSpan interval);
}
