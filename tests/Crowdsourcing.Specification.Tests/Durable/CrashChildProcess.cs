using System.Diagnostics;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Specification.Tests.Durable;

/// <summary>The crash tests' child process: the test assembly itself, run with <c>dotnet</c> and the arguments its
/// entry point hands to <see cref="DurableStoreSpecification.RunChildProcessAsync{TSpecification}"/>, killed once its
/// commit is under way.</summary>
internal static class CrashChildProcess
{
    /// <summary>
    /// Starts the test assembly <paramref name="assemblyPath"/> with <paramref name="args"/> and kills it (with its
    /// process tree) as soon as <paramref name="isCommitting"/> says its commit's transaction is open; fails when the
    /// child ended before that, since nothing would have been tested.
    /// </summary>
    public static async Task KillInTheMiddleOfItsCommitAsync(string assemblyPath, IReadOnlyList<string> args, Func<Task<bool>> isCommitting)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        try
        {
            var killedMidTransaction = false;
            while (!child.HasExited)
            {
                if (await isCommitting())
                {
                    child.Kill(entireProcessTree: true);
                    killedMidTransaction = true;
                    break;
                }

                await Task.Delay(2);
            }

            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(killedMidTransaction, $"The child ended (exit code {child.ExitCode}) before the test saw its commit's transaction open; nothing was tested. Its output: {await child.StandardOutput.ReadToEndAsync()} {await child.StandardError.ReadToEndAsync()}");
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }
}

/// <summary>The decision cycle the crash test commits: one cycle contacting every participant, with a belief and a
/// contact notification each.</summary>
internal static class CrashScenario
{
    public const string CampaignId = "c-crash";

    public static DateTimeOffset T0 { get; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static ChangeSet Build(int participants)
    {
        var ids = Enumerable.Range(0, participants).Select(i => $"p-{i:D6}").ToArray();
        var changes = new ChangeSet()
            .RecordCycle(new DecisionCycleRecord(CampaignId, 1, T0, ids.Select(p => new ContactRecord(p, "email", 1.25, 0.5)).ToArray(), 4242.5))
            .SaveBeliefs(ids.Select(p => new ParticipantBelief(CampaignId, p, 1, [0.25, 0.25, 0.5])));
        foreach (var p in ids)
        {
            changes.Enqueue(new Notification($"contact-{CampaignId}-1-{p}", "email", p, "contact", "Your readiness", "Please tell us where you are.", T0));
        }

        return changes;
    }
}
