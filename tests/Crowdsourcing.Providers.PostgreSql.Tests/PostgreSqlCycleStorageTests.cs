using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Storage;
using Npgsql;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

/// <summary>How the PostgreSQL provider reads and writes a decision cycle's bulk data: a crowd's ids in one row, the
/// compact chunks compressed with LZ4 where the server offers it, and chunk rows sent in batches.</summary>
public sealed class PostgreSqlCycleStorageTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_crowd_s_ids_come_back_whole_and_in_code_point_order_including_ids_beyond_ASCII_in_rows_written_around_the_library()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });
        string[] ids = ["p-b", "p-a", "p-Z", "p-z", "p_1", "p~1", "p@1", "p.1", "p-9"];
        await store.Participants.UpsertAsync([.. ids.Select(id => new Participant(id, "Name " + id, CrowdLayer.Internal))], "tester", Now);
        await store.Participants.UpsertAsync([new Participant("q-1", "Other layer", CrowdLayer.TrustedPartners)], "tester", Now);
        string[] raw = ["p-\u00e9", "p-\U0001F600"];
        foreach (var id in raw)
        {
            await PostgresServer.ExecuteAsync(database.ConnectionString, $"INSERT INTO participants (id, version, json, layer) VALUES ('{id}', 1, '{{}}', {(int)CrowdLayer.Internal})");
        }

        var listed = await ListAsync(store, CrowdLayer.Internal);

        Assert.Equal(ids.Concat(raw).Order(CodePointComparer.Instance), listed);
        Assert.Empty(await ListAsync(store, CrowdLayer.General));
    }

    [Fact]
    public async Task An_id_holding_a_line_feed_written_around_the_library_is_still_listed_whole_row_by_row()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });
        await store.Participants.UpsertAsync([new Participant("p-1", "One", CrowdLayer.Internal), new Participant("p-3", "Three", CrowdLayer.Internal)], "tester", Now);
        await PostgresServer.ExecuteAsync(database.ConnectionString, $"INSERT INTO participants (id, version, json, layer) VALUES (E'p-2\\nx', 1, '{{}}', {(int)CrowdLayer.Internal})");

        var listed = await ListAsync(store, CrowdLayer.Internal);

        Assert.Equal(["p-1", "p-2\nx", "p-3"], listed);
    }

    [Fact]
    public async Task A_cycle_s_chunks_are_compressed_with_LZ4_where_the_server_offers_it_and_only_inside_that_transaction()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });
        var ids = Enumerable.Range(0, 20_000).Select(i => $"p-{i:D6}").ToArray();
        var contacts = ids.Select((id, i) => new ContactRecord(id, "email", 1.25 + (i % 7), 0.5)).ToArray();
        double[][] columns = [[.. ids.Select(_ => 0.25)], [.. ids.Select(_ => 0.25)], [.. ids.Select(_ => 0.5)]];
        var changes = new ChangeSet()
            .RecordCycle(new DecisionCycleRecord("c-1", 1, Now, contacts, 42.5))
            .SaveBeliefs(new BeliefColumns("c-1", 1, ids, columns));

        Assert.True((await store.CommitAsync(changes)).Applied);

        var lz4 = await ScalarAsync<bool?>(database.ConnectionString, "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'") == true;
        var expected = lz4 ? "lz4" : (await ScalarAsync<string>(database.ConnectionString, "SHOW default_toast_compression"))!;
        Assert.Equal([expected], await ListAsync<string>(database.ConnectionString, "SELECT DISTINCT pg_column_compression(data) FROM cycle_contacts"));
        Assert.Equal([expected], await ListAsync<string>(database.ConnectionString, "SELECT DISTINCT pg_column_compression(data) FROM belief_chunks"));
        Assert.NotEqual("lz4", await ScalarAsync<string>(database.ConnectionString, "SHOW default_toast_compression"));
        var stored = await store.Cycles.FindAsync("c-1", 1);
        Assert.Equal(contacts.Select(c => c.ParticipantId), stored!.Contacts.Select(c => c.ParticipantId));
        Assert.Equal(0.5, (await store.Beliefs.FindAsync("c-1", "p-019999"))!.Probabilities[2]);
    }

    [Fact]
    public async Task Rows_sent_in_batches_are_all_written_in_order_whether_a_batch_fills_by_rows_or_by_bytes()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });
        await PostgresServer.ExecuteAsync(database.ConnectionString, "CREATE TABLE batched (n integer NOT NULL, data bytea NOT NULL)");
        var rows = RowBatcher.MaxBatchRows * 3 + 5;
        var big = new byte[RowBatcher.MaxBatchBytes / 2];

        await store.Db.WriteAsync(
            async (connection, transaction) =>
            {
                var batcher = new RowBatcher(store.Db, connection, transaction, "INSERT INTO batched (n, data) VALUES (@n, @data)", "@n", "@data");
                await using (batcher)
                {
                    for (var n = 0; n < rows; n++)
                    {
                        // Every tenth row is large: a batch also fills by bytes before it holds MaxBatchRows rows.
                        var data = n % 10 == 0 ? big : new[] { (byte)n };
                        await batcher.AddAsync([n, data], data.Length, CancellationToken.None);
                    }

                    await batcher.FlushAsync(CancellationToken.None);
                }

                return 0;
            },
            CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, rows).Select(n => (long)n), await ListAsync<long>(database.ConnectionString, "SELECT n::bigint FROM batched ORDER BY ctid"));
        Assert.Equal((long)big.Length, await ScalarAsync<long>(database.ConnectionString, "SELECT max(length(data))::bigint FROM batched"));
    }

    private static async Task<List<string?>> ListAsync(PostgreSqlCrowdsourcingStore store, CrowdLayer layer)
    {
        var ids = new List<string?>();
        await foreach (var id in store.Participants.ListIdsAsync([layer], []))
        {
            ids.Add(id);
        }

        return ids;
    }

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is T value ? value : default;
    }

    private static async Task<List<T>> ListAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
