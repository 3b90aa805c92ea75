using System.Text;

namespace Crowdsourcing.Cli;

/// <summary>
/// The files and directories named on the command line: every error names the option (or the argument) and says what
/// is wrong with the path (missing, a directory where a file is expected, a file where a directory is expected, a
/// directory that cannot be created, a file that cannot be read or written), never a bare .NET I/O message.
/// </summary>
internal static class CliPaths
{
    /// <summary>The largest input file the command line reads (a campaign, submission, participants, model, spec or log
    /// file): 256 MiB, room for a million participants with their e-mail addresses and qualifications. The ceiling of
    /// the configurable limit <see cref="CliLimits.MaxInputFileBytes"/>. See docs/limits.md.</summary>
    public const long MaxInputFileBytes = 256L * 1024 * 1024;

    /// <summary>An input file that must exist.</summary>
    /// <param name="file">The file.</param>
    /// <param name="what">The option or argument, for messages: <c>--model</c>, <c>the campaign file</c>.</param>
    public static FileInfo RequireFile(FileInfo file, string what)
    {
        var path = file.FullName;
        if (System.IO.Directory.Exists(path))
        {
            throw new CliException($"{what} '{path}' is a directory; expected a file");
        }

        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(path);
            throw new CliException(directory is not null && !System.IO.Directory.Exists(directory)
                ? $"{what} '{path}' does not exist: there is no directory '{directory}'"
                : $"{what} '{path}' does not exist");
        }

        return file;
    }

    /// <summary>The text of an input file that must exist (UTF-8).</summary>
    /// <remarks>A file larger than <see cref="CliLimits.MaxInputFileBytes"/> is refused before it is read.</remarks>
    public static string ReadText(FileInfo file, string what)
    {
        RequireFile(file, what);
        var maxBytes = CliLimits.MaxInputFileBytes;
        try
        {
            file.Refresh();
            if (file.Length > maxBytes)
            {
                throw new CliException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what} '{file.FullName}' has {file.Length:N0} bytes; the command line reads input files of at most {maxBytes:N0} bytes ({CliLimits.Describe(maxBytes)})"));
            }

            return File.ReadAllText(file.FullName, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{what} '{file.FullName}' cannot be read: {Reason(ex)}", ex);
        }
    }

    /// <summary>An output directory: created when missing; an error when it is a file or cannot be created.</summary>
    public static DirectoryInfo CreateDirectory(DirectoryInfo directory, string what)
    {
        var path = directory.FullName;
        if (File.Exists(path))
        {
            throw new CliException($"{what} '{path}' is a file; expected a directory");
        }

        try
        {
            System.IO.Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CliException($"{what} '{path}': the directory cannot be created ({Reason(ex)})", ex);
        }

        return directory;
    }

    /// <summary>Writes a text file (UTF-8 without a byte order mark) into an output directory named by <paramref name="what"/>.</summary>
    public static void WriteText(string path, string text, string what)
    {
        try
        {
            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{what}: '{path}' cannot be written ({Reason(ex)})", ex);
        }
    }

    /// <summary>Why an I/O operation failed, in a few words.</summary>
    private static string Reason(Exception exception) => exception switch
    {
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        DirectoryNotFoundException or FileNotFoundException => "the file system refused it: a part of the path does not exist or does not allow it",
        NotSupportedException => "the path is not supported",
        _ => CliApp.OneLine(exception.Message).TrimEnd('.'),
    };
}
