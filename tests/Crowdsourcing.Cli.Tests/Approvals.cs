using System.Runtime.CompilerServices;

namespace Crowdsourcing.Cli.Tests;

/// <summary>
/// The snapshot helper: compares text with <c>Approved/NAME.approved.EXT</c> beside the tests; on a mismatch (or a
/// missing approved file) writes <c>NAME.received.EXT</c> next to it and fails with a summary of the first difference.
/// </summary>
internal static class Approvals
{
    public static void Verify(string actual, string name, string extension, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Approved");
        var approvedPath = Path.Combine(directory, $"{name}.approved.{extension}");
        var receivedPath = Path.Combine(directory, $"{name}.received.{extension}");
        actual = actual.ReplaceLineEndings("\n");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : null;
        if (approved == actual)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        if (approved is null)
        {
            Assert.Fail($"No approved file {approvedPath}; wrote {receivedPath}. Review it and rename it to approve.");
        }

        var a = approved.Split('\n');
        var r = actual.Split('\n');
        var line = 0;
        while (line < a.Length && line < r.Length && a[line] == r[line])
        {
            line++;
        }

        Assert.Fail($"{name}: differs from the approved file at line {line + 1} ({a.Length} approved lines, {r.Length} received).\n approved: {(line < a.Length ? a[line] : "<end>")}\n received: {(line < r.Length ? r[line] : "<end>")}\nWrote {receivedPath}.");
    }
}
