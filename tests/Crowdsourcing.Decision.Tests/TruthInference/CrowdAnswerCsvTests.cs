using Crowdsourcing.Decision.TruthInference;

namespace Crowdsourcing.Decision.Tests.TruthInference;

public class CrowdAnswerCsvTests
{
    [Fact]
    public void Reads_quoted_fields_columns_in_any_order_and_ignores_other_columns()
    {
        var text = "\uFEFFlabel,extra,task,worker\r\n\"yes, surely\",\"x\ny\",\"t \"\"1\"\"\",w1\n\n no ,,t2, w2 \n";

        var answers = CrowdAnswerCsv.ParseAnswers(text, "a.csv");

        Assert.Equal(2, answers.Count);
        Assert.Equal(new CrowdAnswer("t \"1\"", "w1", "yes, surely") { Line = 2 }, answers[0]);
        Assert.Equal(new CrowdAnswer("t2", "w2", "no") { Line = 5 }, answers[1]);

        // A quoted field may span lines (the ignored column above), but a name with a line break is refused.
        var error = Assert.Throws<ValidationFailedException>(() => CrowdAnswerCsv.ParseAnswers("task,worker,label\nt,w,\"two\nlines\"\n", "a.csv"));
        Assert.Equal("a.csv line 2, column 3 (label): the label 'two lines' contains a control character.", error.Message);
    }

    [Theory]
    [InlineData("task,worker\nt,w\n", "a.csv line 1", "a.csv line 1: the header has no 'label' column; the columns are task,worker,label (got 'task,worker').")]
    [InlineData("task,worker,label\nt,w,a\nt2,,b\n", "a.csv line 3, column 2 (worker)", "a.csv line 3, column 2 (worker): the worker is empty.")]
    [InlineData("task,worker,label\nt,w,\"open\n", "a.csv line 2, column 3", "a.csv line 2, column 3: a quoted field is not closed.")]
    [InlineData("task,worker,label\nt,\"w\"x,a\n", "a.csv line 2, column 2", "a.csv line 2, column 2: text after the closing quote of a quoted field.")]
    [InlineData("task,worker,label\nt,w\n", "a.csv line 2", "a.csv line 2: 2 fields; the 'label' column is column 3.")]
    [InlineData("task,task,worker,label\n", "a.csv line 1, column 2 (task)", "a.csv line 1, column 2 (task): column 'task' appears twice in the header.")]
    [InlineData("", "a.csv line 1", "a.csv line 1: the text is empty; the first line must be the header (task,worker,label).")]
    public void Errors_name_the_file_line_and_column(string text, string path, string message)
    {
        var error = Assert.Throws<ValidationFailedException>(() => CrowdAnswerCsv.ParseAnswers(text, "a.csv"));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Reads_gold_labels()
    {
        var gold = CrowdAnswerCsv.ParseGold("task,label\n42_0,before\n", "truth.csv");

        Assert.Equal([new GoldLabel("42_0", "before") { Line = 2 }], gold);
        Assert.Contains("no 'label' column", Assert.Throws<ValidationFailedException>(() => CrowdAnswerCsv.ParseGold("task,gold\n1,a\n", "truth.csv")).Message);
    }
}
