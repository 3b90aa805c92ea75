using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using Crowdsourcing.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Ui;

/// <summary>The world of the API tests with the pages mapped (<c>MapCrowdsourcingUI()</c>) on the test server.</summary>
public sealed class UiWorld : IAsyncLifetime
{
    public ApiWorld World { get; } = new() { Start = () => ApiHost.StartAsync(map: app => app.MapCrowdsourcingUI()) };

    public Task InitializeAsync() => World.InitializeAsync();

    public Task DisposeAsync() => World.DisposeAsync();
}

/// <summary>
/// The pages' access rules and antiforgery, without a browser: someone not signed in is sent to the sign-in page; a
/// participant cannot open another's request nor the console; an organiser of another campaign cannot open this one;
/// every form post needs the antiforgery token of the page; and every refusal changes nothing.
/// </summary>
public sealed class UiAccessTests(UiWorld ui) : IClassFixture<UiWorld>
{
    private ApiWorld World => ui.World;

    private static KeyValuePair<string, string> F(string key, string value) => new(key, value);

    [Theory]
    [InlineData("/ui/")]
    [InlineData("/ui/requests/anything")]
    [InlineData("/ui/console")]
    [InlineData("/ui/console/client-assessments/report.csv")]
    public async Task Someone_not_signed_in_is_sent_to_the_sign_in_page(string path)
    {
        using var browser = new CookieBrowser(World.Host);
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/ui/signin?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_page_refuses_a_wrong_password_and_an_outside_return_address()
    {
        using var browser = new CookieBrowser(World.Host);
        await browser.GetAsync("/ui/signin");
        var wrong = await browser.PostAsync("/ui/signin", [F("username", "alice"), F("password", "nope"), F("returnUrl", "/ui/")]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("The user name or the password is wrong.", browser.Html, StringComparison.Ordinal);

        var right = await browser.PostAsync("/ui/signin", [F("username", "alice"), F("password", ApiHost.Password), F("returnUrl", "//evil.example/")]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/ui/", right.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_participant_cannot_open_or_save_another_participants_request_and_nothing_changes()
    {
        await World.AssignAsync("ui-a1", "alice");
        using var bob = new CookieBrowser(World.Host);
        await bob.SignInAsync("bob");
        await bob.GetAsync("/ui/");
        Assert.DoesNotContain("ui-a1", bob.Html, StringComparison.Ordinal);

        var before = await StoreSnapshot.TakeAsync(World.Host.Services);
        var page = await bob.GetAsync("/ui/requests/ui-a1");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Not allowed", bob.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Which software", bob.Html, StringComparison.Ordinal);
        foreach (var path in new[] { "/ui/requests/ui-a1/history", "/ui/requests/ui-a1/state", "/ui/requests/ui-a1/events" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(path)).StatusCode);
        }

        await bob.GetAsync("/ui/");
        var save = await bob.PostAsync("/ui/requests/ui-a1", [F("responseVersion", "1"), F("action", "save"), F("a.w1-q1", "forged")]);
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        await bob.GetAsync("/ui/");
        var delegated = await bob.PostAsync("/ui/requests/ui-a1/delegations", [F("to", "carol"), F("questionIds", "w1-q1")]);
        Assert.Equal(HttpStatusCode.Forbidden, delegated.StatusCode);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));
    }

