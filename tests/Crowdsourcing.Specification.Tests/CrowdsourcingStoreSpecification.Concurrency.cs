using System.Collections.Concurrent;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// Concurrent writers: every write either lands or reports a conflict, and none is silently lost.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task Eight_writers_making_1000_updates_to_one_record_lose_none_each_update_lands_or_conflicts()
    {
        await Tasks.InsertAsync(SpecificationData.NewTask("t-hot"));
        var (landed, conflicts, versions) = await RaceAsync(["t-hot"]);

        Assert.Equal(Attempts, landed + conflicts);
        Assert.True(landed > 0, "No update landed.");
        var final = await Tasks.FindAsync("t-hot");
        Assert.Equal(1 + landed, final!.Version);
        Assert.Equal(Enumerable.Range(2, landed).Select(v => (long)v), versions["t-hot"].Order());
        Assert.Equal(landed, Count(final));
    }

    [Fact]
    public async Task Eight_writers_making_1000_updates_to_four_records_lose_none_on_any_record()
    {
        string[] ids = ["t-0", "t-1", "t-2", "t-3"];
        foreach (var id in ids)
        {
            await Tasks.InsertAsync(SpecificationData.NewTask(id));
        }

        var (landed, conflicts, versions) = await RaceAsync(ids);

        Assert.Equal(Attempts, landed + conflicts);
        var total = 0;
        foreach (var id in ids)
        {
            var final = await Tasks.FindAsync(id);
            var landedHere = versions.TryGetValue(id, out var v) ? v.Count : 0;
            Assert.Equal(1 + landedHere, final!.Version);
            Assert.Equal(landedHere, Count(final));
            total += landedHere;
        }

        Assert.Equal(landed, total);
    }

    [Fact]
    public async Task Concurrent_commits_updating_two_records_together_keep_them_in_step()
    {
        await Tasks.InsertAsync(SpecificationData.NewTask("t-left"));
        await Tasks.InsertAsync(SpecificationData.NewTask("t-right"));
        var landed = 0;
        var conflicts = 0;
        var perWriter = Attempts / Writers / 4;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < perWriter; i++)
            {
                var left = (await Tasks.FindAsync("t-left"))!;
                var right = (await Tasks.FindAsync("t-right"))!;
                var mark = $"writer {w} commit {i}";
                try
                {
                    await Store.CommitAsync(new ChangeSet()
                        .Update(left with { ExpectedOutcomes = [.. left.ExpectedOutcomes, mark] })
                        .Update(right with { ExpectedOutcomes = [.. right.ExpectedOutcomes, mark] }));
                    Interlocked.Increment(ref landed);
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers);

        var finalLeft = (await Tasks.FindAsync("t-left"))!;
        var finalRight = (await Tasks.FindAsync("t-right"))!;
        Assert.Equal(perWriter * Writers, landed + conflicts);
        Assert.Equal(1 + landed, finalLeft.Version);
        Assert.Equal(1 + landed, finalRight.Version);
        Assert.Equal(finalLeft.ExpectedOutcomes, finalRight.ExpectedOutcomes);
    }

    [Fact]
    public async Task Concurrent_inserts_of_the_same_record_store_it_once_and_report_one_insert()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inserts = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Participants.InsertAsync(Participant("p-1"));
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(inserts);

        Assert.Single(outcomes, o => o.Inserted);
        Assert.All(outcomes, o => Assert.Equal(1, o.Record.Version));
        Assert.Single(await ToListAsync(Participants.ListAsync(PageRequest.All)));
    }

    [Fact]
    public async Task Concurrent_inserts_of_one_id_with_different_content_store_one_and_refuse_the_rest()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inserts = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await Participants.InsertAsync(Participant("p-1", displayName: $"Writer {w}"));
                return true;
            }
            catch (DuplicateRecordException)
            {
                return false;
            }
        })).ToArray();
        start.SetResult();
        var won = await Task.WhenAll(inserts);

        Assert.Single(won, w => w);
        var stored = await Participants.FindAsync("p-1");
        Assert.Equal($"Writer {Array.IndexOf(won, true)}", stored!.DisplayName);
    }

    [Fact]
    public async Task Concurrent_belief_saves_end_with_the_latest_week()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saves = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var week = w; week < 40; week += Writers)
            {
                await Beliefs.SaveAsync([Belief("c-1", "p-1", week), Belief("c-1", "p-2", 39 - week)]);
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(saves);

        Assert.Equal(39, (await Beliefs.FindAsync("c-1", "p-1"))!.Week);
        Assert.Equal(39, (await Beliefs.FindAsync("c-1", "p-2"))!.Week);
    }

    private static int Count(CrowdTask task) =>
        task.BusinessModel is { } text && text.StartsWith("updates ", StringComparison.Ordinal) ? int.Parse(text["updates ".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;

    private async Task<(int Landed, int Conflicts, ConcurrentDictionary<string, ConcurrentBag<long>> Versions)> RaceAsync(string[] ids)
    {
        var landed = 0;
        var conflicts = 0;
        var versions = new ConcurrentDictionary<string, ConcurrentBag<long>>(StringComparer.Ordinal);
        var perWriter = Attempts / Writers;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < perWriter; i++)
            {
                var id = ids[(w + i) % ids.Length];
                var read = (await Tasks.FindAsync(id))!;
                // Each update counts itself in a text field: a lost update would leave the count below the updates that landed.
                var change = read with { BusinessModel = "updates " + (Count(read) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ModifiedBy = $"writer-{w}" };
                try
                {
                    var stored = await Tasks.UpdateAsync(change);
                    Assert.Equal(read.Version + 1, stored.Version);
                    versions.GetOrAdd(id, _ => []).Add(stored.Version);
                    Interlocked.Increment(ref landed);
                }
                catch (ConcurrencyConflictException ex)
                {
                    Assert.Equal(id, ex.RecordId);
                    Assert.Equal(read.Version, ex.ExpectedVersion);
                    Assert.True(ex.ActualVersion > read.Version, $"A conflict reported version {ex.ActualVersion}, not newer than the {read.Version} read.");
                    Interlocked.Increment(ref conflicts);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers);
        Assert.Equal(perWriter * Writers, Attempts);
        return (landed, conflicts, versions);
    }
}
