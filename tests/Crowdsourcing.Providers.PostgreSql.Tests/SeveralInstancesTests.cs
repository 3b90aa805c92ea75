using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

public sealed class SeveralInstancesTests
{
    [Fact]
    public async Task Two_instances_with_their_own_pools_committing_the_same_cycles_at_once_apply_each_once_and_contact_each_participant_once()
    {
        await using var hosts = await PostgreSqlInstances.StartAsync(2);
        Assert.NotSame(hosts.Store(0), hosts.Store(1));
        var participants = Enumerable.Range(0, 500).Select(i => $"p-{i:D3}").ToArray();

        for (var cycle = 1; cycle <= 5; cycle++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var n = cycle;
            var runs = Enumerable.Range(0, 2).Select(instance => Task.Run(async () =>
            {
                var changes = new ChangeSet()
                    .RecordCycle(Cycle("c-1", n, participants) with { DecidedAt = T0.AddDays(7 * n).AddSeconds(instance) })
                    .SaveBeliefs(participants.Select(p => Belief("c-1", p, n)).ToList());
                foreach (var p in participants)
                {
                    changes.Enqueue(Notification($"contact-c-1-{n}-{p}", p) with { Body = $"Sent by instance {instance}" });
                }

                await start.Task;
                return await hosts.Store(instance).CommitAsync(changes);
            })).ToArray();
            start.SetResult();
            var outcomes = await Task.WhenAll(runs);

            Assert.Single(outcomes, o => o.Applied);
            var loser = Assert.Single(outcomes, o => !o.Applied);
            var stored = (await hosts.Store(1).Cycles.FindAsync("c-1", n))!;
            Assert.Equal(Json(stored), Json(loser.ExistingCycle!));
        }

        var notifications = new List<Notification>();
        await foreach (var notification in hosts.Store(0).Outbox.ListAsync(PageRequest.All))
        {
            notifications.Add(notification);
        }

        Assert.Equal(5 * participants.Length, notifications.Count);
        foreach (var byCycle in notifications.GroupBy(n => n.Id.Split('-')[3]))
        {
            Assert.Equal(participants, byCycle.Select(n => n.RecipientId).Order(StringComparer.Ordinal));
            Assert.Single(byCycle.Select(n => n.Body).Distinct());
        }

        Assert.Equal(5, (await hosts.Store(0).Cycles.FindLatestAsync("c-1"))!.Cycle);
        Assert.Equal(5, (await hosts.Store(1).Beliefs.FindAsync("c-1", "p-000"))!.Week);
    }

    [Fact]
    public async Task Two_instances_claiming_the_outbox_at_once_never_deliver_the_same_notification_twice()
    {
        await using var hosts = await PostgreSqlInstances.StartAsync(2);
        var changes = new ChangeSet();
        for (var i = 0; i < 400; i++)
        {
            changes.Enqueue(Notification($"n-{i:D3}"));
        }

        await hosts.Store(0).CommitAsync(changes);
        var delivered = new System.Collections.Concurrent.ConcurrentBag<string>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 2).Select(instance => Task.Run(async () =>
        {
            await start.Task;
            var outbox = hosts.Store(instance).Outbox;
            while (true)
            {
                var batch = await outbox.ClaimDueAsync(T0, 9, $"instance-{instance}", TimeSpan.FromMinutes(5));
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var n in batch)
                {
                    await outbox.MarkDeliveredAsync(n.Id, $"instance-{instance}", T0.AddSeconds(1));
                    delivered.Add(n.Id);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        Assert.Equal(400, delivered.Count);
        Assert.Equal(400, delivered.Distinct(StringComparer.Ordinal).Count());
    }
}
