using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Serialization;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>bench</c>: times full decision cycles (evaluate, select, record observations, update) on a synthetic population of the crowdarb-paper model.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var participants = new Option<int>("--participants") { Description = "Participants in the synthetic population .", DefaultValueFactory = _ => 1_000_000 };
        var cycles = new Option<int>("--cycles") { Description = "Timed cycles, after 3 warm-up cycles.", DefaultValueFactory = _ => 20 };
        var endToEnd = new Option<bool>("--end-to-end") { Description = "Time what a host does instead: import N participants into a new store (--store), import them again unchanged, and run one decision cycle through the store; beside the engine-only cycle on the same N." };
        var store = new Option<string>("--store")
        {
            Description = "With --end-to-end: the new store, a SQLite file (default: a new file in the temporary directory, removed afterwards) or an empty PostgreSQL database's connection string (recognised by Host=).",
            HelpName = "file-or-connection-string",
        };
        var cycleOnly = new Option<bool>("--cycle-only") { Description = "With --end-to-end: only run cycle 1 of the store the bench imported (the bench runs it so, in a process of its own).", Hidden = true };
        var policy = new Option<string>("--policy")
        {
            Description = "The policy each cycle runs: none, myopic, response-aware, planned or least-spend.",
            DefaultValueFactory = _ => EnumNames.Of(ContactPolicyKind.Myopic),
            HelpName = "name",
        };
        policy.AcceptOnlyFromAmong([.. EnumNames.All<ContactPolicyKind>()]);
        var population = new Option<string>("--population")
        {
            Description = "random (every participant a different random belief) or campaign (the crowdarb-paper scenario after 5 myopic cycles, scaled to --participants: participants share a few belief classes, as in a running campaign).",
            DefaultValueFactory = _ => "random",
            HelpName = "kind",
        };
        population.AcceptOnlyFromAmong("random", "campaign");
        var workshopWeek = new Option<int?>("--workshop-week") { Description = "The workshop week planned and least-spend plan for (default 11); every cycle plans as the first of them, so each timed cycle pays for the whole plan.", HelpName = "week" };
        var threshold = new Option<double?>("--threshold") { Description = "The threshold least-spend reaches (default: the preset's 9,000 per 560 participants, scaled to --participants).", HelpName = "utility" };
        var budget = new Option<double?>("--budget") { Description = "A budget per cycle for the policy: contacts, or money with --budget-kind money.", HelpName = "amount" };
        var budgetKind = new Option<string>("--budget-kind") { Description = "What --budget limits: count (contacts) or money.", DefaultValueFactory = _ => EnumNames.Of(BudgetKind.Contacts), HelpName = "kind" };
        budgetKind.AcceptOnlyFromAmong([.. EnumNames.All<BudgetKind>()]);
        var format = CommonOptions.Format("table", "json");
        var command = new Command("bench", """
            Time full decision cycles over a synthetic population: median cycle time and participants per second.

            Each cycle evaluates, selects with the policy, records observations and updates the beliefs of a population
            of the crowdarb-paper model (3 states, 2 actions, one intervention); the output gives the median, min and max
            cycle time, the median time of the policy's selection alone (planning, for the planned and least-spend
            policies: participants who share a belief share its solution), participants per second and bytes
            allocated per cycle. For rigorous numbers use the BenchmarkDotNet suites in bench/.

            With --end-to-end it times what a host does instead, on a new store: the sample campaign
            (tools/Crowdsourcing.Cli/samples/campaign.json), N generated participants imported, imported again unchanged,
            and cycle 1 run through the store (every participant starts from the prior and is contacted: a notification
            each). It prints the import and re-import times, the cycle time, the cycle's peak memory (the resident peak of
            the process that runs it, a new one as a host's would be), and the ratio of the cycle to the engine-only cycle
            on the same N measured in the same run. That process first runs the cycle of a warm-up campaign of 100
            participants (the first run of the code, mostly JIT: printed too), then the timed cycle; the processor time of
            the timed cycle (every thread) and the machine's load average are printed beside it, because on a shared
            machine the elapsed time depends on the load.

            Examples:
              crowdsourcing bench
              crowdsourcing bench --participants 100000 --cycles 50
              crowdsourcing bench --participants 1000000 --format json
              crowdsourcing bench --end-to-end --participants 1000000 --format json
              crowdsourcing bench --end-to-end --store "Host=localhost;Database=bench;Username=crowd" --participants 100000
              crowdsourcing bench --policy least-spend --population campaign --workshop-week 11 --threshold 16000000
              crowdsourcing bench --policy planned --population campaign --budget 50000 --budget-kind count
              crowdsourcing bench --policy myopic --population campaign --budget 150000 --budget-kind money
            """)
        {
            participants, cycles, endToEnd, store, cycleOnly, policy, population, workshopWeek, threshold, budget, budgetKind, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var n = parseResult.GetValue(participants);
            var c = parseResult.GetValue(cycles);
            if (n < 1)
            {
                throw new CliException($"--participants must be at least 1; got {n}");
            }

            if (c < 1)
            {
                throw new CliException($"--cycles must be at least 1; got {c}");
            }

            if (parseResult.GetValue(endToEnd) && parseResult.GetValue(cycleOnly))
            {
                return RunCycleOnlyAsync(context, parseResult.GetValue(store) ?? throw new CliException("--cycle-only needs --store"), cancellationToken);
            }

            if (parseResult.GetValue(endToEnd))
            {
                return RunEndToEndAsync(context, parseResult.GetValue(store), n, parseResult.GetValue(format) == "json", cancellationToken);
            }

            if (parseResult.GetValue(store) is not null)
            {
                throw new CliException("--store goes with --end-to-end");
            }

            var model = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
            var week = parseResult.GetValue(workshopWeek) ?? 11;
            if (week < 0)
            {
                throw new CliException($"--workshop-week must be at least 0; got {week}");
            }

            var settings = new ContactPolicyOptions
            {
                Kind = EnumNames.Parse<ContactPolicyKind>(parseResult.GetValue(policy), "--policy"),
                WorkshopWeek = week,
                Threshold = parseResult.GetValue(threshold) ?? (9000.0 / 560 * n),
                Budget = SimulateCommand.Budget(parseResult, budget, budgetKind),
            };
            var contactPolicy = ContactPolicies.Create(model, settings);
            using var workload = new SyntheticCycle(model, n, seed: 42, campaign: parseResult.GetValue(population) == "campaign");
            for (var i = 0; i < 3; i++)
            {
                workload.RunCycle(contactPolicy, week);
            }

            var times = new double[c];
            var selecting = new double[c];
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < c; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = Stopwatch.GetTimestamp();
                selecting[i] = workload.RunCycle(contactPolicy, week);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            var allocatedPerCycle = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)c;
            Array.Sort(times);
            var median = Median(times);
            var medianSelect = Median(selecting);
            var perSecond = n / (median / 1000.0);
            if (parseResult.GetValue(format) == "json")
            {
                CommonOptions.WriteJson(context, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("participants", n);
                    writer.WriteNumber("cycles", c);
                    writer.WriteString("policy", contactPolicy.Name);
                    writer.WriteString("population", parseResult.GetValue(population));
                    writer.WriteNumber("medianCycleMilliseconds", Math.Round(median, 4));
                    writer.WriteNumber("minCycleMilliseconds", Math.Round(times[0], 4));
                    writer.WriteNumber("maxCycleMilliseconds", Math.Round(times[^1], 4));
                    writer.WriteNumber("medianSelectMilliseconds", Math.Round(medianSelect, 4));
                    writer.WriteNumber("participantsPerSecond", Math.Round(perSecond));
                    writer.WriteNumber("allocatedBytesPerCycle", Math.Round(allocatedPerCycle));
                    writer.WriteNumber("processorCount", Environment.ProcessorCount);
                    writer.WriteEndObject();
                });
            }
            else
            {
                var table = new Table().AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
                table.AddRow("Participants", n.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("Cycles", c.ToString(CultureInfo.InvariantCulture));
                table.AddRow("Policy", Markup.Escape(contactPolicy.Name));
                table.AddRow("Population", Markup.Escape(parseResult.GetValue(population)!));
                table.AddRow("Median cycle (ms)", median.ToString("0.###", CultureInfo.InvariantCulture));
                table.AddRow("Min / max cycle (ms)", string.Create(CultureInfo.InvariantCulture, $"{times[0]:0.###} / {times[^1]:0.###}"));
                table.AddRow("Median selection (ms)", medianSelect.ToString("0.###", CultureInfo.InvariantCulture));
                table.AddRow("Participants per second", perSecond.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("Allocated bytes per cycle", allocatedPerCycle.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("Processors", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
                context.Console.Write(table);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static async Task<int> RunCycleOnlyAsync(CliContext context, string store, CancellationToken cancellationToken)
    {
        var run = await EndToEndBench.RunCycleInThisProcessAsync(store, cancellationToken).ConfigureAwait(false);
        CommonOptions.WriteJson(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("cycleSeconds", run.Seconds);
            writer.WriteNumber("contacts", run.Contacts);
            writer.WriteNumber("peakMemoryBytes", run.PeakMemoryBytes);
            writer.WriteNumber("warmUpSeconds", run.WarmUpSeconds);
            writer.WriteNumber("cycleCpuSeconds", run.CpuSeconds);
            if (run.LoadAverage is { } load)
            {
                writer.WriteNumber("loadAverage", load);
            }

            writer.WriteEndObject();
        });
        return ExitCodes.Success;
    }

    private static async Task<int> RunEndToEndAsync(CliContext context, string? store, int n, bool json, CancellationToken cancellationToken)
    {
        var temporary = store is null ? Path.Combine(Path.GetTempPath(), $"crowdsourcing-bench-{Environment.ProcessId}.db") : null;
        EndToEndBench.Result result;
        try
        {
            result = await EndToEndBench.RunAsync(store ?? temporary!, n, cancellationToken).ConfigureAwait(false);
        }
        catch (CrowdsourcingException ex)
        {
            throw new CliException(ex.Message, ex);
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new CliException("store error: " + ex.Message, ex, ExitCodes.Failure);
        }
        finally
        {
            if (temporary is not null)
            {
                foreach (var file in new[] { temporary, temporary + "-wal", temporary + "-shm" })
                {
                    File.Delete(file);
                }
            }
        }

        if (json)
        {
            CommonOptions.WriteJson(context, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("store", result.Store);
                writer.WriteNumber("participants", result.Participants);
                writer.WriteNumber("importSeconds", Math.Round(result.ImportSeconds, 3));
                writer.WriteNumber("reimportSeconds", Math.Round(result.ReimportSeconds, 3));
                writer.WriteNumber("cycleSeconds", Math.Round(result.CycleSeconds, 3));
                writer.WriteNumber("contacts", result.Contacts);
                writer.WriteNumber("cyclePeakMemoryBytes", result.CyclePeakMemoryBytes);
                writer.WriteNumber("engineCycleMilliseconds", Math.Round(result.EngineCycleMilliseconds, 3));
                writer.WriteNumber("cycleToEngineRatio", Math.Round(result.Ratio, 1));
                writer.WriteNumber("warmUpCycleSeconds", Math.Round(result.WarmUpCycleSeconds, 3));
                writer.WriteNumber("cycleCpuSeconds", Math.Round(result.CycleCpuSeconds, 3));
                writer.WriteNumber("processorCount", Environment.ProcessorCount);
                if (result.LoadAverage is { } load)
                {
                    writer.WriteNumber("loadAverage", load);
                }
                writer.WriteEndObject();
            });
        }
        else
        {
            var table = new Table().AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
            table.AddRow("Store", result.Store);
            table.AddRow("Participants", n.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Import (s)", result.ImportSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            table.AddRow("Re-import, unchanged (s)", result.ReimportSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            table.AddRow("Cycle through the store (s)", result.CycleSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            table.AddRow("Contacts", result.Contacts.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Cycle peak memory (MB)", (result.CyclePeakMemoryBytes / 1e6).ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Engine-only cycle (ms)", result.EngineCycleMilliseconds.ToString("0.###", CultureInfo.InvariantCulture));
            table.AddRow("Cycle / engine-only cycle", result.Ratio.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Warm-up cycle, 100 participants, first run of the code (s)", result.WarmUpCycleSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            table.AddRow("Processor time of the cycle, every thread (s)", result.CycleCpuSeconds.ToString("0.###", CultureInfo.InvariantCulture));
            if (result.LoadAverage is { } load)
            {
                table.AddRow("Load average after the cycle (1 min)", load.ToString("0.##", CultureInfo.InvariantCulture));
            }

            context.Console.Write(table);
        }

        return ExitCodes.Success;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var c = sorted.Length;
        return c % 2 == 1 ? sorted[c / 2] : (sorted[(c / 2) - 1] + sorted[c / 2]) / 2;
    }

    /// <summary>
    /// One decision cycle over a synthetic population, with preallocated buffers: evaluate, select with the policy,
    /// record the contacts and 2% of reports (a fixed set), apply. The campaign population starts from the preset's
    /// known states and runs 5 myopic cycles in which a fifth of the contacted report a state.
    /// </summary>
    private sealed class SyntheticCycle : IDisposable
    {
        private readonly PopulationEngine _engine;
        private readonly BeliefPopulation _population;
        private readonly PopulationEvaluation _evaluation;
        private readonly CycleObservations _observations;
        private readonly int[] _reports;

        public SyntheticCycle(DecisionModel model, int count, int seed, bool campaign)
        {
            _engine = new PopulationEngine(model);
            _population = _engine.CreatePopulation(count);
            _evaluation = _engine.CreateEvaluation(count);
            _observations = new CycleObservations(count);
            _reports = new int[count];
            var random = new Random(seed);
            var s = model.StateCount;
            Span<double> b = stackalloc double[s];
            for (var i = 0; i < count; i++)
            {
                if (campaign)
                {
                    _population.SetCertain(i, i < 0.6 * count ? 0 : i < 0.9 * count ? 1 : 2);
                }
                else
                {
                    var sum = 0.0;
                    for (var x = 0; x < s; x++)
                    {
                        b[x] = random.NextDouble();
                        sum += b[x];
                    }

                    for (var x = 0; x < s; x++)
                    {
                        b[x] /= sum;
                    }

                    _population.SetBelief(i, b);
                }

                _reports[i] = random.NextDouble() < 0.02 ? random.Next(s) : CycleObservations.None;
            }

            for (var t = 1; campaign && t <= 5; t++)
            {
                _engine.Evaluate(_population, _evaluation);
                _engine.SelectContacts(_population, _evaluation, ContactPolicies.Myopic, t, null);
                _observations.SetContacts(_evaluation.Selection);
                for (var i = 0; i < count; i++)
                {
                    if (_observations.Contacts[i] >= 0 && random.NextDouble() < 0.2)
                    {
                        _observations.ReportedStates[i] = random.Next(s);
                    }
                }

                _engine.ApplyObservations(_population, _observations);
            }

            // The timed cycles report the fixed 2% (the warm-up's reports are cleared).
            _reports.CopyTo(_observations.ReportedStates);
        }

        /// <summary>Runs one cycle with <paramref name="weeksToWorkshop"/> cycles left; returns the milliseconds the policy's selection took.</summary>
        public double RunCycle(ContactPolicy policy, int weeksToWorkshop)
        {
            _engine.Evaluate(_population, _evaluation, policy.RequiresResponseAwareValues);
            var start = Stopwatch.GetTimestamp();
            _engine.SelectContacts(_population, _evaluation, policy, 0, weeksToWorkshop);
            var selecting = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            _evaluation.Selection.CopyTo(_observations.Contacts);
            _engine.ApplyObservations(_population, _observations);
            return selecting;
        }

        public void Dispose() => _engine.Dispose();
    }
}
