using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>The outbox through the API: statistics, dead letters listed with their history, and requeued.</summary>
public sealed class OutboxApiTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    [Fact]
    public async Task An_organiser_lists_a_dead_letter_with_its_history_and_requeues_it_and_a_participant_cannot()
    {
        var outbox = world.Host.Services.GetRequiredService<ICrowdsourcingStore>().Outbox;
        var now = DateTimeOffset.UtcNow;
        await outbox.EnqueueAsync(new Notification("test:dead:1", "email", "alice", "test", "Subject", "Body", now - TimeSpan.FromDays(4)));
        var claimed = await outbox.ClaimDueAsync(now, 1000, "tester", TimeSpan.FromMinutes(1));
        Assert.Contains(claimed, n => n.Id == "test:dead:1");
        foreach (var other in claimed.Where(n => n.Id != "test:dead:1"))
        {
            await outbox.MarkDeliveredAsync(other.Id, "tester", now);
        }

        await outbox.MarkFailedAsync("test:dead:1", "tester", "550 mailbox unavailable", now, retryAt: null);

        var statistics = await ReadAsync(await world.Organiser.GetAsync("/outbox"));
        Assert.True((int)statistics["failed"]! >= 1, statistics.ToJsonString());
        var dead = await ReadAsync(await world.Organiser.GetAsync("/outbox/notifications"));
        var letter = Assert.Single(dead.AsArray(), n => (string?)n!["id"] == "test:dead:1")!;
        Assert.Equal("failed", (string?)letter["status"]);
        Assert.Contains("550 mailbox unavailable", letter.ToJsonString(), StringComparison.Ordinal);

        await ProblemAsync(await world.As("alice").PostAsync("/outbox/notifications/test:dead:1/requeue", null), HttpStatusCode.Forbidden);
        Assert.Equal(NotificationStatus.Failed, (await outbox.FindAsync("test:dead:1"))!.Status);

        var requeued = await ReadAsync(await world.Organiser.PostAsync("/outbox/notifications/test:dead:1/requeue", null));
        Assert.Equal("pending", (string?)requeued["status"]);
        Assert.Equal(NotificationStatus.Pending, (await outbox.FindAsync("test:dead:1"))!.Status);
        await ProblemAsync(await world.Organiser.PostAsync("/outbox/notifications/test:dead:1/requeue", null), HttpStatusCode.Conflict);
        await ProblemAsync(await world.Organiser.GetAsync("/outbox/notifications?status=lost"), HttpStatusCode.BadRequest);
        await ProblemAsync(await world.Organiser.PostAsync("/outbox/notifications/no-such-thing/requeue", null), HttpStatusCode.NotFound);
    }
}
