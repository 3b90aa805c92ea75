using Crowdsourcing.Decision.Pomdp;

namespace Crowdsourcing.Decision.Tests.Pomdp;

public class PomdpFileTests
{
    private const string Preamble = "discount: 0.9\nvalues: reward\nstates: a b\nactions: stay go\nobservations: quiet loud\n";

    [Fact]
    public void Tiger_file_reads_into_its_tables()
    {
        var tiger = ClassicProblemTests.Tiger();

        Assert.Equal(["tiger-left", "tiger-right"], tiger.States);
        Assert.Equal(["listen", "open-left", "open-right"], tiger.Actions);
        Assert.Equal(0.95, tiger.Discount);
        Assert.Equal([0.5, 0.5], tiger.InitialBelief);
        Assert.Equal(1, tiger.Transition(0, 0, 0));
        Assert.Equal(0.5, tiger.Transition(1, 0, 1));
        Assert.Equal(0.85, tiger.Observation(0, 0, 0));
        Assert.Equal(0.15, tiger.Observation(0, 1, 0));
        Assert.Equal(-1, tiger.Reward(0, 1));
        Assert.Equal(-100, tiger.Reward(1, 0));
        Assert.Equal(10, tiger.Reward(2, 0));
    }

    [Fact]
    public void Writing_and_reading_back_gives_the_same_model_and_the_same_solution()
    {
        var tiger = ClassicProblemTests.Tiger().With(initialBelief: [0.3, 0.7]);

        var text = PomdpFile.Write(tiger);
        var back = PomdpFile.Parse(text, "written.pomdp");

        Assert.Equal(tiger.States, back.States);
        Assert.Equal(tiger.Actions, back.Actions);
        Assert.Equal(tiger.Observations, back.Observations);
        Assert.Equal(tiger.Discount, back.Discount);
        Assert.Equal(tiger.InitialBelief, back.InitialBelief);
        for (var a = 0; a < 3; a++)
        {
            for (var x = 0; x < 2; x++)
            {
                Assert.Equal(tiger.Reward(a, x), back.Reward(a, x));
                for (var y = 0; y < 2; y++)
                {
                    Assert.Equal(tiger.Transition(a, x, y), back.Transition(a, x, y));
                    Assert.Equal(tiger.Observation(a, x, y), back.Observation(a, x, y));
                }
            }
        }

        Assert.Equal(PomdpModelSolver.Solve(tiger, 5).Value, PomdpModelSolver.Solve(back, 5).Value, 12);
        Assert.Equal(text, PomdpFile.Write(back));
    }

    [Fact]
    public void Names_that_are_not_identifiers_are_written_as_indices_with_a_comment()
    {
        var model = new PomdpModel(["very good", "poor"], ["wait"], ["none"], [[[1, 0], [0, 1]]], [[[1], [1]]], [[1, 2]]);

        var text = PomdpFile.Write(model);
        var back = PomdpFile.Parse(text);

        Assert.Contains("# states: 0 = very good, 1 = poor", text, StringComparison.Ordinal);
        Assert.Equal(["0", "1"], back.States);
        Assert.Equal(2, back.Reward(0, 1));
    }

    [Fact]
    public void Indices_wildcards_rows_single_entries_and_comments_all_read()
    {
        var text = Preamble + """
            start: 0.25 0.75   # a start vector
            T: * : a
            0.5 0.5
            T: 0 : b : b 1.0
            T: go : 1
            uniform
            O: stay
            identity
            O: go : * : loud 0.4
            O: go : * : quiet 0.6
            R: go : * : * : * -2
            R: stay : a : * : * 3
            """;

        var model = PomdpFile.Parse(text, "mixed.pomdp");

        Assert.Equal([0.25, 0.75], model.InitialBelief);
        Assert.Equal(0.5, model.Transition(1, 0, 1));
        Assert.Equal(1, model.Transition(0, 1, 1));
        Assert.Equal(0.5, model.Transition(1, 1, 0));
        Assert.Equal(1, model.Observation(0, 1, 1));
        Assert.Equal(0.4, model.Observation(1, 0, 1));
        Assert.Equal(-2, model.Reward(1, 1));
        Assert.Equal(3, model.Reward(0, 0));
        Assert.Equal(0, model.Reward(0, 1));
    }

    [Fact]
    public void Rewards_by_end_state_and_observation_become_their_expectation()
    {
        var text = Preamble + """
            T: * : * 0.5 0.5
            O: * : * 0.5 0.5
            R: stay : a : b : loud 8
            R: stay : b
            1 2
            3 4
            R: go : a : b
            10 20
            """;

        var model = PomdpFile.Parse(text);

        // R(stay, a) = Σ T·O·R = 0.5 × 0.5 × 8; R(stay, b) = (1 + 2 + 3 + 4) / 4; R(go, a) = 0.5 × (0.5 × 10 + 0.5 × 20).
        Assert.Equal(2, model.Reward(0, 0), 12);
        Assert.Equal(2.5, model.Reward(0, 1), 12);
        Assert.Equal(7.5, model.Reward(1, 0), 12);
    }

