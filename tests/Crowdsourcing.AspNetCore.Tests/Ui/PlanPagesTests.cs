using System.Net;
using System.Text.RegularExpressions;
using Crowdsourcing.AspNetCore.Tests.Support;

namespace Crowdsourcing.AspNetCore.Tests.Ui;

/// <summary>The console's plan page (the plan versus what happened, as an SVG chart and a table) and learning page (estimates, how the plan would change, Adopt).</summary>
public sealed partial class PlanPagesTests
{
    private const string C = "/campaigns/" + ApiWorld.CampaignId;
    private const string Console = "/ui/console/" + ApiWorld.CampaignId;

    private static KeyValuePair<string, string> F(string key, string value) => new(key, value);

    [Fact]
    public async Task Organisers_see_the_plan_beside_what_happened_and_adopt_a_learned_model_with_the_form()
    {
        var ui = new UiWorld();
        await ui.InitializeAsync();
        try
        {
            var world = ui.World;
            using var organiser = new CookieBrowser(world.Host);
            await organiser.SignInAsync("organiser");

            // Before any cycle: the plan is the forecast, and there is no history to learn from.
            await organiser.GetAsync(Console);
            Assert.Contains(Console + "/plan", organiser.Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync(Console + "/learning")).StatusCode);
            Assert.Contains("id=\"no-history\"", organiser.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("adopt-form", organiser.Html, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.Created, (await world.Organiser.PostAsync(C + "/cycles?force=true", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync(Console + "/plan")).StatusCode);
            Assert.Contains("<svg", organiser.Html, StringComparison.Ordinal);
            Assert.Contains("class=\"threshold\"", organiser.Html, StringComparison.Ordinal);
            Assert.Contains("series-planned", organiser.Html, StringComparison.Ordinal);
            Assert.Contains("series-actual", organiser.Html, StringComparison.Ordinal);
            Assert.Contains("series-forecast", organiser.Html, StringComparison.Ordinal);
            Assert.Contains("Forecast from now:", organiser.Html, StringComparison.Ordinal);
            Assert.Equal(22, WeekRows().Count(organiser.Html)); // weeks 0-21: a forecast of 20 weeks from week 1

            // The learning page: estimates beside the current model, how the plan would change, and Adopt.
            await organiser.GetAsync(Console + "/learning");
            Assert.Contains("id=\"plan-change\"", organiser.Html, StringComparison.Ordinal);
            Assert.Contains("Learned model", organiser.Html, StringComparison.Ordinal);
            Assert.Contains("id=\"transition\"", organiser.Html, StringComparison.Ordinal);

            // Without the page's token, or from another campaign's organiser, adopting changes nothing.
            var before = await StoreSnapshot.TakeAsync(world.Host.Services);
            Assert.Equal(HttpStatusCode.BadRequest, (await organiser.PostAsync(Console + "/learning/adopt", [F("campaignVersion", "1")], token: false)).StatusCode);
            using var other = new CookieBrowser(world.Host);
            await other.SignInAsync("other-organiser");
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(Console + "/learning")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(Console + "/plan")).StatusCode);
            await other.GetAsync("/ui/console");
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync(Console + "/learning/adopt", [F("campaignVersion", "1")])).StatusCode);
            using var alice = new CookieBrowser(world.Host);
            await alice.SignInAsync("alice");
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync(Console + "/plan")).StatusCode);
            Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));

            await organiser.GetAsync(Console + "/learning");
            var version = CampaignVersion().Match(organiser.Html).Groups[1].Value;
            var adopted = await organiser.PostAsync(Console + "/learning/adopt", [F("campaignVersion", version)]);
            Assert.Equal(HttpStatusCode.Redirect, adopted.StatusCode);
            await organiser.GetAsync(adopted.Headers.Location!.OriginalString);
            Assert.Contains("adopted as model version 2", organiser.Html, StringComparison.Ordinal);

            // The form of the page read before the adoption is stale now: refused, nothing changes.
            var after = await StoreSnapshot.TakeAsync(world.Host.Services);
            Assert.Equal(HttpStatusCode.Conflict, (await organiser.PostAsync(Console + "/learning/adopt", [F("campaignVersion", version)])).StatusCode);
            Assert.Equal(after, await StoreSnapshot.TakeAsync(world.Host.Services));
        }
        finally
        {
            await ui.DisposeAsync();
        }
    }

    [GeneratedRegex("<tr data-week=\"")]
    private static partial Regex WeekRows();

    [GeneratedRegex("name=\"campaignVersion\" value=\"(\\d+)\"")]
    private static partial Regex CampaignVersion();
}
