using System.Net;
using System.Net.Sockets;

namespace Crowdsourcing.Tests.Notifications;

/// <summary>
/// A TCP listener on a free loopback port that serves each connection on its own task until disposed. The test
/// servers (<see cref="LoopbackWebhookServer"/>) speak their protocol in
/// <see cref="ServeAsync"/> and call <see cref="Start"/> at the end of their constructor.
/// </summary>
internal abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>The port the server listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Starts listening; called once the derived server is fully constructed.</summary>
    protected void Start()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    /// <summary>Speaks the protocol with one client; the connection is closed when this returns.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }
}
