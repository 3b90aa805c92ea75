using System.Globalization;
using System.Text;
using Crowdsourcing.Decision.TruthInference;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Decision.Tests.TruthInference;

/// <summary>
/// Every method on the RTE and TEMP data sets of Snow, O'Connor, Jurafsky and Ng, "Cheap and Fast — But is it Good?
/// Evaluating Non-Expert Annotations for Natural Language Tasks", EMNLP 2008 (the CrowdTruth project's standardized
/// copies, Apache-2.0; see shared/data/README.md), scored against the expert labels.
/// </summary>
public class TruthInferenceDataTests
{
    private const string TableStart = "<!-- accuracy-table:start -->";
    private const string TableEnd = "<!-- accuracy-table:end -->";

    public static TheoryData<string, string> DataSetsAndMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in PublicDataSets.Names)
        {
            foreach (var method in EnumNames.All<TruthInferenceMethod>())
            {
                data.Add(name, method);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DataSetsAndMethods))]
    public void Every_method_labels_every_task_and_is_accurate_against_gold(string dataSet, string method)
    {
        var answers = PublicDataSets.Answers(dataSet);
        var truth = PublicDataSets.Truth(dataSet);

        var result = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = EnumNames.Parse<TruthInferenceMethod>(method, "method") });

        Assert.Equal(truth.Count, result.Items.Count);
        Assert.Equal(answers.Count, result.AnswerCount);
        Assert.True(result.Convergence.Converged, $"{method} did not converge in {result.Convergence.Iterations} iterations");
        Assert.All(result.Items, item =>
        {
            Assert.Equal(10, item.Answers);
            Assert.InRange(item.Posterior.Sum(), 1 - 1e-9, 1 + 1e-9);
            Assert.Equal(item.Posterior.Max(), item.Confidence);
        });
        Assert.All(result.Workers, w => Assert.True(w.SkillLower <= w.Skill && w.Skill <= w.SkillUpper, $"{w.Worker}: {w.SkillLower} {w.Skill} {w.SkillUpper}"));

        // Snow et al. report about 0.90 to 0.94 for voting on these sets; every method stays above 0.9.
        Assert.InRange(PublicDataSets.Accuracy(result, truth), 0.9, 1.0);
    }

    [Theory]
    [InlineData("rte")]
    [InlineData("temp")]
    public void Dawid_Skene_is_not_worse_than_majority_vote(string dataSet)
    {
        var answers = PublicDataSets.Answers(dataSet);
        var truth = PublicDataSets.Truth(dataSet);

        var majority = PublicDataSets.Accuracy(TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = TruthInferenceMethod.Majority }), truth);
        var dawidSkene = PublicDataSets.Accuracy(TruthInferenceEngine.Infer(answers), truth);

        Assert.True(dawidSkene >= majority, $"{dataSet}: Dawid-Skene {dawidSkene:0.0000} < majority vote {majority:0.0000}");
    }

    /// <summary>docs/truth-inference.md shows the table this test computes; when a method changes, copy the table from the failure message.</summary>
    [Fact]
    public void The_accuracy_table_in_the_docs_is_the_one_the_methods_give()
    {
        var table = AccuracyTable();
        var path = Path.Combine(PublicDataSets.RepositoryRoot(), "docs", "truth-inference.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(TableStart, StringComparison.Ordinal);
        var end = text.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} has no {TableStart} … {TableEnd} section");
        var documented = text[(start + TableStart.Length)..end].Trim('\n');

        Assert.True(documented == table, $"The accuracy table in {path} is out of date; it should read:\n{table}");
    }

    internal static string AccuracyTable()
    {
        var ci = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("| method | RTE accuracy | RTE iterations | TEMP accuracy | TEMP iterations |\n");
        text.Append("|---|---:|---:|---:|---:|\n");
        var sets = PublicDataSets.Names.Select(n => (Answers: PublicDataSets.Answers(n), Truth: PublicDataSets.Truth(n))).ToArray();
        foreach (var method in Enum.GetValues<TruthInferenceMethod>())
        {
            text.Append(ci, $"| {EnumNames.Of(method)} |");
            foreach (var (answers, truth) in sets)
            {
                var result = TruthInferenceEngine.Infer(answers, new TruthInferenceOptions { Method = method });
                var correct = truth.Count(g => result.GetItem(g.Task).Label == g.Label);
                text.Append(ci, $" {correct / (double)truth.Count:0.0000} ({correct}/{truth.Count}) | {(result.Convergence.Iterations == 0 ? "–" : result.Convergence.Iterations.ToString(ci))} |");
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }
}
