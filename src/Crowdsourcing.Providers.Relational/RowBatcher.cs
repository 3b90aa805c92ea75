using System.Data.Common;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// Runs one statement for many rows inside a transaction: where the provider can send several statements at once
/// (<see cref="DbBatch"/>: PostgreSQL), the rows go in batches of up to <see cref="MaxBatchRows"/> rows or
/// <see cref="MaxBatchBytes"/> bytes, one round trip each; elsewhere (SQLite, in process) one prepared command runs per
/// row. How a decision cycle writes its compact chunks: hundreds of rows of a hundred kilobytes each for a million
/// participants, which cost a round trip each when they were sent one by one.
/// </summary>
/// <remarks>The rows are written in the order added; <see cref="FlushAsync"/> writes the rows still held (call it
/// before the transaction commits). A failure leaves the transaction to be rolled back by its owner.</remarks>
internal sealed class RowBatcher(RelationalDatabase db, DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames) : IAsyncDisposable
{
    /// <summary>The most rows a batch holds.</summary>
    public const int MaxBatchRows = 64;

    /// <summary>The most bytes of values (as the caller counts them) a batch holds before it is sent.</summary>
    public const int MaxBatchBytes = 4 << 20;

    private readonly List<object?[]> _rows = [];
    private DbCommand? _command;
    private long _bytes;

    /// <summary>Adds a row (one value per parameter, in order) of about <paramref name="bytes"/> bytes; sends the batch
    /// when it is full.</summary>
    public async ValueTask AddAsync(object?[] values, int bytes, CancellationToken cancellationToken)
    {
        if (!connection.CanCreateBatch)
        {
            await ExecuteAsync(values, cancellationToken).ConfigureAwait(false);
            return;
        }

        _rows.Add(values);
        _bytes += bytes;
        if (_rows.Count >= MaxBatchRows || _bytes >= MaxBatchBytes)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the rows held.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_rows.Count == 0)
        {
            return;
        }

        var batch = connection.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.Transaction = transaction;
            batch.Timeout = db.Dialect.CommandTimeoutSeconds;
            foreach (var values in _rows)
            {
                var command = batch.CreateBatchCommand();
#pragma warning disable CA2100 // The SQL is one of the provider's constant statements; values are parameters.
                command.CommandText = sql;
#pragma warning restore CA2100
                for (var i = 0; i < parameterNames.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = parameterNames[i];
                    parameter.Value = values[i] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _rows.Clear();
        _bytes = 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_command is not null)
        {
            await _command.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs the statement for one row with a command prepared once (the provider has no batches).</summary>
    private async ValueTask ExecuteAsync(object?[] values, CancellationToken cancellationToken)
    {
        if (_command is null)
        {
            _command = db.Command(connection, transaction, sql);
            foreach (var name in parameterNames)
            {
                _command.With(name, null);
            }
        }

        for (var i = 0; i < parameterNames.Length; i++)
        {
            _command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
