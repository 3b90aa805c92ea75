using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Crowdsourcing.Notifications.Webhook;

namespace Crowdsourcing.Tests.Notifications;

/// <summary>One request the webhook server received.</summary>
internal sealed record WebhookRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool SignatureValid);

/// <summary>
/// A minimal HTTP/1.1 endpoint on loopback (TcpListener, one request per connection) that records each request,
/// verifies its Standard Webhooks signature with the shared secret, and answers with the next queued status (default 200).
/// </summary>
internal sealed class LoopbackWebhookServer : LoopbackTcpServer
{
    private readonly string _secret;

    public LoopbackWebhookServer(string secret)
    {
        _secret = secret;
        Start();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/hooks/crowd");

    public ConcurrentQueue<WebhookRequest> Requests { get; } = new();

    /// <summary>How long to wait after reading a request before answering (a slow receiver).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Statuses to answer with, in order; 200 once empty.</summary>
    public ConcurrentQueue<HttpStatusCode> Statuses { get; } = new();

    /// <summary>
    /// Waits until the server has recorded <paramref name="count"/> requests, or <paramref name="within"/> has passed:
    /// a client that gave up (a timeout) does not wait for the server to read what it sent.
    /// </summary>
    public async Task<IReadOnlyList<WebhookRequest>> WaitForRequestsAsync(int count, TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Requests.Count < count && watch.Elapsed < within)
        {
            await Task.Delay(20);
        }

        return [.. Requests];
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head is null)
            {
                return;
            }

            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            headers.TryGetValue(WebhookSignature.IdHeaderName, out var id);
            headers.TryGetValue(WebhookSignature.TimestampHeaderName, out var timestamp);
            headers.TryGetValue(WebhookSignature.SignatureHeaderName, out var signature);
            Requests.Enqueue(new WebhookRequest(requestLine[0], requestLine[1], headers, body, WebhookSignature.Verify(_secret, id, timestamp, body, signature)));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            var status = Statuses.TryDequeue(out var s) ? s : HttpStatusCode.OK;
            var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            await stream.FlushAsync();
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
            {
                return Encoding.ASCII.GetString(buffer.ToArray(), 0, n - 4);
            }
        }
    }
}
