using System.Text.Json.Nodes;
using Crowdsourcing.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crowdsourcing.AspNetCore.Tests.Sample;

/// <summary>
/// The organiser's console of the package (<c>MapCrowdsourcingUI()</c>) in the sample host, in a real browser: the
/// sample on a loopback port (Kestrel), with the demo campaign seeded, driven in Debian's headless Chromium through
/// Playwright. The site's root leads to the sign-in page; the organiser signs in and opens the demo campaign's console;
/// the test waits for the chart, the heat map and the table to be drawn from the API's data, checks what they show
/// against the API, and saves a full-page screenshot.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_dashboard_draws_the_utility_chart_the_heat_map_and_whom_to_contact_next()
    {
        Assert.True(File.Exists(Chromium), $"The browser test needs Debian's Chromium at {Chromium}: install it with `apt-get install chromium` (Playwright cannot download its own browsers here).");

        await using var app = new SampleApp(seedDemo: true);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a))
            .First(a => a.Scheme == Uri.UriSchemeHttp);
        var baseUri = new Uri($"http://127.0.0.1:{address.Port}/");

        using var http = new HttpClient { BaseAddress = baseUri };
        var token = JsonNode.Parse(await (await http.PostAsync("login", new StringContent("""{ "username": "organiser", "password": "organiser-demo" }""", System.Text.Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
        var history = JsonNode.Parse(await http.GetStringAsync("campaigns/demo-client-assessments/cycles"))!;
        var next = JsonNode.Parse(await http.GetStringAsync("campaigns/demo-client-assessments/contacts/next"))!;
        var cycles = history["cycles"]!.AsArray();
        var contacts = next["contacts"]!.AsArray();
        Assert.NotEmpty(cycles);
        Assert.NotEmpty(contacts);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(baseUri.ToString(), StringComparison.Ordinal))
            {
                problems.Add($"request outside the host: {request.Url}");
            }
        };

        await page.GotoAsync(baseUri.ToString());

        // Nobody is signed in: the root leads to the pages, which send the browser to the sign-in page.
        await page.WaitForSelectorAsync("form.sign-in", new() { Timeout = 20_000 });
        await page.FillAsync("#username", "organiser");
        await page.FillAsync("#password", "organiser-demo");
        await page.ClickAsync("#sign-in-submit");
        await page.ClickAsync("nav a[href='/ui/console']");
        await page.ClickAsync("#campaigns a[href='/ui/console/demo-client-assessments']");
        await page.WaitForSelectorAsync("#utility-chart[data-ready='true'] svg", new() { Timeout = 20_000 });
        await page.WaitForSelectorAsync("#heatmap[data-ready='true'] svg", new() { Timeout = 20_000 });
        await page.WaitForSelectorAsync("#contacts-table[data-ready='true'] tbody tr", new() { Timeout = 20_000 });

        Assert.Equal("Console: Client assessments (demo) · Crowdsourcing", await page.TitleAsync());
        Assert.Equal("Signed in as organiser", await page.Locator("#signed-in-as").TextContentAsync());

        // The line chart: one point per recorded week, the threshold line and its label, the week it was first reached.
        Assert.Equal(cycles.Count, await page.Locator("#utility-chart svg circle.point").CountAsync());
        Assert.Equal(1, await page.Locator("#utility-chart svg path.series").CountAsync());
        Assert.Equal(1, await page.Locator("#utility-chart svg line.threshold").CountAsync());
        Assert.Equal("Workshop threshold 642.9", await page.Locator("#utility-chart svg text.threshold-label").TextContentAsync());
        var first = history["firstWeekAtThreshold"];
        if (first is not null)
        {
            Assert.Equal($"Reached in week {(int)first}", await page.Locator("#utility-chart svg text.crossing-label").TextContentAsync());
        }

        var lastPoint = await page.Locator("#utility-chart svg circle.point title").Last.TextContentAsync();
        Assert.StartsWith($"Week {(int)cycles[^1]!["cycle"]!}: {(double)cycles[^1]!["totalExpectedUtility"]!:#,##0.0}", lastPoint, StringComparison.Ordinal);

        // The heat map: 24 × 24 cells coloured on the scale, the three corners, the colour bar with the cost marked.
        Assert.Equal(24 * 24, await page.Locator("#heatmap svg polygon.cell").CountAsync());
        var colours = await page.Locator("#heatmap svg polygon.cell").EvaluateAllAsync<string[]>("cells => [...new Set(cells.map(c => c.getAttribute('fill')))]");
        Assert.True(colours.Length > 50, $"The heat map uses only {colours.Length} colours.");
        Assert.Equal(["poor = 1", "fair = 1", "good = 1"], await page.Locator("#heatmap svg text.corner").AllTextContentsAsync());
        Assert.Equal(21, await page.Locator("#viridis-gradient stop").CountAsync());
        Assert.Equal("cost 3.00", await page.Locator("#heatmap svg text.threshold-label").TextContentAsync());

        // The table: whom to contact next, as the API previews it, highest value first.
        var rows = page.Locator("#contacts-table tbody tr");
        Assert.Equal(Math.Min(15, contacts.Count), await rows.CountAsync());
        var firstRow = await rows.First.Locator("td").AllTextContentsAsync();
        Assert.Equal((string?)contacts[0]!["participantId"], firstRow[0]);
        Assert.Equal("email-campaign", firstRow[1]);
        Assert.Equal(((double)contacts[0]!["value"]!).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), firstRow[2]);
        Assert.Equal("3.00", firstRow[3]);
        Assert.Contains($"would contact {contacts.Count} of 40 participants", await page.Locator("#contacts-caption").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("12", await page.Locator("#stat-week").TextContentAsync());

        // Accessible names for the figures.
        Assert.Equal(1, await page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Total expected utility of Client assessments") }).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Value of email-campaign over the belief simplex") }).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Table, new() { Name = "Cycle 13", Exact = false }).CountAsync());

        var screenshot = Path.Combine(AppContext.BaseDirectory, "ui-dashboard.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Dashboard screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 20_000, "The screenshot is suspiciously small.");
        if (Environment.GetEnvironmentVariable("CROWDSOURCING_DOCS_IMAGES") is { Length: > 0 } docs)
        {
            File.Copy(screenshot, Path.Combine(docs, "ui-dashboard.png"), overwrite: true);
        }

        Assert.Empty(problems);
    }
}
