using Npgsql;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: the superuser connection string in <c>CROWDSOURCING_POSTGRES</c>.
/// Each test gets its own database, copied (<c>CREATE DATABASE ... TEMPLATE</c>) from a template migrated once per
/// test run, and dropped afterwards; the template is dropped when the test process exits.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "CROWDSOURCING_POSTGRES";

    private static readonly SemaphoreSlim CreateGate = new(1, 1);
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>The superuser connection string, or a failure saying how to provide it.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The PostgreSQL provider tests need a PostgreSQL server: set {Variable} to the connection string of a superuser who may create databases, " +
                $"e.g. by `source .ci/postgres.sh && pg_start` (which starts a throwaway cluster and exports {Variable}), or export {Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres\".");

    /// <summary>Creates a fresh, migrated database for one test.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync(bool migrated = true)
    {
        var admin = AdminConnectionString;
        var template = migrated ? await Template.Value : "template0";
        var name = "crowd_test_" + Guid.NewGuid().ToString("N");
        await CreateGate.WaitAsync();
        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE {template}");
        }
        finally
        {
            CreateGate.Release();
        }

        return new PostgresTestDatabase(admin, name);
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static string ConnectionStringFor(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;

    private static async Task<string> CreateTemplateAsync()
    {
        var admin = AdminConnectionString;
        var name = $"crowd_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'");
        var connectionString = ConnectionStringFor(admin, name);
        await new PostgreSqlMigrator(connectionString).ApplyAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        };
        return name;
    }
}

/// <summary>One test's database, dropped on dispose.</summary>
public sealed class PostgresTestDatabase(string admin, string name) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = PostgresServer.ConnectionStringFor(admin, name);

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await PostgresServer.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}

/// <summary>
/// A database for one test class (an xunit class fixture): created from the migrated template before the class's first
/// test and dropped after its last. <see cref="ResetAsync"/> empties every store table, so each test starts from an
/// empty, migrated database without paying for a <c>CREATE DATABASE</c> each time.
/// </summary>
public sealed class PostgresClassDatabase : IAsyncLifetime
{
    private const string StoreTables =
        "campaigns, tasks, participants, participant_qualifications, questionnaires, assignments, assignment_contributors, " +
        "quality_assessments, responses, beliefs, decision_cycles, notifications, " +
        "cycle_contacts, contact_batches, belief_snapshots, belief_chunks, " +
        "gold_answers, expert_reliabilities, another_answer_decisions, report_reviews";

    private PostgresTestDatabase? _database;

    public string ConnectionString => (_database ?? throw new InvalidOperationException("The class database is not created yet.")).ConnectionString;

    public async Task InitializeAsync()
    {
        try
        {
            _database = await PostgresServer.CreateDatabaseAsync();
        }
        catch (InvalidOperationException)
        {
            // No server configured: leave the database unset, so that each test fails with the message saying how to set one.
        }
    }

    /// <summary>Empties every store table (the schema and its version stay).</summary>
    public async ValueTask ResetAsync()
    {
        _ = PostgresServer.AdminConnectionString;
        await PostgresServer.ExecuteAsync(ConnectionString, $"TRUNCATE {StoreTables} RESTART IDENTITY");
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
