using System.Text.Json;
using System.Xml.Linq;
using Crowdsourcing.Cli.Plotting;
using Crowdsourcing.Decision;

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
            Assert.Equal(["fig06-meu.svg", "fig08-meu-with-intervention.svg", "fig09-intervention-value.svg", "fig11-total-expected-utility.svg"], files);
            foreach (var file in files)
            {
                var document = XDocument.Load(Path.Combine(directory, file));
                Assert.Equal(Svg + "svg", document.Root!.Name);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--resolution", "2", "--resolution must be from 4 to 200")]
    [InlineData("--intervention", "fax", "unknown intervention 'fax'")]
    public async Task The_plot_command_refuses_bad_options_with_one_line(string option, string value, string fragment)
    {
        var run = await CliRunner.RunAsync("plot", "--out", Path.GetTempPath(), option, value);

        run.AssertUserError(fragment);
    }

    [Fact]
    public async Task The_plot_command_needs_an_output_directory()
    {
        var run = await CliRunner.RunAsync("plot");

        run.AssertUserError("--out");
    }
}
