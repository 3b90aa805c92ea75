using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Specification.Tests;
using Npgsql;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

/// <summary>The provider conformance suite, run against the PostgreSQL provider. The class gets its own database
/// (copied from a migrated template, dropped after the class), emptied before every test.</summary>
public sealed class PostgreSqlSpecificationTests(PostgresClassDatabase db) : CrowdsourcingStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

/// <summary>
/// The durable-store suite on PostgreSQL: several host instances, each with its own store and connection pool, on one
/// database, and a child process killed while its commit's transaction has written. Each test gets its own database.
/// </summary>
public sealed class PostgreSqlDurableStoreTests : DurableStoreSpecification
{
    private const string ChildApplicationName = "crowd-crash-child";
    private PostgresTestDatabase? _database;

    protected override async ValueTask<string> CreateDatabaseAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        return _database.ConnectionString;
    }

    protected override ValueTask DropDatabaseAsync(string database) => _database!.DisposeAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder, string database) => builder.UsePostgreSql(database);

    /// <summary>The parent migrated the database: the child only verifies it, so its commit's transaction is the only
    /// one in which its backends write.</summary>
    protected override void ConfigureChildProvider(CrowdsourcingBuilder builder, string database) =>
        builder.UsePostgreSql(o =>
        {
            o.ConnectionString = database;
            o.Migrations = MigrationMode.Verify;
        });

    /// <summary>The child's connections carry an application name, so that the parent finds its backends.</summary>
    protected override string ChildProcessDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(database) { ApplicationName = ChildApplicationName }.ConnectionString;

    /// <summary>Whether one of the child's backends is inside a transaction that has written something.</summary>
    protected override async Task<bool> IsChildCommittingAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = @name AND backend_xid IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", ChildApplicationName);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Waits until the server has closed the killed child's backends, rolling its transaction back.</summary>
    protected override async Task AfterChildKilledAsync(string database)
    {
        for (var i = 0; i < 600 && await BackendCountAsync(database) > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, await BackendCountAsync(database));
    }

    private static async Task<long> BackendCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", ChildApplicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
