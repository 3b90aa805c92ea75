using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Hosting;

/// <summary>The background processing's log messages (event ids 6200-6299).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Information, Message = "Crowdsourcing background processing started: every {Interval} (reminders {Reminders}, decision cycles {Cycles}, deliveries {Deliveries})")]
    public static partial void Started(ILogger logger, TimeSpan interval, bool reminders, bool cycles, bool deliveries);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Debug, Message = "Crowdsourcing background run at {At}: {Reminders} reminders, {Escalations} escalations, {Cycles} decision cycles, {Delivered} notifications delivered, {Errors} errors")]
    public static partial void RunCompleted(ILogger logger, DateTimeOffset at, int reminders, int escalations, int cycles, int delivered, int errors);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Error, Message = "Crowdsourcing background step '{Step}' failed; the run goes on")]
    public static partial void StepFailed(ILogger logger, Exception exception, string step);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Information, Message = "Crowdsourcing background processing stopped")]
    public static partial void Stopped(ILogger logger);

}
