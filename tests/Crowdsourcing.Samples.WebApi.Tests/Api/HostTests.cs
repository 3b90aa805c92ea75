using System.Net;
using System.Runtime.CompilerServices;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Quality;
using Crowdsourcing.Samples.WebApi.Tests.Support;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Crowdsourcing.Samples.WebApi.Tests.Support.Http;

namespace Crowdsourcing.Samples.WebApi.Tests.Api;

/// <summary>The host itself: OpenAPI, the static dashboard, unknown routes, unexpected errors, the demo, the SQLite default.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_group()
    {
        await using var app = new SampleApp();
        using var client = app.CreateClient();
        var document = await ReadAsync(await client.GetAsync("/openapi/v1.json"));
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[]
        {
            "/campaigns", "/campaigns/{campaignId}", "/campaigns/{campaignId}/crowd", "/participants/{participantId}/tasks", "/tasks/{taskId}",
            "/assignments", "/assignments/{assignmentId}", "/assignments/{assignmentId}/draft", "/assignments/{assignmentId}/submission",
            "/assignments/{assignmentId}/cancellation", "/assignments/{assignmentId}/delegations", "/campaigns/{campaignId}/collaboration",
            "/campaigns/{campaignId}/cycles", "/campaigns/{campaignId}/cycles/{cycle}", "/campaigns/{campaignId}/contacts/next",
            "/campaigns/{campaignId}/workshop", "/campaigns/{campaignId}/heatmap", "/roadmap/plans", "/demo/seed",
        })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task The_dashboard_is_served_as_static_files_without_external_resources()
    {
        await using var app = new SampleApp();
        using var client = app.CreateClient();
        var index = await client.GetAsync("/");
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        var html = await index.Content.ReadAsStringAsync();
        Assert.Contains("<title>Crowdsourcing campaign dashboard</title>", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "app.js", "app.css" })
        {
            Assert.Contains(asset, html, StringComparison.Ordinal);
            var response = await client.GetAsync($"/{asset}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_404()
    {
        await using var app = new SampleApp();
        using var client = app.CreateClient();
        await ProblemAsync(await client.GetAsync("/no/such/route"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unexpected_error_is_a_500_that_reveals_neither_the_message_nor_the_stack()
    {
        await using var app = new SampleApp(services: s => s.Replace(ServiceDescriptor.Singleton<ICampaignService, FailingCampaignService>()));
        using var client = app.CreateClient();
        var response = await client.GetAsync("/campaigns/any");
        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.ToJsonString();
        Assert.DoesNotContain(FailingCampaignService.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("FailingCampaignService", text, StringComparison.Ordinal);
        Assert.NotNull(problem["traceId"]);
    }

    [Fact]
    public async Task The_heat_map_of_a_model_without_three_states_is_a_400_saying_why()
    {
        var twoStates = new DecisionModel(
            ["unready", "ready"],
            ["leave-out", "invite"],
            DecisionMatrix.FromRows([0, -10], [0, 20]),
            DecisionMatrix.FromRows([0.8, 0.2], [0.1, 0.9]),
            [new Intervention("email", DecisionMatrix.FromRows([0.5, 0.5], [0.05, 0.95]), 2, 0.3)]);
        await using var app = new SampleApp(services: s => s.AddCrowdsourcing(crowd => crowd.AddDecisionModels(engine => engine.AddModel("two-state", twoStates))));
        using var client = app.CreateClient();
        await client.PostAsync("/tasks", Model(new CrowdTask("t", "Task", TaskKind.MacroTask, Confidentiality.Secret, [CrowdLayer.Internal])));
        await client.PostAsync("/questionnaires", Model(ApiWorld.Questionnaire()));
        var campaign = ApiWorld.Campaign("two-state-campaign") with
        {
            TaskId = "t",
            Crowd = new CrowdSelection([CrowdLayer.Internal]),
            Readiness = new ReadinessScale([new ReadinessLevel("unready"), new ReadinessLevel("ready", [new MinimumCompletedSectionsRule("ready-workloads", "workload", 2)])]),
            DecisionModel = "two-state",
        };
        await ReadAsync(await client.PostAsync("/campaigns?createdBy=admin", Model(campaign)), HttpStatusCode.Created);

        var problem = await ProblemAsync(await client.GetAsync("/campaigns/two-state-campaign/heatmap"), HttpStatusCode.BadRequest);
        Assert.Contains("three states", Assert.Single(FieldErrors(problem, "model")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/campaigns/two-state-campaign/cycles", null)).StatusCode);
    }

    [Fact]
    public async Task The_demo_campaign_is_seeded_at_start_once_with_a_dozen_cycles_and_reseeding_keeps_it()
    {
        await using var app = new SampleApp(seedDemo: true);
        using var client = app.CreateClient();
        var campaigns = await ReadAsync(await client.GetAsync("/campaigns"));
        Assert.Equal(["demo-client-assessments"], campaigns.AsArray().Select(c => (string)c!["id"]!));

        var history = await ReadAsync(await client.GetAsync("/campaigns/demo-client-assessments/cycles"));
        Assert.Equal(Enumerable.Range(1, 12), history["cycles"]!.AsArray().Select(c => (int)c!["cycle"]!));
        Assert.Equal(642.9, (double)history["threshold"]!);
        var totals = history["cycles"]!.AsArray().Select(c => (double)c!["totalExpectedUtility"]!).ToList();
        Assert.True(totals[^1] > totals[0] + 100, string.Join(", ", totals));
        Assert.Equal(40, (await ReadAsync(await client.GetAsync("/campaigns/demo-client-assessments/crowd"))).AsArray().Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/tasks/demo-client-discovery?participantId=visitor")).StatusCode);

        var again = await ReadAsync(await client.PostAsync("/demo/seed", null));
        Assert.False((bool)again["created"]!);
        Assert.Equal(12, (int)again["cycles"]!);
    }

    [Fact]
    public async Task Seeding_on_demand_creates_the_same_campaign_every_time()
    {
        var totals = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            await using var app = new SampleApp();
            using var client = app.CreateClient();
            Assert.Empty((await ReadAsync(await client.GetAsync("/campaigns"))).AsArray());
            var seeded = await ReadAsync(await client.PostAsync("/demo/seed", null), HttpStatusCode.Created);
            Assert.True((bool)seeded["created"]!);
            var history = await ReadAsync(await client.GetAsync("/campaigns/demo-client-assessments/cycles"));
            totals.Add(string.Join(";", history["cycles"]!.AsArray().Select(c => $"{c!["contacts"]}:{(double)c["totalExpectedUtility"]!:F6}")));
        }

        Assert.Equal(totals[0], totals[1]);
    }

    [Fact]
    public async Task By_default_the_sample_keeps_its_data_in_sqlite_across_restarts()
    {
        var directory = Directory.CreateTempSubdirectory("crowdsourcing-sample-");
        try
        {
            var database = Path.Combine(directory.FullName, "sample.db");
            var connection = $"Data Source={database};Pooling=False";
            await using (var first = new SampleApp(sqliteConnectionString: connection))
            {
                using var client = first.CreateClient();
                await ReadAsync(await client.PostAsync("/participants", Model(new Participant("kept", "Kept across restarts", CrowdLayer.Internal))), HttpStatusCode.Created);
            }

            Assert.True(File.Exists(database), $"The SQLite database {database} was not created.");
            await using (var second = new SampleApp(sqliteConnectionString: connection))
            {
                using var client = second.CreateClient();
                var participant = await ReadAsync(await client.GetAsync("/participants/kept"));
                Assert.Equal("Kept across restarts", (string?)participant["displayName"]);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed class FailingCampaignService : ICampaignService
    {
        public const string Secret = "internal detail that must not leak";

        public ValueTask<Campaign> CreateAsync(Campaign campaign, string createdBy, CancellationToken cancellationToken = default) => throw new InvalidCastException(Secret);

        public ValueTask<Campaign> GetAsync(string campaignId, CancellationToken cancellationToken = default) => throw new InvalidCastException(Secret);

        public IAsyncEnumerable<Campaign> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default) => Fail<Campaign>(cancellationToken);

        public IAsyncEnumerable<Participant> ListCrowdAsync(string campaignId, CancellationToken cancellationToken = default) => Fail<Participant>(cancellationToken);

        private static async IAsyncEnumerable<T> Fail<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidCastException(Secret);
#pragma warning disable CS0162 // An iterator needs a yield.
            yield break;
#pragma warning restore CS0162
        }
    }
}
