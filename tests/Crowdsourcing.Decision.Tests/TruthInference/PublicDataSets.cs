using Crowdsourcing.Decision.TruthInference;

namespace Crowdsourcing.Decision.Tests.TruthInference;

/// <summary>
/// The RTE and TEMP data sets of Snow et al. (2008), as laid out in <c>shared/data/</c> beside the repository: the
/// repository root is the directory holding <c>Crowdsourcing.sln</c>, and the data is <c>&lt;root&gt;/../shared/data</c>.
/// </summary>
internal static class PublicDataSets
{
    public static readonly string[] Names = ["rte", "temp"];

    public static string Directory
    {
        get
        {
            var root = RepositoryRoot();
            var data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
            if (!File.Exists(Path.Combine(data, "rte-answers.csv")))
            {
                throw new InvalidOperationException(
                    $"The public data sets are missing: expected {Path.Combine(data, "rte-answers.csv")} (the repository root is {root}; " +
                    "the data lives in shared/data beside it, as CI lays it out). Clone or copy shared/ next to the repository.");
            }

            return data;
        }
    }

    public static IReadOnlyList<CrowdAnswer> Answers(string name) =>
        CrowdAnswerCsv.ParseAnswers(File.ReadAllText(Path.Combine(Directory, $"{name}-answers.csv")), $"{name}-answers.csv");

    public static IReadOnlyList<GoldLabel> Truth(string name) =>
        CrowdAnswerCsv.ParseGold(File.ReadAllText(Path.Combine(Directory, $"{name}-truth.csv")), $"{name}-truth.csv");

    /// <summary>The share of gold tasks whose inferred label is the gold one.</summary>
    public static double Accuracy(TruthInferenceResult result, IReadOnlyList<GoldLabel> truth) =>
        truth.Count(g => result.GetItem(g.Task).Label == g.Label) / (double)truth.Count;

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Crowdsourcing.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No directory holding Crowdsourcing.sln above {AppContext.BaseDirectory}.");
    }
}
