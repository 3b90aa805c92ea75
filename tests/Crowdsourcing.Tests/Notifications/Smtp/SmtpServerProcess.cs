using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Crowdsourcing.Tests.Notifications.Smtp;

/// <summary>One message the SMTP server stored: the client's port (one per connection), the envelope and the data.</summary>
internal sealed record StoredMail(int Peer, string From, string To, string Data);

/// <summary>
/// A real SMTP server process on loopback: Debian's python3-aiosmtpd running <c>smtp_server.py</c> (STARTTLS with a
/// throwaway certificate from openssl, AUTH, and servers that refuse, drop the connection or answer slowly). `.ci/run`
/// installs python3-aiosmtpd when it is missing.
/// </summary>
internal sealed class SmtpServerProcess : IAsyncDisposable
{
    public const string User = "crowd-mailer";
    public const string Password = "a-mail-password";

    private readonly Process _process;
    private readonly string _directory;

    private SmtpServerProcess(Process process, string directory, int port, string? certificateSha256)
    {
        _process = process;
        _directory = directory;
        Port = port;
        CertificateSha256 = certificateSha256;
    }

    public int Port { get; }

    /// <summary>The SHA-256 (hex) of the server's throwaway certificate, when it offers STARTTLS.</summary>
    public string? CertificateSha256 { get; }

    /// <summary>Starts a server; <paramref name="tls"/> requires STARTTLS, <paramref name="auth"/> requires AUTH with <see cref="User"/>.</summary>
    public static async Task<SmtpServerProcess> StartAsync(bool tls = true, bool auth = true, params string[] behaviour)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("crowdsourcing-smtp-").FullName;
        var port = FreePort();
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "Notifications", "Smtp", "smtp_server.py"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", directory };
        string? sha256 = null;
        if (tls)
        {
            var cert = Path.Combine(directory, "cert.pem");
            var key = Path.Combine(directory, "key.pem");
            await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost");
            sha256 = Convert.ToHexString(SHA256.HashData(X509Certificate2.CreateFromPem(File.ReadAllText(cert)).RawData));
            arguments.AddRange(["--cert", cert, "--key", key]);
        }

        if (auth)
        {
            arguments.AddRange(["--user", User, "--password", Password]);
        }

        arguments.AddRange(behaviour);
        // Debian's interpreter, which has Debian's python3-aiosmtpd (another python3 may come first on the PATH).
        var start = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(ready.Token);
        if (line != "ready")
        {
            var error = await process.StandardError.ReadToEndAsync(ready.Token);
            throw new InvalidOperationException($"The SMTP server did not start (is python3-aiosmtpd installed? apt-get install python3-aiosmtpd): {error}");
        }

        return new SmtpServerProcess(process, directory, port, sha256);
    }

    /// <summary>The messages stored so far, in order.</summary>
    public IReadOnlyList<StoredMail> Messages =>
        [.. System.IO.Directory.GetFiles(_directory, "*.eml").Order(StringComparer.Ordinal).Select(path =>
        {
            var text = File.ReadAllText(path);
            var lines = text.Split('\n', 4);
            return new StoredMail(int.Parse(lines[0]["peer: ".Length..], System.Globalization.CultureInfo.InvariantCulture), lines[1]["from: ".Length..], lines[2]["to: ".Length..], lines[3]);
        })];

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A loopback port nobody listens on (a closed server).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await error}");
        }
    }
}
