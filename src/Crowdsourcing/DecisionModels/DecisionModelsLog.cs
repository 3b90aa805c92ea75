using Microsoft.Extensions.Logging;

namespace Crowdsourcing.DecisionModels;

/// <summary>The decision engine's log messages (event ids 6000-6099).</summary>
internal static partial class DecisionModelsLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Decision model '{Name}' registered from {Source}: {States} states, {Actions} actions, {Interventions} interventions")]
    public static partial void ModelRegistered(ILogger logger, string name, string source, int states, int actions, int interventions);
}
