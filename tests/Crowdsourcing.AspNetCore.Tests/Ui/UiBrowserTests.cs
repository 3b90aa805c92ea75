using System.Net;
using System.Text.Json.Nodes;
using Crowdsourcing.AspNetCore.Tests.Support;
using Crowdsourcing.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crowdsourcing.AspNetCore.Tests.Ui;

/// <summary>
/// The world of the API tests on a loopback port (Kestrel) with the API and the pages mapped, and Debian's headless
/// Chromium driven through Playwright. Each test opens its own browser contexts (one per person).
/// </summary>
public sealed class UiBrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    public ApiWorld World { get; } = new() { Start = () => ApiHost.StartAsync(map: app => app.MapCrowdsourcingUI(), kestrel: true) };

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address => World.Host.Address!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"The browser tests need Debian's Chromium at {Chromium}: install it with `apt-get install chromium` (Playwright cannot download its own browsers here).");
        await World.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await World.DisposeAsync();
    }
}

/// <summary>
/// The expert pages and the console in a real browser: an expert signs in, saves a draft, is pointed to the missing
/// mandatory questions and submits; a delegate sees and answers only the delegated questions and the history shows
/// both; two people on the same request get the live notice and a stale save shows who and when; refusals; the
/// organiser's export. Every page is checked for console errors and for requests outside the host.
/// </summary>
public sealed class UiBrowserTests(UiBrowserFixture fixture, ITestOutputHelper output) : IClassFixture<UiBrowserFixture>
{
    private ApiWorld World => fixture.World;

