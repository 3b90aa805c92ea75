using System.Globalization;
using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Decision.Tests.Learning;

/// <summary>Learning an intervention's report model O_k from analyst-reviewed reports.</summary>
public class ReportModelLearningTests
{
    /// <summary>The stated tolerance: every entry of the learned O within 0.04 of the truth.</summary>
    private const double Tolerance = 0.04;

    private static readonly DecisionMatrix TrueNoise = DecisionMatrix.FromRows([0.8, 0.2, 0], [0.1, 0.75, 0.15], [0, 0.1, 0.9]);

    private static DecisionModel Truth
    {
        get
        {
            var paper = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
            return paper.With(interventions: [paper.Interventions[0].WithReportModel(TrueNoise)]);
        }
    }

    /// <summary>A campaign where reports after a contact follow O and an analyst reviews a share of them.</summary>
    private static List<CampaignEvent> History(DecisionModel model, int participants, int weeks, double reviewProbability, int seed)
    {
        var random = new Random(seed);
        var events = new List<CampaignEvent>();
        static int Draw(ReadOnlySpan<double> distribution, double u)
        {
            for (var i = 0; i < distribution.Length - 1; i++)
            {
                u -= distribution[i];
                if (u < 0)
                {
                    return i;
                }
            }

            return distribution.Length - 1;
        }

        for (var p = 0; p < participants; p++)
        {
            var name = "p" + p.ToString(CultureInfo.InvariantCulture);
            var x = Draw([0.6, 0.3, 0.1], random.NextDouble());
            events.Add(new CampaignEvent(name, 0, null, model.States[x]));
            for (var t = 1; t <= weeks; t++)
            {
                if (random.NextDouble() < 0.6)
                {
                    var k = model.Interventions[0];
                    var responds = random.NextDouble() < k.GetResponseRate(x);
                    x = Draw(k.Transition.GetRow(x), random.NextDouble());
                    if (!responds)
                    {
                        events.Add(new CampaignEvent(name, t, k.Name, null));
                        continue;
                    }

                    var reported = Draw(k.ReportModel!.GetRow(x), random.NextDouble());
                    var reviewed = random.NextDouble() < reviewProbability;
                    events.Add(new CampaignEvent(name, t, k.Name, model.States[reported]) { ReviewedState = reviewed ? model.States[x] : null });
                }
                else
                {
                    x = Draw(model.Transition.GetRow(x), random.NextDouble());
                }
            }
        }

        return events;
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void Learns_back_a_known_report_model_from_reviewed_reports(double reviewProbability)
    {
        var truth = Truth;
        var log = History(truth, 3000, 10, reviewProbability, seed: 4);

        // The template takes reports at their word: the learner starts from (and centres its prior on) the identity.
        var learned = ParameterLearner.Learn(DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model, log);

        var report = learned.Interventions[0].ReportModel;
        Assert.NotNull(report);
        Assert.True(learned.Interventions[0].ReviewedReports > 0);
        var inside = 0;
        for (var x = 0; x < 3; x++)
        {
            for (var o = 0; o < 3; o++)
            {
                Assert.True(Math.Abs(TrueNoise[x, o] - report!.Estimate[x, o]) <= Tolerance, $"O[{x},{o}]: {report.Estimate[x, o]} vs {TrueNoise[x, o]}");
                Assert.True(report.Lower[x, o] <= report.Estimate[x, o] && report.Estimate[x, o] <= report.Upper[x, o]);
                inside += report.Lower[x, o] <= TrueNoise[x, o] && TrueNoise[x, o] <= report.Upper[x, o] ? 1 : 0;
            }
        }

        // With every report reviewed the counts are certain and the intervals honest; with unreviewed reports they are
        // expected counts and the intervals too narrow (as the learner documents), so only the estimate is checked.
        if (reviewProbability == 1)
        {
            Assert.True(inside >= 7, $"only {inside} of 9 true entries inside their 95 % intervals");
        }

        // The learned model carries O, and the campaign's other parameters are learned through it.
        Assert.NotNull(learned.Model.Interventions[0].ReportModel);
        Assert.Equal(report!.Estimate[1, 1], learned.Model.Interventions[0].ReportModel![1, 1]);
        for (var x = 0; x < 3; x++)
        {
            for (var y = 0; y < 3; y++)
            {
                Assert.True(Math.Abs(truth.Interventions[0].Transition[x, y] - learned.Interventions[0].Transition.Estimate[x, y]) <= 0.05, $"C[{x},{y}]: {learned.Interventions[0].Transition.Estimate[x, y]} vs {truth.Interventions[0].Transition[x, y]}");
            }
        }
    }

    [Fact]
    public void Without_reviews_no_report_model_is_learned_and_the_numbers_are_unchanged()
    {
        var truth = Truth;
        var log = History(truth, 300, 6, 0, seed: 5);
        var template = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;

        var learned = ParameterLearner.Learn(template, log);

        Assert.Null(learned.Interventions[0].ReportModel);
        Assert.Equal(0, learned.Interventions[0].ReviewedReports);
        Assert.Null(learned.Model.Interventions[0].ReportModel);
        var plain = ParameterLearner.Learn(template, log.Select(e => e with { ReviewedState = null }));
        Assert.Equal(plain.Interventions[0].Transition.Estimate.AsSpan().ToArray(), learned.Interventions[0].Transition.Estimate.AsSpan().ToArray());
    }

    [Fact]
    public void Reviews_round_trip_through_CSV_and_JSON_lines_and_a_review_without_a_report_is_refused()
    {
        var events = new[]
        {
            new CampaignEvent("p1", 0, null, "unready"),
            new CampaignEvent("p1", 1, "campaign", "ready") { ReviewedState = "partly-ready" },
        };
        var csv = EventLog.ToCsv(events);
        Assert.StartsWith(EventLog.CsvHeaderWithReviews, csv, StringComparison.Ordinal);
        var parsed = EventLog.Parse(csv);
        Assert.Equal("partly-ready", parsed[1].ReviewedState);
        Assert.Null(parsed[0].ReviewedState);
        Assert.StartsWith(EventLog.CsvHeader + "\n", EventLog.ToCsv([events[0]]), StringComparison.Ordinal);

        var json = EventLog.Parse("{\"participant\":\"p1\",\"week\":1,\"intervention\":\"campaign\",\"reportedState\":\"ready\",\"reviewedState\":\"unready\"}");
        Assert.Equal("unready", json[0].ReviewedState);

        var ex = Assert.Throws<EventLogException>(() => EventLog.Parse(EventLog.CsvHeaderWithReviews + "\np1,1,campaign,,ready\n"));
        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("no reported state", ex.Message, StringComparison.Ordinal);
    }
}
