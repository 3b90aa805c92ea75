using Crowdsourcing.Access;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crowdsourcing.Tests.DependencyInjection;

/// <summary>Runs the README's "The decision cycle" example, so the text cannot drift from the API.</summary>
public sealed class ReadmeDecisionCycleExampleTests
{
    [Fact]
    public async Task The_readme_decision_cycle_example_runs()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:Smtp:Host"] = "127.0.0.1",
            ["Crowdsourcing:Smtp:From"] = "campaigns@example.com",
        });
        var clock = new ManualTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(clock);

        // README: "The decision cycle" (keep the two in step).
        builder.Services.AddCrowdsourcing(crowd => crowd
            .UseInMemoryStore()
            .AddSmtpNotifications()
            .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper"))   // or Crowdsourcing:DecisionModels:Models:{name}
            .AddRoadmap()
            .AddBackgroundProcessing(o => o.Interval = TimeSpan.FromMinutes(5)));
        using var app = builder.Build();
        var store = app.Services.GetRequiredService<ICrowdsourcingStore>();
        await store.Tasks.InsertAsync(Scenario.Task(layers: [CrowdLayer.Internal]));
        await store.Questionnaires.InsertAsync(Scenario.SmallQuestionnaire());
        foreach (var id in new[] { "alice", "bob", "carol" })
        {
            await store.Participants.InsertAsync(Scenario.Participant(id));
        }

        await store.Campaigns.InsertAsync(Scenario.Campaign(crowd: new CrowdSelection(participantIds: ["alice", "bob", "carol"])));
        clock.Advance(TimeSpan.FromDays(7));

        var cycles = app.Services.GetRequiredService<IDecisionCycleService>();
        using var organiser = ActorContext.Use(new Actor("admin", roles: [ActorRoles.Administrator]));
        var outcome = await cycles.RunCycleAsync("client-assessments", cycle: 1);
        var described = outcome.Contacts.Select(c => $"{c.ParticipantId}: {c.Describe()}").ToArray();
        var workshop = await cycles.GetWorkshopRecommendationAsync("client-assessments");
        // end of README example

        Assert.All(outcome.Contacts, c => Assert.Contains(c.ParticipantId, new[] { "alice", "bob", "carol" }));
        Assert.All(described, line => Assert.False(string.IsNullOrWhiteSpace(line)));
        Assert.Equal(100, workshop.Threshold);
        Assert.Equal(1, (await store.Cycles.FindLatestAsync("client-assessments"))!.Cycle);
    }
}
