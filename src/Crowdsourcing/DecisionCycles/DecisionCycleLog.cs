using Microsoft.Extensions.Logging;

namespace Crowdsourcing.DecisionCycles;

/// <summary>The decision cycle's log messages (event ids 6100-6199).</summary>
internal static partial class DecisionCycleLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Decision cycle {Cycle} of campaign '{CampaignId}' recorded with model '{Model}' and policy '{Policy}': {Contacts} of {Participants} participants contacted (spend {Spend}), {Reports} reports applied, {Priors} priors used; total expected utility of week {Cycle}: {Total}")]
    public static partial void CycleRecorded(ILogger logger, string campaignId, int cycle, string model, string policy, int contacts, int participants, double spend, int reports, int priors, double total);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Decision cycle {Cycle} of campaign '{CampaignId}' was already recorded (decided at {DecidedAt}); nobody is contacted again")]
    public static partial void CycleAlreadyRecorded(ILogger logger, string campaignId, int cycle, DateTimeOffset decidedAt);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Decision cycle {Cycle} of campaign '{CampaignId}' refused: cycle {Previous} is not recorded")]
    public static partial void CycleOutOfOrder(ILogger logger, string campaignId, int cycle, int previous);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "Cycle {Cycle} of campaign '{CampaignId}' contacts '{ParticipantId}' with {Intervention}: value {Value} > cost {Cost} (left alone: {BestAction}, MEU {Meu})")]
    public static partial void ParticipantContacted(ILogger logger, string campaignId, int cycle, string participantId, string intervention, double value, double cost, string? bestAction, double? meu);


    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Workshop recommendation for campaign '{CampaignId}' (week {Week}): hold {Hold}, total expected utility {Total} against threshold {Threshold}, {Invitees} invitees")]
    public static partial void WorkshopRecommended(ILogger logger, string campaignId, int week, bool hold, double total, double threshold, int invitees);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Error, Message = "Due decision cycle {Cycle} of campaign '{CampaignId}' failed")]
    public static partial void DueCycleFailed(ILogger logger, Exception exception, string campaignId, int cycle);


    [LoggerMessage(EventId = 6108, Level = LogLevel.Information, Message = "Decision cycle {Cycle} of campaign '{CampaignId}' was recorded by another instance first (decided at {DecidedAt}); nothing applied")]
    public static partial void CycleRecordedElsewhere(ILogger logger, string campaignId, int cycle, DateTimeOffset decidedAt);
}
