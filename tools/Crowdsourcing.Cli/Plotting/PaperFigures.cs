using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Cli.Plotting;

/// <summary>One figure: its file name and its SVG text.</summary>
internal sealed record Figure(string FileName, string Title, string Svg);

/// <summary>
/// The CrowdArb paper's figures, drawn from the engine: the maximum expected utility (figure 6), the maximum expected
/// utility with the intervention (figure 8) and the value of the intervention (figure 9) over the belief simplex, the
/// sorted distribution of MEU over participants at one week for each policy (figure 10), and the total expected utility
/// over the weeks for each policy with the workshop threshold (figure 11).
/// </summary>
internal static class PaperFigures
{
    /// <summary>The three simplex heat maps of a three-state model, for one intervention.</summary>
    public static IReadOnlyList<Figure> Simplex(DecisionModel model, int intervention = 0, int resolution = 48)
    {
        if (model.States.Count != 3)
        {
            throw new CliException($"the simplex plots need a model with exactly 3 states; this one has {model.States.Count} ({string.Join(", ", model.States)})");
        }

        var evaluator = new DecisionEvaluator(model);
        var name = model.Interventions[intervention].Name;
        var cost = model.Interventions[intervention].Cost;
        return
        [
            new Figure(
                "fig06-meu.svg",
                "Maximum expected utility without the intervention",
                TernaryHeatMap.Draw(
                    "Maximum expected utility, MEU(b)",
                    "MEU",
                    model.States,
                    b => evaluator.MaximumExpectedUtility(Belief.Create(b)).ExpectedUtility,
                    resolution,
                    b => evaluator.Predict(Belief.Create(b)).AsSpan().ToArray(),
                    "Colour: MEU of the best action at belief b. Arrows: one week of passive dynamics, b → b·T.")),
            new Figure(
                "fig08-meu-with-intervention.svg",
                $"Maximum expected utility with the intervention '{name}'",
                TernaryHeatMap.Draw(
                    $"Maximum expected utility with '{name}', MEU_k(b)",
                    "MEU_k",
                    model.States,
                    b => evaluator.MaximumExpectedUtilityWithIntervention(Belief.Create(b), intervention),
                    resolution,
                    caption: "MEU_k(b) = Σ_x b(x)·MEU(e_x·C_k): the state is revealed, then the intervention acts.")),
            new Figure(
                "fig09-intervention-value.svg",
                $"Value of the intervention '{name}'",
                TernaryHeatMap.Draw(
                    $"Value of '{name}', V_k(b) = MEU_k(b) − MEU(b·T)",
                    "V_k",
                    model.States,
                    b => evaluator.InterventionValue(Belief.Create(b), intervention),
                    resolution,
                    caption: string.Create(CultureInfo.InvariantCulture, $"Contact when V_k(b) exceeds the cost c_k = {cost:0.##}."))),
        ];
    }

    /// <summary>The file name of figure 10 for week <paramref name="week"/>.</summary>
    public static string MeuDistributionFileName(int week) => string.Create(CultureInfo.InvariantCulture, $"fig10-meu-distribution-week-{week}.svg");

    /// <summary>
    /// Figure 10: for each policy, the MEU of every participant at the captured week, sorted ascending (x = rank from 1,
    /// y = MEU), drawn as steps. Each result must come from a Monte Carlo run with <see cref="SimulationOptions.CaptureWeek"/>.
    /// </summary>
    public static Figure MeuDistribution(IReadOnlyList<SimulationResult> results, string caption)
    {
        ArgumentOutOfRangeException.ThrowIfZero(results.Count, nameof(results));
        var week = results[0].CaptureWeek ?? throw new ArgumentException("Figure 10 needs results simulated with a CaptureWeek.", nameof(results));
        var series = new List<ChartSeries>(results.Count);
        foreach (var result in results)
        {
            if (result.CaptureWeek != week || result.CapturedMaximumExpectedUtilities.Count == 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Figure 10 needs every result captured at week {week}; policy '{result.Policy}' has {(result.CaptureWeek is { } w ? $"week {w}" : "no capture")}."), nameof(results));
            }

            var sorted = result.CapturedMaximumExpectedUtilities.Order().ToArray();
            series.Add(new ChartSeries(result.Policy, sorted.Select((v, i) => ((double)(i + 1), v)).ToArray(), Steps: true));
        }

        var title = string.Create(CultureInfo.InvariantCulture, $"Distribution of MEU over participants at week {week}");
        return new Figure(
            MeuDistributionFileName(week),
            title,
            LineChart.Draw(title, "participants ranked by MEU (lowest first)", "MEU(b) at week " + week.ToString(CultureInfo.InvariantCulture), series, caption: caption));
    }

    /// <summary>The total expected utility over the weeks for each policy, with the threshold and where each crosses it.</summary>
    /// <param name="results">One result per policy, over the same weeks.</param>
    /// <param name="caption">A line under the figure, saying what it shows.</param>
    /// <param name="fileName">The file name; default the paper's figure 11.</param>
    public static Figure TotalExpectedUtility(IReadOnlyList<SimulationResult> results, string caption, string fileName = "fig11-total-expected-utility.svg")
    {
        var series = results.Select(r => new ChartSeries(r.Policy, r.Weeks.Select(w => ((double)w.Week, w.TotalExpectedUtility)).ToArray())).ToArray();
        var threshold = results[0].Threshold;
        var markers = new List<ChartMarker>();
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].ThresholdCrossedWeek is { } week)
            {
                var total = results[i].Weeks.First(w => w.Week == week).TotalExpectedUtility;
                markers.Add(new ChartMarker($"{results[i].Policy}: week {week}", week, total, LineChart.ColourOf(i)));
            }
        }

        var title = "Total expected utility over the weeks";
        return new Figure(
            fileName,
            title,
            LineChart.Draw(
                title,
                "week",
                "total expected utility",
                series,
                [new ChartRule(string.Create(CultureInfo.InvariantCulture, $"workshop threshold {threshold:#,0}"), threshold)],
                markers,
                caption));
    }
}
