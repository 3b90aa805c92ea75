using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>bench</c>: times full decision cycles (evaluate, select, record observations, update) on a synthetic population of the crowdarb-paper model.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var participants = new Option<int>("--participants") { Description = "Participants in the synthetic population.", DefaultValueFactory = _ => 1_000_000 };
        var cycles = new Option<int>("--cycles") { Description = "Timed cycles, after 3 warm-up cycles.", DefaultValueFactory = _ => 20 };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("bench", """
            Time full decision cycles over a synthetic population: median cycle time and participants per second.

            Each cycle evaluates, selects (myopic), records observations and updates the beliefs of a population of the
            crowdarb-paper model (3 states, 2 actions, one intervention); the output gives the median, min and max cycle
            time, participants per second and bytes allocated per cycle. For rigorous numbers use the BenchmarkDotNet
            suites in bench/.

            Examples:
              crowdsourcing bench
              crowdsourcing bench --participants 100000 --cycles 50
              crowdsourcing bench --participants 1000000 --format json
            """)
        {
            participants, cycles, format,
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

            using var workload = new SyntheticCycle(DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model, n, seed: 42);
            for (var i = 0; i < 3; i++)
            {
                workload.RunCycle();
            }

            var times = new double[c];
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < c; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = Stopwatch.GetTimestamp();
                workload.RunCycle();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            var allocatedPerCycle = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)c;
            Array.Sort(times);
            var median = c % 2 == 1 ? times[c / 2] : (times[(c / 2) - 1] + times[c / 2]) / 2;
            var perSecond = n / (median / 1000.0);
            if (parseResult.GetValue(format) == "json")
            {
                CommonOptions.WriteJson(context, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("participants", n);
                    writer.WriteNumber("cycles", c);
                    writer.WriteNumber("medianCycleMilliseconds", Math.Round(median, 4));
                    writer.WriteNumber("minCycleMilliseconds", Math.Round(times[0], 4));
                    writer.WriteNumber("maxCycleMilliseconds", Math.Round(times[^1], 4));
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
                table.AddRow("Median cycle (ms)", median.ToString("0.###", CultureInfo.InvariantCulture));
                table.AddRow("Min / max cycle (ms)", string.Create(CultureInfo.InvariantCulture, $"{times[0]:0.###} / {times[^1]:0.###}"));
                table.AddRow("Participants per second", perSecond.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("Allocated bytes per cycle", allocatedPerCycle.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("Processors", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
                context.Console.Write(table);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>One decision cycle over a synthetic population, with preallocated buffers: evaluate, select (myopic), record contacts and a fixed 2% of reports, apply.</summary>
    private sealed class SyntheticCycle : IDisposable
    {
        private readonly PopulationEngine _engine;
        private readonly BeliefPopulation _population;
        private readonly PopulationEvaluation _evaluation;
        private readonly CycleObservations _observations;

        public SyntheticCycle(DecisionModel model, int count, int seed)
        {
            _engine = new PopulationEngine(model);
            _population = _engine.CreatePopulation(count);
            _evaluation = _engine.CreateEvaluation(count);
            _observations = new CycleObservations(count);
            var random = new Random(seed);
            var s = model.StateCount;
            Span<double> b = stackalloc double[s];
            for (var i = 0; i < count; i++)
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
                if (random.NextDouble() < 0.02)
                {
                    _observations.ReportedStates[i] = random.Next(s);
                }
            }
        }

        public void RunCycle()
        {
            _engine.Evaluate(_population, _evaluation);
            _engine.SelectContacts(_population, _evaluation, ContactPolicies.Myopic);
            _evaluation.Selection.CopyTo(_observations.Contacts);
            _engine.ApplyObservations(_population, _observations);
        }

        public void Dispose() => _engine.Dispose();
    }
}
