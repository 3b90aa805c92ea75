using Crowdsourcing.Decision.Population;
using Crowdsourcing.Options;
using Crowdsourcing.Policies;

namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// How the runtime runs decision cycles: the contact policy, how silent participants' beliefs are updated, and the
/// channel contacts are sent on. Bound from the <c>Crowdsourcing:DecisionCycles</c> configuration section and validated
/// at start by <see cref="DecisionCycleOptionsValidator"/> (every failure listed).
/// </summary>
/// <example>
/// <code>
/// { "Crowdsourcing": { "DecisionCycles": { "ContactPolicy": "response-aware", "ContactChannel": "webhook" } } }
/// </code>
/// </example>
public sealed class DecisionCycleOptions
{
    /// <summary>The configuration section the options are bound from: <c>Crowdsourcing:DecisionCycles</c>.</summary>
    public const string SectionName = CrowdsourcingOptions.SectionName + ":DecisionCycles";

    /// <summary>The contact policy used when none is configured: <c>myopic</c>.</summary>
    public const string DefaultContactPolicy = "myopic";

    /// <summary>
    /// The contact policy, by the name of a registered <see cref="IContactPolicyFactory"/> (case-insensitive):
    /// <c>myopic</c> (the default: contact with the intervention k maximising V_k − c_k when V_k &gt; c_k),
    /// <c>response-aware</c> (the same rule on the response-aware value), <c>none</c> (contact nobody), or a host's
    /// own (<c>AddContactPolicy&lt;TFactory&gt;()</c>).
    /// </summary>
    public string ContactPolicy { get; set; } = DefaultContactPolicy;

    /// <summary>
    /// How the belief of a contacted participant who has not reported is updated at the end of a cycle. Default
    /// <see cref="NonResponderUpdate.InterventionDynamics"/> (b·C_k); <see cref="NonResponderUpdate.PassiveDynamics"/>
    /// is the paper's literal sentence (b·T), see <c>docs/decision-model.md</c>.
    /// </summary>
    public NonResponderUpdate NonResponderUpdate { get; set; } = NonResponderUpdate.InterventionDynamics;

    /// <summary>
    /// The notification channel contact notifications are written for. Default <see langword="null"/>: the runtime's
    /// default channel (<c>Crowdsourcing:NotificationRouting:DefaultChannel</c>); when set, the name of a registered
    /// channel.
    /// </summary>
    public string? ContactChannel { get; set; }

    /// <summary>The most <see cref="MinimumCycleInterval"/> may be: 1 day.</summary>
    public static readonly TimeSpan MaxMinimumCycleInterval = TimeSpan.FromDays(1);

    /// <summary>
    /// How soon after the latest cycle was decided <see cref="IDecisionCycleService.RunNextCycleAsync"/> may run another
    /// that is due, when the campaign is behind its schedule: repeated calls within this time (a retry, the command line
    /// run twice) get the latest cycle back as already recorded, so nobody is contacted twice within seconds. An
    /// organiser's forced run is not held back by it (simultaneous forced calls still record one cycle). Default 1 minute; <see cref="TimeSpan.Zero"/> turns it off; at most
    /// <see cref="MaxMinimumCycleInterval"/>. <see cref="IDecisionCycleService.RunCycleAsync"/> (a cycle by number) and
    /// the due-cycle runner are not limited by it.
    /// </summary>
    public TimeSpan MinimumCycleInterval { get; set; } = TimeSpan.FromMinutes(1);
}
