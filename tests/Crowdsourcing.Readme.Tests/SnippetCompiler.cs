using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Crowdsourcing.Readme.Tests;

/// <summary>
/// Compiles a README snippet as the <c>Program.cs</c> of a new project would be: C# latest, nullable on, the implicit
/// global usings of the template, against the framework's reference assemblies (Microsoft.AspNetCore.App too for
/// <c>web</c>) and the assemblies the named packages bring (each package's assembly, as built beside these tests, and
/// the assemblies it references, transitively).
/// </summary>
internal static class SnippetCompiler
{
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] WebUsings =
        [.. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private static readonly ConcurrentDictionary<string, MetadataReference> References = new(StringComparer.Ordinal);

    /// <summary>The compiler's errors, each with its README line; empty when the snippet compiles.</summary>
    public static IReadOnlyList<string> Errors(ReadmeSnippet snippet)
    {
        var web = snippet.Template == "web";
        var usings = string.Join('\n', (web ? WebUsings : ConsoleUsings).Select(u => $"global using global::{u};"));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(usings, parse, "GlobalUsings.g.cs"),
            CSharpSyntaxTree.ParseText(snippet.Code, parse, "Program.cs"),
        };
        var compilation = CSharpCompilation.Create(
            "Snippet",
            trees,
            ReferencesFor(snippet.Packages, web),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return
        [
            .. compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => d.Location.SourceTree?.FilePath == "Program.cs"
                    ? $"README.md line {snippet.Line + d.Location.GetLineSpan().StartLinePosition.Line}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"
                    : $"{d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"),
        ];
    }

    /// <summary>The framework's reference assemblies, then the closure of the packages' assemblies (a framework assembly wins over a package's copy).</summary>
    internal static IReadOnlyList<MetadataReference> ReferencesFor(IEnumerable<string> packages, bool web)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pack in web ? ["Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref"] : new[] { "Microsoft.NETCore.App.Ref" })
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(ReferencePack(pack), "*.dll"))
            {
                byName.TryAdd(Path.GetFileNameWithoutExtension(file), file);
            }
        }

        var pending = new Stack<string>(packages);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            var file = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            if (byName.ContainsKey(name) || !File.Exists(file))
            {
                continue;
            }

            byName[name] = file;
            foreach (var reference in ReferencedAssemblies(file))
            {
                pending.Push(reference);
            }
        }

        return [.. byName.Values.Select(path => References.GetOrAdd(path, p => MetadataReference.CreateFromFile(p)))];
    }

    private static IEnumerable<string> ReferencedAssemblies(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))];
    }

    /// <summary>The reference assemblies of a targeting pack of the running .NET (the highest version of its major).</summary>
    private static string ReferencePack(string pack)
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var versions = Path.Combine(root, "packs", pack);
        var major = Environment.Version.Major;
        var version = System.IO.Directory.EnumerateDirectories(versions)
            .Select(Path.GetFileName)
            .Where(v => v is not null && v.StartsWith($"{major}.", StringComparison.Ordinal))
            .OrderByDescending(v => Version.TryParse(v!.Split('-')[0], out var parsed) ? parsed : new Version(0, 0))
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"No {pack} {major}.x under {versions}: install the .NET {major} SDK.");
        return Path.Combine(versions, version, "ref", $"net{major}.0");
    }
}
