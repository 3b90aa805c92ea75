using System.Runtime.CompilerServices;

namespace Crowdsourcing.Abstractions.Tests.TestSupport;

/// <summary>
/// Approved-file ("snapshot") comparison: the one helper of this project. <c>Snapshots/{name}.approved.json</c> lives
/// beside the calling test's source file. On a mismatch (or when the approved file is missing) the actual text is
/// written to <c>Snapshots/{name}.received.json</c> and the test fails saying where the texts first differ. To approve,
/// review the received file and rename it to <c>.approved.json</c>.
/// </summary>
internal static class Snapshot
{
    /// <summary>Compares <paramref name="actual"/> with the approved snapshot <paramref name="name"/>.</summary>
    public static void Match(string name, string actual, [CallerFilePath] string callerFilePath = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(actual);
        var directory = Path.Combine(Path.GetDirectoryName(callerFilePath) ?? ".", "Snapshots");
        var approvedPath = Path.Combine(directory, $"{name}.approved.json");
        var receivedPath = Path.Combine(directory, $"{name}.received.json");
        var received = Normalise(actual);

        if (!File.Exists(approvedPath))
        {
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, received);
            Assert.Fail($"Snapshot '{name}' has no approved file. The actual text was written to {receivedPath}; review it and rename it to {Path.GetFileName(approvedPath)} to approve it.");
        }

        var approved = Normalise(File.ReadAllText(approvedPath));
        if (string.Equals(approved, received, StringComparison.Ordinal))
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail($"Snapshot '{name}' differs from {approvedPath}; {FirstDifference(approved, received)}. The actual text was written to {receivedPath}; if the change is intended, review it and rename it to {Path.GetFileName(approvedPath)}.");
    }

    /// <summary>Line endings as <c>\n</c>, and exactly one trailing newline.</summary>
    internal static string Normalise(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n') + "\n";

    /// <summary>Describes the first line where the two texts differ.</summary>
    internal static string FirstDifference(string approved, string received)
    {
        var expectedLines = approved.Split('\n');
        var actualLines = received.Split('\n');
        var count = Math.Max(expectedLines.Length, actualLines.Length);
        for (var i = 0; i < count; i++)
        {
            var expected = i < expectedLines.Length ? expectedLines[i] : null;
            var actual = i < actualLines.Length ? actualLines[i] : null;
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                return $"first difference at line {i + 1}: approved {Show(expected)}, received {Show(actual)}";
            }
        }

        return "the texts are equal";
    }

    private static string Show(string? line) => line is null ? "(end of text)" : $"\"{line}\"";
}
