namespace Crowdsourcing.Cli;

/// <summary>A user error: bad arguments or input. Reported as one line on standard error with exit code 2.</summary>
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

    public CliException()
    {
    }
}
