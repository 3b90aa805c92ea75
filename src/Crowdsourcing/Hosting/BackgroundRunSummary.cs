using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Reminders;

namespace Crowdsourcing.Hosting;

/// <summary>What one run of <see cref="CrowdsourcingBackgroundService"/> did.</summary>
/// <param name="At">When the run started (from the <see cref="TimeProvider"/>).</param>
/// <param name="Reminders">The reminders and escalations enqueued; <see langword="null"/> when skipped or failed.</param>
/// <param name="Cycles">The decision cycles run; <see langword="null"/> when skipped or failed.</param>
/// <param name="Deliveries">The notifications delivered; <see langword="null"/> when skipped or failed.</param>
/// <param name="Errors">The steps that failed, each as <c>step: message</c> (the run goes on with the next step);
/// a decision cycle that failed for one campaign is listed here too.</param>
public sealed record BackgroundRunSummary(DateTimeOffset At, ReminderRunSummary? Reminders, DueCyclesRun? Cycles, DispatchSummary? Deliveries, IReadOnlyList<string> Errors);
