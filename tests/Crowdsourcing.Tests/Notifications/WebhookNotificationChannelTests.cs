using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Notifications.Webhook;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.Notifications;

public sealed class WebhookNotificationChannelTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static TestHost Host(Uri endpoint) =>
        TestHost.Create(
            services => services.Configure<NotificationRoutingOptions>(o => o.DefaultChannel = "webhook"),
            b => b.AddWebhookNotifications(o =>
            {
                o.Endpoint = endpoint;
                o.Secret = Secret;
                o.Timeout = TimeSpan.FromSeconds(20);
            }));

    [Fact]
    public async Task Posts_a_signed_json_body_with_an_idempotency_key_to_a_real_http_listener()
    {
        await using var server = new LoopbackWebhookServer(Secret);
        using var host = Host(server.Endpoint);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Delivered);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/hooks/crowd"), (request.Method, request.Path));
        Assert.True(request.SignatureValid);
        Assert.Equal("assignment-created:a-1:alice", request.Headers["webhook-id"]);
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["webhook-timestamp"]);
        Assert.StartsWith("v1,", request.Headers["webhook-signature"], StringComparison.Ordinal);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("assignment-created:a-1:alice", root.GetProperty("id").GetString());
        Assert.Equal(NotificationKinds.AssignmentCreated, root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("attempt").GetInt32());
        Assert.Equal("alice@example.com", root.GetProperty("recipient").GetProperty("email").GetString());
        Assert.Equal(host.Time.GetUtcNow(), root.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_server_error_is_retried_after_the_backoff_with_the_same_idempotency_key_and_a_valid_signature()
    {
        await using var server = new LoopbackWebhookServer(Secret);
        server.Statuses.Enqueue(HttpStatusCode.InternalServerError);
        using var host = Host(server.Endpoint);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        var dispatcher = host.Get<INotificationDispatcher>();

        var first = await dispatcher.DispatchDueAsync();
        var failed = Assert.Single(await host.OutboxAsync());
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await dispatcher.DispatchDueAsync();

        Assert.Equal(1, first.Retried);
        Assert.Contains("answered 500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, second.Delivered);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Equal(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]);
        Assert.Equal(2, JsonDocument.Parse(requests[1].Body).RootElement.GetProperty("attempt").GetInt32());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, true)]
    [InlineData(HttpStatusCode.Gone, true)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.RequestTimeout, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    public async Task Client_errors_are_permanent_except_timeouts_and_throttling(HttpStatusCode status, bool givenUp)
    {
        await using var server = new LoopbackWebhookServer(Secret);
        server.Statuses.Enqueue(status);
        using var host = Host(server.Endpoint);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(givenUp ? 1 : 0, summary.DeadLettered);
        Assert.Equal(givenUp ? 0 : 1, summary.Retried);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_transient_failure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var host = Host(new Uri($"http://127.0.0.1:{port}/closed"));
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Retried);
        Assert.Contains("failed", Assert.Single(await host.OutboxAsync()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_is_the_standard_webhooks_v1_signature_and_verification_rejects_tampering()
    {
        // The example of the Standard Webhooks specification: id, timestamp, body and secret give this signature.
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

        var signature = WebhookSignature.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
        Assert.True(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body, "v1,bm90IHRoaXMgb25l " + signature));
        Assert.False(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", body, signature));
        Assert.False(WebhookSignature.Verify(secret, "msg_other", "1614265330", body, signature));
        Assert.False(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", Encoding.UTF8.GetBytes("""{"test": 2432232315}"""), signature));
        Assert.False(WebhookSignature.Verify(WebhookSignature.GenerateSecret(), "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body, signature));
        Assert.False(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body, null));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign("not-a-whsec-secret", "id", 1, body));
    }

    [Fact]
    public async Task Deliveries_verify_with_the_StandardWebhooks_package_a_receiver_would_use()
    {
        await using var server = new LoopbackWebhookServer(Secret);
        using var host = TestHost.Create(
            services =>
            {
                services.AddSingleton<TimeProvider>(TimeProvider.System); // the package checks the timestamp against the real clock
                services.Configure<NotificationRoutingOptions>(o => o.DefaultChannel = "webhook");
            },
            b => b.AddWebhookNotifications(o =>
            {
                o.Endpoint = server.Endpoint;
                o.Secret = Secret;
            }));
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(2, summary.Delivered);
        var receiver = new StandardWebhooks.StandardWebhook(Secret);
        Assert.All(server.Requests, request =>
        {
            var headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
            foreach (var (name, value) in request.Headers)
            {
                headers[name] = value;
            }

            receiver.Verify(Encoding.UTF8.GetString(request.Body), headers);
            headers["webhook-id"] = "someone-else";
            Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => receiver.Verify(Encoding.UTF8.GetString(request.Body), headers));
        });
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_a_transient_failure_and_the_handler_does_not_retry()
    {
        await using var server = new LoopbackWebhookServer(Secret) { Delay = TimeSpan.FromSeconds(5) };
        using var host = TestHost.Create(
            services =>
            {
                services.AddSingleton<TimeProvider>(TimeProvider.System);
                services.Configure<NotificationRoutingOptions>(o => o.DefaultChannel = "webhook");
            },
            b => b.AddWebhookNotifications(o =>
            {
                o.Endpoint = server.Endpoint;
                o.Secret = Secret;
                o.Timeout = TimeSpan.FromMilliseconds(300);
            }));
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Retried);
        Assert.Contains("timed out after 00:00:00.3", Assert.Single(await host.OutboxAsync()).LastError, StringComparison.Ordinal);
        Assert.Single(await server.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10)));
        await Task.Delay(200);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Options_are_validated_at_start_listing_every_failure()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore().AddWebhookNotifications(o =>
        {
            o.ChannelName = " ";
            o.Endpoint = new Uri("ftp://example.com/hook");
            o.Secret = "short";
            o.Timeout = TimeSpan.FromHours(1);
        }));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebhookNotificationOptions>>().Value);

        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Webhook:ChannelName", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Webhook:Endpoint must be an absolute http or https URL (value: 'ftp://example.com/hook')", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Webhook:Secret must start with 'whsec_' followed by the base64 key", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Webhook:Timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_endpoint_and_secret_are_both_reported()
    {
        var failures = new WebhookNotificationOptionsValidator().Validate(null, new WebhookNotificationOptions()).Failures;

        Assert.Equal(2, failures!.Count());
    }

    [Fact]
    public void Options_bind_from_the_Crowdsourcing_Webhook_section_and_adding_twice_adds_one_channel()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:Webhook:Endpoint"] = "https://hooks.example.com/crowd",
            ["Crowdsourcing:Webhook:Secret"] = Secret,
            ["Crowdsourcing:Webhook:ChannelName"] = "teams",
        }).Build());
        services.AddCrowdsourcing(b => b.UseInMemoryStore().AddWebhookNotifications().AddWebhookNotifications());
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WebhookNotificationOptions>>().Value;
        var channel = Assert.IsType<WebhookNotificationChannel>(Assert.Single(provider.GetServices<INotificationChannel>()));

        Assert.Equal(new Uri("https://hooks.example.com/crowd"), options.Endpoint);
        Assert.Equal("teams", channel.Name);
    }
}
