namespace Crowdsourcing.Cli;

/// <summary>
/// A user error: bad arguments or input. Reported as one line on standard error with <see cref="ExitCode"/> (2 unless
/// told otherwise; 1 for a failure that is not the input's fault, such as a store that cannot be reached).
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException(string message, Exception? innerException, int exitCode)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public CliException()
    {
    }

    /// <summary>The process exit code; default <see cref="ExitCodes.InvalidInput"/>.</summary>
    public int ExitCode { get; } = ExitCodes.InvalidInput;
}
