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
    public async Task The_request_page_shows_an_organiser_the_analyst_s_review_of_the_latest_report_and_the_expert_does_not_see_it()
    {
        await World.AssignAsync("ui-review", "alice");
        await ReadAsync(await PostAsync(World.As("alice"), "/assignments/ui-review/submission", new { responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }));
        var assessedAt = (string)(await ReadAsync(await World.Organiser.GetAsync("/assignments/ui-review/reviews")))[0]!["report"]!["assessedAt"]!;
        await ReadAsync(await PostAsync(World.Organiser, "/assignments/ui-review/reviews", new { assessedAt, reviewedLevel = "poor", comment = "Copied <sections>." }));

        using var organiser = new CookieBrowser(World.Host);
        await organiser.SignInAsync("organiser");
        Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync("/ui/requests/ui-review")).StatusCode);
        using var alice = new CookieBrowser(World.Host);
        await alice.SignInAsync("alice");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/ui/requests/ui-review")).StatusCode);

        Assert.Contains("id=\"assessment-review\" data-reviewed-level=\"poor\">Reviewed: an analyst found poor (recorded by organiser, ", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("Copied &lt;sections&gt;.", organiser.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("assessment-review", alice.Html, StringComparison.Ordinal);
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

    [Fact]
    public async Task Reopening_deleting_and_the_outbox_page_refuse_whoever_may_not_and_change_nothing()
    {
        await World.AssignAsync("ui-a5", "alice");
        await ReadAsync(await PostAsync(World.Organiser, "/assignments/ui-a5/cancellation", new { reason = "test" }));
        await World.AssignAsync("ui-a6", "alice");
        var before = await StoreSnapshot.TakeAsync(World.Host.Services);

        using var alice = new CookieBrowser(World.Host);
        await alice.SignInAsync("alice");
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/ui/outbox")).StatusCode);
        await alice.GetAsync("/ui/");
        Assert.DoesNotContain("/ui/outbox", alice.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("/ui/outbox/requeue-all", [])).StatusCode);
        await alice.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("/ui/outbox/requeue", [F("id", "assignment-created:ui-a6:alice")])).StatusCode);
        await alice.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("/ui/console/client-assessments/requests/ui-a6/reopen", [F("reason", "forged")])).StatusCode);

        // The campaign's organiser may not delete (administrators only): no button, the confirmation page and the post are refused.
        using var organiser = new CookieBrowser(World.Host);
        await organiser.SignInAsync("organiser");
        await organiser.GetAsync("/ui/console/client-assessments");
        Assert.Contains("/ui/outbox", organiser.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"delete-ui-a5\"", organiser.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.GetAsync("/ui/console/client-assessments/requests/ui-a5/delete")).StatusCode);
        await organiser.GetAsync("/ui/console/client-assessments");
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.PostAsync("/ui/console/client-assessments/requests/ui-a5/delete", [F("version", "2")])).StatusCode);

        // An organiser of another campaign may not reopen this one's requests; a draft cannot be reopened; a reason is needed.
        using var other = new CookieBrowser(World.Host);
        await other.SignInAsync("other-organiser");
        await other.GetAsync("/ui/console");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/ui/console/client-assessments/requests/ui-a6/reopen", [F("reason", "not mine")])).StatusCode);
        await organiser.GetAsync("/ui/console/client-assessments");
        Assert.Equal(HttpStatusCode.Conflict, (await organiser.PostAsync("/ui/console/client-assessments/requests/ui-a6/reopen", [F("reason", "too early")])).StatusCode);
        await organiser.GetAsync("/ui/console/client-assessments");
        Assert.Equal(HttpStatusCode.BadRequest, (await organiser.PostAsync("/ui/console/client-assessments/requests/ui-a6/reopen", [F("reason", " ")])).StatusCode);
        Assert.Contains("Say what the experts should improve", organiser.Html, StringComparison.Ordinal);

        // Without the antiforgery token nothing passes, not even for an administrator.
        using var admin = new CookieBrowser(World.Host);
        await admin.SignInAsync("admin");
        foreach (var (path, fields) in new (string, KeyValuePair<string, string>[])[]
        {
            ("/ui/console/client-assessments/requests/ui-a5/delete", [F("version", "2")]),
            ("/ui/console/client-assessments/requests/ui-a6/reopen", [F("reason", "forged")]),
            ("/ui/outbox/requeue-all", []),
            ("/ui/outbox/requeue", [F("id", "assignment-created:ui-a6:alice")]),
        })
        {
            var response = await admin.PostAsync(path, fields, token: false);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token: {(int)response.StatusCode}");
        }

        // A stale version on the confirmation form is a conflict, not a delete.
        await admin.GetAsync("/ui/console/client-assessments/requests/ui-a5/delete");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/ui/console/client-assessments/requests/ui-a5/delete", [F("version", "1")])).StatusCode);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));
    }

    [Fact]
    public async Task An_email_question_gets_an_email_field_and_an_answer_that_is_not_an_address_is_refused()
    {
        var questionnaire = new Crowdsourcing.Questionnaires.Questionnaire("email-questionnaire", "Contacts", "client",
        [
            new Crowdsourcing.Questionnaires.QuestionnaireSection("c1", "Contact", "workload",
            [
                new Crowdsourcing.Questionnaires.Question("c1-q1", "Who is the client's IT contact (e-mail)?", Crowdsourcing.Questionnaires.AnswerType.Email),
            ]),
            new Crowdsourcing.Questionnaires.QuestionnaireSection("d1", "Data centre", "datacenter",
            [
                new Crowdsourcing.Questionnaires.Question("d1-q1", "Where is it?", mandatory: false),
            ]),
        ]);
        var json = Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(questionnaire);
        Assert.Contains("\"answerType\":\"email\"", json.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        await ReadAsync(await World.Organiser.PostAsync("/questionnaires", Json(json)), HttpStatusCode.Created);
        await ReadAsync(await World.Organiser.PostAsync("/campaigns", Model(ApiWorld.Campaign("email-campaign", "email-questionnaire"))), HttpStatusCode.Created);
        await ReadAsync(await PostAsync(World.Organiser, "/assignments", new { id = "ui-email", campaignId = "email-campaign", subject = new { id = "acme", name = "ACME Corp" }, assigneeIds = new[] { "alice" } }), HttpStatusCode.Created);

        using var alice = new CookieBrowser(World.Host);
        await alice.SignInAsync("alice");
        await alice.GetAsync("/ui/requests/ui-email");
        Assert.Contains("<input type=\"email\" id=\"a-c1-q1\"", alice.Html, StringComparison.Ordinal);
        Assert.Contains("maxlength=\"254\"", alice.Html, StringComparison.Ordinal);

        var refused = await alice.PostAsync("/ui/requests/ui-email", [F("responseVersion", "1"), F("action", "save"), F("a.c1-q1", "it-desk at acme")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("is not an e-mail address", WebUtility.HtmlDecode(alice.Html), StringComparison.Ordinal);
        Assert.Equal(1, await World.ResponseVersionAsync("ui-email", "alice"));

        await alice.GetAsync("/ui/requests/ui-email");
        var saved = await alice.PostAsync("/ui/requests/ui-email", [F("responseVersion", "1"), F("action", "save"), F("a.c1-q1", "it-desk@acme.example")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var view = await ReadAsync(await World.As("alice").GetAsync("/assignments/ui-email"));
        Assert.Equal("it-desk@acme.example", (string?)view["response"]!["answers"]![0]!["value"]);
    }

    [Fact]
    public async Task The_decision_settings_form_shows_each_refused_value_beside_its_field_saves_and_shows_a_stale_version_as_a_conflict()
    {
        const string Form = "/ui/console/client-assessments/decision-settings";
        using var organiser = new CookieBrowser(World.Host);
        await organiser.SignInAsync("organiser");
        await organiser.GetAsync("/ui/console/client-assessments");
        Assert.Contains($"href=\"{Form}\"", organiser.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync(Form)).StatusCode);
        Assert.Contains("<label for=\"policy\">Contact policy</label>", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("<option>least-spend</option>", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"interventions[0].name\" value=\"email-campaign\"", organiser.Html, StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(organiser.Html, "name=\"campaignVersion\" value=\"(\\d+)\"").Groups[1].Value;
        var before = await StoreSnapshot.TakeAsync(World.Host.Services);

        // Values that are not values of their fields, and values the runtime refuses: each beside its field, nothing saved.
        var bad = await organiser.PostAsync(Form, [F("campaignVersion", version), F("policy", "least-spend"), F("workshopWeek", "soon"), F("budget", "-2"), F("budgetKind", "count"), F("modelVersion", "1")]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"error-workshopWeek-0\">Give a whole number from 0 to 10000.", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-budget-0\">Give a number of at least 0", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"soon\"", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"#workshopWeek\"", organiser.Html, StringComparison.Ordinal);
        var refused = await organiser.PostAsync(Form, [F("campaignVersion", version), F("policy", "least-spend"), F("budget", "2.5"), F("budgetKind", "count"), F("modelVersion", "1"), F("interventions[0].name", "email-campaign"), F("interventions[0].allowed", "true"), F("interventions[0].effect", "notification"), F("interventions[0].channel", "carrier-pigeon")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(organiser.Html);
        Assert.Contains("plans toward the workshop: give a workshop week or date", html, StringComparison.Ordinal);
        Assert.Contains("A budget of contacts per cycle must be a whole number", html, StringComparison.Ordinal);
        Assert.Contains("No notification channel is named 'carrier-pigeon'", html, StringComparison.Ordinal);
        Assert.Contains("id=\"interventions-0-channel\" name=\"interventions[0].channel\" maxlength=\"200\" placeholder=\"the contact channel\" value=\"carrier-pigeon\" aria-invalid=\"true\"", organiser.Html, StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));

        // A valid form is saved as the next campaign version, stamped with the organiser.
        var saved = await organiser.PostAsync(Form, [F("campaignVersion", version), F("policy", "least-spend"), F("workshopWeek", "11"), F("threshold", "90"), F("budget", "2"), F("budgetKind", "count"), F("modelVersion", "1"), F("interventions[0].name", "email-campaign"), F("interventions[0].allowed", "true"), F("interventions[0].effect", "escalation"), F("interventions[0].channel", "")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var read = await ReadAsync(await World.Organiser.GetAsync("/campaigns/client-assessments/decision-settings"));
        Assert.Equal("least-spend", (string?)read["settings"]!["policy"]);
        Assert.Equal(11, (int)read["settings"]!["workshopWeek"]!);
        Assert.Equal(2.0, (double)read["settings"]!["budget"]!);
        Assert.Equal("escalation", (string?)read["settings"]!["interventions"]![0]!["effect"]);
        await organiser.GetAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("The decision settings were saved", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"11\"", organiser.Html, StringComparison.Ordinal);

        // Someone changes the campaign meanwhile: the stale form is a conflict with who, and the values typed stay.
        var current = (long)read["campaignVersion"]!;
        await ReadAsync(await PutAsync(World.Admin, "/campaigns/client-assessments/decision-settings", new { campaignVersion = current, settings = new { policy = "planned", workshopWeek = 9 } }));
        var stale = await organiser.PostAsync(Form, [F("campaignVersion", current.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("policy", "least-spend"), F("workshopWeek", "12"), F("budgetKind", "count"), F("modelVersion", "1")]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed the campaign in the meantime: admin,", organiser.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"12\"", organiser.Html, StringComparison.Ordinal);
        Assert.Equal("planned", (string?)(await ReadAsync(await World.Organiser.GetAsync("/campaigns/client-assessments/decision-settings")))["settings"]!["policy"]);

        // Refusals: a participant, another campaign's organiser, a post without the token.
        var afterConflict = await StoreSnapshot.TakeAsync(World.Host.Services);
        using var alice = new CookieBrowser(World.Host);
        await alice.SignInAsync("alice");
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync(Form)).StatusCode);
        using var other = new CookieBrowser(World.Host);
        await other.SignInAsync("other-organiser");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(Form)).StatusCode);
        await other.GetAsync("/ui/console");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync(Form, [F("campaignVersion", "99"), F("policy", "none"), F("budgetKind", "count"), F("modelVersion", "1")])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await organiser.PostAsync(Form, [F("campaignVersion", "99"), F("policy", "none")], token: false)).StatusCode);
        Assert.Equal(afterConflict, await StoreSnapshot.TakeAsync(World.Host.Services));
    }

    [Fact]
    public async Task The_dashboard_calls_the_api_at_the_path_where_it_is_mapped()
    {
        using (var root = new CookieBrowser(World.Host))
        {
            await root.SignInAsync("organiser");
            await root.GetAsync("/ui/console/client-assessments");
            Assert.Contains("data-api=\"/\"", root.Html, StringComparison.Ordinal);
        }

        await using var host = await ApiHost.StartAsync(map: app => app.MapCrowdsourcingUI(), apiPath: "/api");
        var store = host.Services.GetRequiredService<Crowdsourcing.Storage.ICrowdsourcingStore>();
        await store.Tasks.InsertAsync(new Crowdsourcing.Tasks.CrowdTask(ApiWorld.TaskId, "Client discovery", Crowdsourcing.Tasks.TaskKind.MacroTask, Crowdsourcing.Tasks.Confidentiality.Confidential, [Crowdsourcing.Crowd.CrowdLayer.Internal]));
        await store.Questionnaires.InsertAsync(ApiWorld.Questionnaire());
        await store.Campaigns.InsertAsync(ApiWorld.Campaign() with { OrganiserIds = ["organiser"] });
        using var organiser = new CookieBrowser(host);
        await organiser.SignInAsync("organiser");
        await organiser.GetAsync("/ui/console/client-assessments");
        Assert.Contains("data-api=\"/api/\"", organiser.Html, StringComparison.Ordinal);

        // The API answers there, with the same sign-in cookie, and not at the root.
        Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync("/api/campaigns/client-assessments/cycles")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync("/campaigns/client-assessments/cycles")).StatusCode);
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
