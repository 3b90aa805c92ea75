using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Crowdsourcing.AspNetCore.Tests.Sample;

/// <summary>The sample host run as a user runs it (its own process, Development): the demo campaign is seeded once the
/// server listens, and a port that is taken is one line naming --urls, with no demo data written.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("crowdsourcing-sample-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_taken_port_is_one_line_naming_urls_and_seeds_nothing()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output, error) = await RunAsync($"http://127.0.0.1:{port}", TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"error: Failed to bind to address http://127.0.0.1:{port}: address already in use.", lines[0], StringComparison.Ordinal);
        Assert.Contains("--urls http://localhost:5081", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo campaign", output, StringComparison.Ordinal);
        Assert.Equal(0, await CampaignsAsync());
    }

    [Fact]
    public async Task The_demo_is_seeded_after_the_server_listens()
    {
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();

        var (_, output, _) = await RunAsync($"http://127.0.0.1:{port}", TimeSpan.FromSeconds(90), stopWhen: "Application started");

        var listening = output.IndexOf("Now listening on: http://127.0.0.1:" + port, StringComparison.Ordinal);
        var seeded = output.IndexOf("Demo campaign 'demo-client-assessments' created", StringComparison.Ordinal);
        Assert.True(listening >= 0 && seeded > listening, output);
        Assert.Equal(1, await CampaignsAsync());
    }

    private string Database => Path.Combine(_directory, "sample.db");

    private async Task<long> CampaignsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'campaigns'";
        if ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM campaigns";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string urls, TimeSpan timeout, string? stopWhen = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Crowdsourcing.Samples.WebApi.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", urls, "--ConnectionStrings:Crowdsourcing", $"Data Source={Database}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var error = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (stopWhen is not null && e.Data?.Contains(stopWhen, StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await Task.WhenAny(process.WaitForExitAsync(cancellation.Token), started.Task.WaitAsync(cancellation.Token));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        lock (output)
        {
            lock (error)
            {
                return (process.ExitCode, output.ToString(), error.ToString().Trim());
            }
        }
    }
}
