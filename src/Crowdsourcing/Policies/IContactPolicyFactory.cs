using Crowdsourcing.Decision.Policies;

namespace Crowdsourcing.Policies;

/// <summary>
/// Creates the <see cref="ContactPolicy"/> a campaign's decision cycle uses: the built-in <c>none</c>, <c>myopic</c>
/// and <c>response-aware</c>, or a host's own, registered with
/// <c>CrowdsourcingBuilder.AddContactPolicy&lt;TFactory&gt;()</c>. The runtime asks for a policy once per cycle, so a
/// factory may plan from the cycle's situation (receding horizon).
/// </summary>
public interface IContactPolicyFactory
{
    /// <summary>The policy's name, as configured and as recorded in logs and outcomes (case-insensitive, for example
    /// <c>myopic</c>). Unique among the registered factories.</summary>
    string Name { get; }

    /// <summary>Creates the policy for one cycle.</summary>
    /// <param name="request">The campaign, its model and the cycle.</param>
    /// <returns>The policy.</returns>
    ContactPolicy Create(ContactPolicyRequest request);
}
