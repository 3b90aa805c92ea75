namespace Crowdsourcing.Roadmap;

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

/// <summary>The layers of the B2B market environment (Simula and Vuori, 2012), closest first. JSON values: <c>internal</c>, <c>trusted-partners</c>, <c>prequalified</c>, <c>general</c>.</summary>
public enum CrowdLayer
{
    /// <summary>The firm's own people (<c>internal</c>).</summary>
    Internal,
    /// <summary>Trusted partners (<c>trusted-partners</c>).</summary>
    TrustedPartners,
    /// <summary>Pre-qualified participants and communities (<c>prequalified</c>).</summary>
    Prequalified,
    /// <summary>The general crowd (<c>general</c>).</summary>
    General,
}

/// <summary>The crowdsourcing configurations (Simula and Ahola, 2013). JSON values: <c>internal</c>, <c>via-broker</c>, <c>open</c>.</summary>
public enum CrowdConfiguration
{
    /// <summary>Internal crowdsourcing, possibly extended to invited partners (<c>internal</c>).</summary>
    Internal,
    /// <summary>Crowdsourcing via a broker (<c>via-broker</c>).</summary>
    ViaBroker,
    /// <summary>Open crowdsourcing (<c>open</c>).</summary>
    Open,
}

/// <summary>The motivation continuum (Gassenheimer et al., 2013). JSON values: <c>intrinsic</c>, <c>internalized-extrinsic</c>, <c>extrinsic</c>.</summary>
public enum MotivationType
{
    /// <summary>Purely intrinsic (<c>intrinsic</c>).</summary>
    Intrinsic,
    /// <summary>Internalized extrinsic (<c>internalized-extrinsic</c>).</summary>
    InternalizedExtrinsic,
    /// <summary>Purely extrinsic (<c>extrinsic</c>).</summary>
    Extrinsic,
}

/// <summary>The status of a checklist item in a plan. JSON values: <c>open</c>, <c>done</c>.</summary>
public enum ChecklistStatus
{
    /// <summary>Not done yet (<c>open</c>).</summary>
    Open,
    /// <summary>Recorded as done (<c>done</c>).</summary>
    Done,
}
