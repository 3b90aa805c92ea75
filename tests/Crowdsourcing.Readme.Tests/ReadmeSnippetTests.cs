using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Crowdsourcing.Readme.Tests;

/// <summary>
/// Every C# block of README.md is a complete program that compiles as written: its usings, its host, the records it
/// needs. This is the fast check (Roslyn against the built assemblies); <c>.ci/readme-snippets</c> builds the same blocks
/// as projects against the packed packages.
/// </summary>
public sealed class ReadmeSnippetTests
{
    /// <summary>The scaffolding every program declares; any other variable has one meaning across the README.</summary>
    private static readonly string[] Scaffolding = ["builder", "app", "host"];

    public static TheoryData<int> Snippets()
    {
        var data = new TheoryData<int>();
        foreach (var snippet in ReadmeSnippet.All)
        {
            data.Add(snippet.Line);
        }

        return data;
    }

    [Fact]
    public void The_readme_has_csharp_blocks()
    {
        Assert.True(ReadmeSnippet.All.Count >= 7, $"README.md has {ReadmeSnippet.All.Count} ```csharp blocks");
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Every_csharp_block_names_its_project_template_and_packages(int line)
    {
        var snippet = ReadmeSnippet.All.Single(s => s.Line == line);

        Assert.True(snippet.Template is "console" or "web", $"{snippet}: the first line must say `dotnet new console` or `dotnet new web`:\n{snippet.Code}");
        Assert.NotEmpty(snippet.Packages);
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Every_csharp_block_compiles_as_a_complete_program(int line)
    {
        var snippet = ReadmeSnippet.All.Single(s => s.Line == line);

        var errors = SnippetCompiler.Errors(snippet);

        Assert.True(errors.Count == 0, $"{snippet} does not compile as written:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void No_two_blocks_declare_the_same_variable()
    {
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        var clashes = new List<string>();
        foreach (var snippet in ReadmeSnippet.All)
        {
            var root = CSharpSyntaxTree.ParseText(snippet.Code).GetRoot();
            var names = root.DescendantNodes().OfType<GlobalStatementSyntax>()
                .Select(g => g.Statement).OfType<LocalDeclarationStatementSyntax>()
                .SelectMany(d => d.Declaration.Variables).Select(v => v.Identifier.ValueText)
                .Where(n => !Scaffolding.Contains(n, StringComparer.Ordinal));
            foreach (var name in names)
            {
                if (!owners.TryAdd(name, snippet.Line))
                {
                    clashes.Add($"'{name}' at README.md line {snippet.Line} (and line {owners[name]})");
                }
            }
        }

        Assert.True(clashes.Count == 0, "Variables declared by two blocks (pasting them together would not compile): " + string.Join("; ", clashes));
    }

    [Fact]
    public void A_block_that_misses_a_using_does_not_compile()
    {
        var snippet = new ReadmeSnippet(1, "var preset = DecisionPresets.Get(\"crowdarb-paper\");", "console", ["Crowdsourcing.Decision"]);

        Assert.Contains(SnippetCompiler.Errors(snippet), e => e.Contains("CS0103", StringComparison.Ordinal));
    }

    [Fact]
    public void A_block_that_misses_its_package_does_not_compile()
    {
        var snippet = new ReadmeSnippet(1, "using Crowdsourcing.Roadmap.Planning;\nvar planner = new RoadmapPlanner();", "console", ["Crowdsourcing.Abstractions"]);

        Assert.NotEmpty(SnippetCompiler.Errors(snippet));
    }

    [Fact]
    public void A_console_block_does_not_see_asp_net_core()
    {
        var snippet = new ReadmeSnippet(1, "var builder = WebApplication.CreateBuilder(args);", "console", ["Crowdsourcing"]);

        Assert.NotEmpty(SnippetCompiler.Errors(snippet));
    }
}
