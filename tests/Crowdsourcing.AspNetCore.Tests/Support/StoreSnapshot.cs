using System.Text;
using System.Text.Json;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.Tests.Support;

/// <summary>Everything the store holds, as text, to show that a refused call changed nothing.</summary>
public static class StoreSnapshot
{
    public static async Task<string> TakeAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<ICrowdsourcingStore>();
        var text = new StringBuilder();
        await AddAsync(text, "campaigns", store.Campaigns.ListAsync(new PageRequest(null, 1000)));
        await AddAsync(text, "tasks", store.Tasks.ListAsync(new PageRequest(null, 1000)));
        await AddAsync(text, "participants", store.Participants.ListAsync(new PageRequest(null, 1000)));
        await AddAsync(text, "questionnaires", store.Questionnaires.ListAsync(new PageRequest(null, 1000)));
        await AddAsync(text, "assignments", store.Assignments.ListAsync(new PageRequest(null, 1000)));
        await AddAsync(text, "responses", store.Responses.ListAsync(new PageRequest(null, 1000)));
        await AddAsync(text, "notifications", store.Outbox.ListAsync(new PageRequest(null, 1000)));
        await foreach (var campaign in store.Campaigns.ListAsync(new PageRequest(null, 1000)))
        {
            await AddAsync(text, $"cycles of {campaign.Id}", store.Cycles.ListAsync(campaign.Id));
            await AddAsync(text, $"beliefs of {campaign.Id}", store.Beliefs.ListAsync(campaign.Id, new PageRequest(null, 1000)));
            await AddAsync(text, $"gold answers of {campaign.Id}", store.Reconciliation.ListGoldAsync(campaign.Id));
            await AddAsync(text, $"learned reliabilities of {campaign.Id}", store.Reconciliation.ListReliabilitiesAsync(campaign.Id, Crowdsourcing.Reconciliation.ReliabilitySource.Learned));
            await AddAsync(text, $"seeded reliabilities of {campaign.Id}", store.Reconciliation.ListReliabilitiesAsync(campaign.Id, Crowdsourcing.Reconciliation.ReliabilitySource.Seed));
            await AddAsync(text, $"answer decisions of {campaign.Id}", store.Reconciliation.ListDecisionsAsync(campaign.Id));
            await AddAsync(text, $"report reviews of {campaign.Id}", store.ReportReviews.ListByCampaignAsync(campaign.Id));
            await foreach (var assignment in store.Assignments.ListByCampaignAsync(campaign.Id, new PageRequest(null, 1000)))
            {
                await AddAsync(text, $"assessments of {assignment.Id}", store.Assignments.ListAssessmentsAsync(assignment.Id));
            }
        }

        return text.ToString();
    }

    private static async Task AddAsync<T>(StringBuilder text, string name, IAsyncEnumerable<T> items)
    {
        text.AppendLine(name);
        await foreach (var item in items)
        {
            text.AppendLine(JsonSerializer.Serialize(item, JsonSerializerOptions.Web));
        }
    }
}
