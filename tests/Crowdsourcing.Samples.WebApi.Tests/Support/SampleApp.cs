using Crowdsourcing.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Samples.WebApi.Tests.Support;

/// <summary>
/// The sample host under test. By default its SQLite store is replaced with the in-memory store (the last provider
/// configured wins) and the demo campaign is not seeded; <paramref name="sqliteConnectionString"/> keeps the sample's
/// own SQLite store on that database instead.
/// </summary>
public sealed class SampleApp(bool seedDemo = false, string? sqliteConnectionString = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Sample:SeedDemo", seedDemo ? "true" : "false");
        builder.UseSetting("Sample:DemoCycles", "12");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Crowdsourcing", "Error");
        if (sqliteConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:Crowdsourcing", sqliteConnectionString);
        }

        builder.ConfigureTestServices(collection =>
        {
            if (sqliteConnectionString is null)
            {
                collection.AddCrowdsourcing(crowd => crowd.UseInMemoryStore());
            }

            services?.Invoke(collection);
        });
    }
}
