using System.Diagnostics;
using System.Globalization;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Cli.Commands;

/// <summary>
/// <c>bench --end-to-end</c>: what a host does, timed. On a new store it creates the sample campaign
/// (<c>samples/campaign.json</c>, embedded), imports N generated participants, imports them again unchanged, and runs
/// cycle 1 with <c>IDecisionCycleService.RunCycleAsync</c> (every participant starts from the model's prior, so every
/// one is contacted: a notification each). Beside it, the engine-only cycle on the same N is timed in the same process.
/// </summary>
internal static class EndToEndBench
{
    /// <summary>The sample campaign's id, the campaign whose cycle is timed.</summary>
    private const string BenchCampaignId = "client-assessments";

    /// <summary>The campaign whose cycle runs first in the cycle's process, untimed.</summary>
    private const string WarmUpCampaignId = "bench-warm-up";

    /// <summary>The warm-up campaign's task, which allows only <see cref="WarmUpLayer"/>.</summary>
    private const string WarmUpTaskId = "bench-warm-up";

    /// <summary>The warm-up crowd's layer: not the timed crowd's, so the two crowds do not overlap.</summary>
    private const CrowdLayer WarmUpLayer = CrowdLayer.TrustedPartners;

    private const int WarmUpParticipants = 100;

    public sealed record Result(
        string Store,
        int Participants,
        double ImportSeconds,
        double ReimportSeconds,
        double CycleSeconds,
        int Contacts,
        long CyclePeakMemoryBytes,
        double EngineCycleMilliseconds,
        double WarmUpCycleSeconds,
        double CycleCpuSeconds,
        double? LoadAverage)
    {
        public double Ratio => CycleSeconds * 1000 / EngineCycleMilliseconds;
    }

    public static async Task<Result> RunAsync(string store, int participants, CancellationToken cancellationToken)
    {
        var sample = Path.Combine(Path.GetTempPath(), $"crowdsourcing-bench-{Environment.ProcessId}.json");
        await using (var resource = typeof(EndToEndBench).Assembly.GetManifestResourceStream("Crowdsourcing.Cli.samples.campaign.json")!)
        await using (var file = File.Create(sample))
        {
            await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        CampaignFile definition;
        try
        {
            definition = CampaignFile.Read(new FileInfo(sample));
        }
        finally
        {
            File.Delete(sample);
        }

        if (!RuntimeHost.IsPostgreSql(store) && !store.Contains("Data Source=", StringComparison.OrdinalIgnoreCase) && File.Exists(store))
        {
            throw new CliException($"bench --end-to-end needs a new store; '{Path.GetFullPath(store)}' exists (remove it, or name another file)");
        }

        var runtime = await RuntimeHost.OpenAsync(store, create: true, cancellationToken).ConfigureAwait(false);
        var disposed = false;
        try
        {
            await foreach (var existing in runtime.Store.Campaigns.ListAsync(PageRequest.First(1), cancellationToken).ConfigureAwait(false))
            {
                throw new CliException($"bench --end-to-end needs an empty store; {runtime.Description} already holds campaign '{existing.Id}'");
            }

            var model = runtime.Models.GetModel(definition.Campaign.DecisionModel);
            var engineMilliseconds = EngineCycleMilliseconds(model.Model, model.InitialBelief, participants);
            var now = TimeProvider.System.GetUtcNow();
            await runtime.Store.Tasks.InsertAsync(definition.Task with { ModifiedBy = "bench", ModifiedAt = now }, cancellationToken).ConfigureAwait(false);
            await runtime.Store.Questionnaires.InsertAsync(definition.Questionnaire with { ModifiedBy = "bench", ModifiedAt = now }, cancellationToken).ConfigureAwait(false);
            await runtime.Campaigns.CreateAsync(definition.Campaign, cancellationToken).ConfigureAwait(false);

            var crowd = Generate(participants);
            var watch = Stopwatch.StartNew();
            await CampaignCommand.Upsert(runtime, crowd, cancellationToken).ConfigureAwait(false);
            var import = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var again = await CampaignCommand.Upsert(runtime, crowd, cancellationToken).ConfigureAwait(false);
            var reimport = watch.Elapsed.TotalSeconds;
            if (again.Unchanged != participants)
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"the second import found {again.Unchanged:N0} of {participants:N0} participants unchanged"));
            }

