using BenchmarkDotNet.Attributes;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Providers.Sqlite;
using Crowdsourcing.Storage;
using Microsoft.Data.Sqlite;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Issue 7 targets for the SQLite provider, on a database file in a temporary directory: save 100,000 beliefs (one
/// prepared statement in one transaction) and record a decision cycle of 100,000 contacts (the cycle record and one
/// contact notification each; a second variant also saves the 100,000 beliefs, which is what the decision cycle
/// commits), each under 2 s. Every iteration starts from empty tables.
/// </summary>
[MemoryDiagnoser]
public class SqliteStoreBenchmarks : IAsyncDisposable
{
    private const int Count = 100_000;
    private string _folder = null!;
    private string _connectionString = null!;
    private SqliteCrowdsourcingStore _store = null!;
    private ParticipantBelief[] _beliefs = null!;
    private ChangeSet _cycle = null!;
    private ChangeSet _cycleWithBeliefs = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "crowdsourcing-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(_folder);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "crowd.db") }.ToString();
        _store = new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = _connectionString });
        await _store.InitializeAsync();
        _beliefs = StoreBenchmarkData.Beliefs(Count);
        _cycle = StoreBenchmarkData.Cycle(1, Count, withBeliefs: false);
        _cycleWithBeliefs = StoreBenchmarkData.Cycle(1, Count, withBeliefs: true);
    }

    /// <summary>Empties the tables the benchmarks write and checkpoints the WAL, so each iteration inserts afresh.</summary>
    [IterationSetup]
    public void Empty()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM beliefs; DELETE FROM notifications; DELETE FROM decision_cycles; PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    [Benchmark(Description = "SQLite: save 100,000 beliefs")]
    public async Task<int> SaveBeliefs() => await _store.Beliefs.SaveAsync(_beliefs);

    [Benchmark(Description = "SQLite: record a cycle of 100,000 contacts (record + 100,000 notifications)")]
    public async Task<bool> RecordCycle() => (await _store.CommitAsync(_cycle)).Applied;

    [Benchmark(Description = "SQLite: record a cycle of 100,000 contacts with their 100,000 beliefs")]
    public async Task<bool> RecordCycleWithBeliefs() => (await _store.CommitAsync(_cycleWithBeliefs)).Applied;

    [GlobalCleanup]
    public async Task CleanupAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_folder is not null && System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }
}
