using System.Runtime.ExceptionServices;

namespace Crowdsourcing.Decision.Internal;

/// <summary>A body of work over a range of indices, preallocated so that running it allocates nothing.</summary>
internal abstract class RangeBody
{
    public abstract void Execute(int partition, int start, int end);
}

/// <summary>
/// Splits a range into contiguous partitions and runs them on the calling thread and on thread-pool workers, without
/// allocating in steady state (the work items are preallocated <see cref="IThreadPoolWorkItem"/>s). Not reentrant:
/// one <see cref="Run"/> at a time per instance.
/// </summary>
internal sealed class ParallelRunner : IDisposable
{
    private readonly Worker[] _workers;
    private readonly ManualResetEventSlim _done = new(false);
    private readonly int _minimumPerPartition;
    private RangeBody? _body;
    private int _count;
    private int _partitions;
    private int _pending;
    private Exception? _failure;

    public ParallelRunner(int maxDegreeOfParallelism, int minimumPerPartition)
    {
        MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism);
        _minimumPerPartition = Math.Max(1, minimumPerPartition);
        _workers = new Worker[MaxDegreeOfParallelism];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this, i);
        }
    }

    public int MaxDegreeOfParallelism { get; }

    /// <summary>The number of partitions <see cref="Run"/> uses for <paramref name="count"/> items.</summary>
    public int PartitionsFor(int count) => Math.Clamp(count / _minimumPerPartition, 1, MaxDegreeOfParallelism);

    public void Run(RangeBody body, int count)
    {
        var partitions = PartitionsFor(count);
        if (partitions == 1)
        {
            body.Execute(0, 0, count);
            return;
        }

        _body = body;
        _count = count;
        _partitions = partitions;
        _failure = null;
        _pending = partitions - 1;
        _done.Reset();
        for (var p = 1; p < partitions; p++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_workers[p], preferLocal: false);
        }

        try
        {
            Execute(0);
        }
        finally
        {
            _done.Wait();
            _body = null;
        }

        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    public void Dispose() => _done.Dispose();

    private void Execute(int partition)
    {
        var (start, end) = Bounds(partition);
        _body!.Execute(partition, start, end);
    }

    private (int Start, int End) Bounds(int partition)
    {
        // Partition boundaries are multiples of 64 so that vector loops stay aligned to whole vectors.
        var size = ((_count / _partitions) + 63) & ~63;
        var start = Math.Min(partition * size, _count);
        var end = partition == _partitions - 1 ? _count : Math.Min(start + size, _count);
        return (start, end);
    }

    private sealed class Worker(ParallelRunner owner, int partition) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            try
            {
                owner.Execute(partition);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref owner._failure, ex, null);
            }
            finally
            {
                if (Interlocked.Decrement(ref owner._pending) == 0)
                {
                    owner._done.Set();
                }
            }
        }
    }
}
