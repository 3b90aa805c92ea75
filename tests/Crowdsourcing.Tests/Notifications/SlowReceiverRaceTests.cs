using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Tests.Notifications;

/// <summary>
/// The slow-receiver race: two dispatcher instances share one outbox with a short lease, and a loopback receiver answers
/// the first request for each idempotency key only after the lease has run out. A send must never outlive its lease,
/// so the second instance never sends an item the first is still sending: no idempotency key is answered 2xx twice.
/// </summary>
public sealed class SlowReceiverRaceTests
{
    [Fact]
    public async Task Two_dispatchers_with_a_short_lease_and_a_slow_receiver_never_both_succeed_with_one_idempotency_key()
    {
        await using var receiver = new SlowLoopbackReceiver(slowFor: TimeSpan.FromSeconds(1.6));
        var successes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var a = Instance("instance-a", receiver, successes);
        await Scenario.SeedAsync(a);
        using var b = Instance("instance-b", receiver, successes, a.Store);
        const int count = 8;
        for (var i = 0; i < count; i++)
        {
            await a.Store.Outbox.EnqueueAsync(new Notification($"n-{i}", "webhook", "alice", "test", $"Subject {i}", "Body", TimeProvider.System.GetUtcNow()));
        }

        // Both instances dispatch until every notification is delivered (a bound of two minutes keeps a failure finite).
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        async Task RunAsync(TestHost host)
        {
            var dispatcher = host.Get<INotificationDispatcher>();
            while (!bound.IsCancellationRequested && (await a.Store.Outbox.GetStatisticsAsync()).Delivered < count)
            {
                await dispatcher.DispatchDueAsync(bound.Token);
                await Task.Delay(50, bound.Token);
            }
        }

        await Task.WhenAll(RunAsync(a), RunAsync(b));

        var stored = await TestHost.ToListAsync(a.Store.Outbox.ListAsync(PageRequest.All));
        Assert.All(stored, n => Assert.Equal(NotificationStatus.Delivered, n.Status));
        Assert.Equal(count, successes.Count);
        Assert.All(successes, s => Assert.Equal(1, s.Value));
        Assert.True(receiver.SlowAnswers > 0, "the receiver answered no request slowly: the race was not exercised");
    }

    private static TestHost Instance(string name, SlowLoopbackReceiver receiver, ConcurrentDictionary<string, int> successes, ICrowdsourcingStore? shared = null) =>
        TestHost.Create(services =>
        {
            services.AddSingleton<TimeProvider>(TimeProvider.System);
            services.AddSingleton<INotificationChannel>(new HttpLoopbackChannel(receiver.Endpoint, successes));
            if (shared is not null)
            {
                services.AddSingleton(shared);
            }

            services.Configure<CrowdsourcingOptions>(o =>
            {
                o.InstanceName = name;
                o.Notifications.LeaseDuration = TimeSpan.FromSeconds(1);
                o.Notifications.BatchSize = 10;
                o.Notifications.InitialRetryDelay = TimeSpan.FromMilliseconds(100);
                o.Notifications.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
                o.Notifications.BreakAfterFailures = 1000;
            });
        });

    /// <summary>POSTs to the receiver with the notification id as the idempotency key; counts the 2xx answers it receives.</summary>
    private sealed class HttpLoopbackChannel(Uri endpoint, ConcurrentDictionary<string, int> successes) : INotificationChannel
    {
        private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

        public string Name => "webhook";

        public async ValueTask DeliverAsync(Notification notification, Participant recipient, CancellationToken cancellationToken = default)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(notification.Body) };
            request.Headers.Add("Idempotency-Key", notification.Id);
            using var response = await Http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            successes.AddOrUpdate(notification.Id, 1, (_, n) => n + 1);
        }
    }

    /// <summary>An HTTP endpoint on loopback that answers the first request for each idempotency key slowly, later ones at once.</summary>
    private sealed class SlowLoopbackReceiver : LoopbackTcpServer
    {
        private readonly TimeSpan _slowFor;
        private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
        private int _slowAnswers;

        public SlowLoopbackReceiver(TimeSpan slowFor)
        {
            _slowFor = slowFor;
            Start();
        }

        public Uri Endpoint => new($"http://127.0.0.1:{Port}/hooks");

        public int SlowAnswers => Volatile.Read(ref _slowAnswers);

        protected override async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream);
                    var key = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).Single();
                    var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).SingleOrDefault();
                    await stream.ReadExactlyAsync(new byte[length]);
                    if (_seen.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
                    {
                        Interlocked.Increment(ref _slowAnswers);
                        await Task.Delay(_slowFor);
                    }

                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                }
                catch (IOException)
                {
                    // The client gave up (its send was cancelled before the lease ran out).
                }
            }
        }

        private static async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var buffer = new List<byte>();
            var one = new byte[1];
            while (await stream.ReadAsync(one) == 1)
            {
                buffer.Add(one[0]);
                if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
                {
                    break;
                }
            }

            return Encoding.ASCII.GetString([.. buffer]);
        }
    }
}
