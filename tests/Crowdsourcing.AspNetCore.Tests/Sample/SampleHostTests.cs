using System.Net;
using Crowdsourcing.Crowd;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Sample;

/// <summary>The sample host's own parts: its wiring of the demo directory, the dashboard's files, the demo campaign and
/// the SQLite default.</summary>
public sealed class SampleHostTests
{
    [Fact]
    public async Task In_development_the_demo_directory_signs_in_the_experts_the_organiser_and_the_administrator()
    {
        await using var app = new SampleApp();
        foreach (var (user, roles) in new[] { ("e01", Array.Empty<string>()), ("e40", []), ("organiser", ["organiser"]), ("admin", new[] { "administrator" }) })
        {
            using var client = await app.SignInAsync(user);
            var me = await ReadAsync(await client.GetAsync("/me"));
            Assert.Equal(user, (string?)me["id"]);
            Assert.Equal(roles, me["roles"]!.AsArray().Select(r => (string)r!));
        }

        using var anonymous = app.CreateClient();
        await ProblemAsync(await PostAsync(anonymous, "/login", new { username = "e01", password = "expert-e02" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Outside_development_the_demo_directory_does_not_stand_in()
    {
        await using var app = new SampleApp(environment: "Production");
        using var anonymous = app.CreateClient();
        await ProblemAsync(await PostAsync(anonymous, "/login", new { username = "admin", password = "admin-demo" }), HttpStatusCode.NotFound);
        await ProblemAsync(await anonymous.GetAsync("/campaigns"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_root_leads_to_the_packages_pages_which_load_nothing_from_outside_the_host()
    {
        await using var app = new SampleApp();
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var root = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/ui/", root.Headers.Location?.OriginalString);
        var pages = await client.GetAsync("/ui/");
        Assert.Equal("/ui/signin?returnUrl=%2Fui%2F", pages.Headers.Location?.OriginalString);
        var signIn = await client.GetAsync("/ui/signin");
        Assert.Equal("text/html", signIn.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("<title>Sign in · Crowdsourcing</title>", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "ui.js", "ui.css", "console.js" })
        {
            var response = await client.GetAsync($"/ui/assets/{asset}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_campaign_is_seeded_at_start_once_for_the_organiser_and_only_administrators_reseed()
    {
        await using var app = new SampleApp(seedDemo: true);
        using var organiser = await app.SignInAsync("organiser");
        var campaigns = await ReadAsync(await organiser.GetAsync("/campaigns"));
        Assert.Equal(["demo-client-assessments"], campaigns.AsArray().Select(c => (string)c!["id"]!));

        var history = await ReadAsync(await organiser.GetAsync("/campaigns/demo-client-assessments/cycles"));
        Assert.Equal(Enumerable.Range(1, 12), history["cycles"]!.AsArray().Select(c => (int)c!["cycle"]!));
        Assert.Equal(642.9, (double)history["threshold"]!);
        var totals = history["cycles"]!.AsArray().Select(c => (double)c!["totalExpectedUtility"]!).ToList();
        Assert.True(totals[^1] > totals[0] + 100, string.Join(", ", totals));
        Assert.Equal(40, (await ReadAsync(await organiser.GetAsync("/campaigns/demo-client-assessments/crowd"))).AsArray().Count);

        // An expert sees their own requests and the task, not the campaign.
        using var expert = await app.SignInAsync("e01");
        Assert.Contains((await ReadAsync(await expert.GetAsync("/assignments"))).AsArray(), a => (string?)a!["id"] == "demo-e01");
        await ReadAsync(await expert.GetAsync("/tasks/demo-client-discovery"));
        await ProblemAsync(await expert.GetAsync("/campaigns/demo-client-assessments"), HttpStatusCode.Forbidden);
        await ProblemAsync(await expert.GetAsync("/assignments/demo-e02"), HttpStatusCode.Forbidden);

        await ProblemAsync(await expert.PostAsync("/demo/seed", null), HttpStatusCode.Forbidden);
        using var anonymous = app.CreateClient();
        await ProblemAsync(await anonymous.PostAsync("/demo/seed", null), HttpStatusCode.Unauthorized);
        using var admin = await app.SignInAsync("admin");
        var again = await ReadAsync(await admin.PostAsync("/demo/seed", null));
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
            using var admin = await app.SignInAsync("admin");
            Assert.Empty((await ReadAsync(await admin.GetAsync("/campaigns"))).AsArray());
            var seeded = await ReadAsync(await admin.PostAsync("/demo/seed", null));
            Assert.True((bool)seeded["created"]!);
            var history = await ReadAsync(await admin.GetAsync("/campaigns/demo-client-assessments/cycles"));
            totals.Add(string.Join(";", history["cycles"]!.AsArray().Select(c => $"{c!["contacts"]}:{(double)c["totalExpectedUtility"]!:F6}")));
        }

        Assert.Equal(totals[0], totals[1]);
    }

    [Fact]
    public async Task By_default_the_sample_keeps_its_data_in_sqlite_across_restarts()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("crowdsourcing-sample-");
        try
        {
            var database = Path.Combine(directory.FullName, "sample.db");
            var connection = $"Data Source={database};Pooling=False";
            await using (var first = new SampleApp(sqliteConnectionString: connection))
            {
                using var admin = await first.SignInAsync("admin");
                await ReadAsync(await admin.PostAsync("/participants", Model(new Participant("kept", "Kept across restarts", CrowdLayer.Internal))), HttpStatusCode.Created);
            }

            Assert.True(File.Exists(database), $"The SQLite database {database} was not created.");
            await using (var second = new SampleApp(sqliteConnectionString: connection))
            {
                using var admin = await second.SignInAsync("admin");
                var participant = await ReadAsync(await admin.GetAsync("/participants/kept"));
                Assert.Equal("Kept across restarts", (string?)participant["displayName"]);
                Assert.Equal("admin", (string?)participant["modifiedBy"]);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
