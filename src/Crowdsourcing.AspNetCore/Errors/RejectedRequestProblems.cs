using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Crowdsourcing.AspNetCore.Errors;

/// <summary>
/// Turns the bare error answers Kestrel writes itself, for HTTP/1.x requests it refuses before any middleware runs
/// (a request target that decodes to NUL, a malformed request line or header, headers too large), into problem details,
/// so that every error a client of the API sees has the same shape.
/// </summary>
/// <remarks>
/// Kestrel answers such a request with a header block only — an error status, <c>Content-Length: 0</c>,
/// <c>Connection: close</c> and no <c>Content-Type</c> — and then closes the connection. This connection middleware
/// watches what Kestrel commits to the transport and, when a commit is exactly such a header block, commits instead
/// the same status and headers with a <c>application/problem+json</c> body. Answers written by the application never
/// have that shape: the package's status-code pages give every empty error answer a problem body. HTTP/2 and HTTP/3
/// refuse such requests by resetting the stream, which carries no body to shape.
/// </remarks>
internal static class RejectedRequestProblems
{
    private static readonly byte[] ContentLengthZero = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] ConnectionClose = "\r\nConnection: close\r\n"u8.ToArray();
    private static readonly byte[] ContentType = "\r\nContent-Type:"u8.ToArray();
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    /// <summary>The connection middleware: wraps the transport's output of every connection.</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => context =>
    {
        var transport = context.Transport;
        context.Transport = new Pipe(transport.Input, new Writer(transport.Output));
        return next(context);
    };

    /// <summary>
    /// The replacement for <paramref name="committed"/> when it is a header block Kestrel wrote for a request it
    /// refused, or <see langword="null"/> when it is anything else.
    /// </summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> committed)
    {
        if (!committed.StartsWith("HTTP/1."u8) || committed.Length < 16 || !committed.EndsWith(EndOfHeaders)
            || committed.IndexOf(ContentLengthZero) < 0 || committed.IndexOf(ConnectionClose) < 0
            || committed.IndexOf(ContentType) >= 0)
        {
            return null;
        }

        var statusLineEnd = committed.IndexOf("\r\n"u8);
        var statusLine = Encoding.ASCII.GetString(committed[..statusLineEnd]);
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status) || status < 400 || status > 599)
        {
            return null;
        }

        var reason = parts.Length == 3 ? parts[2] : "Error";
        var body = Encoding.UTF8.GetBytes(
            "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15\",\"title\":\"The request is not valid.\",\"status\":" +
            status.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            ",\"detail\":\"The server refused the request before reading it (" + reason +
            "): its request line or headers are malformed, for example a NUL character (U+0000) in the path, or too large.\"}");

        var headers = Encoding.ASCII.GetString(committed[(statusLineEnd + 2)..^4]).Split("\r\n");
        var text = new StringBuilder(statusLine).Append("\r\n")
            .Append("Content-Type: application/problem+json\r\n")
            .Append("Content-Length: ").Append(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var header in headers)
        {
            if (!header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                text.Append(header).Append("\r\n");
            }
        }

        text.Append("\r\n");
        var head = Encoding.ASCII.GetBytes(text.ToString());
        return [.. head, .. body];
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>Passes every write through to the transport, and looks at each commit before passing it on.</summary>
    private sealed class Writer(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> handedOut;

        public override Memory<byte> GetMemory(int sizeHint = 0) => handedOut = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (bytes > 0 && bytes <= handedOut.Length && Rewrite(handedOut.Span[..bytes]) is { } replacement)
            {
                // The refused request's header block was written into memory not yet committed: commit the
                // replacement in its place.
                replacement.CopyTo(inner.GetSpan(replacement.Length));
                inner.Advance(replacement.Length);
                handedOut = default;
                return;
            }

            handedOut = default;
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            var replacement = Rewrite(source.Span);
            return inner.WriteAsync(replacement ?? source, cancellationToken);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
