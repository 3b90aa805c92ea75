using System.Text.Json.Serialization;

namespace Crowdsourcing.Roadmap.Initiatives;

/// <summary>What an initiative wants from the crowd. JSON values: <c>innovation</c>, <c>knowledge-discovery</c>, <c>problem-solving</c>, <c>production-work</c>, <c>funding</c>, <c>feedback</c>.</summary>
public enum InitiativeGoal
{
    /// <summary>New products, services or business models (<c>innovation</c>).</summary>
    Innovation,
    /// <summary>Knowledge retrieval from people who hold it (<c>knowledge-discovery</c>).</summary>
    KnowledgeDiscovery,
    /// <summary>A solution to a stated problem (<c>problem-solving</c>).</summary>
    ProblemSolving,
    /// <summary>Work to be done, often repetitive (<c>production-work</c>).</summary>
    ProductionWork,
    /// <summary>Money or other resources (<c>funding</c>).</summary>
    Funding,
    /// <summary>Opinions and suggestions from users (<c>feedback</c>).</summary>
    Feedback,
}

/// <summary>Distance of the problem from the firm's own field. JSON values: <c>core</c>, <c>adjacent</c>, <c>distant</c>.</summary>
public enum ProblemDistance
{
    /// <summary>The firm's core field (<c>core</c>).</summary>
    Core,
    /// <summary>A neighbouring field (<c>adjacent</c>).</summary>
    Adjacent,
    /// <summary>Far from the firm's field (<c>distant</c>).</summary>
    Distant,
}

/// <summary>A magnitude of need. JSON values: <c>low</c>, <c>medium</c>, <c>high</c>.</summary>
public enum Magnitude
{
    /// <summary><c>low</c>.</summary>
    Low,
    /// <summary><c>medium</c>.</summary>
    Medium,
    /// <summary><c>high</c>.</summary>
    High,
}

/// <summary>The market the initiative addresses. JSON values: <c>b2b</c>, <c>b2c</c>, <c>b2b-c</c> (B2(B+C): businesses and end users).</summary>
public enum Market
{
    /// <summary>Business to business (<c>b2b</c>).</summary>
    B2B,
    /// <summary>Business to consumer (<c>b2c</c>).</summary>
    B2C,
    /// <summary>B2(B+C): businesses and end users together (<c>b2b-c</c>).</summary>
    [JsonStringEnumMemberName("b2b-c")]
    B2BC,
}

/// <summary>Which platform the firm wants to use. JSON values: <c>own</c>, <c>broker</c>, <c>either</c>.</summary>
public enum PlatformPreference
{
    /// <summary>The firm's own crowdsourcing environment (<c>own</c>).</summary>
    Own,
    /// <summary>A crowdsourcing broker (<c>broker</c>).</summary>
    Broker,
    /// <summary>No preference (<c>either</c>).</summary>
    Either,
}

/// <summary>The level at which a cluster crowdsources (clusters paper). JSON values: <c>macro</c>, <c>micro</c>.</summary>
public enum ClusterLevel
{
    /// <summary>The cluster organisation, its coordinator (<c>macro</c>).</summary>
    Macro,
    /// <summary>A cluster member and its own organisation (<c>micro</c>).</summary>
    Micro,
}

/// <summary>The life-cycle stage of a creative cluster (clusters paper, Table 1). JSON values: <c>embryonic</c>, <c>aspirational</c>, <c>emergent</c>, <c>mature</c>, <c>decline</c>.</summary>
public enum ClusterStage
{
    /// <summary>Embryonic, dependent, identification (<c>embryonic</c>).</summary>
    Embryonic,
    /// <summary>Aspirational, entrepreneurial initiative (<c>aspirational</c>).</summary>
    Aspirational,
    /// <summary>Emergent, dynamic development (<c>emergent</c>).</summary>
    Emergent,
    /// <summary>Mature (<c>mature</c>).</summary>
    Mature,
    /// <summary>Decline or transformation (<c>decline</c>).</summary>
    Decline,
}
