using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Decision.Tests.Learning;

public class ParameterLearnerTests
{
    /// <summary>The stated tolerance of the learn-back test: every entry of T, each C_k and each r_k(x) within 0.05.</summary>
    private const double Tolerance = 0.05;

    private static DecisionModel Truth => DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;

    [Fact]
    public void Learns_back_known_parameters_from_2000_participants_over_20_weeks()
    {
        var truth = Truth;
        var log = SyntheticEventLog.Generate(truth, 2000, 20, contactProbability: 0.5, observationProbability: 0.5, seed: 1, initialStateShares: [0.6, 0.3, 0.1]);

        // Start EM from a deliberately wrong model with the same names: the paper's preset tables for every channel.
        var paper = Paper.Model;
        var start = truth.With(transition: DecisionMatrix.Identity(3), interventions: truth.Interventions.Select(k => new Intervention(k.Name, paper.Interventions[0].Transition, k.Cost, 0.5)));
        var learned = ParameterLearner.Learn(start, log, new LearningOptions { StateDependentResponseRates = true });
        Assert.True(learned.Converged);
        Assert.Equal(2000, learned.Participants);
        Assert.InRange(learned.ParticipantWeeks, 38_000, 40_000); // each chain ends at its participant's last row
        Assert.InRange(learned.ObservedFraction, 0.45, 0.65);
        var inside = 0;
        var total = 0;
        void Check(DecisionMatrix expected, LearnedMatrix actual, string table)
        {
            for (var x = 0; x < 3; x++)
            {
                for (var y = 0; y < 3; y++)
                {
                    Assert.True(Math.Abs(expected[x, y] - actual.Estimate[x, y]) <= Tolerance, $"{table}[{x},{y}]: {actual.Estimate[x, y]} vs {expected[x, y]}");
                    Assert.True(actual.Lower[x, y] < actual.Estimate[x, y] && actual.Estimate[x, y] < actual.Upper[x, y]);
                    inside += actual.Lower[x, y] <= expected[x, y] && expected[x, y] <= actual.Upper[x, y] ? 1 : 0;
                    total++;
                }
            }
        }

        Check(truth.Transition, learned.Transition, "T");
        for (var k = 0; k < 3; k++)
        {
            Check(truth.Interventions[k].Transition, learned.Interventions[k].Transition, truth.Interventions[k].Name);
            var rate = learned.Interventions[k].ResponseRate;
            Assert.True(rate.StateDependent);
            for (var x = 0; x < 3; x++)
            {
                Assert.True(Math.Abs(truth.Interventions[k].GetResponseRate(x) - rate.Estimate[x]) <= Tolerance, $"r[{k}]({x}): {rate.Estimate[x]}");
                inside += rate.Lower[x] <= truth.Interventions[k].GetResponseRate(x) && truth.Interventions[k].GetResponseRate(x) <= rate.Upper[x] ? 1 : 0;
                total++;
            }
        }

        // The 95% intervals (slightly too narrow with missing states) cover most true values.
        Assert.True(inside >= 0.8 * total, $"{inside} of {total} true values inside their intervals");
        Assert.Equal(learned.Interventions[1].Transition.Estimate, learned.Model.Interventions[1].Transition);
        Assert.Equal(truth.Utility, learned.Model.Utility);
    }

    [Fact]
    public void A_prior_centred_on_the_current_model_keeps_a_short_history_near_it()
    {
        // The campaign's current model is the paper's (wrong) tables; the history, 15 participants over 2 weeks, comes
        // from the truth. With 50 pseudo-observations per row the estimate stays near the current model; without, it
        // jumps toward the few counts.
        var truth = Truth;
        var current = Start(truth);
        var log = SyntheticEventLog.Generate(truth, 15, 2, contactProbability: 0.5, observationProbability: 1.0, seed: 3, initialStateShares: [0.6, 0.3, 0.1]);
        var centred = ParameterLearner.Learn(current, log, new LearningOptions { PriorStrength = 50 });
        var flat = ParameterLearner.Learn(current, log, new LearningOptions());
        var near = LargestDifference(current, centred.Model);
        Assert.True(near < 0.2, $"The centred estimate moves {near} from the current model.");
        Assert.True(near < LargestDifference(current, flat.Model) / 2, $"centred {near} vs flat {LargestDifference(current, flat.Model)}");

        // The posterior's intervals: the prior's pseudo-observations are part of the posterior counts, so they are narrower.
        Assert.True(Width(centred.Transition) < Width(flat.Transition));
        var rate = centred.Interventions[0].ResponseRate;
        Assert.Equal(rate.PosteriorResponses[0] + rate.PosteriorSilences[0], flat.Interventions[0].ResponseRate.PosteriorResponses[0] + flat.Interventions[0].ResponseRate.PosteriorSilences[0] + 50, 9);
    }

