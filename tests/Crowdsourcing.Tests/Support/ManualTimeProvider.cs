namespace Crowdsourcing.Tests.Support;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so. Timers created from it fire, in due
/// order, when <see cref="Advance"/> or <see cref="SetUtcNow"/> moves the clock past their due time (periodic timers
/// as often as their period fits). Thread-safe.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The default start: Monday 2 November 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;

    /// <summary>Creates the clock at <paramref name="start"/> (default <see cref="DefaultStart"/>).</summary>
    public ManualTimeProvider(DateTimeOffset? start = null) => _now = start ?? DefaultStart;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward, firing the timers that come due on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Sets the clock, which must not go back, firing the timers that come due on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is before the current time.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(value, _now);
                next = _timers.Where(t => t.DueAt is { } d && d <= value).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = value;
                    return;
                }

                _now = next.DueAt!.Value;
                next.DueAt = next.Period is { } p && p > TimeSpan.Zero && p != Timeout.InfiniteTimeSpan ? _now + p : null;
            }

            next.Fire();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
            timer.Set(_now, dueTime, period);
        }

        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Set(DateTimeOffset now, TimeSpan dueTime, TimeSpan period)
        {
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
            Period = period;
        }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Set(owner._now, dueTime, period);
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                DueAt = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
