using System.Runtime.CompilerServices;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>
/// Approved-file ("snapshot") comparison: the text must equal <c>Approved/NAME.approved.EXT</c> beside the tests. On a
/// mismatch (or a missing approved file) <c>NAME.received.EXT</c> is written next to it and the test fails with a diff
/// summary; approve by renaming the received file.
/// </summary>
internal static class ApprovedFile
{
    public static void Verify(string name, string extension, string actual, [CallerFilePath] string callerFile = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(callerFile)!, "Approved");
        var approvedPath = Path.Combine(dir, $"{name}.approved.{extension}");
        var receivedPath = Path.Combine(dir, $"{name}.received.{extension}");
        actual = actual.ReplaceLineEndings("\n");

        if (File.Exists(approvedPath))
        {
            var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
            if (approved == actual)
            {
                if (File.Exists(receivedPath))
                {
                    File.Delete(receivedPath);
                }

                return;
            }

            System.IO.Directory.CreateDirectory(dir);
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"{name}.{extension} differs from the approved file.\n{Diff(approved, actual)}\nReceived: {receivedPath}");
        }

        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"No approved file {approvedPath}. Received written to {receivedPath}; review it and rename it to approve.");
    }

    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var lines = new List<string> { $"approved: {e.Length} lines, received: {a.Length} lines" };
        var shown = 0;
        for (var i = 0; i < Math.Max(e.Length, a.Length) && shown < 10; i++)
        {
            var el = i < e.Length ? e[i] : "<none>";
            var al = i < a.Length ? a[i] : "<none>";
            if (el != al)
            {
                lines.Add($"line {i + 1}:\n  - {el}\n  + {al}");
                shown++;
            }
        }

        return string.Join('\n', lines);
    }
}
