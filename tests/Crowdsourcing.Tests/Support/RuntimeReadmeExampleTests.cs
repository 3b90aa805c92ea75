using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Reminders;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crowdsourcing.Tests.Support;

/// <summary>Runs the runtime example proposed for the README ("Run a campaign"), so the text cannot drift from the API.</summary>
public sealed class RuntimeReadmeExampleTests
{
    [Fact]
    public async Task The_readme_campaign_example_runs()
    {
        await using var webhook = new Notifications.LoopbackWebhookServer("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:NotificationRouting:DefaultChannel"] = "webhook",
            ["Crowdsourcing:Webhook:Endpoint"] = webhook.Endpoint.ToString(),
            ["Crowdsourcing:Webhook:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        });

        // README: "Run a campaign" (keep the two in step).
        builder.Services.AddCrowdsourcing(crowd => crowd
            .UseInMemoryStore()
            .AddWebhookNotifications());          // Crowdsourcing:Webhook:Endpoint and :Secret from configuration
        using var host = builder.Build();
        await host.StartAsync();
        var services = host.Services;
        var store = services.GetRequiredService<ICrowdsourcingStore>();
        await store.Tasks.InsertAsync(Scenario.Task());
        await store.Questionnaires.InsertAsync(Scenario.SmallQuestionnaire());
        await store.Participants.InsertAsync(Scenario.Participant("alice"));

        var campaigns = services.GetRequiredService<ICampaignService>();
        var assignments = services.GetRequiredService<IAssignmentService>();
        using (ActorContext.Use(new Actor("admin", roles: [ActorRoles.Administrator])))
        {
            await campaigns.CreateAsync(Scenario.Campaign());
            await assignments.CreateAsync(new NewAssignment("acme-1", "client-assessments", new Subject("acme", "ACME Corp"), ["alice"]));
        }

        SubmissionOutcome outcome;
        using (ActorContext.Use(new Actor("alice")))
        {
            var view = await assignments.GetAsync("acme-1");
            var draft = await assignments.SaveDraftAsync("acme-1", view.Response.Version, [new AnswerInput("w1-q1", "ERP")]);
            outcome = await assignments.SubmitAsync("acme-1", draft.Version,
                [new("w1-q2", "IT"), new("w1-q3", "40"), new("w2-q1", "cloud"), new("d1-q1", "2027-06-30")]);
        }

        DispatchSummary sent;
        using (ActorContext.Use(Actor.System))
        {
            await services.GetRequiredService<IReminderService>().RunAsync();
            sent = await services.GetRequiredService<INotificationDispatcher>().DispatchDueAsync();
        }
        // end of README example

        Assert.True(outcome.Accepted);
        Assert.Equal("good", outcome.Assessment.ReadinessLevel);
        Assert.Equal(2, sent.Delivered);
        Assert.Equal(2, webhook.Requests.Count);
        await host.StopAsync();
    }
}
