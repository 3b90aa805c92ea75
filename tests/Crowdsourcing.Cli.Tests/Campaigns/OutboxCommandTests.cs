using System.Text.Json;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Cli.Tests.Campaigns;

/// <summary><c>outbox list|requeue|dispatch</c> against a temporary SQLite store.</summary>
public sealed class OutboxCommandTests : IDisposable
{
    // The commands run on the system clock: the seeded notifications are queued now, well inside their retry window.
    private static readonly DateTimeOffset T0 = TimeProvider.System.GetUtcNow();

    private readonly TempDirectory _temp = new();

    private string Store => _temp.File("outbox.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task List_shows_the_dead_letters_with_their_history_and_requeue_makes_them_pending_again()
    {
        await SeedAsync(dead: ["n-dead-1", "n-dead-2"], pending: ["n-pending"]);

        var listed = await Json("outbox", "list");
        var table = await Ok("outbox", "list");
        var requeued = await Json("outbox", "requeue", "n-dead-1");
        var pending = await Json("outbox", "list", "--status", "pending");

        Assert.Equal((1, 2), (listed.GetProperty("outbox").GetProperty("pending").GetInt32(), listed.GetProperty("outbox").GetProperty("deadLetters").GetInt32()));
        var first = listed.GetProperty("notifications")[0];
        Assert.Equal(("n-dead-1", "failed", 1), (first.GetProperty("id").GetString(), first.GetProperty("status").GetString(), first.GetProperty("attempts").GetInt32()));
        var attempt = first.GetProperty("history")[0];
        Assert.Equal(("worker-a", "SMTP 550: mailbox unavailable"), (attempt.GetProperty("by").GetString(), attempt.GetProperty("error").GetString()));
        Assert.Contains("1 pending, 2 dead letters, 0 delivered", table.Output, StringComparison.Ordinal);
        Assert.Contains("SMTP 550: mailbox unavailable", table.Output, StringComparison.Ordinal);
        Assert.Equal(1, requeued.GetProperty("requeued").GetInt32());
        Assert.Equal(["n-dead-1", "n-pending"], pending.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(1, pending.GetProperty("outbox").GetProperty("deadLetters").GetInt32());
    }

    [Fact]
    public async Task Requeue_all_requeues_every_dead_letter()
    {
        await SeedAsync(dead: ["n-1", "n-2", "n-3"], pending: []);

        var requeued = await Json("outbox", "requeue", "--all");
        var after = await Json("outbox", "list", "--status", "pending");

        Assert.Equal(3, requeued.GetProperty("requeued").GetInt32());
        Assert.Equal(3, after.GetProperty("notifications").GetArrayLength());
        Assert.Equal(0, after.GetProperty("outbox").GetProperty("deadLetters").GetInt32());
    }

    [Fact]
    public async Task Requeue_with_an_id_that_is_not_a_dead_letter_refuses_and_requeues_none_of_the_ids()
    {
        await SeedAsync(dead: ["n-dead"], pending: ["n-pending"]);

        var notDead = await CliRunner.RunAsync("outbox", "requeue", "n-dead", "n-pending", "--store", Store);
        var unknown = await CliRunner.RunAsync("outbox", "requeue", "n-dead", "n-404", "--store", Store);
        var neither = await CliRunner.RunAsync("outbox", "requeue", "--store", Store);
        var both = await CliRunner.RunAsync("outbox", "requeue", "n-dead", "--all", "--store", Store);
        var badStatus = await CliRunner.RunAsync("outbox", "list", "--status", "lost", "--store", Store);

        notDead.AssertUserError("notification 'n-pending' is pending, not a dead letter; nothing was requeued");
        unknown.AssertUserError("the outbox has no notification 'n-404'; nothing was requeued");
        neither.AssertUserError("give the ids of the dead letters to requeue, or --all");
        both.AssertUserError("give the ids of the dead letters to requeue, or --all");
        badStatus.AssertUserError("--status");
        var listed = await Json("outbox", "list");
        Assert.Equal(["n-dead"], listed.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Dispatch_without_a_configured_channel_leaves_the_notifications_pending_and_says_so()
    {
        await SeedAsync(dead: [], pending: ["n-1"]);

        var run = await Ok("outbox", "dispatch");
        var json = await Json("outbox", "dispatch");

        Assert.Contains("channels: none configured", run.Output, StringComparison.Ordinal);
        Assert.True(run.Output.Contains("claimed 1: 0 delivered, 1 to retry", StringComparison.Ordinal), run.Output);
        Assert.Equal(1, json.GetProperty("outbox").GetProperty("pending").GetInt32());
        Assert.Equal(0, json.GetProperty("outbox").GetProperty("deadLetters").GetInt32());
    }

    [Fact]
    public async Task Outbox_commands_on_a_missing_store_refuse_and_create_nothing()
    {
        var run = await CliRunner.RunAsync("outbox", "list", "--store", Store);

        run.AssertUserError("does not exist");
        Assert.False(File.Exists(Store));
    }

    /// <summary>Creates the store with the campaign sample and its participants, then puts notifications in its outbox.</summary>
    private async Task SeedAsync(IReadOnlyList<string> dead, IReadOnlyList<string> pending)
    {
        await Ok("campaign", "init", Samples.Path("campaign.json"));
        await Ok("campaign", "import", Samples.Path("participants.csv"));
        var runtime = await RuntimeHost.OpenAsync(Store, create: false, CancellationToken.None);
        await using (runtime)
        {
            var outbox = runtime.Store.Outbox;
            foreach (var id in dead.Concat(pending))
            {
                await outbox.EnqueueAsync(new Notification(id, "email", "alice", "contact", "Subject", "Body", T0));
            }

            foreach (var n in await outbox.ClaimDueAsync(T0, 100, "worker-a", TimeSpan.FromMinutes(1)))
            {
                await outbox.MarkFailedAsync(n.Id, "worker-a", "SMTP 550: mailbox unavailable", T0, dead.Contains(n.Id) ? null : T0);
            }
        }
    }

    private async Task<CliRun> Ok(params string[] args)
    {
        var run = await CliRunner.RunAsync([.. args, "--store", Store]);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: exit {run.ExitCode}: {run.Error}");
        return run;
    }

    private async Task<JsonElement> Json(params string[] args)
    {
        var run = await Ok([.. args, "--format", "json"]);
        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    }
}
