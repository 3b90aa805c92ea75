using System.Globalization;
using Crowdsourcing.Cli.Campaigns;

namespace Crowdsourcing.Cli;

/// <summary>
/// The command line's own limits on its input files, read from the environment like the rest of its settings:
/// <c>Crowdsourcing__Cli__MaxInputFileBytes</c> (default and ceiling 256 MiB, <see cref="CliPaths.MaxInputFileBytes"/>;
/// at least 1 KiB) and <c>Crowdsourcing__Cli__MaxParticipantRows</c> (default and ceiling 1,000,000,
/// <see cref="ParticipantCsv.MaxRows"/>; at least 1). A value may lower a limit, never raise it; a value that is not a
/// whole number in its range is an error naming the variable. The limits on what the files hold are the runtime's
/// (<c>Crowdsourcing__Limits__…</c>, see <c>docs/limits.md</c>).
/// </summary>
internal static class CliLimits
{
    /// <summary>The environment variable that lowers <see cref="MaxInputFileBytes"/>.</summary>
    public const string InputFileBytesVariable = "Crowdsourcing__Cli__MaxInputFileBytes";

    /// <summary>The environment variable that lowers <see cref="MaxParticipantRows"/>.</summary>
    public const string ParticipantRowsVariable = "Crowdsourcing__Cli__MaxParticipantRows";

    /// <summary>The largest input file the command line reads, in bytes.</summary>
    /// <exception cref="CliException">The variable is set to something other than a whole number from 1,024 to
    /// 268,435,456.</exception>
    public static long MaxInputFileBytes => Read(InputFileBytesVariable, 1024, CliPaths.MaxInputFileBytes);

    /// <summary>The most participant rows one CSV file may have.</summary>
    /// <exception cref="CliException">The variable is set to something other than a whole number from 1 to
    /// 1,000,000.</exception>
    public static int MaxParticipantRows => (int)Read(ParticipantRowsVariable, 1, ParticipantCsv.MaxRows);

    /// <summary>A size in words: <c>256 MiB</c>, <c>64 KiB</c> or <c>1,500 bytes</c>.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        _ when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):N0} MiB"),
        _ when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:N0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };

    private static long Read(string variable, long minimum, long ceiling)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ceiling;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > ceiling)
        {
            throw new CliException(string.Create(
                CultureInfo.InvariantCulture,
                $"the environment variable {variable} must be a whole number from {minimum:N0} to {ceiling:N0}, which the command line may lower but not raise (value: '{(text.Length > 60 ? text[..60] + "…" : text)}')"));
        }

        return value;
    }
}