            // The warm-up campaign: the same campaign over a crowd of its own (100 participants in another layer, with
            // a task that allows it), whose cycle the cycle's process runs first, so that the timed cycle is not the
            // first to run the code (JIT): the crowd is found by its layer as the timed cycle's is, not named one by one.
            await runtime.Store.Tasks.InsertAsync(definition.Task with { Id = WarmUpTaskId, AllowedLayers = [WarmUpLayer], ModifiedBy = "bench", ModifiedAt = now }, cancellationToken).ConfigureAwait(false);
            await CampaignCommand.Upsert(runtime, Generate(WarmUpParticipants, WarmUpLayer, "w-"), cancellationToken).ConfigureAwait(false);
            await runtime.Campaigns.CreateAsync(
                definition.Campaign with
                {
                    Id = WarmUpCampaignId,
                    Name = "Warm-up",
                    TaskId = WarmUpTaskId,
                    Crowd = new Crowdsourcing.Campaigns.CrowdSelection([WarmUpLayer]),
                },
                cancellationToken).ConfigureAwait(false);

            crowd = [];
            watch.Stop();
            await runtime.DisposeAsync().ConfigureAwait(false);
            disposed = true;
            var cycle = await RunCycleAsync(store, cancellationToken).ConfigureAwait(false);
            return new Result(
                RuntimeHost.IsPostgreSql(store) ? "PostgreSQL" : "SQLite",
                participants,
                import,
                reimport,
                cycle.Seconds,
                cycle.Contacts,
                cycle.PeakMemoryBytes,
                engineMilliseconds,
                cycle.WarmUpSeconds,
                cycle.CpuSeconds,
                cycle.LoadAverage);
        }
        finally
        {
            if (!disposed)
            {
                await runtime.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What <see cref="RunCycleInThisProcessAsync"/> measured.</summary>
    /// <param name="Seconds">The timed cycle.</param>
    /// <param name="Contacts">Its contacts.</param>
    /// <param name="PeakMemoryBytes">The process's resident peak.</param>
    /// <param name="WarmUpSeconds">The warm-up cycle before it (the first to run the code: mostly JIT).</param>
    /// <param name="CpuSeconds">The processor time the process spent during the timed cycle, every thread counted: on a
    /// shared machine a steadier measure of the cycle's work than its elapsed time.</param>
    /// <param name="LoadAverage">The machine's 1-minute load average after the cycle (Linux), or <see langword="null"/>.</param>
    public sealed record CycleRun(double Seconds, int Contacts, long PeakMemoryBytes, double WarmUpSeconds, double CpuSeconds, double? LoadAverage);

    /// <summary>
    /// Runs cycle 1 on the store: in a new process of this command (as a host would, so that the peak memory is the
    /// cycle's and not the import's), or in this process when the command does not run as its own program (tests).
    /// </summary>
    private static async Task<CycleRun> RunCycleAsync(string store, CancellationToken cancellationToken)
    {
        var entry = System.Reflection.Assembly.GetEntryAssembly();
        if (entry != typeof(EndToEndBench).Assembly || Environment.ProcessPath is not { } host)
        {
            return await RunCycleInThisProcessAsync(store, cancellationToken).ConfigureAwait(false);
        }

        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry.Location);
        }

        foreach (var arg in new[] { "bench", "--end-to-end", "--cycle-only", "--store", store, "--format", "json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start) ?? throw new CliException("could not start the process that runs the cycle");
        var output = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = child.StandardError.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (child.ExitCode != 0)
        {
            throw new CliException($"the cycle failed: {(await error.ConfigureAwait(false)).Trim()}");
        }

        using var json = System.Text.Json.JsonDocument.Parse(await output.ConfigureAwait(false));
        var root = json.RootElement;
        return new CycleRun(
            root.GetProperty("cycleSeconds").GetDouble(),
            root.GetProperty("contacts").GetInt32(),
            root.GetProperty("peakMemoryBytes").GetInt64(),
            root.GetProperty("warmUpSeconds").GetDouble(),
            root.GetProperty("cycleCpuSeconds").GetDouble(),
            root.TryGetProperty("loadAverage", out var load) && load.ValueKind == System.Text.Json.JsonValueKind.Number ? load.GetDouble() : null);
    }

    /// <summary>Runs cycle 1 of the warm-up campaign, then cycle 1 of the sample campaign in this process and measures
    /// it; the peak memory is this process's resident peak (Linux: VmHWM) at the end.</summary>
    public static async Task<CycleRun> RunCycleInThisProcessAsync(string store, CancellationToken cancellationToken)
    {
        var runtime = await RuntimeHost.OpenAsync(store, create: false, cancellationToken).ConfigureAwait(false);
        await using (runtime.ConfigureAwait(false))
        {
            var watch = Stopwatch.StartNew();
            await runtime.Cycles.RunCycleAsync(WarmUpCampaignId, 1, cancellationToken).ConfigureAwait(false);
            var warmUp = watch.Elapsed.TotalSeconds;
            var campaign = await runtime.ResolveCampaignAsync(BenchCampaignId, cancellationToken).ConfigureAwait(false);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            watch.Restart();
            var outcome = await runtime.Cycles.RunCycleAsync(campaign.Id, 1, cancellationToken).ConfigureAwait(false);
            var seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            return new CycleRun(seconds, outcome.Contacts.Count, PeakMemory.Read(), warmUp, cpuSeconds, LoadAverage());
        }
    }

    /// <summary>The participants of the bench: <c>p-0000000</c> ... in the sample's Internal layer (the warm-up's:
    /// <c>w-0000000</c> ... in its own layer).</summary>
    private static Participant[] Generate(int count, CrowdLayer layer = CrowdLayer.Internal, string prefix = "p-")
    {
        var participants = new Participant[count];
        for (var i = 0; i < count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D7}");
            participants[i] = new Participant(id, string.Create(CultureInfo.InvariantCulture, $"Participant {i}"), layer, id + "@example.com", ["client-representative"]);
        }

        return participants;
    }

    /// <summary>The engine's own cycle (evaluate, select myopic, apply) on N participants at the prior, median of 5 after 2 warm-ups.</summary>
    private static double EngineCycleMilliseconds(Decision.Models.DecisionModel model, Decision.Beliefs.Belief prior, int count)
    {
        using var engine = new PopulationEngine(model);
        var population = engine.CreatePopulation(count);
        var evaluation = engine.CreateEvaluation(count);
        var observations = new CycleObservations(count);
        var times = new double[5];
        for (var run = -2; run < times.Length; run++)
        {
            population.Fill(prior);
            var start = Stopwatch.GetTimestamp();
            engine.Evaluate(population, evaluation);
            engine.SelectContacts(population, evaluation, ContactPolicies.Myopic);
            evaluation.Selection.CopyTo(observations.Contacts);
            engine.ApplyObservations(population, observations);
            if (run >= 0)
            {
                times[run] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    /// <summary>The 1-minute load average (Linux: the first field of /proc/loadavg), or <see langword="null"/> elsewhere.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The process's peak resident memory (Linux: VmHWM; elsewhere the peak working set).</summary>
    private static class PeakMemory
    {
        public static long Read()
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
            }

            return Process.GetCurrentProcess().PeakWorkingSet64;
        }
    }
}
