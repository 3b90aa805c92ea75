using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Samples.WebApi.Tests;

/// <summary>Builds and starts the README's "A host in ten lines", so the text cannot drift from the API.</summary>
public sealed class ReadmeHostExampleTests
{
    [Fact]
    public async Task The_readme_host_in_ten_lines_starts_and_maps_its_endpoints()
    {
        var database = Path.Combine(Path.GetTempPath(), $"readme-host-{Guid.NewGuid():N}.db");
        string[] args = ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Crowdsourcing=Data Source={database}"];
        try
        {
            // README: "A host in ten lines" (keep the two in step; app.Run() becomes StartAsync/StopAsync here).
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCrowdsourcing(crowd => crowd
                .UseSqlite(builder.Configuration.GetConnectionString("Crowdsourcing") ?? "Data Source=crowdsourcing-sample.db")
                .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper"))
                .AddRoadmap());
            builder.Services.AddProblemDetails();
            var app = builder.Build();
            app.MapGet("/campaigns/{id}/workshop", (string id, IDecisionCycleService cycles, CancellationToken ct) => cycles.GetWorkshopRecommendationAsync(id, ct));
            app.MapPost("/campaigns/{id}/cycles/{cycle:int}", (string id, int cycle, IDecisionCycleService cycles, CancellationToken ct) => cycles.RunCycleAsync(id, cycle, ct));
            await app.StartAsync();

            var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToArray();
            Assert.Contains("/campaigns/{id}/workshop", routes);
            Assert.Contains("/campaigns/{id}/cycles/{cycle:int}", routes);
            Assert.True(File.Exists(database));
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
