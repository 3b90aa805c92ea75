using Crowdsourcing.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.Tests.Sample;

/// <summary>
/// The sample host under test. By default its SQLite store is replaced with the in-memory store (the last provider
/// configured wins) and the demo campaign is not seeded; <paramref name="sqliteConnectionString"/> keeps the sample's
/// own SQLite store on that database instead.
/// </summary>
public sealed class SampleApp(bool seedDemo = false, string? sqliteConnectionString = null, Action<IServiceCollection>? services = null, string environment = "Development")
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
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

    /// <summary>A client signed in as a user of the demo directory, with the password of appsettings.Development.json.</summary>
    public async Task<HttpClient> SignInAsync(string user)
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal) { ["admin"] = "admin-demo", ["organiser"] = "organiser-demo" };
        var password = passwords.TryGetValue(user, out var known) ? known : $"expert-{user}";
        var client = CreateClient();
        var token = await Support.Http.ReadAsync(await Support.Http.PostAsync(client, "/login", new { username = user, password }));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
        return client;
    }
}
