using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crowdsourcing.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.Tests.Sample;

/// <summary>Builds and starts the README's "A web host in a few lines", so the text cannot drift from the API: it
/// listens, signs a demo user in and serves their campaigns.</summary>
public sealed class ReadmeHostExampleTests
{
    [Fact]
    public async Task The_readme_web_host_starts_signs_in_and_serves_the_api()
    {
        var database = Path.Combine(Path.GetTempPath(), $"readme-host-{Guid.NewGuid():N}.db");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Crowdsourcing=Data Source={database}",
            "--Crowdsourcing:Directory:Demo:Users:organiser=organiser-password",
        ];
        try
        {
            // README: "A web host in a few lines" (keep the two in step; app.Run() becomes StartAsync/StopAsync here).
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCrowdsourcing(crowd => crowd
                .UseSqlite(builder.Configuration.GetConnectionString("Crowdsourcing") ?? "Data Source=crowdsourcing.db")
                .UseDemoDirectory() // development: users from Crowdsourcing:Directory:Demo:Users; in production UseLdapDirectory(...)
                .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper"))
                .AddRoadmap());
            builder.Services.AddCrowdsourcingApi(); // sign-in, policies per role, problem details, rate limits, antiforgery, OpenAPI
            var app = builder.Build();
            app.MapOpenApi();
            app.MapCrowdsourcingApi();
            app.MapCrowdsourcingUI(); // the expert pages and the organiser's console under /ui (docs/ui.md)
            await app.StartAsync();

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/campaigns")).StatusCode);
            var token = JsonNode.Parse(await (await client.PostAsJsonAsync("/login", new { username = "organiser", password = "organiser-password" })).Content.ReadAsStringAsync())!;
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
            Assert.Equal("[]", await client.GetStringAsync("/campaigns"));
            Assert.Contains("\"bearer\"", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
            Assert.True(File.Exists(database));
            using var pages = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
            Assert.Equal("/ui/signin?returnUrl=%2Fui%2F", (await pages.GetAsync("/ui/")).Headers.Location?.OriginalString);
            await app.StopAsync();
            await app.DisposeAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
