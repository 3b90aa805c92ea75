using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Crowdsourcing.Cli.Plotting;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Cli.Tests.Plotting;

public sealed class PlottingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_svg_writer_escapes_text_and_writes_invariant_numbers()
    {
        var svg = new SvgWriter(100.5, 50, "a < b & c")
            .Text(1.234, 2, "<script>\"x\" & 'y'</script>")
            .Line(0, 0, 1.005, 2.5, "#000")
            .ToString();

        var document = XDocument.Parse(svg);

        Assert.Equal("a < b & c", document.Root!.Element(Svg + "title")!.Value);
        Assert.Equal("<script>\"x\" & 'y'</script>", document.Root.Element(Svg + "text")!.Value);
        Assert.Equal("1.23", document.Root.Element(Svg + "text")!.Attribute("x")!.Value);
        Assert.Equal("100.5", document.Root.Attribute("width")!.Value);
    }

    [Theory]
    [InlineData(0.0, "#440154")]
    [InlineData(1.0, "#fde725")]
    [InlineData(-3.0, "#440154")]
    [InlineData(7.0, "#fde725")]
    [InlineData(double.NaN, "#440154")]
    public void The_colour_scale_runs_from_dark_violet_to_yellow_and_clamps(double t, string colour)
    {
        Assert.Equal(colour, ColorScale.At(t));
    }

    [Theory]
    [InlineData(0, 40, new double[] { 0, 10, 20, 30, 40 })]
    [InlineData(0.3, 7.6, new double[] { 2, 4, 6 })]
    [InlineData(3513, 9216, new double[] { 4000, 6000, 8000 })]
    public void Ticks_are_round_numbers_inside_the_range(double min, double max, double[] expected)
    {
        Assert.Equal(expected, ColorScale.Ticks(min, max));
    }

    [Fact]
    public void A_ternary_heat_map_has_resolution_squared_cells_and_a_labelled_colour_bar()
    {
        var svg = TernaryHeatMap.Draw("t", "value", ["poor", "fair", "good"], b => b[2] * 40, resolution: 6);

        var document = XDocument.Parse(svg);
        var polygons = document.Descendants(Svg + "polygon").Count();
        var texts = document.Descendants(Svg + "text").Select(t => t.Value).ToArray();

        Assert.Equal((6 * 6) + 1, polygons); // the cells and the outline
        Assert.Contains("poor [1,0,0]", texts);
        Assert.Contains("good [0,0,1]", texts);
        Assert.Contains("value", texts);
    }

    [Fact]
    public void A_ternary_heat_map_refuses_a_model_without_three_states()
    {
        var ex = Assert.Throws<ArgumentException>(() => TernaryHeatMap.Draw("t", "v", ["a", "b"], _ => 0));

        Assert.Contains("exactly 3 states", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_total_expected_utility_figure_marks_the_threshold_and_the_crossing_week()
    {
        var preset = DecisionPresets.Get("crowdarb-paper");
        var results = new[] { ContactPolicies.None, ContactPolicies.Myopic }
            .Select(p => Simulator.Run(preset.Model, preset.Scenario!, new SimulationOptions { Policy = p }))
            .ToArray();

        var figure = PaperFigures.TotalExpectedUtility(results, "caption");
        var texts = XDocument.Parse(figure.Svg).Descendants(Svg + "text").Select(t => t.Value).ToArray();

        Assert.Contains("workshop threshold 9,000", texts);
        Assert.Contains($"myopic: week {results[1].ThresholdCrossedWeek}", texts);
        Assert.DoesNotContain(texts, t => t.StartsWith("none: week", StringComparison.Ordinal));
        Assert.Contains("none", texts);
        Assert.Contains("myopic", texts);
    }

    [Fact]
    public async Task The_plot_command_writes_the_papers_figures_as_svg_files()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"plots-{Guid.NewGuid():N}");
        try
        {
            var run = await CliRunner.RunAsync("plot", "--preset", "crowdarb-paper", "--out", directory, "--resolution", "8", "--format", "json");

            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.Output);
            var files = json.RootElement.GetProperty("figures").EnumerateArray().Select(f => Path.GetFileName(f.GetProperty("file").GetString()!)).ToArray();
            Assert.Equal(["fig06-meu.svg", "fig08-meu-with-intervention.svg", "fig09-intervention-value.svg", "fig10-meu-distribution-week-20.svg", "fig11-total-expected-utility.svg"], files);
            foreach (var file in files)
            {
                var document = XDocument.Load(Path.Combine(directory, file));
                Assert.Equal(Svg + "svg", document.Root!.Name);
            }

            var fig11 = Texts(XDocument.Load(Path.Combine(directory, "fig11-total-expected-utility.svg")));
            Assert.Contains("none", fig11);
            Assert.Contains("myopic", fig11);
            Assert.Contains("response-aware", fig11);
            Assert.Contains("planned", fig11);
            Assert.Contains("workshop threshold 9,000", fig11);
            Assert.Contains("myopic: week 11", fig11);
            var fig10 = XDocument.Load(Path.Combine(directory, "fig10-meu-distribution-week-20.svg"));
            Assert.Contains("Distribution of MEU over participants at week 20", Texts(fig10));
            Assert.Equal(4, fig10.Descendants(Svg + "polyline").Count());
        }
        finally
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_plot_command_draws_figure_10_at_the_week_and_seed_asked()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"plots-{Guid.NewGuid():N}");
        try
        {
            var first = await CliRunner.RunAsync("plot", "--out", directory, "--resolution", "4", "--week", "5", "--seed", "3");
            var svg = await File.ReadAllTextAsync(Path.Combine(directory, "fig10-meu-distribution-week-5.svg"));
            var again = await CliRunner.RunAsync("plot", "--out", directory, "--resolution", "4", "--week", "5", "--seed", "3");
            var same = await File.ReadAllTextAsync(Path.Combine(directory, "fig10-meu-distribution-week-5.svg"));
            await CliRunner.RunAsync("plot", "--out", directory, "--resolution", "4", "--week", "5", "--seed", "4");
            var other = await File.ReadAllTextAsync(Path.Combine(directory, "fig10-meu-distribution-week-5.svg"));

            Assert.Equal(0, first.ExitCode);
            Assert.Equal(0, again.ExitCode);
            Assert.Contains("fig10-meu-distribution-week-5.svg", first.Output);
            Assert.Equal(svg, same);
            Assert.NotEqual(svg, other);
            Assert.Contains("seed 3", svg);
        }
        finally
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void The_meu_distribution_sorts_each_policy_ascending_as_steps_over_the_participant_rank()
    {
        var preset = DecisionPresets.Get("crowdarb-paper");
        var scenario = preset.Scenario!.With(participants: 40);
        var results = new[] { ContactPolicies.None, ContactPolicies.Myopic }
            .Select(p => Simulator.Run(preset.Model, scenario, new SimulationOptions { Policy = p, Mode = SimulationMode.MonteCarlo, CaptureWeek = 8 }))
            .ToArray();

        var figure = PaperFigures.MeuDistribution(results, "caption");
        var document = XDocument.Parse(figure.Svg);
        var texts = Texts(document);
        var lines = document.Descendants(Svg + "polyline").Select(Points).ToArray();

        Assert.Equal("fig10-meu-distribution-week-8.svg", figure.FileName);
        Assert.Contains("none", texts);
        Assert.Contains("myopic", texts);
        Assert.Contains("participants ranked by MEU (lowest first)", texts);
        Assert.Contains("MEU(b) at week 8", texts);
        Assert.Equal(2, lines.Length);
        var left = lines.Min(l => l[0].X);
        var right = lines.Max(l => l[^1].X);
        foreach (var line in lines)
        {
            Assert.InRange(line.Length, 2, (2 * 40) - 1); // at most a horizontal and a vertical segment per participant
            Assert.Equal(left, line[0].X); // rank 1
            Assert.Equal(right, line[^1].X); // rank 40
            for (var i = 1; i < line.Length; i++)
            {
                Assert.True(line[i].X >= line[i - 1].X, "x runs left to right");
                Assert.True(line[i].Y <= line[i - 1].Y + 1e-9, "MEU never falls (SVG y grows downwards)");
                Assert.True(line[i].X == line[i - 1].X || line[i].Y == line[i - 1].Y, "steps are horizontal or vertical");
            }
        }
    }

    [Fact]
    public void Step_points_merge_runs_of_equal_values()
    {
        var steps = LineChart.StepPoints([(1, 0), (2, 0), (3, 0), (4, 5), (5, 5), (6, 7)]);

        Assert.Equal([(1.0, 0.0), (4.0, 0.0), (4.0, 5.0), (6.0, 5.0), (6.0, 7.0)], steps);
        Assert.Equal([(1.0, 2.0), (3.0, 2.0)], LineChart.StepPoints([(1, 2), (2, 2), (3, 2)]));
    }

    [Fact]
    public void Coinciding_lines_stay_visible_by_width_and_dash()
    {
        var series = Enumerable.Range(0, 4).Select(i => new ChartSeries($"s{i}", [(0.0, 1.0), (1.0, 2.0)])).ToArray();

        var document = XDocument.Parse(LineChart.Draw("t", "x", "y", series));
        var lines = document.Descendants(Svg + "polyline").ToArray();
        var widths = lines.Select(l => double.Parse(l.Attribute("stroke-width")!.Value, CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(widths.OrderDescending(), widths);
        Assert.Equal(widths.Length, widths.Distinct().Count());
        Assert.Null(lines[0].Attribute("stroke-dasharray"));
        Assert.NotNull(lines[3].Attribute("stroke-dasharray"));
    }

    [Fact]
    public void The_meu_distribution_needs_captured_results()
    {
        var preset = DecisionPresets.Get("crowdarb-paper");
        var plain = Simulator.Run(preset.Model, preset.Scenario!.With(weeks: 2), new SimulationOptions { Mode = SimulationMode.MonteCarlo });

        var ex = Assert.Throws<ArgumentException>(() => PaperFigures.MeuDistribution([plain], "caption"));

        Assert.Contains("CaptureWeek", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_writes_the_time_series_it_computed_beside_its_table()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"simulate-plots-{Guid.NewGuid():N}");
        try
        {
            var run = await CliRunner.RunAsync("simulate", "--weeks", "12", "--plots", directory);

            Assert.Equal(0, run.ExitCode);
            var path = Path.Combine(directory, "total-expected-utility.svg");
            Assert.Contains("myopic: the total reaches 9,000 in week 11.", run.Output);
            Assert.Contains($"wrote {path}", run.Output);
            var document = XDocument.Load(path);
            var texts = Texts(document);
            Assert.Contains("none", texts);
            Assert.Contains("myopic", texts);
            Assert.Contains("myopic: week 11", texts);
            Assert.Contains("crowdarb-paper: 560 participants, 12 weeks, expected mode.", texts);
            var lines = document.Descendants(Svg + "polyline").Select(Points).ToArray();
            Assert.Equal(2, lines.Length);
            Assert.All(lines, l => Assert.Equal(13, l.Length));
            foreach (var simplex in new[] { "fig06-meu.svg", "fig08-meu-with-intervention.svg", "fig09-intervention-value.svg" })
            {
                Assert.Contains($"wrote {Path.Combine(directory, simplex)}", run.Output);
                Assert.Equal(Svg + "svg", XDocument.Load(Path.Combine(directory, simplex)).Root!.Name);
            }

            var json = await CliRunner.RunAsync("simulate", "--policy", "myopic", "--mode", "monte-carlo", "--seed", "2", "--weeks", "4", "--plots", directory, "--format", "json");
            Assert.Equal(0, json.ExitCode);
            using var parsed = JsonDocument.Parse(json.Output);
            Assert.Contains($"wrote {path}", json.Error);
            Assert.Contains("monte-carlo, one run (seed 2)", await File.ReadAllTextAsync(path));
        }
        finally
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--resolution", "2", "--resolution must be from 4 to 200")]
    [InlineData("--week", "21", "--week must be from 0 to 20 (the scenario's weeks); got 21")]
    [InlineData("--week", "-1", "--week must be from 0 to 20 (the scenario's weeks); got -1")]
    [InlineData("--intervention", "fax", "unknown intervention 'fax'")]
    public async Task The_plot_command_refuses_bad_options_with_one_line(string option, string value, string fragment)
    {
        var run = await CliRunner.RunAsync("plot", "--out", Path.GetTempPath(), option, value);

        run.AssertUserError(fragment);
    }

    private static string[] Texts(XDocument document) => [.. document.Descendants(Svg + "text").Select(t => t.Value)];

    private static (double X, double Y)[] Points(XElement polyline) =>
        [.. polyline.Attribute("points")!.Value.Split(' ').Select(p => p.Split(',')).Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))];

    [Fact]
    public async Task The_plot_command_needs_an_output_directory()
    {
        var run = await CliRunner.RunAsync("plot");

        run.AssertUserError("--out");
    }
}
