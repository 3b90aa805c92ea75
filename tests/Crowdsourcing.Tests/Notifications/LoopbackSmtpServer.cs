using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Crowdsourcing.Tests.Notifications;

/// <summary>
/// A tiny SMTP server on loopback speaking enough of RFC 5321 for <c>System.Net.Mail.SmtpClient</c>: greeting, EHLO,
/// MAIL, RCPT, DATA, RSET, NOOP, QUIT. Messages are recorded raw. <see cref="RefuseNext"/> answers the next MAIL
/// commands with a transient 451 error.
/// </summary>
internal sealed class LoopbackSmtpServer : LoopbackTcpServer
{
    private int _refuse;

    public LoopbackSmtpServer()
    {
        Start();
    }

    /// <summary>The messages received: envelope sender, recipients, and the raw DATA.</summary>
    public ConcurrentQueue<(string From, IReadOnlyList<string> To, string Data)> Messages { get; } = new();

    /// <summary>How many MAIL commands were refused.</summary>
    public int Refused { get; private set; }

    /// <summary>Refuses the next <paramref name="count"/> MAIL commands with 451.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _refuse, count);

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost test SMTP ready");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        if (Interlocked.Decrement(ref _refuse) >= 0)
                        {
                            Refused++;
                            await writer.WriteLineAsync("451 4.3.0 Temporary failure, try again later");
                        }
                        else
                        {
                            from = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                            to.Clear();
                            await writer.WriteLineAsync("250 2.1.0 OK");
                        }

                        break;
                    case "RCPT":
                        to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        Messages.Enqueue((from ?? string.Empty, to.ToArray(), data.ToString()));
                        await writer.WriteLineAsync("250 2.0.0 Queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
    }
}
