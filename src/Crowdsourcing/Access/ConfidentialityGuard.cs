using Crowdsourcing.Crowd;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Tasks;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Access;

/// <summary>Checks that a participant's layer is allowed by a task, logging and refusing when it is not.</summary>
internal sealed partial class ConfidentialityGuard
{
    private readonly ILogger _logger;
    private readonly System.Diagnostics.Metrics.Counter<long> _refusals;

    public ConfidentialityGuard(ILogger<ConfidentialityGuard> logger, CrowdsourcingDiagnostics diagnostics)
    {
        _logger = logger;
        _refusals = diagnostics.Meter.CreateCounter<long>("crowdsourcing.confidentiality_refusals", unit: "{refusal}", description: "Accesses refused because the participant's crowd layer is not allowed by the task.");
    }

    /// <summary>Throws <see cref="ConfidentialityViolationException"/> (after logging it) unless the task allows the participant's layer.</summary>
    public void Demand(CrowdTask task, Participant participant, ProtectedOperation operation)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(participant);
        if (task.Allows(participant.Layer))
        {
            return;
        }

        LogRefused(_logger, participant.Id, participant.Layer, task.Id, task.Confidentiality, operation);
        _refusals.Add(1, new KeyValuePair<string, object?>("operation", operation.ToString()));
        throw new ConfidentialityViolationException(participant.Id, participant.Layer, task.Id, task.Confidentiality, task.AllowedLayers, operation);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Refused {Operation} of task {TaskId} ({Confidentiality}) to participant {ParticipantId} of layer {Layer}.")]
    private static partial void LogRefused(ILogger logger, string participantId, CrowdLayer layer, string taskId, Confidentiality confidentiality, ProtectedOperation operation);
}
