namespace Crowdsourcing.Cli.Tests;

/// <summary>Runs the <c>crowdsourcing</c> command in-process and captures its output.</summary>
internal static class CliRunner
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, new CliContext(output, error), CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Asserts a user error: exit 2, one line on stderr that starts with "error:", nothing on stdout, no stack trace.</summary>
    public void AssertUserError(string expectedFragment)
    {
        Assert.Equal(2, ExitCode);
        Assert.Equal(string.Empty, Output);
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expectedFragment, Error);
        Assert.DoesNotContain("   at ", Error);
    }
}