    [Fact]
    public async Task An_expert_saves_a_draft_is_pointed_to_the_missing_mandatory_questions_and_submits()
    {
        await World.AssignAsync("b-expert", "alice");
        var (context, page, problems) = await SignInAsync("alice");
        await using var _ = context;

        // My requests: the request, its status, its due date and what is missing.
        var row = page.Locator("#my-requests tr[data-request='b-expert']");
        Assert.Equal("Draft", await row.Locator(".status").TextContentAsync());
        Assert.Contains("4 mandatory question(s): w1-q1, w1-q2, w2-q1, d1-q1", await row.Locator(".missing").TextContentAsync(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", await row.Locator("td").Nth(3).TextContentAsync());

        // Keyboard: the first Tab reaches the skip link, which leads to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to the content", await page.EvaluateAsync<string>("document.activeElement.textContent"));

        await row.Locator("a").ClickAsync();
        await page.WaitForSelectorAsync("form#answers");
        Assert.Equal(4, await page.Locator(".question .mandatory").CountAsync());
        Assert.Equal("number", await page.GetAttributeAsync("#a-w1-q3", "type"));
        Assert.Equal("date", await page.GetAttributeAsync("#a-d1-q1", "type"));
        Assert.Equal(["(no answer)", "on-premises", "cloud"], await page.Locator("#a-w2-q1 option").AllTextContentsAsync());
        Assert.Equal("Which software does the client run? * (mandatory)", (await page.Locator("label[for='a-w1-q1']").TextContentAsync())!.Trim());

        // Save a draft.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Which software does the client run?" }).FillAsync("ERP");
        await page.ClickAsync("#save-draft");
        await page.WaitForSelectorAsync("#notice");
        Assert.Equal("Your draft was saved.", await page.Locator("#notice").TextContentAsync());
        Assert.Equal("ERP", await page.InputValueAsync("#a-w1-q1"));

        // Submit with mandatory questions missing: each is pointed to, the focus is on the summary, the input stays.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Who operates it?" }).FillAsync("The client's IT");
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#error-summary");
        Assert.Equal("2 mandatory question(s) are unanswered", await page.Locator("#error-summary h2").TextContentAsync());
        Assert.Equal(["Where is it hosted?", "When does the lease end?"], await page.Locator("#error-summary a").AllTextContentsAsync());
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Equal("true", await page.GetAttributeAsync("#a-w2-q1", "aria-invalid"));
        Assert.Equal("The client's IT", await page.InputValueAsync("#a-w1-q2"));
        await page.Locator("#error-summary a").First.ClickAsync();
        Assert.Equal("a-w2-q1", await page.EvaluateAsync<string>("document.activeElement.id"));
        await Screenshot(page, "ui-request-missing.png");

        // Complete and submit: the assessment is shown.
        await page.SelectOptionAsync("#a-w2-q1", "cloud");
        await page.FillAsync("#a-w1-q3", "40");
        await page.FillAsync("#a-d1-q1", "2027-06-30");
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#assessment");
        Assert.StartsWith("Accepted", await page.Locator("#assessment-result").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Accepted", await page.Locator("#request-status").TextContentAsync());
        Assert.Equal(0, await page.Locator("#save-draft").CountAsync());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_delegate_sees_and_answers_only_the_delegated_questions_and_the_history_shows_both()
    {
        await World.AssignAsync("b-delegate", "alice");
        var (alice, page, problems) = await SignInAsync("alice");
        await using var _ = alice;
        await page.GotoAsync(Url("/ui/requests/b-delegate"));
        await page.CheckAsync("#d-w1-q1");
        await page.CheckAsync("#d-w1-q2");
        await page.SelectOptionAsync("#delegate-to", "bob");
        await page.FillAsync("#delegate-message", "Could you take these two?");
        await page.ClickAsync("#delegate-submit");
        await page.WaitForSelectorAsync("#notice");
        Assert.StartsWith("The selected questions were delegated", await page.Locator("#notice").TextContentAsync(), StringComparison.Ordinal);

        var (bob, bobPage, bobProblems) = await SignInAsync("bob");
        await using var __ = bob;
        var row = bobPage.Locator("#my-requests tr[data-request='b-delegate']");
        Assert.Equal("Delegate", await row.Locator("td").Nth(1).TextContentAsync());
        await row.Locator("a").ClickAsync();
        await bobPage.WaitForSelectorAsync("form#answers");
        Assert.Equal(["w1-q1", "w1-q2"], await bobPage.Locator(".question").EvaluateAllAsync<string[]>("qs => qs.map(q => q.dataset.question)"));
        Assert.Equal(0, await bobPage.Locator("#submit").CountAsync());
        Assert.Equal(0, await bobPage.Locator("#a-w2-q1").CountAsync());
        await bobPage.FillAsync("#a-w1-q1", "SAP");
        await bobPage.FillAsync("#a-w1-q2", "Bob's team");
        await bobPage.ClickAsync("#save-draft");
        await bobPage.WaitForSelectorAsync("#notice");
        Assert.Equal("Answered by bob", (await bobPage.Locator("#by-w1-q1").TextContentAsync())![..15]);

        // The history: the hand-over and who answered what, in the tables and in the graph.
        await page.GotoAsync(Url("/ui/requests/b-delegate/history"));
        var delegation = await page.Locator("#delegations tbody tr").First.Locator("td").AllTextContentsAsync();
        Assert.Equal(["alice", "bob", "w1-q1, w1-q2", "Could you take these two?"], delegation.Skip(1));
        Assert.Equal(["bob", "bob"], await page.Locator("#answers-history tbody tr td:nth-child(3)").AllTextContentsAsync());
        Assert.Equal(1, await page.Locator("#collaboration-graph svg g.edge[data-from='alice'][data-to='bob']").CountAsync());
        Assert.Equal("2 answer(s)", await page.Locator("#collaboration-graph svg g.node[data-person='bob'] text").Nth(1).TextContentAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Img, new() { Name = "Collaboration on ACME Corp" }).CountAsync());
        await Screenshot(page, "ui-history.png");
        Assert.Empty(problems);
        Assert.Empty(bobProblems);
    }

    [Fact]
    public async Task Two_people_on_the_same_request_get_the_live_notice_and_a_stale_save_says_who_and_when()
    {
        await World.AssignAsync("b-live", "alice", "carol");
        var (alice, a, aliceProblems) = await SignInAsync("alice");
        await using var _ = alice;
        var (carol, c, carolProblems) = await SignInAsync("carol");
        await using var __ = carol;
        await a.GotoAsync(Url("/ui/requests/b-live"));
        await c.GotoAsync(Url("/ui/requests/b-live"));
        await a.WaitForSelectorAsync("form#answers[data-listening='true']");
        await c.WaitForSelectorAsync("form#answers[data-listening='true']");

        // Carol types without saving; Alice saves; Carol is told within 2 seconds.
        await c.FillAsync("#a-w1-q2", "Carol's draft");
        await a.FillAsync("#a-w1-q1", "Alice's answer");
        await a.ClickAsync("#save-draft");
        await a.WaitForSelectorAsync("#notice");
        await c.WaitForSelectorAsync("#live-notice:not([hidden])", new() { Timeout = 2000 });
        Assert.StartsWith("alice changed this request", await c.Locator("#live-notice-text").TextContentAsync(), StringComparison.Ordinal);
        await Screenshot(c, "ui-live-notice.png");

        // A stale save: refused with who and when; Carol's input stays, Alice's version beside it.
        await c.ClickAsync("#save-draft");
        await c.WaitForSelectorAsync("#conflict");
        Assert.Matches(@"^alice saved it on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$", await c.Locator("#conflict-detail").TextContentAsync());
        Assert.Equal("Carol's draft", await c.InputValueAsync("#a-w1-q2"));
        Assert.Equal(string.Empty, await c.InputValueAsync("#a-w1-q1"));
        Assert.Equal("Saved version: “Alice's answer” (by alice)", await c.Locator("#theirs-w1-q1").TextContentAsync());
        await c.FillAsync("#a-w1-q1", "Alice's answer");
        await c.ClickAsync("#save-draft");
        await c.WaitForSelectorAsync("#notice");
        var stored = await Http.ReadAsync(await World.As("carol").GetAsync("/assignments/b-live"));
        Assert.Equal(["Alice's answer", "Carol's draft"], stored["response"]!["answers"]!.AsArray().OrderBy(x => (string)x!["questionId"]!).Select(x => (string)x!["value"]!));

        // The refresh keeps the person's unsaved input and shows the new version beside it; the next save then goes through.
        await a.GotoAsync(Url("/ui/requests/b-live"));
        await a.WaitForSelectorAsync("form#answers[data-listening='true']");
        await c.WaitForSelectorAsync("form#answers[data-listening='true']");
        await c.FillAsync("#a-w1-q3", "77");
        await a.FillAsync("#a-w1-q3", "12");
        await a.ClickAsync("#save-draft");
        await a.WaitForSelectorAsync("#notice");
        await c.WaitForSelectorAsync("#live-notice:not([hidden])", new() { Timeout = 2000 });
        await c.ClickAsync("#live-refresh");
        await c.WaitForSelectorAsync("#live-notice[data-refreshed='true']");
        Assert.Equal("77", await c.InputValueAsync("#a-w1-q3"));
        Assert.Equal("Saved version: “12” (by alice)", await c.Locator("#theirs-w1-q3").TextContentAsync());
        Assert.True(await c.Locator("#theirs-w1-q1").IsHiddenAsync());
        await c.ClickAsync("#save-draft");
        await c.WaitForSelectorAsync("#notice");
        stored = await Http.ReadAsync(await World.As("carol").GetAsync("/assignments/b-live"));
        Assert.Equal("77", (string?)stored["response"]!["answers"]!.AsArray().Single(x => (string)x!["questionId"]! == "w1-q3")!["value"]);
        Assert.Empty(aliceProblems);
        Assert.Empty(carolProblems);
    }

    [Fact]
    public async Task A_participant_cannot_open_another_request_nor_the_console_and_another_organiser_not_this_campaign()
    {
        await World.AssignAsync("b-private", "alice");
        var (bob, page, _) = await SignInAsync("bob");
        await using var __ = bob;
        var response = await page.GotoAsync(Url("/ui/requests/b-private"));
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Equal("Not allowed", await page.Locator("h1").TextContentAsync());
        Assert.Equal(0, await page.Locator("form#answers").CountAsync());
        Assert.Equal((int)HttpStatusCode.Forbidden, (await page.GotoAsync(Url("/ui/console")))!.Status);
        Assert.Equal(0, await page.Locator("nav a[href='/ui/console']").CountAsync());

        var (other, otherPage, _) = await SignInAsync("other-organiser");
        await using var ___ = other;
        Assert.Equal((int)HttpStatusCode.Forbidden, (await otherPage.GotoAsync(Url("/ui/console/client-assessments")))!.Status);
        Assert.Equal((int)HttpStatusCode.Forbidden, (await otherPage.GotoAsync(Url("/ui/requests/b-private")))!.Status);
    }

    [Fact]
    public async Task The_organiser_sees_the_requests_by_status_cancels_one_and_exports_the_report_as_csv_and_json()
    {
        await World.AssignAsync("b-report", "alice");
        await World.AssignAsync("b-cancel", "bob");
        var version = await World.ResponseVersionAsync("b-report", "alice");
        await Http.ReadAsync(await Http.PutAsync(World.As("alice"), "/assignments/b-report/draft", new { responseVersion = version, answers = new object[] { new { questionId = "w1-q1", value = "ERP, \"cloud\" edition" } } }));

        var (organiser, page, problems) = await SignInAsync("organiser");
        await using var _ = organiser;
        await page.GotoAsync(Url("/ui/console"));
        await page.ClickAsync("#campaigns a[href='/ui/console/client-assessments']");
        await page.WaitForSelectorAsync("#utility-chart[data-ready='true']", new() { Timeout = 20_000 });
        await page.WaitForSelectorAsync("#heatmap[data-ready='true'] svg", new() { Timeout = 20_000 });
        Assert.Equal(1, await page.Locator("#requests-draft tr[data-request='b-report']").CountAsync());

        await page.FillAsync("#reason-b-cancel", "The client left.");
        await page.Locator("#requests-draft tr[data-request='b-cancel'] button.danger").ClickAsync();
        await page.WaitForSelectorAsync("#notice");
        Assert.Equal(1, await page.Locator("#requests-cancelled tr[data-request='b-cancel']").CountAsync());
        await Screenshot(page, "ui-console.png");

        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var csv = await File.ReadAllTextAsync((await csvDownload.PathAsync())!);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("request_id,subject_id,subject_name,status,assignees,question_id,question,answer,answered_by,answered_at", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("b-report,acme,ACME Corp,draft,alice,w1-q1,Which software does the client run?,\"ERP, \"\"cloud\"\" edition\",alice,", StringComparison.Ordinal));
        Assert.Contains("b-cancel,acme,ACME Corp,cancelled,bob,,,,,", lines);

        var jsonDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-json"));
        var json = JsonNode.Parse(await File.ReadAllTextAsync((await jsonDownload.PathAsync())!))!;
        Assert.Equal("client-assessments", (string?)json["campaignId"]);
        var report = json["requests"]!.AsArray().Single(r => (string)r!["id"]! == "b-report")!;
        Assert.Equal("draft", (string?)report["status"]);
        Assert.Equal("ERP, \"cloud\" edition", (string?)report["answers"]![0]!["value"]);
        Assert.True((int)json["statusCounts"]!["cancelled"]! >= 1);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_organiser_reopens_an_accepted_request_with_a_reason_and_the_administrator_deletes_a_cancelled_one_after_confirming()
    {
        await World.AssignAsync("b-accepted", "alice");
        var answers = ApiWorld.MandatoryAnswers().Append(new { questionId = "w1-q3", value = "40" }).ToArray();
        await Http.ReadAsync(await Http.PostAsync(World.As("alice"), "/assignments/b-accepted/submission", new { responseVersion = 1, answers }));
        await World.AssignAsync("b-obsolete", "bob");
        await Http.ReadAsync(await Http.PostAsync(World.Organiser, "/assignments/b-obsolete/cancellation", new { reason = "Obsolete" }));

        // The organiser reopens with the keyboard: the reason field, then Enter.
        var (organiser, page, problems) = await SignInAsync("organiser");
        await using (organiser)
        {
            await page.GotoAsync(Url("/ui/console/client-assessments"));
            var row = page.Locator("#requests-accepted tr[data-request='b-accepted']");
            Assert.Equal(1, await row.CountAsync());
            Assert.Equal(0, await page.Locator("#delete-b-obsolete").CountAsync());
            Assert.Equal("What the experts should improve in the request about ACME Corp", await page.Locator("label[for='reopen-reason-b-accepted']").TextContentAsync());
            await row.Locator("input[name='reason']").FocusAsync();
            await page.Keyboard.TypeAsync("The user count looks too low; please check it.");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#notice");
            Assert.Equal("The request was reopened; its experts have been notified with your reason.", await page.Locator("#notice").TextContentAsync());
            Assert.Equal(1, await page.Locator("#requests-reopened tr[data-request='b-accepted']").CountAsync());
            Assert.Empty(problems);
        }

        // The expert sees the reason as the feedback, and can answer again.
        var (alice, alicePage, aliceProblems) = await SignInAsync("alice");
        await using (alice)
        {
            await alicePage.GotoAsync(Url("/ui/requests/b-accepted"));
            Assert.Equal("Reopened", await alicePage.Locator("#request-status").TextContentAsync());
            Assert.Contains("The user count looks too low; please check it.", await alicePage.ContentAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await alicePage.Locator("#save-draft").CountAsync());
            Assert.Empty(aliceProblems);
        }

        // The administrator deletes the cancelled request: a confirmation page first, reached and confirmed by keyboard.
        var (admin, adminPage, adminProblems) = await SignInAsync("admin");
        await using (admin)
        {
            await adminPage.GotoAsync(Url("/ui/console/client-assessments"));
            await adminPage.Locator("#delete-b-obsolete").FocusAsync();
            await adminPage.Keyboard.PressAsync("Enter");
            await adminPage.WaitForSelectorAsync("#confirm-delete");
            Assert.StartsWith("Delete the cancelled request about ACME Corp (b-obsolete) for good?", await adminPage.Locator("#confirm-question").TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal("confirm-delete", await adminPage.EvaluateAsync<string>("document.activeElement.id"));
            await Screenshot(adminPage, "ui-console-delete.png");
            await adminPage.Keyboard.PressAsync("Enter");
            await adminPage.WaitForSelectorAsync("#notice");
            Assert.Equal("The request was deleted.", await adminPage.Locator("#notice").TextContentAsync());
            Assert.Equal(0, await adminPage.Locator("tr[data-request='b-obsolete']").CountAsync());
            Assert.Empty(adminProblems);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await World.Admin.GetAsync("/assignments/b-obsolete")).StatusCode);
    }

    [Fact]
    public async Task The_organiser_lists_the_dead_letters_with_their_history_and_requeues_one_and_then_all()
    {
        var outbox = World.Host.Services.GetRequiredService<Crowdsourcing.Storage.ICrowdsourcingStore>().Outbox;
        var now = DateTimeOffset.UtcNow;
        await outbox.EnqueueAsync(new Crowdsourcing.Notifications.Notification("test:ui-dead:1", "email", "alice", "test", "Your request about ACME", "Body", now - TimeSpan.FromDays(4)));
        await outbox.EnqueueAsync(new Crowdsourcing.Notifications.Notification("test:ui-dead:2", "email", "bob", "test", "Your request about Globex", "Body", now - TimeSpan.FromDays(4)));
        var claimed = await outbox.ClaimDueAsync(now, 1000, "tester", TimeSpan.FromMinutes(1));
        foreach (var other in claimed.Where(n => !n.Id.StartsWith("test:ui-dead:", StringComparison.Ordinal)))
        {
            await outbox.MarkDeliveredAsync(other.Id, "tester", now);
        }

        await outbox.MarkFailedAsync("test:ui-dead:1", "tester", "550 mailbox unavailable", now, retryAt: null);
        await outbox.MarkFailedAsync("test:ui-dead:2", "tester", "421 try again later", now, retryAt: null);

        var (organiser, page, problems) = await SignInAsync("organiser");
        await using var _ = organiser;
        await page.ClickAsync("nav a[href='/ui/outbox']");
        await page.WaitForSelectorAsync("#dead-letter-table");
        Assert.True(int.Parse((await page.Locator("#stat-failed").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var row = page.Locator("tr[data-notification='test:ui-dead:1']");
        Assert.Contains("550 mailbox unavailable", await row.Locator("td").Nth(2).TextContentAsync(), StringComparison.Ordinal);
        await row.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Contains("Attempt 1", await row.Locator("ol.attempts li").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("by tester: 550 mailbox unavailable", await row.Locator("ol.attempts li").First.TextContentAsync(), StringComparison.Ordinal);
        await Screenshot(page, "ui-outbox.png");

        await row.GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync();
        await page.WaitForSelectorAsync("#notice");
        Assert.Equal("The notification was requeued: it is due now, with a new retry window.", await page.Locator("#notice").TextContentAsync());
        Assert.Equal(0, await page.Locator("tr[data-notification='test:ui-dead:1']").CountAsync());
        Assert.Equal(Crowdsourcing.Notifications.NotificationStatus.Pending, (await outbox.FindAsync("test:ui-dead:1"))!.Status);

        await page.ClickAsync("#requeue-all");
        await page.WaitForSelectorAsync("#no-dead-letters");
        Assert.EndsWith("dead letter(s) requeued.", await page.Locator("#notice").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(Crowdsourcing.Notifications.NotificationStatus.Pending, (await outbox.FindAsync("test:ui-dead:2"))!.Status);
        Assert.Equal("0", await page.Locator("#stat-failed").TextContentAsync());
        Assert.Empty(problems);
    }

    private string Url(string path) => new Uri(fixture.Address, path).ToString();

    /// <summary>A browser context signed in as <paramref name="user"/> through the sign-in page, on "My requests".</summary>
    private async Task<(IBrowserContext Context, IPage Page, List<string> Problems)> SignInAsync(string user)
    {
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        var host = fixture.Address.ToString();
        page.Console += (_, message) =>
        {
            // A page answered with 400, 403 or 409 (a refusal the test provokes) is logged by the browser; nothing else may be.
            if (message.Type == "error" && !System.Text.RegularExpressions.Regex.IsMatch(message.Text, "the server responded with a status of 40[039]"))
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(host, StringComparison.Ordinal))
            {
                problems.Add($"request outside the host: {request.Url}");
            }
        };
        await page.GotoAsync(Url("/ui/"));
        await page.WaitForSelectorAsync("form.sign-in");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(ApiHost.Password);
        await page.ClickAsync("#sign-in-submit");
        await page.WaitForSelectorAsync("#signed-in-as");
        Assert.Equal($"Signed in as {user}", await page.Locator("#signed-in-as").TextContentAsync());
        return (context, page, problems);
    }

    /// <summary>Saves a screenshot beside the tests, and into <c>CROWDSOURCING_DOCS_IMAGES</c> when that is set (docs/images).</summary>
    private async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        if (Environment.GetEnvironmentVariable("CROWDSOURCING_DOCS_IMAGES") is { Length: > 0 } docs)
        {
            File.Copy(path, Path.Combine(docs, name), overwrite: true);
        }
    }
}
