namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// One worker's answer to one task: the label the worker chose (crowd-kit's <c>task,worker,label</c> convention).
/// Strings are compared ordinally; each is 1 to <see cref="TruthInferenceEngine.MaxNameLength"/> characters.
/// </summary>
/// <param name="Task">The item's identifier.</param>
/// <param name="Worker">The worker's (expert's) identifier.</param>
/// <param name="Label">The chosen label (a class).</param>
public readonly record struct CrowdAnswer(string Task, string Worker, string Label)
{
    /// <summary>The line of the file the answer was read from (see <see cref="CrowdAnswerCsv"/>), or 0 when it did not come from a file. Errors name it.</summary>
    public int Line { get; init; }
}

/// <summary>A known correct ("gold") label of a task, for example one an analyst checked.</summary>
/// <param name="Task">The item's identifier.</param>
/// <param name="Label">Its correct label.</param>
public readonly record struct GoldLabel(string Task, string Label)
{
    /// <summary>The line of the file the label was read from, or 0 when it did not come from a file.</summary>
    public int Line { get; init; }
}