    [Fact]
    public void A_cost_file_is_read_as_negative_rewards()
    {
        var text = Preamble.Replace("reward", "cost", StringComparison.Ordinal) + "T: * identity\nO: * uniform\nR: go : * : * : * 4\n";

        var model = PomdpFile.Parse(text);

        Assert.Equal(-4, model.Reward(1, 0));
    }

    [Theory]
    [InlineData("start: b", new[] { 0.0, 1.0 })]
    [InlineData("start: 1", new[] { 0.0, 1.0 })]
    [InlineData("start include: a", new[] { 1.0, 0.0 })]
    [InlineData("start exclude: a", new[] { 0.0, 1.0 })]
    [InlineData("start: uniform", new[] { 0.5, 0.5 })]
    public void Every_form_of_start_reads(string start, double[] expected)
    {
        var model = PomdpFile.Parse(Preamble + start + "\nT: * identity\nO: * uniform\n");

        Assert.Equal(expected, model.InitialBelief);
    }

    [Theory]
    [InlineData("T: * identity\nO: * uniform\nT: stay : a\n0.5 0.4\n", "bad.pomdp line 8, T", "sum to 0.9")]
    [InlineData("T: * identity\nO: * uniform\nT: jump : a : b 1\n", "bad.pomdp line 8, T", "expected an action, found 'jump' (known: stay, go)")]
    [InlineData("T: * identity\nO: * uniform\nT: stay : a\n0.5 x\n", "bad.pomdp line 9, T", "number 2 of 2 is missing, found 'x'")]
    [InlineData("T: * identity\nO: go : a\n1 0\n", "bad.pomdp line 8, O", "no O: entry gives O(stay, a, ·)")]
    [InlineData("T: * identity\nO: * uniform\nR: stay a 1\n", "bad.pomdp line 8, R", "expected ':' and a start state")]
    [InlineData("T: * identity\nO: * uniform\nO: stay : 7 : loud 1\n", "bad.pomdp line 8, O", "an end state index 7 is out of range (0 to 1)")]
    [InlineData("T: * identity\nO: * uniform\nbogus\n", "bad.pomdp line 8, file", "expected discount:, values:")]
    [InlineData("T: * identity\nO: stay identity\nO: go\n0.5 0.5\n0.5\n", "bad.pomdp line 10, O", "found the end of the file")]
    public void Bad_files_fail_naming_the_line_and_the_field(string body, string path, string detail)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => PomdpFile.Parse(Preamble + body, "bad.pomdp"));

        Assert.Equal(path, ex.Path);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("states: a b\nactions: x\nobservations: o\nT: * identity\nO: * uniform\n", "pomdp line 5, discount", "no discount")]
    [InlineData("discount: 1.5\n", "pomdp line 1, discount", "must be in (0, 1]")]
    [InlineData("discount: 0.9\nT: * identity\n", "pomdp line 2, states", "states: must come before")]
    [InlineData("discount: 0.9\nstates: a a\n", "pomdp line 2, states", "appears twice")]
    [InlineData("discount: 0.9\nstates: 0\n", "pomdp line 2, states", "between 1 and 2,000")]
    [InlineData("discount: 0.9\nstates: a b\nstart: 0.5 0.6\n", "pomdp line 3, start", "sum to 1.1")]
    [InlineData("discount: 0.9\nvalues: money\n", "pomdp line 2, values", "expected reward or cost, found 'money'")]
    [InlineData("", "pomdp line 1, file", "the file is empty")]
    public void Bad_preambles_fail_naming_the_line_and_the_field(string text, string path, string detail)
    {
        var ex = Assert.Throws<ValidationFailedException>(() => PomdpFile.Parse(text));

        Assert.Equal(path, ex.Path);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_terminal_values_cannot_be_written()
    {
        var model = PomdpModel.FromDecisionModel(Paper.Model);

        var ex = Assert.Throws<ValidationFailedException>(() => PomdpFile.Write(model));

        Assert.Equal("terminalValues", ex.Path);
    }

    [Fact]
    public void Too_large_a_file_is_refused_before_reading_it()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => PomdpFile.Parse(new string(' ', PomdpFile.MaxCharacters + 1), "huge.pomdp"));

        Assert.Contains("100,000,001 characters; at most 100,000,000 are allowed", ex.Message, StringComparison.Ordinal);
    }
}
