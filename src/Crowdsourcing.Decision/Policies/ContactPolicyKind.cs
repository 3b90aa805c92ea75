namespace Crowdsourcing.Decision.Policies;

/// <summary>The built-in contact policies <see cref="ContactPolicies.Create"/> makes. Users spell them <c>none</c>, <c>myopic</c>, <c>response-aware</c>, <c>planned</c> and <c>least-spend</c>.</summary>
public enum ContactPolicyKind
{
    /// <summary>Never contact anyone.</summary>
    None = 0,

    /// <summary>The CrowdArb rule: contact with the k that maximises V_k(b) − c_k when positive.</summary>
    Myopic = 1,

    /// <summary>The myopic rule on the response-aware value.</summary>
    ResponseAware = 2,

    /// <summary>The planned policy: the per-participant POMDP maximising the expected net utility at the workshop week.</summary>
    Planned = 3,

    /// <summary>Least spend to the threshold: reach the expected threshold by the workshop week at the least expected spend.</summary>
    LeastSpend = 4,
}
