using System.Net;
using System.Runtime.CompilerServices;
using Crowdsourcing.AspNetCore.Tests.Support;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>The package as a host sees it: sign-in, cookies and antiforgery, strict JSON, identical retries, errors
/// before the endpoint, OpenAPI, unexpected errors.</summary>
public sealed class ApiHostTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    [Fact]
    public async Task Login_answers_a_bearer_token_in_the_shape_of_MapIdentityApi_and_a_wrong_password_is_a_401_problem()
    {
        using var anonymous = world.Host.Anonymous();
        var token = await ReadAsync(await PostAsync(anonymous, "/login", new { username = "alice", password = ApiHost.Password }));
        Assert.Equal("Bearer", (string?)token["tokenType"]);
        Assert.False(string.IsNullOrEmpty((string?)token["accessToken"]));
        Assert.Equal(3600, (long)token["expiresIn"]!);

        var wrong = await ProblemAsync(await PostAsync(anonymous, "/login", new { username = "alice", password = "not-her-password" }), HttpStatusCode.Unauthorized);
        var unknown = await ProblemAsync(await PostAsync(anonymous, "/login", new { username = "mallory", password = "not-her-password" }), HttpStatusCode.Unauthorized);
        Assert.Equal((string?)wrong["detail"], (string?)unknown["detail"]);
        Assert.Single(FieldErrors(await ProblemAsync(await PostAsync(anonymous, "/login", new { username = "alice", password = ApiHost.Password, role = "administrator" }), HttpStatusCode.BadRequest), "$.role"));

        var me = await ReadAsync(await world.As("organiser").GetAsync("/me"));
        Assert.Equal("organiser", (string?)me["id"]);
        Assert.Equal(["organiser"], me["roles"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task A_cookie_signed_in_browser_needs_the_antiforgery_token_for_unsafe_requests_even_without_a_body()
    {
        using var client = world.Host.Anonymous();
        var login = await PostAsync(client, "/login?useCookies=true", new { username = "organiser", password = ApiHost.Password });
        await ReadAsync(login);
        var cookie = Cookie(login, "crowdsourcing");
        Assert.Contains("httponly", string.Join(";", login.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", string.Join(";", login.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);

        var before = await StoreSnapshot.TakeAsync(world.Host.Services);
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/campaigns/{ApiWorld.CampaignId}/cycles");
        crossSite.Headers.Add("Cookie", cookie);
        var refused = await ProblemAsync(await client.SendAsync(crossSite), HttpStatusCode.BadRequest);
        Assert.Equal("antiforgery", (string?)refused["reason"]);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, "/antiforgery/token");
        tokenRequest.Headers.Add("Cookie", cookie);
        var tokenResponse = await client.SendAsync(tokenRequest);
        var token = await ReadAsync(tokenResponse);
        Assert.Equal("X-CSRF-TOKEN", (string?)token["headerName"]);
        var antiforgeryCookie = Cookie(tokenResponse, "crowdsourcing.antiforgery");

        using var sameSite = new HttpRequestMessage(HttpMethod.Post, $"/campaigns/{ApiWorld.CampaignId}/cycles?force=true");
        sameSite.Headers.Add("Cookie", $"{cookie}; {antiforgeryCookie}");
        sameSite.Headers.Add("X-CSRF-TOKEN", (string)token["token"]!);
        await ReadAsync(await client.SendAsync(sameSite), HttpStatusCode.Created);

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/campaigns/{ApiWorld.CampaignId}");
        read.Headers.Add("Cookie", cookie);
        await ReadAsync(await client.SendAsync(read));
    }

    [Theory]
    [InlineData("/participants", """{ "id": "shoe", "displayName": "Shoe", "layer": "internal", "shoeSize": 42 }""", "$.shoeSize")]
    [InlineData("/tasks", """{ "id": "shoe-task", "name": "Task", "kind": "micro-task", "confidentiality": "public", "allowedLayers": ["general"], "shoeSize": 42 }""", "$.shoeSize")]
    [InlineData("/assignments", """{ "id": "shoe-request", "campaignId": "client-assessments", "subject": { "id": "acme", "name": "ACME" }, "assigneeIds": ["alice"], "shoeSize": 42 }""", "$.shoeSize")]
    public async Task An_unknown_property_is_a_400_naming_it(string path, string json, string field)
    {
        var client = path == "/participants" ? world.Admin : world.Organiser;
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);
        var problem = await ProblemAsync(await client.PostAsync(path, Json(json)), HttpStatusCode.BadRequest);
        Assert.Contains("'shoeSize' is not a property here", Assert.Single(FieldErrors(problem, field)), StringComparison.Ordinal);
        Assert.DoesNotContain("Crowdsourcing.", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task A_campaign_with_an_unknown_property_or_a_number_sent_as_a_string_is_a_400_naming_it()
    {
        var json = Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(ApiWorld.Campaign("strict"));
        var unknown = await ProblemAsync(await world.Organiser.PostAsync("/campaigns", Json(json.TrimEnd().TrimEnd('}') + ", \"shoeSize\": 42 }")), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(unknown, "$.shoeSize"));
        var asString = await ProblemAsync(await world.Organiser.PostAsync("/campaigns", Json(json.Replace("\"workshopThreshold\": 100", "\"workshopThreshold\": \"100\"", StringComparison.Ordinal))), HttpStatusCode.BadRequest);
        Assert.Contains("number", Assert.Single(FieldErrors(asString, "$.workshopThreshold")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identical_retry_gets_the_same_status_and_body()
    {
        var calls = new (HttpClient Client, string Method, string Path, Func<HttpContent?> Body)[]
        {
            (world.Organiser, "POST", "/tasks", () => Model(new CrowdTask("retry-task", "Task", TaskKind.MicroTask, Confidentiality.Public, [CrowdLayer.General]))),
            (world.Organiser, "POST", "/questionnaires", () => Model(ApiWorld.Questionnaire() with { Id = "retry-questionnaire" })),
            (world.Admin, "POST", "/participants", () => Model(ApiWorld.Participant("retry-participant"))),
            (world.Organiser, "POST", "/campaigns", () => Model(ApiWorld.Campaign("retry-campaign"))),
            (world.Organiser, "POST", "/assignments", () => Body(new { id = "retry-request", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "alice" } })),
            (world.Organiser, "PUT", "/campaigns/retry-campaign/cycles/1", () => null),
        };
        foreach (var (client, method, path, body) in calls)
        {
            var first = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body() });
            var again = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body() });
            Assert.True(first.IsSuccessStatusCode, $"{method} {path}: {await first.Content.ReadAsStringAsync()}");
            Assert.Equal(first.StatusCode, again.StatusCode);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Errors_before_the_endpoint_are_problems_too()
    {
        using var anonymous = world.Host.Anonymous();
        await ProblemAsync(await anonymous.GetAsync("/no/such/route"), HttpStatusCode.NotFound);
        var control = await ProblemAsync(await world.Organiser.GetAsync("/campaigns/a%01b"), HttpStatusCode.BadRequest);
        Assert.Contains("U+0001", (string?)control["detail"], StringComparison.Ordinal);
        var tooLong = await ProblemAsync(await world.Organiser.GetAsync("/campaigns/" + new string('x', 8 * 1024)), HttpStatusCode.RequestUriTooLong);
        Assert.Contains("4096", (string?)tooLong["detail"], StringComparison.Ordinal);
        await ProblemAsync(await world.Organiser.GetAsync("/campaigns?limit=lots"), HttpStatusCode.BadRequest);
        await ProblemAsync(await world.Organiser.PostAsync("/campaigns", new StringContent("id=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("/campaigns/a%01b", 400, "U+0001")]
    [InlineData("/campaigns/LONG", 414, "4096")]
    public async Task On_kestrel_a_control_character_in_the_path_and_an_8_kb_url_are_problems(string path, int status, string detail)
    {
        await using var host = await ApiHost.StartAsync(kestrel: true);
        var address = new Uri(host.App.Urls.First());
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var target = path.Replace("LONG", new string('x', 8 * 1024), StringComparison.Ordinal);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains(detail, response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /campaigns/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400)]
    [InlineData("GET /campaigns/a%00b HTTP/1.1\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("GET /campaigns HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n", 400)]
    public async Task On_kestrel_a_request_the_server_refuses_before_the_application_is_a_problem_too(string request, int status)
    {
        // Kestrel refuses a request target that decodes to NUL, or a malformed header, itself, before any middleware
        // runs; the package's connection middleware gives that bare answer a problem body.
        await using var host = await ApiHost.StartAsync(kestrel: true);
        var address = new Uri(host.App.Urls.First());
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal(status, (int)problem["status"]!);
        Assert.Contains("refused the request before reading it", (string?)problem["detail"], StringComparison.Ordinal);
        var length = int.Parse(response.Split("\r\n").Single(h => h.StartsWith("Content-Length:", StringComparison.Ordinal))["Content-Length:".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), length);
    }

    [Fact]
    public async Task On_a_kestrel_endpoint_with_tls_the_refused_request_is_a_problem_when_the_endpoint_asks_for_it_after_UseHttps()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await using var host = await ApiHost.StartAsync(
            kestrel: true,
            services: s => s.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
                kestrel.Listen(IPAddress.Loopback, 0, listen => Microsoft.AspNetCore.Hosting.ListenOptionsHttpsExtensions.UseHttps(listen, certificate).UseCrowdsourcingProblemDetails())));
        var port = new Uri(host.App.Urls.Single(u => u.StartsWith("https", StringComparison.Ordinal))).Port;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost");
        await tls.WriteAsync(System.Text.Encoding.ASCII.GetBytes("GET /campaigns/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(tls);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains("refused the request before reading it", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_kestrel_answers_of_the_application_pass_through_unchanged_on_a_kept_alive_connection()
    {
        await using var host = await ApiHost.StartAsync(kestrel: true);
        using var client = new HttpClient { BaseAddress = new Uri(host.App.Urls.First()) };
        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync(new Uri("/campaigns/a%01b", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("U+0001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var anonymous = await client.GetAsync(new Uri("/campaigns", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    [Fact]
    public async Task The_openapi_document_has_the_security_schemes_and_every_endpoint_group()
    {
        await using var host = await ApiHost.StartAsync(map: app => app.MapOpenApi());
        using var client = host.Anonymous();
        var document = await ReadAsync(await client.GetAsync("/openapi/v1.json"));
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("http", (string?)schemes["bearer"]!["type"]);
        Assert.Equal("bearer", (string?)schemes["bearer"]!["scheme"]);
        Assert.Equal("apiKey", (string?)schemes["cookie"]!["type"]);
        Assert.Equal("cookie", (string?)schemes["cookie"]!["in"]);
        Assert.Equal(2, document["security"]!.AsArray().Count);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/login", "/me", "/campaigns", "/campaigns/{campaignId}", "/tasks/{taskId}", "/assignments/{assignmentId}/draft", "/campaigns/{campaignId}/cycles", "/roadmap/plans" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task An_unexpected_error_is_a_500_that_reveals_neither_the_message_nor_the_stack()
    {
        await using var host = await ApiHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<ICampaignService, FailingCampaignService>()));
        var client = await host.SignInAsync("admin");
        var problem = await ProblemAsync(await client.GetAsync("/campaigns/any"), HttpStatusCode.InternalServerError);
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
        await using var host = await ApiHost.StartAsync(services: s => s.AddCrowdsourcing(crowd => crowd.AddDecisionModels(engine => engine.AddModel("two-state", twoStates))));
        var client = await host.SignInAsync("organiser");
        await ReadAsync(await client.PostAsync("/tasks", Model(new CrowdTask("t", "Task", TaskKind.MacroTask, Confidentiality.Secret, [CrowdLayer.Internal]))), HttpStatusCode.Created);
        await ReadAsync(await client.PostAsync("/questionnaires", Model(ApiWorld.Questionnaire())), HttpStatusCode.Created);
        var campaign = ApiWorld.Campaign("two-state-campaign") with
        {
            TaskId = "t",
            Crowd = new CrowdSelection([CrowdLayer.Internal]),
            Readiness = new ReadinessScale([new ReadinessLevel("unready"), new ReadinessLevel("ready", [new MinimumCompletedSectionsRule("ready-workloads", "workload", 2)])]),
            DecisionModel = "two-state",
        };
        await ReadAsync(await client.PostAsync("/campaigns", Model(campaign)), HttpStatusCode.Created);

        var problem = await ProblemAsync(await client.GetAsync("/campaigns/two-state-campaign/heatmap"), HttpStatusCode.BadRequest);
        Assert.Contains("three states", Assert.Single(FieldErrors(problem, "model")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/campaigns/two-state-campaign/cycles", null)).StatusCode);
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private sealed class FailingCampaignService : ICampaignService
    {
        public const string Secret = "internal detail that must not leak";

        public ValueTask<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default) => throw new InvalidCastException(Secret);

        public ValueTask<Campaign> GetAsync(string campaignId, CancellationToken cancellationToken = default) => throw new InvalidCastException(Secret);

        public ValueTask<Campaign> UpdateDecisionSettingsAsync(string campaignId, CampaignDecisionSettings settings, long expectedVersion, CancellationToken cancellationToken = default) => throw new InvalidCastException(Secret);

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
