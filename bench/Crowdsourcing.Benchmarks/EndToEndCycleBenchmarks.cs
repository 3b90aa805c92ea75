using BenchmarkDotNet.Attributes;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Issue 15 targets, what a host does through a store: import N participants (at most 15 s for 1,000,000), import them
/// again unchanged (at most 5 s), and run one decision cycle with <see cref="IDecisionCycleService.RunCycleAsync"/> on
/// the sample campaign's shape (the <c>crowdarb-paper</c> model, every Internal participant, all at the prior, so every
/// one is contacted: a contact notification each), at most 3 s and 1 GB for 1,000,000 and 0.5 s for 100,000; beside
/// the engine-only cycle on the same N (the baseline, so the ratio column is the cycle's overhead).
/// </summary>
/// <remarks>
/// <para>The sizes come from <c>CROWDSOURCING_BENCH_PARTICIPANTS</c> (comma-separated; default <c>10000,100000</c>).
/// The stores are a SQLite file in a temporary directory and, when <c>CROWDSOURCING_POSTGRES</c> is set, a PostgreSQL
/// database of their own (created and dropped). Every cycle iteration starts from a store without cycles, beliefs or
/// notifications; every import iteration from a store without participants.</para>
/// <para>The peak process memory of one cycle is measured by <c>crowdsourcing bench --end-to-end</c> (a process of its
/// own per cycle); BenchmarkDotNet's memory diagnoser reports the bytes the cycle allocates.</para>
/// </remarks>
[MemoryDiagnoser]
public class EndToEndCycleBenchmarks : IAsyncDisposable
{
    /// <summary>The environment variable holding the sizes.</summary>
    public const string SizesVariable = "CROWDSOURCING_BENCH_PARTICIPANTS";

    private const string CampaignId = "client-assessments";
    private string? _folder;
    private string? _admin;
    private string? _database;
    private string _connectionString = null!;
    private ServiceProvider? _services;
    private ICrowdsourcingStore _store = null!;
    private IDecisionCycleService _cycles = null!;
    private Participant[] _crowd = null!;
    private PopulationEngine _engine = null!;
    private Decision.Beliefs.Belief _prior = null!;
    private BeliefPopulation _population = null!;
    private PopulationEvaluation _evaluation = null!;
    private CycleObservations _observations = null!;

    /// <summary>The number of participants.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Participants { get; set; }

    /// <summary>The store: <c>SQLite</c>, and <c>PostgreSQL</c> when <c>CROWDSOURCING_POSTGRES</c> is set.</summary>
    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "SQLite";

