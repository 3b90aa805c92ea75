using Crowdsourcing.Decision.Policies;

namespace Crowdsourcing.Policies;

/// <summary>A factory for one of the engine's stateless built-in policies (<see cref="ContactPolicies"/>).</summary>
internal sealed class BuiltInContactPolicyFactory(ContactPolicy policy) : IContactPolicyFactory
{
    /// <summary>The factories of <c>none</c>, <c>myopic</c> and <c>response-aware</c>.</summary>
    public static IReadOnlyList<BuiltInContactPolicyFactory> All { get; } =
        [new(ContactPolicies.None), new(ContactPolicies.Myopic), new(ContactPolicies.ResponseAware)];

    public string Name => policy.Name;

    public ContactPolicy Create(ContactPolicyRequest request) => policy;
}
