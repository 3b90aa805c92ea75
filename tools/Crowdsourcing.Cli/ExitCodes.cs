namespace Crowdsourcing.Cli;

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or invalid input (a model, a belief, a file).</summary>
    public const int InvalidInput = 2;
}