    /// <summary>The sizes of <c>CROWDSOURCING_BENCH_PARTICIPANTS</c>.</summary>
    public static IEnumerable<int> Sizes() =>
        (Environment.GetEnvironmentVariable(SizesVariable) is { Length: > 0 } sizes ? sizes : "10000,100000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The stores this machine can run.</summary>
    public static IEnumerable<string> Stores() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgreSqlStoreBenchmarks.Variable)) ? ["SQLite"] : ["SQLite", "PostgreSQL"];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        if (Store == "PostgreSQL")
        {
            _admin = Environment.GetEnvironmentVariable(PostgreSqlStoreBenchmarks.Variable)!;
            _database = "crowd_bench_" + Guid.NewGuid().ToString("N");
            await PostgreSqlAsync(_admin, $"CREATE DATABASE {_database} TEMPLATE template0 ENCODING 'UTF8'");
            _connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
            services.AddCrowdsourcing(b => b.UsePostgreSql(_connectionString).AddDecisionModels(e => e.AddPreset(DecisionPresets.CrowdArbPaper)));
        }
        else
        {
            _folder = Path.Combine(Path.GetTempPath(), "crowdsourcing-bench", Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(_folder);
            _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "crowd.db") }.ToString();
            services.AddCrowdsourcing(b => b.UseSqlite(_connectionString).AddDecisionModels(e => e.AddPreset(DecisionPresets.CrowdArbPaper)));
        }

        _services = services.BuildServiceProvider();
        _store = _services.GetRequiredService<ICrowdsourcingStore>();
        _cycles = _services.GetRequiredService<IDecisionCycleService>();
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        await _store.CommitAsync(new ChangeSet()
            .Insert(new CrowdTask("client-discovery", "Client discovery", TaskKind.MacroTask, Confidentiality.Confidential, [CrowdLayer.Internal]))
            .Insert(new Campaign(
                CampaignId, "Client assessments", "client-discovery", "client-assessment", new CrowdSelection([CrowdLayer.Internal]), [], ReadinessScale.CrowdArbPaper,
                new ReminderPolicy(TimeSpan.FromDays(7), TimeSpan.FromDays(21)), DecisionPresets.CrowdArbPaper, 150, start, TimeSpan.FromDays(7))));
        _crowd = [.. Enumerable.Range(0, Participants).Select(i =>
        {
            var id = $"p-{i:D7}";
            return new Participant(id, $"Participant {i}", CrowdLayer.Internal, id + "@example.com", ["client-representative"]);
        })];
        await Import();

        var model = _services.GetRequiredService<IDecisionModelRegistry>().GetModel(DecisionPresets.CrowdArbPaper);
        _engine = new PopulationEngine(model.Model);
        _prior = model.InitialBelief;
        _population = _engine.CreatePopulation(Participants);
        _evaluation = _engine.CreateEvaluation(Participants);
        _observations = new CycleObservations(Participants);
    }

    /// <summary>Removes every cycle, belief and notification, so that each cycle iteration runs cycle 1 afresh.</summary>
    [IterationSetup(Target = nameof(RunCycle))]
    public void ForgetCycles() => Execute(Store == "PostgreSQL"
        ? "TRUNCATE decision_cycles, cycle_contacts, contact_batches, belief_snapshots, belief_chunks, beliefs, notifications"
        : "DELETE FROM decision_cycles; DELETE FROM cycle_contacts; DELETE FROM contact_batches; DELETE FROM belief_snapshots; DELETE FROM belief_chunks; DELETE FROM beliefs; DELETE FROM notifications; PRAGMA wal_checkpoint(TRUNCATE);");

    /// <summary>Removes every participant, so that each import iteration adds them all.</summary>
    [IterationSetup(Target = nameof(Import))]
    public void ForgetParticipants() => Execute(Store == "PostgreSQL"
        ? "TRUNCATE participant_qualifications, participants"
        : "DELETE FROM participant_qualifications; DELETE FROM participants; PRAGMA wal_checkpoint(TRUNCATE);");

    /// <summary>The engine alone: evaluate, select (myopic), apply, on N participants at the prior.</summary>
    [Benchmark(Baseline = true, Description = "engine-only cycle")]
    public int EngineCycle()
    {
        _population.Fill(_prior);
        _engine.Evaluate(_population, _evaluation);
        _engine.SelectContacts(_population, _evaluation, ContactPolicies.Myopic);
        _evaluation.Selection.CopyTo(_observations.Contacts);
        _engine.ApplyObservations(_population, _observations);
        return _evaluation.ContactCount;
    }

    /// <summary>One decision cycle through the store: everyone contacted.</summary>
    [Benchmark(Description = "RunCycleAsync through the store")]
    public async Task<int> RunCycle() => (await _cycles.RunCycleAsync(CampaignId, 1)).Record.Contacts.Count;

    /// <summary>Imports N participants into a store without any.</summary>
    [Benchmark(Description = "import (new participants)")]
    public async Task<int> Import() => (await _store.Participants.UpsertAsync(_crowd, "bench", DateTimeOffset.UnixEpoch)).Added;

    /// <summary>Imports the same N participants again: nothing changes.</summary>
    [Benchmark(Description = "re-import (unchanged)")]
    public async Task<int> Reimport() => (await _store.Participants.UpsertAsync(_crowd, "bench", DateTimeOffset.UnixEpoch)).Unchanged;

    [GlobalCleanup]
    public async Task CleanupAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _engine?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }

        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgreSqlAsync(_admin!, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
            _database = null;
        }

        if (_folder is not null && System.IO.Directory.Exists(_folder))
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    private void Execute(string sql)
    {
        if (Store == "PostgreSQL")
        {
            using var connection = new NpgsqlConnection(_connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
        else
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    private static async Task PostgreSqlAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
