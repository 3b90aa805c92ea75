using System.Text.RegularExpressions;
using Crowdsourcing.Roadmap.Catalog;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>
/// The papers the planner quotes, read from <c>&lt;repository root&gt;/../shared/seeds</c> (CI clones the repository with
/// <c>shared/</c> beside it). The repository root is the directory holding <c>Crowdsourcing.sln</c>.
/// </summary>
internal static partial class Seeds
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Texts = new(Load);

    /// <summary>The document id to the seed file's prefix (see the seeds' README).</summary>
    public static IReadOnlyDictionary<string, string> Prefixes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PaperPassage.RoadmapPaper] = "000_",
        [PaperPassage.ClustersPaper] = "001_",
        [PaperPassage.CrowdArbPaper] = "002_",
    };

    /// <summary>The normalised text of a paper: whitespace and line breaks collapsed to single spaces, and a hyphen that ends a line joined to the next line (as in <c>micro-</c>/<c>task</c>).</summary>
    public static string Text(string document) => Texts.Value.TryGetValue(document, out var text)
        ? text
        : throw new KeyNotFoundException($"No seed paper for document '{document}'; known: {string.Join(", ", Texts.Value.Keys)}.");

    public static string Normalise(string raw) => PaperPassage.Normalise(LineEndHyphen().Replace(raw, "-"));

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Crowdsourcing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No directory holding Crowdsourcing.sln above {AppContext.BaseDirectory}.");
    }

    private static Dictionary<string, string> Load()
    {
        var root = RepositoryRoot();
        var folder = Path.GetFullPath(Path.Combine(root, "..", "shared", "seeds"));
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(
                $"The seed papers are missing: expected the folder {folder} (the repository root {root}, then ../shared/seeds). CI clones the repository with shared/ beside it; locally, put the seeds there.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (document, prefix) in Prefixes)
        {
            var files = Directory.GetFiles(folder, prefix + "*.txt");
            if (files.Length != 1)
            {
                throw new InvalidOperationException($"Expected one seed paper {prefix}*.txt for document '{document}' in {folder}; found {files.Length}.");
            }

            result[document] = Normalise(File.ReadAllText(files[0]));
        }

        return result;
    }

    [GeneratedRegex(@"-[ \t]*\r?\n\s*", RegexOptions.CultureInvariant)]
    private static partial Regex LineEndHyphen();
}
