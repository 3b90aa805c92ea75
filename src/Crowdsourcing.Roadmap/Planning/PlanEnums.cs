namespace Crowdsourcing.Roadmap.Planning;

/// <summary>The six stages of the B2B crowdsourcing roadmap (roadmap paper, Table 1 and Figure 2), in order.</summary>
public enum RoadmapStage
{
    /// <summary>1. Specify the task (<c>specify-the-task</c>).</summary>
    SpecifyTheTask,
    /// <summary>2. Select the crowd (<c>select-the-crowd</c>).</summary>
    SelectTheCrowd,
    /// <summary>3. Create the environment (<c>create-the-environment</c>).</summary>
    CreateTheEnvironment,
    /// <summary>4. Motivate the crowd and create the value proposition (<c>motivate-the-crowd</c>).</summary>
    MotivateTheCrowd,
    /// <summary>5. Reach the crowd (<c>reach-the-crowd</c>).</summary>
    ReachTheCrowd,
    /// <summary>6. Manage the input and communicate value (<c>manage-the-input</c>).</summary>
    ManageTheInput,
}

/// <summary>The status of a checklist item in a plan. JSON values: <c>open</c>, <c>done</c>.</summary>
public enum ChecklistStatus
{
    /// <summary>Not done yet (<c>open</c>).</summary>
    Open,
    /// <summary>Recorded as done (<c>done</c>).</summary>
    Done,
}

/// <summary>
/// Where the plan looks for solutions (roadmap paper, §3.2: "from inside the company’s network, externally, or using a
/// hybrid approach"). JSON values: <c>inside</c>, <c>outside</c>, <c>hybrid</c>.
/// </summary>
public enum SourcingApproach
{
    /// <summary>The firm's own people and trusted partners, reached by invitation in the firm's own environment (<c>inside</c>).</summary>
    Inside,
    /// <summary>Pre-qualified participants and communities or the general crowd, via a broker or an open call (<c>outside</c>).</summary>
    Outside,
    /// <summary>Both at once: the inside crowd and an outside configuration side by side (<c>hybrid</c>).</summary>
    Hybrid,
}

/// <summary>How much a risk matters for this initiative. JSON values: <c>normal</c>, <c>high</c>.</summary>
public enum RiskPriority
{
    /// <summary>It applies (<c>normal</c>).</summary>
    Normal,
    /// <summary>It applies and matters most for this initiative, e.g. a barrier at the cluster's stage (<c>high</c>).</summary>
    High,
}