    [Fact]
    public void With_much_history_the_estimate_follows_the_data_despite_a_prior_centred_on_a_wrong_model()
    {
        var truth = Truth;
        var log = SyntheticEventLog.Generate(truth, 2000, 20, contactProbability: 0.5, observationProbability: 0.5, seed: 1, initialStateShares: [0.6, 0.3, 0.1]);
        var learned = ParameterLearner.Learn(Start(truth), log, new LearningOptions { PriorStrength = 10, StateDependentResponseRates = true });
        Assert.True(learned.Converged);
        Assert.True(LargestDifference(truth, learned.Model) <= Tolerance, $"{LargestDifference(truth, learned.Model)} from the truth");
        Assert.True(LargestDifference(Start(truth), learned.Model) > 0.3);
    }

    [Fact]
    public void A_fully_observed_log_with_a_centred_prior_is_counting_with_the_prior_as_pseudo_counts()
    {
        // Every contact answered, every week observed: one iteration of counting, the prior adding m·T₀(x, y) to each cell.
        var truth = Paper.Model.With(interventions: [new Intervention("email-campaign", Paper.Model.Interventions[0].Transition, 3, 1.0)]);
        var current = truth.With(transition: DecisionMatrix.FromRows([0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.2, 0.7]), interventions: [new Intervention("email-campaign", Paper.Model.Interventions[0].Transition, 3, 0.6)]);
        var log = SyntheticEventLog.Generate(truth, 40, 3, 0.4, 1.0, seed: 8);
        const double m = 7;
        var learned = ParameterLearner.Learn(current, log, new LearningOptions { PriorStrength = m });
        Assert.Equal(1, learned.Iterations);
        var counts = new double[3, 3];
        foreach (var participant in log.GroupBy(e => e.Participant))
        {
            var rows = participant.OrderBy(e => e.Week).ToList();
            for (var i = 1; i < rows.Count; i++)
            {
                if (rows[i].Intervention is null)
                {
                    counts[truth.IndexOfState(rows[i - 1].ReportedState!), truth.IndexOfState(rows[i].ReportedState!)]++;
                }
            }
        }

        for (var x = 0; x < 3; x++)
        {
            var total = counts[x, 0] + counts[x, 1] + counts[x, 2];
            for (var y = 0; y < 3; y++)
            {
                Assert.Equal((counts[x, y] + 1 + (m * current.Transition[x, y])) / (total + 3 + m), learned.Transition.Estimate[x, y], 12);
                Assert.Equal(counts[x, y] + 1 + (m * current.Transition[x, y]), learned.Transition.PosteriorCounts[x, y], 9);
            }
        }

        var contacts = log.Count(e => e.Intervention is not null);
        Assert.Equal((contacts + 1.0 + (m * 0.6)) / (contacts + 2.0 + m), learned.Interventions[0].ResponseRate.Estimate[0], 12);
        Assert.Throws<ValidationFailedException>(() => ParameterLearner.Learn(current, log, new LearningOptions { PriorStrength = -1 }));
    }

    private static DecisionModel Start(DecisionModel truth)
    {
        var paper = Paper.Model;
        return truth.With(transition: DecisionMatrix.FromRows([0.34, 0.33, 0.33], [0.33, 0.34, 0.33], [0.33, 0.33, 0.34]), interventions: truth.Interventions.Select(k => new Intervention(k.Name, paper.Interventions[0].Transition, k.Cost, 0.9)));
    }

