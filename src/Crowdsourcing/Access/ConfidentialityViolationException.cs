using Crowdsourcing.Crowd;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Access;

/// <summary>The ways into a task that confidentiality guards.</summary>
public enum ProtectedOperation
{
    /// <summary>Viewing a task.</summary>
    ViewTask = 0,

    /// <summary>Listing tasks (a listing leaves out what the participant may not see, it never raises).</summary>
    ListTasks = 1,

    /// <summary>Being assigned a knowledge request.</summary>
    CreateAssignment = 2,

    /// <summary>Delegating questions, or receiving them.</summary>
    Delegate = 3,

    /// <summary>Saving answers as a draft.</summary>
    SaveAnswers = 4,

    /// <summary>Submitting a knowledge request.</summary>
    Submit = 5,

    /// <summary>Viewing a knowledge request and its answers.</summary>
    ViewAssignment = 6,
}

/// <summary>
/// Thrown when a participant of a crowd layer that a task does not allow tries to see it, be assigned it, receive a
/// delegation of it, answer or submit it. The refusal is logged and nothing is changed.
/// </summary>
public sealed class ConfidentialityViolationException : AccessDeniedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="participantId">The refused participant.</param>
    /// <param name="layer">The participant's crowd layer.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="confidentiality">The task's confidentiality.</param>
    /// <param name="allowedLayers">The layers the task allows.</param>
    /// <param name="operation">What was attempted.</param>
    public ConfidentialityViolationException(string participantId, CrowdLayer layer, string taskId, Confidentiality confidentiality, IReadOnlyList<CrowdLayer> allowedLayers, ProtectedOperation operation)
        : base(
            $"Participant '{participantId}' of crowd layer '{EnumNames.Of(layer)}' may not {Describe(operation)} task '{taskId}': the task is {EnumNames.Of(confidentiality)} and allows only {string.Join(", ", (allowedLayers ?? []).Select(l => $"'{EnumNames.Of(l)}'"))}. Nothing was changed.",
            participantId,
            Describe(operation),
            taskId)
    {
        ParticipantId = participantId;
        Layer = layer;
        TaskId = taskId;
        Confidentiality = confidentiality;
        AllowedLayers = allowedLayers ?? [];
        ProtectedOperation = operation;
    }

    /// <summary>The refused participant.</summary>
    public string ParticipantId { get; }

    /// <summary>The participant's crowd layer.</summary>
    public CrowdLayer Layer { get; }

    /// <summary>The task.</summary>
    public string TaskId { get; }

    /// <summary>The task's confidentiality.</summary>
    public Confidentiality Confidentiality { get; }

    /// <summary>The layers the task allows.</summary>
    public IReadOnlyList<CrowdLayer> AllowedLayers { get; }

    /// <summary>What was attempted.</summary>
    public ProtectedOperation ProtectedOperation { get; }

    private static string Describe(ProtectedOperation operation) => operation switch
    {
        ProtectedOperation.ViewTask => "view",
        ProtectedOperation.ListTasks => "list",
        ProtectedOperation.CreateAssignment => "be assigned",
        ProtectedOperation.Delegate => "delegate or be delegated",
        ProtectedOperation.SaveAnswers => "save answers to",
        ProtectedOperation.Submit => "submit",
        ProtectedOperation.ViewAssignment => "view a knowledge request of",
        _ => "access",
    };
}
