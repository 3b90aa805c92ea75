using System.Runtime.CompilerServices;

namespace Crowdsourcing.Cli.Tests;

/// <summary>The sample files shipped under <c>tools/Crowdsourcing.Cli/samples/</c>, and temporary files for a test.</summary>
internal static class Samples
{
    public static string Path(string name, [CallerFilePath] string callerPath = "")
    {
        var directory = new DirectoryInfo(System.IO.Path.GetDirectoryName(callerPath)!);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "tools", "Crowdsourcing.Cli", "Crowdsourcing.Cli.csproj")))
        {
            directory = directory.Parent;
        }

        return System.IO.Path.Combine(directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + callerPath), "tools", "Crowdsourcing.Cli", "samples", name);
    }
}

/// <summary>A temporary directory deleted when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        FullName = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crowdsourcing-cli-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(FullName);
    }

    public string FullName { get; }

    public string File(string name) => System.IO.Path.Combine(FullName, name);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(FullName))
        {
            System.IO.Directory.Delete(FullName, recursive: true);
        }
    }
}
