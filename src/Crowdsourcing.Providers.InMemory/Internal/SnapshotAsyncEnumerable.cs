namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>
/// An <see cref="IAsyncEnumerable{T}"/> that takes a snapshot of rows under the store's lock when enumeration starts
/// (as a database runs a query when it is enumerated), then yields fresh copies of them. It honours both the token
/// given to the listing method and the one given to <see cref="GetAsyncEnumerator"/>.
/// </summary>
internal sealed class SnapshotAsyncEnumerable<TRow, T> : IAsyncEnumerable<T>
{
    private readonly Func<IReadOnlyList<TRow>> _snapshot;
    private readonly Func<TRow, T> _copy;
    private readonly CancellationToken _cancellationToken;

    public SnapshotAsyncEnumerable(Func<IReadOnlyList<TRow>> snapshot, Func<TRow, T> copy, CancellationToken cancellationToken)
    {
        _snapshot = snapshot;
        _copy = copy;
        _cancellationToken = cancellationToken;
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(this, cancellationToken);

    private sealed class Enumerator(SnapshotAsyncEnumerable<TRow, T> owner, CancellationToken enumeratorToken) : IAsyncEnumerator<T>
    {
        private IReadOnlyList<TRow>? _rows;
        private int _index = -1;

        public T Current { get; private set; } = default!;

        public ValueTask<bool> MoveNextAsync()
        {
            owner._cancellationToken.ThrowIfCancellationRequested();
            enumeratorToken.ThrowIfCancellationRequested();
            _rows ??= owner._snapshot();
            if (_index + 1 >= _rows.Count)
            {
                _index = _rows.Count;
                Current = default!;
                return ValueTask.FromResult(false);
            }

            _index++;
            Current = owner._copy(_rows[_index]);
            return ValueTask.FromResult(true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
