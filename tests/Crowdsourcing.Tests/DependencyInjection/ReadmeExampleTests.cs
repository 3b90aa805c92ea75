using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crowdsourcing.Tests.DependencyInjection;

/// <summary>Compiles and runs the host example the README shows, so the README cannot drift from the API.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_readme_host_example_compiles_and_starts()
    {
        // README: "Wire it into a host" (keep the two in step).
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore());
        using var host = builder.Build();
        await host.StartAsync();

        var tasks = host.Services.GetRequiredService<ITaskStore>();

        Assert.NotNull(tasks);
        await host.StopAsync();
    }
}