    private static double LargestDifference(DecisionModel a, DecisionModel b)
    {
        var largest = 0.0;
        void Compare(DecisionMatrix p, DecisionMatrix q)
        {
            for (var x = 0; x < p.RowCount; x++)
            {
                for (var y = 0; y < p.ColumnCount; y++)
                {
                    largest = Math.Max(largest, Math.Abs(p[x, y] - q[x, y]));
                }
            }
        }

        Compare(a.Transition, b.Transition);
        for (var k = 0; k < a.Interventions.Count; k++)
        {
            Compare(a.Interventions[k].Transition, b.Interventions[k].Transition);
            for (var x = 0; x < a.StateCount; x++)
            {
                largest = Math.Max(largest, Math.Abs(a.Interventions[k].GetResponseRate(x) - b.Interventions[k].GetResponseRate(x)));
            }
        }

        return largest;
    }

    private static double Width(LearnedMatrix matrix)
    {
        var width = 0.0;
        for (var x = 0; x < matrix.Estimate.RowCount; x++)
        {
            for (var y = 0; y < matrix.Estimate.ColumnCount; y++)
            {
                width += matrix.Upper[x, y] - matrix.Lower[x, y];
            }
        }

        return width;
    }

    [Fact]
    public void Fully_observed_logs_are_plain_counting_with_dirichlet_priors()
    {
        var truth = Paper.Model.With(interventions: [new Intervention("email-campaign", Paper.Model.Interventions[0].Transition, 3, 1.0)]);
        var log = SyntheticEventLog.Generate(truth, 300, 10, 0.4, 1.0, seed: 4);
        var learned = ParameterLearner.Learn(truth, log);
        Assert.Equal(1, learned.Iterations);
        Assert.Equal(1, learned.ObservedFraction);

        // Count by hand.
        var counts = new double[2, 3, 3];
        foreach (var participant in log.GroupBy(e => e.Participant))
        {
            var rows = participant.OrderBy(e => e.Week).ToList();
            for (var i = 1; i < rows.Count; i++)
            {
                var action = rows[i].Intervention is null ? 0 : 1;
                counts[action, truth.IndexOfState(rows[i - 1].ReportedState!), truth.IndexOfState(rows[i].ReportedState!)]++;
            }
        }

        for (var x = 0; x < 3; x++)
        {
            var passive = Enumerable.Range(0, 3).Sum(y => counts[0, x, y]);
            var contacted = Enumerable.Range(0, 3).Sum(y => counts[1, x, y]);
            for (var y = 0; y < 3; y++)
            {
                Assert.Equal((counts[0, x, y] + 1) / (passive + 3), learned.Transition.Estimate[x, y], 12);
                Assert.Equal(counts[0, x, y] + 1, learned.Transition.PosteriorCounts[x, y], 9);
                Assert.Equal((counts[1, x, y] + 1) / (contacted + 3), learned.Interventions[0].Transition.Estimate[x, y], 12);
            }
        }

        var contacts = log.Count(e => e.Intervention is not null);
        Assert.Equal((contacts + 1.0) / (contacts + 2.0), learned.Interventions[0].ResponseRate.Estimate[0], 12);
    }

