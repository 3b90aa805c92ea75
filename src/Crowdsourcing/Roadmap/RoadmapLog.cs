using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Roadmap;

/// <summary>The roadmap's log messages (event ids 6300-6399).</summary>
internal static partial class RoadmapLog
{
    [LoggerMessage(EventId = 6300, Level = LogLevel.Information, Message = "Roadmap catalogue composed from the {Base} catalogue, {Files} file(s) and {Extensions} extension(s): {Rules} rules in {Stages} stages")]
    public static partial void CatalogComposed(ILogger logger, string @base, int files, int extensions, int rules, int stages);
}
