using Microsoft.Extensions.Options;

namespace Crowdsourcing.Samples.WebApi.Demo;

/// <summary>
/// Seeds the demo campaign, if <c>Sample:SeedDemo</c> is true, so that the dashboard has something to show. It runs once
/// the host has started, that is after the server listens: a host that cannot listen (its port is taken) writes no demo
/// data.
/// </summary>
internal sealed partial class DemoSeedingService(DemoCampaign demo, IOptions<SampleOptions> options, ILogger<DemoSeedingService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called after every hosted service started, the web server included.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
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

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo campaign '{CampaignId}' created: {Experts} experts, {Cycles} cycles, {Submissions} simulated submissions")]
    private static partial void LogSeeded(ILogger logger, string campaignId, int experts, int cycles, int submissions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo campaign '{CampaignId}' already exists ({Cycles} cycles recorded); left as it is")]
    private static partial void LogKept(ILogger logger, string campaignId, int cycles);
}