    [Fact]
    public void Em_beats_counting_observed_transitions_when_most_weeks_are_unobserved()
    {
        var truth = Paper.Model;
        var log = SyntheticEventLog.Generate(truth, 2000, 20, contactProbability: 0.25, observationProbability: 0.1, seed: 5, initialStateShares: [0.6, 0.3, 0.1]);
        var learned = ParameterLearner.Learn(truth.With(transition: DecisionMatrix.Identity(3)), log);
        Assert.True(learned.ObservedFraction < 0.2, $"observed {learned.ObservedFraction}");

        // The naive estimate: only transitions whose both ends were observed (consecutive recorded weeks).
        var naive = new double[2, 3, 3];
        foreach (var participant in log.GroupBy(e => e.Participant))
        {
            var byWeek = participant.ToDictionary(e => e.Week);
            foreach (var row in participant)
            {
                if (row.ReportedState is not null && byWeek.TryGetValue(row.Week - 1, out var before) && before.ReportedState is not null)
                {
                    naive[row.Intervention is null ? 0 : 1, truth.IndexOfState(before.ReportedState), truth.IndexOfState(row.ReportedState)]++;
                }
            }
        }

        double naiveError = 0, emError = 0;
        for (var u = 0; u < 2; u++)
        {
            var expected = u == 0 ? truth.Transition : truth.Interventions[0].Transition;
            var em = u == 0 ? learned.Transition.Estimate : learned.Interventions[0].Transition.Estimate;
            for (var x = 0; x < 3; x++)
            {
                var rowTotal = Enumerable.Range(0, 3).Sum(y => naive[u, x, y]);
                for (var y = 0; y < 3; y++)
                {
                    var naiveEstimate = (naive[u, x, y] + 1) / (rowTotal + 3);
                    naiveError += Math.Abs(naiveEstimate - expected[x, y]);
                    emError += Math.Abs(em[x, y] - expected[x, y]);
                }
            }
        }

        Assert.True(emError < 0.75 * naiveError, $"EM error {emError} vs naive {naiveError}");
        Assert.True(Math.Abs(learned.Interventions[0].ResponseRate.Estimate[0] - 0.2) < 0.03);
    }

    [Fact]
    public void Log_errors_name_the_line()
    {
        var model = Truth;
        Assert.Contains("line 1: the header must be", Assert.Throws<EventLogException>(() => EventLog.Parse("a,b,c,d\n")).Message);
        var csv = "participant,week,intervention,reportedState\np1,0,,poor\np1,x,,\n";
        var error = Assert.Throws<EventLogException>(() => EventLog.Parse(csv));
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("week 'x' is not a whole number", error.Message);
        Assert.Contains("line 2: expected 4 fields", Assert.Throws<EventLogException>(() => EventLog.Parse("participant,week,intervention,reportedState\np1,1,email\n")).Message);
        Assert.Contains("line 2: week 0 is the starting state", Assert.Throws<EventLogException>(() => EventLog.Parse("participant,week,intervention,reportedState\np1,0,email,\n")).Message);
        var unknown = EventLog.Parse("participant,week,intervention,reportedState\np1,0,,poor\np1,1,fax,\n");
        Assert.Contains("line 3: unknown intervention 'fax'", Assert.Throws<EventLogException>(() => ParameterLearner.Learn(model, unknown)).Message);
        var state = EventLog.Parse("participant,week,intervention,reportedState\np1,1,,great\n");
        Assert.Contains("line 2: unknown state 'great'", Assert.Throws<EventLogException>(() => ParameterLearner.Learn(model, state)).Message);
        var twice = EventLog.Parse("participant,week,intervention,reportedState\np1,1,,poor\n\np1,1,email,\n");
        Assert.Contains("line 4: participant 'p1' week 1 appears twice (first on line 2)", Assert.Throws<EventLogException>(() => ParameterLearner.Learn(model, twice)).Message);
        Assert.Contains("line 2: invalid JSON", Assert.Throws<EventLogException>(() => EventLog.Parse("{\"participant\":\"p\",\"week\":0}\n{\"participant\":")).Message);
        Assert.Contains("line 1: unknown property 'state'", Assert.Throws<EventLogException>(() => EventLog.Parse("{\"participant\":\"p\",\"week\":0,\"state\":\"poor\"}")).Message);
    }

    [Fact]
    public void Csv_and_json_lines_read_the_same_rows()
    {
        var log = SyntheticEventLog.Generate(Truth, 20, 5, 0.5, 0.3, seed: 2);
        var csv = EventLog.ToCsv(log);
        var json = string.Join("\n", log.Select(e => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?> { ["participant"] = e.Participant, ["week"] = e.Week, ["intervention"] = e.Intervention, ["reportedState"] = e.ReportedState })));
        var fromCsv = EventLog.Parse(csv).Select(e => e with { LineNumber = 0 }).ToList();
        var fromJson = EventLog.Parse(json).Select(e => e with { LineNumber = 0 }).ToList();
        Assert.Equal(log, fromCsv);
        Assert.Equal(log, fromJson);
    }
}
