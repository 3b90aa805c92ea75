using BenchmarkDotNet.Attributes;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Providers.PostgreSql;
using Crowdsourcing.Storage;
using Npgsql;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Issue 7 targets for the PostgreSQL provider: save 1,000,000 beliefs of one campaign (arrays turned into set-based
/// upserts, 50,000 rows a statement) in under 15 s, and load them in under 5 s.
/// </summary>
/// <remarks>
/// Needs a PostgreSQL server: set <c>CROWDSOURCING_POSTGRES</c> to the connection string of a user who may create
/// databases (for example after <c>source .ci/postgres.sh &amp;&amp; pg_start</c>). The benchmarks create a database of
/// their own and drop it at the end. Without the variable, <c>Program</c> leaves this class out and says so.
/// </remarks>
[MemoryDiagnoser]
public class PostgreSqlStoreBenchmarks : IAsyncDisposable
{
    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string Variable = "CROWDSOURCING_POSTGRES";

    private const int Count = 1_000_000;
    private string _admin = null!;
    private string _database = null!;
    private string _connectionString = null!;
    private PostgreSqlCrowdsourcingStore _store = null!;
    private ParticipantBelief[] _beliefs = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _admin = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The PostgreSQL benchmarks need {Variable}: the connection string of a user who may create databases.");
        _database = "crowd_bench_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(_admin, $"CREATE DATABASE {_database} TEMPLATE template0 ENCODING 'UTF8'");
        _connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
        _store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = _connectionString });
        await _store.InitializeAsync();
        _beliefs = StoreBenchmarkData.Beliefs(Count);
        await _store.Beliefs.SaveAsync(_beliefs);
    }

    /// <summary>Empties the beliefs before each save, so each iteration inserts 1,000,000 rows afresh.</summary>
    [IterationSetup(Target = nameof(SaveBeliefs))]
    public void Empty()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using (var truncate = new NpgsqlCommand("TRUNCATE beliefs", connection))
        {
            truncate.ExecuteNonQuery();
        }

        // VACUUM cannot share a command (or a transaction) with another statement.
        using var vacuum = new NpgsqlCommand("VACUUM ANALYZE beliefs", connection);
        vacuum.ExecuteNonQuery();
    }

    /// <summary>Makes sure the 1,000,000 beliefs are stored before each load (a save benchmark may have run before).</summary>
    [IterationSetup(Target = nameof(LoadBeliefs))]
    public void Filled()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM beliefs", connection);
        var stored = (long)command.ExecuteScalar()!;
        if (stored != Count)
        {
            throw new InvalidOperationException($"The load benchmark expects {Count} stored beliefs, found {stored}.");
        }
    }

    [Benchmark(Description = "PostgreSQL: save 1,000,000 beliefs")]
    public async Task<int> SaveBeliefs() => await _store.Beliefs.SaveAsync(_beliefs);

    [Benchmark(Description = "PostgreSQL: load 1,000,000 beliefs")]
    public async Task<int> LoadBeliefs()
    {
        var count = 0;
        await foreach (var belief in _store.Beliefs.ListAsync(StoreBenchmarkData.CampaignId, PageRequest.All))
        {
            count += belief.Week;
        }

        return count == Count ? count : throw new InvalidOperationException($"Loaded {count} beliefs of week 1, expected {Count}.");
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_database is not null)
        {
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
            _database = null!;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // The database name is generated here (a fixed prefix and a GUID), not input.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
