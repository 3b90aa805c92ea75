using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Specification.Tests;
using Microsoft.Data.Sqlite;

namespace Crowdsourcing.Providers.Sqlite.Tests;

/// <summary>The provider conformance suite, run against the SQLite provider, each test on a fresh database file.</summary>
public sealed class SqliteSpecificationTests : CrowdsourcingStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

/// <summary>
/// The durable-store suite on SQLite: several service providers (stores, connection pools) on one database file, as
/// several host processes on one machine would share it, and a child process killed while it holds the write lock.
/// </summary>
public sealed class SqliteDurableStoreTests : DurableStoreSpecification
{
    private SqliteTestDatabase? _db;

    protected override async ValueTask<string> CreateDatabaseAsync()
    {
        _db = new SqliteTestDatabase();
        await new SqliteMigrator(_db.ConnectionString).ApplyAsync();
        return _db.ConnectionString;
    }

    protected override ValueTask DropDatabaseAsync(string database) => _db!.DisposeAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder, string database) => builder.UseSqlite(database);

    /// <summary>The parent migrated the database: the child only verifies it, so its commit is the only time it takes
    /// the write lock.</summary>
    protected override void ConfigureChildProvider(CrowdsourcingBuilder builder, string database) =>
        builder.UseSqlite(o =>
        {
            o.ConnectionString = database;
            o.Migrations = MigrationMode.Verify;
        });

    /// <summary>Whether another connection holds the database's write lock: BEGIN IMMEDIATE, issued straight to SQLite
    /// (no busy handler, no Microsoft.Data.Sqlite retry), reports it busy.</summary>
    protected override Task<bool> IsChildCommittingAsync(string database)
    {
        using var connection = new SqliteConnection(database + ";Pooling=False");
        connection.Open();
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, 0);
        var rc = SQLitePCL.raw.sqlite3_exec(connection.Handle, "BEGIN IMMEDIATE");
        if (rc == SQLitePCL.raw.SQLITE_OK)
        {
            SQLitePCL.raw.sqlite3_exec(connection.Handle, "ROLLBACK");
            return Task.FromResult(false);
        }

        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, rc);
        return Task.FromResult(true);
    }
}
