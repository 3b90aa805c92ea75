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
