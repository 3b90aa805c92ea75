using Crowdsourcing.Crowd;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Notifications.Smtp;
using Crowdsourcing.Tests.Notifications.Smtp;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.Notifications;

public sealed class SmtpNotificationChannelTests
{
    private static TestHost Host(SmtpServerProcess server, Action<SmtpNotificationOptions>? configure = null) =>
        TestHost.Create(crowd: b => b.AddSmtpNotifications(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = server.Port;
            o.From = "crowd@example.com";
            o.FromDisplayName = "Crowd";
            o.Security = SmtpSecurity.StartTls;
            o.ServerCertificateSha256 = server.CertificateSha256;
            o.UserName = SmtpServerProcess.User;
            o.Password = SmtpServerProcess.Password;
            o.Timeout = TimeSpan.FromSeconds(20);
            configure?.Invoke(o);
        }));

    [Fact]
    public async Task Delivers_over_starttls_with_authentication_to_a_real_smtp_server_one_connection_for_the_batch()
    {
        await using var server = await SmtpServerProcess.StartAsync();
        using var host = Host(server);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(2, summary.Delivered);
        var messages = server.Messages;
        Assert.Equal(2, messages.Count);
        Assert.Single(messages.Select(m => m.Peer).Distinct());
        var alice = Assert.Single(messages, m => m.To == "alice@example.com");
        Assert.Equal("crowd@example.com", alice.From);
        Assert.Contains("X-Idempotency-Key: assignment-created:a-1:alice", alice.Data, StringComparison.Ordinal);
        Assert.Contains("X-Crowdsourcing-Kind: assignment-created", alice.Data, StringComparison.Ordinal);
        Assert.Contains("Subject: Client assessments: knowledge request about ACME Corp", alice.Data, StringComparison.Ordinal);
        Assert.All(await host.OutboxAsync(), n => Assert.Equal(NotificationStatus.Delivered, n.Status));
    }

    [Fact]
    public async Task A_wrong_password_is_a_transient_failure_that_sends_nothing()
    {
        await using var server = await SmtpServerProcess.StartAsync();
        using var host = Host(server, o =>
        {
            o.Password = "wrong";
            o.Timeout = TimeSpan.FromSeconds(3);
        });
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Retried);
        Assert.StartsWith("Cannot open an SMTP session with 127.0.0.1", Assert.Single(await host.OutboxAsync()).LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_server_certificate_that_does_not_validate_and_is_not_pinned_is_refused()
    {
        await using var server = await SmtpServerProcess.StartAsync();
        using var host = Host(server, o => o.ServerCertificateSha256 = null);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Retried);
        Assert.Contains("TLS handshake failed", Assert.Single(await host.OutboxAsync()).LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_refusing_server_is_retried_after_the_backoff_and_the_message_is_then_stored_once()
    {
        await using var server = await SmtpServerProcess.StartAsync(behaviour: ["--refuse-first", "1"]);
        using var host = Host(server);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        var dispatcher = host.Get<INotificationDispatcher>();

        var first = await dispatcher.DispatchDueAsync();
        var failed = Assert.Single(await host.OutboxAsync());
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await dispatcher.DispatchDueAsync();

        Assert.Equal(1, first.Retried);
        Assert.Contains("451", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, second.Delivered);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task A_mailbox_the_server_rejects_for_good_is_a_dead_letter_at_once()
    {
        await using var server = await SmtpServerProcess.StartAsync(behaviour: ["--reject", "alice@example.com"]);
        using var host = Host(server);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.DeadLettered);
        Assert.Contains("refused the mailbox <alice@example.com>", Assert.Single(await host.OutboxAsync()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_connection_fails_that_message_and_the_next_one_in_the_batch_goes_over_a_new_connection()
    {
        await using var server = await SmtpServerProcess.StartAsync(behaviour: ["--drop-first", "1"]);
        using var host = Host(server);
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");
        var dispatcher = host.Get<INotificationDispatcher>();

        var first = await dispatcher.DispatchDueAsync();
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await dispatcher.DispatchDueAsync();

        Assert.Equal((1, 1), (first.Retried, first.Delivered));
        Assert.Equal(1, second.Delivered);
        Assert.Equal(2, server.Messages.Count);
        Assert.Equal(2, server.Messages.Select(m => m.To).Distinct().Count());
        Assert.Equal(2, server.Messages.Select(m => m.Peer).Distinct().Count());
    }

    [Fact]
    public async Task A_slow_server_times_out_as_a_transient_failure()
    {
        await using var server = await SmtpServerProcess.StartAsync(behaviour: ["--slow", "10"]);
        using var host = Host(server, o => o.Timeout = TimeSpan.FromSeconds(1));
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Retried);
        var error = Assert.Single(await host.OutboxAsync()).LastError!;
        Assert.True(error.Contains("no answer in time", StringComparison.Ordinal), error);
    }

    [Fact]
    public async Task A_server_that_is_not_running_is_a_transient_failure()
    {
        var port = SmtpServerProcess.FreePort();
        using var host = TestHost.Create(crowd: b => b.AddSmtpNotifications(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = port;
            o.From = "crowd@example.com";
        }));
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var summary = await host.Get<INotificationDispatcher>().DispatchDueAsync();

        Assert.Equal(1, summary.Retried);
        Assert.Contains("Cannot open an SMTP session with 127.0.0.1", Assert.Single(await host.OutboxAsync()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_without_an_address_is_a_permanent_failure()
    {
        await using var server = await SmtpServerProcess.StartAsync();
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
            ["Crowdsourcing:Smtp:Security"] = "StartTls",
        }).Build());
        services.AddCrowdsourcing(b => b.UseInMemoryStore().AddSmtpNotifications());
        services.AddCrowdsourcing(b => b.AddSmtpNotifications(o => o.Port = 2525));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SmtpNotificationOptions>>().Value;
        var channels = provider.GetServices<INotificationChannel>().ToArray();

        Assert.Equal(("smtp.example.com", 2525, "crowd@example.com", true), (options.Host, options.Port, options.From, options.Security == SmtpSecurity.StartTls));
        Assert.Equal("email", Assert.IsType<SmtpNotificationChannel>(Assert.Single(channels)).Name);
    }
}
