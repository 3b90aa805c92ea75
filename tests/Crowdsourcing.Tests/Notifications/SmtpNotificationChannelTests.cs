using Crowdsourcing.Crowd;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Notifications.Smtp;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.Notifications;

public sealed class SmtpNotificationChannelTests
{
    private static TestHost Host(LoopbackSmtpServer server) =>
        TestHost.Create(crowd: b => b.AddSmtpNotifications(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = server.Port;
            o.From = "crowd@example.com";
            o.FromDisplayName = "Crowd";
            o.Timeout = TimeSpan.FromSeconds(20);
        }));

    [Fact]
    public async Task Delivers_an_assignment_notification_as_mail_to_a_real_smtp_listener_with_the_idempotency_key()
    {
        await using var server = new LoopbackSmtpServer();
        using var host = Host(server);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Delivered);
        var (from, to, data) = Assert.Single(server.Messages);
        Assert.Equal("<crowd@example.com>", from);
        Assert.Equal(["<alice@example.com>"], to);
        Assert.Contains("X-Idempotency-Key: assignment-created:a-1:alice", data, StringComparison.Ordinal);
        Assert.Contains("X-Crowdsourcing-Kind: assignment-created", data, StringComparison.Ordinal);
        Assert.Contains("Subject: Client assessments: knowledge request about ACME Corp", data, StringComparison.Ordinal);
        Assert.Contains("alice@example.com", data, StringComparison.Ordinal);
        Assert.Equal(NotificationStatus.Delivered, Assert.Single(await host.OutboxAsync()).Status);
    }

    [Fact]
    public async Task A_transient_server_refusal_is_retried_after_the_backoff_and_then_delivered_once()
    {
        await using var server = new LoopbackSmtpServer();
        using var host = Host(server);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        server.RefuseNext(1);
        var dispatcher = host.Get<INotificationDispatcher>();

        var first = await dispatcher.DispatchDueAsync();
        var failed = Assert.Single(await host.OutboxAsync());
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await dispatcher.DispatchDueAsync();

        Assert.Equal(1, first.Retried);
        Assert.Contains("SMTP server 127.0.0.1", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, second.Delivered);
        Assert.Equal(1, server.Refused);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task A_recipient_without_an_address_is_a_permanent_failure()
    {
        await using var server = new LoopbackSmtpServer();
        using var host = Host(server);
        await Scenario.SeedAsync(host);
        await host.Store.Participants.InsertAsync(new Participant("no-mail", "No Mail", CrowdLayer.Internal));
        await host.Store.Outbox.EnqueueAsync(new Notification("n-1", "email", "no-mail", "test", "Hello", "Body", host.Time.GetUtcNow()));

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.DeadLettered);
        Assert.Contains("has no e-mail address", Assert.Single(await host.OutboxAsync()).LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public void Options_are_validated_at_start_listing_every_failure()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore().AddSmtpNotifications(o =>
        {
            o.ChannelName = "";
            o.Port = 0;
            o.From = "not-an-address";
            o.UserName = "user";
            o.Timeout = TimeSpan.Zero;
        }));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmtpNotificationOptions>>().Value);

        Assert.Equal(6, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Smtp:ChannelName", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Smtp:Host", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Smtp:Port", StringComparison.Ordinal) && f.Contains("value: 0", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Smtp:From is not an e-mail address (value: 'not-an-address')", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("only UserName is set", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Smtp:Timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_bind_from_the_Crowdsourcing_Smtp_section_and_adding_twice_adds_one_channel()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:Smtp:Host"] = "smtp.example.com",
            ["Crowdsourcing:Smtp:Port"] = "587",
            ["Crowdsourcing:Smtp:From"] = "crowd@example.com",
            ["Crowdsourcing:Smtp:EnableSsl"] = "true",
        }).Build());
        services.AddCrowdsourcing(b => b.UseInMemoryStore().AddSmtpNotifications());
        services.AddCrowdsourcing(b => b.AddSmtpNotifications(o => o.Port = 2525));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SmtpNotificationOptions>>().Value;
        var channels = provider.GetServices<INotificationChannel>().ToArray();

        Assert.Equal(("smtp.example.com", 2525, "crowd@example.com", true), (options.Host, options.Port, options.From, options.EnableSsl));
        Assert.Equal("email", Assert.IsType<SmtpNotificationChannel>(Assert.Single(channels)).Name);
    }
}
