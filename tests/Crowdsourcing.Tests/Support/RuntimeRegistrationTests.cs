using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Delegations;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Reminders;
using Crowdsourcing.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.Support;

public sealed class RuntimeRegistrationTests
{
    [Fact]
    public void AddCrowdsourcing_registers_every_runtime_service_once_even_when_called_twice()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Single(services, d => d.ServiceType == typeof(IAssignmentService));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<NotificationRoutingOptions>));
        Assert.Same(provider.GetRequiredService<ICampaignService>(), provider.GetRequiredService<ICampaignService>());
        Assert.NotNull(provider.GetRequiredService<IAssignmentService>());
        Assert.NotNull(provider.GetRequiredService<IDelegationService>());
        Assert.NotNull(provider.GetRequiredService<ITaskCatalog>());
        Assert.NotNull(provider.GetRequiredService<IReminderService>());
        Assert.NotNull(provider.GetRequiredService<INotificationDispatcher>());
    }

    [Fact]
    public async Task The_services_work_without_a_logger_factory()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<Storage.ICrowdsourcingStore>();
        await store.Tasks.InsertAsync(Scenario.Task());
        await store.Participants.InsertAsync(Scenario.Participant("outsider", CrowdLayer.General));

        await Assert.ThrowsAsync<ConfidentialityViolationException>(async () => await provider.GetRequiredService<ITaskCatalog>().GetAsync(Scenario.TaskId, "outsider"));
    }

    [Fact]
    public async Task An_empty_default_channel_stops_the_host_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Crowdsourcing:NotificationRouting:DefaultChannel"] = " " });
        builder.Services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Crowdsourcing:NotificationRouting:DefaultChannel", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_wires_smtp_and_webhook_channels_from_configuration_and_starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:Smtp:Host"] = "smtp.example.com",
            ["Crowdsourcing:Smtp:From"] = "crowd@example.com",
            ["Crowdsourcing:Webhook:Endpoint"] = "https://hooks.example.com/crowd",
            ["Crowdsourcing:Webhook:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["Crowdsourcing:NotificationRouting:DefaultChannel"] = "email",
        });
        builder.Services.AddCrowdsourcing(crowd => crowd
            .UseInMemoryStore()
            .AddSmtpNotifications()
            .AddWebhookNotifications());
        using var host = builder.Build();

        await host.StartAsync();
        var channels = host.Services.GetServices<INotificationChannel>().Select(c => c.Name).Order();
        await host.StopAsync();

        Assert.Equal(["email", "webhook"], channels);
    }

    [Fact]
    public async Task A_host_with_an_incomplete_smtp_section_does_not_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().AddSmtpNotifications());
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void A_host_defined_channel_is_added_once()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.AddNotificationChannel<SmsChannel>().AddNotificationChannel<SmsChannel>());

        Assert.Single(services, d => d.ServiceType == typeof(INotificationChannel));
    }

    private sealed class SmsChannel : INotificationChannel
    {
        public string Name => "sms";

        public ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
