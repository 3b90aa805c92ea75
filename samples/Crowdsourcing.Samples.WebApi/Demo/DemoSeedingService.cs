using Microsoft.Extensions.Options;

namespace Crowdsourcing.Samples.WebApi.Demo;

/// <summary>Seeds the demo campaign when the host starts, if <c>Sample:SeedDemo</c> is true, so that the dashboard has something to show.</summary>
internal sealed partial class DemoSeedingService(DemoCampaign demo, IOptions<SampleOptions> options, ILogger<DemoSeedingService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemo)
        {
            return;
        }

        var seeded = await demo.SeedAsync(cancellationToken);
        if (seeded.Created)
        {
            LogSeeded(logger, seeded.CampaignId, seeded.Experts, seeded.Cycles, seeded.Submissions);
        }
        else
        {
            LogKept(logger, seeded.CampaignId, seeded.Cycles);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo campaign '{CampaignId}' created: {Experts} experts, {Cycles} cycles, {Submissions} simulated submissions")]
    private static partial void LogSeeded(ILogger logger, string campaignId, int experts, int cycles, int submissions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo campaign '{CampaignId}' already exists ({Cycles} cycles recorded); left as it is")]
    private static partial void LogKept(ILogger logger, string campaignId, int cycles);
}
