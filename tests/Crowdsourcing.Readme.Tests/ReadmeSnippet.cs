using System.Text.RegularExpressions;

namespace Crowdsourcing.Readme.Tests;

/// <summary>
/// One ```csharp block of README.md: a complete <c>Program.cs</c> whose first line names the project template and the
/// packages it needs, e.g. <c>// Program.cs of a new console app: dotnet new console &amp;&amp; dotnet add package Crowdsourcing.Decision</c>.
/// </summary>
/// <param name="Line">The README line the code starts on (1-based), for messages.</param>
/// <param name="Code">The code.</param>
/// <param name="Template">The <c>dotnet new</c> template: <c>console</c> or <c>web</c>.</param>
/// <param name="Packages">The packages of its <c>dotnet add package</c> commands.</param>
internal sealed partial record ReadmeSnippet(int Line, string Code, string? Template, IReadOnlyList<string> Packages)
{
    /// <summary>README.md as copied beside the tests.</summary>
    public static string ReadmePath => Path.Combine(AppContext.BaseDirectory, "README.md");

    /// <summary>The ```csharp blocks of README.md, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> All { get; } = Parse(File.ReadAllText(ReadmePath));

    public static IReadOnlyList<ReadmeSnippet> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<ReadmeSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Trim() != "```")
            {
                end++;
            }

            var code = string.Join('\n', lines[start..end]);
            var header = lines[start];
            var template = TemplatePattern().Match(header) is { Success: true } t ? t.Groups[1].Value : null;
            var packages = PackagePattern().Matches(header).Select(m => m.Groups[1].Value).ToArray();
            snippets.Add(new ReadmeSnippet(start + 1, code, header.TrimStart().StartsWith("//", StringComparison.Ordinal) ? template : null, packages));
            i = end;
        }

        return snippets;
    }

    public override string ToString() => $"README.md line {Line}";

    [GeneratedRegex(@"dotnet new (\w+)")]
    private static partial Regex TemplatePattern();

    [GeneratedRegex(@"dotnet add package ([\w.]+)")]
    private static partial Regex PackagePattern();
}