    [Fact]
    public async Task A_participant_cannot_open_the_console_and_an_organiser_of_another_campaign_cannot_open_this_one()
    {
        await World.AssignAsync("ui-a2", "alice");
        using var alice = new CookieBrowser(World.Host);
        await alice.SignInAsync("alice");
        await alice.GetAsync("/ui/");
        Assert.Contains("ui-a2", alice.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/ui/console", alice.Html, StringComparison.Ordinal);
        foreach (var path in new[] { "/ui/console", "/ui/console/client-assessments", "/ui/console/client-assessments/report.csv", "/ui/console/client-assessments/report.json" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync(path)).StatusCode);
        }

        using var other = new CookieBrowser(World.Host);
        await other.SignInAsync("other-organiser");
        await other.GetAsync("/ui/console");
        Assert.Contains("partner-assessments", other.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/ui/console/client-assessments", other.Html, StringComparison.Ordinal);
        var before = await StoreSnapshot.TakeAsync(World.Host.Services);
        foreach (var path in new[] { "/ui/console/client-assessments", "/ui/console/client-assessments/report.csv", "/ui/console/client-assessments/report.json", "/ui/requests/ui-a2" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(path)).StatusCode);
        }

        await other.GetAsync("/ui/console");
        var cancel = await other.PostAsync("/ui/console/client-assessments/requests/ui-a2/cancel", [F("reason", "not mine")]);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));
    }

    [Fact]
    public async Task Every_form_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        await World.AssignAsync("ui-a3", "alice");
        using var alice = new CookieBrowser(World.Host);
        await alice.SignInAsync("alice");
        using var organiser = new CookieBrowser(World.Host);
        await organiser.SignInAsync("organiser");
        var before = await StoreSnapshot.TakeAsync(World.Host.Services);
        var posts = new (CookieBrowser Who, string Path, KeyValuePair<string, string>[] Fields)[]
        {
            (alice, "/ui/requests/ui-a3", [F("responseVersion", "1"), F("action", "save"), F("a.w1-q1", "ERP")]),
            (alice, "/ui/requests/ui-a3", [F("responseVersion", "1"), F("action", "submit")]),
            (alice, "/ui/requests/ui-a3/delegations", [F("to", "bob"), F("questionIds", "w1-q1")]),
            (organiser, "/ui/console/client-assessments/requests/ui-a3/cancel", [F("reason", "forged")]),
            (alice, "/ui/signout", []),
        };
        foreach (var (who, path, fields) in posts)
        {
            var response = await who.PostAsync(path, fields, token: false);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token: {(int)response.StatusCode}");
            Assert.Contains("The form has expired", who.Html, StringComparison.Ordinal);
        }

        using var anonymous = new CookieBrowser(World.Host);
        var signIn = await anonymous.PostAsync("/ui/signin", [F("username", "alice"), F("password", ApiHost.Password)], token: false);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);

        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));

        // Still signed in (the sign-out without a token did nothing); the token of another person's page does not pass either.
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/ui/requests/ui-a3")).StatusCode);
        await organiser.GetAsync("/ui/console");
        var crossed = await alice.PostAsync("/ui/requests/ui-a3", [F("responseVersion", "1"), F("action", "save"), F("a.w1-q1", "ERP"), F("__RequestVerificationToken", TokenOf(organiser.Html))], token: false);
        Assert.Equal(HttpStatusCode.BadRequest, crossed.StatusCode);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));
    }

    [Fact]
    public async Task A_draft_save_and_a_submission_through_the_form_work_and_missing_mandatory_questions_are_named()
    {
        await World.AssignAsync("ui-a4", "alice");
        using var alice = new CookieBrowser(World.Host);
        await alice.SignInAsync("alice");
        await alice.GetAsync("/ui/");
        Assert.Contains("ui-a4", alice.Html, StringComparison.Ordinal);
        await alice.GetAsync("/ui/requests/ui-a4");
        Assert.Contains("class=\"mandatory\" aria-hidden=\"true\">*</span>", alice.Html, StringComparison.Ordinal);
        var saved = await alice.PostAsync("/ui/requests/ui-a4", [F("responseVersion", "1"), F("action", "save"), F("a.w1-q1", "ERP")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(2, await World.ResponseVersionAsync("ui-a4", "alice"));

        await alice.GetAsync("/ui/requests/ui-a4");
        var missing = await alice.PostAsync("/ui/requests/ui-a4", [F("responseVersion", "2"), F("action", "submit"), F("a.w1-q1", "ERP"), F("a.w1-q2", "IT")]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("2 mandatory question(s) are unanswered", alice.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"#a-w2-q1\"", alice.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"#a-d1-q1\"", alice.Html, StringComparison.Ordinal);
        Assert.Contains(">IT</textarea>", alice.Html, StringComparison.Ordinal);
        Assert.Equal(2, await World.ResponseVersionAsync("ui-a4", "alice"));

        var submitted = await alice.PostAsync("/ui/requests/ui-a4", [F("responseVersion", "2"), F("action", "submit"), F("a.w1-q1", "ERP"), F("a.w1-q2", "IT"), F("a.w2-q1", "cloud"), F("a.d1-q1", "2027-06-30")]);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        await alice.GetAsync(submitted.Headers.Location!.OriginalString);
        Assert.Contains("id=\"assessment\"", alice.Html, StringComparison.Ordinal);
        var view = await ReadAsync(await World.As("alice").GetAsync("/assignments/ui-a4"));
        Assert.Equal("reopened", (string?)view["assignment"]!["status"]);
        Assert.Contains("What to improve", alice.Html, StringComparison.Ordinal);
    }

    private static string TokenOf(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}

/// <summary>A host translates the pages by registering its own localizer of <c>CrowdsourcingUIText</c>; what it does not
/// know falls back to the package's English.</summary>
public sealed class UiTextTests
{
    [Fact]
    public async Task A_hosts_localizer_translates_the_pages_and_unknown_names_fall_back_to_english()
    {
        await using var host = await ApiHost.StartAsync(
            services: s => s.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer<Crowdsourcing.AspNetCore.UI.CrowdsourcingUIText>, GermanSignIn>(),
            map: app => app.MapCrowdsourcingUI());
        using var browser = new CookieBrowser(host);
        await browser.GetAsync("/ui/signin");
        Assert.Contains("<h1>Anmelden</h1>", browser.Html, StringComparison.Ordinal);
        Assert.Contains(">Password</label>", browser.Html, StringComparison.Ordinal);
    }

    private sealed class GermanSignIn : Microsoft.Extensions.Localization.IStringLocalizer<Crowdsourcing.AspNetCore.UI.CrowdsourcingUIText>
    {
        public Microsoft.Extensions.Localization.LocalizedString this[string name] =>
            name == "SignIn.Title" ? new(name, "Anmelden") : new(name, name, resourceNotFound: true);

        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => this[name];

        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [this["SignIn.Title"]];
    }
}
