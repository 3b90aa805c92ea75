using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Specification.Tests;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

public sealed class PostgreSqlRegistrationTests
{
    [Fact]
    public async Task UsePostgreSql_twice_registers_one_store_whose_interfaces_are_its_stores()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UsePostgreSql("Host=localhost;Database=crowd").UsePostgreSql(o => o.ConnectionString = "Host=localhost;Database=crowd"));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.Single(services, d => d.ServiceType == typeof(ICrowdsourcingStore));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        var store = Assert.IsType<PostgreSqlCrowdsourcingStore>(provider.GetRequiredService<ICrowdsourcingStore>());
        Assert.Same(store.Outbox, provider.GetRequiredService<INotificationOutbox>());
        Assert.Same(store.Beliefs, provider.GetRequiredService<IBeliefStore>());
    }

    [Fact]
    public async Task Options_are_bound_from_the_Crowdsourcing_PostgreSql_section_and_invalid_ones_fail_listing_every_failure()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:PostgreSql:CommandTimeout"] = "02:00:00",
            ["Crowdsourcing:PostgreSql:MaxRetries"] = "-1",
            ["Crowdsourcing:PostgreSql:Migrations"] = "9",
        }).Build());
        services.AddCrowdsourcing(b => b.UsePostgreSql(_ => { }));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value);

        Assert.Equal(
            [
                "Crowdsourcing:PostgreSql:ConnectionString must be set, for example \"Host=db;Database=crowd;Username=crowd;Password=...\" (builder.UsePostgreSql(\"...\")).",
                "Crowdsourcing:PostgreSql:CommandTimeout must be from 00:00:01 to 01:00:00 (value: 02:00:00).",
                "Crowdsourcing:PostgreSql:MaxRetries must be from 0 to 100 (value: -1).",
                "Crowdsourcing:PostgreSql:Migrations must be Apply, Verify or None (value: 9).",
            ],
            ex.Failures);
    }

    [Fact]
    public void A_connection_string_that_is_not_Npgsql_s_is_refused_with_the_reason()
    {
        var result = new PostgreSqlStoreOptionsValidator().Validate(null, new PostgreSqlStoreOptions { ConnectionString = "Data Source=crowd.db;Frobnicate=yes" });

        Assert.True(result.Failed);
        Assert.Contains("is not a valid Npgsql connection string", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_applies_the_schema_when_it_starts()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(migrated: false);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Crowdsourcing:PostgreSql:ConnectionString"] = database.ConnectionString });
        builder.Services.AddCrowdsourcing(b => b.UsePostgreSql(_ => { }));
        using (var host = builder.Build())
        {
            Assert.Equal(0, await new PostgreSqlMigrator(database.ConnectionString).GetVersionAsync());
            await host.StartAsync();
            await host.StopAsync();
        }

        Assert.Equal(PostgreSqlMigrator.LatestVersion, await new PostgreSqlMigrator(database.ConnectionString).GetVersionAsync());
    }
}

public sealed class PostgreSqlMigrationTests
{
    [Fact]
    public async Task Stores_starting_at_once_on_an_empty_database_apply_the_schema_once()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(migrated: false);
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString })).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
            await stores[3].Tasks.InsertAsync(SpecificationData.NewTask("t-1"));
            Assert.NotNull(await stores[0].Tasks.FindAsync("t-1"));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        var migrator = new PostgreSqlMigrator(database.ConnectionString);
        Assert.Equal(PostgreSqlMigrator.LatestVersion, await migrator.GetVersionAsync());
        Assert.Equal(0, await migrator.ApplyAsync());
        await migrator.VerifyAsync();
    }

    [Fact]
    public async Task Version_6_lets_a_report_assessed_under_version_5_be_reviewed_and_deleted_with_its_assignment()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(migrated: false);
        foreach (var migration in PostgreSqlMigrator.Migrations.Where(m => m.Version <= 5))
        {
            await PostgresServer.ExecuteAsync(database.ConnectionString, migration.Sql);
        }

        // An assignment and its assessment as version 5 wrote them (JSON literals need no parameters).
        var assignment = SpecificationData.Json(SpecificationData.Assignment("a-old") with { Version = 1 }).Replace("'", "''", StringComparison.Ordinal);
        var assessment = SpecificationData.Json(SpecificationData.Assessment("a-old", SpecificationData.T0)).Replace("'", "''", StringComparison.Ordinal);
        await PostgresServer.ExecuteAsync(
            database.ConnectionString,
            $"INSERT INTO assignments (id, version, json, campaign_id) VALUES ('a-old', 1, '{assignment}', 'campaign-1'); INSERT INTO quality_assessments (assignment_id, assessed_at, fingerprint, json) VALUES ('a-old', {SpecificationData.T0.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}, 'f', '{assessment}')");

        await using var migrated = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });
        var review = await migrated.ReportReviews.SaveAsync(new Quality.ReportReview("campaign-1", "a-old", SpecificationData.T0, "poor", "fair", "analyst-1", SpecificationData.T0.AddDays(1)), 0);

        Assert.Equal(6, PostgreSqlMigrator.Migrations.Single(m => m.Name == "0006_report_reviews").Version);
        Assert.Equal(PostgreSqlMigrator.LatestVersion, await new PostgreSqlMigrator(database.ConnectionString).GetVersionAsync());
        Assert.Equal(review, await migrated.ReportReviews.FindAsync("a-old", SpecificationData.T0));
        await migrated.Assignments.DeleteAsync("a-old", 1);
        Assert.Null(await migrated.ReportReviews.FindAsync("a-old", SpecificationData.T0));
    }

    [Fact]
    public async Task Verify_mode_on_an_unmigrated_database_fails_saying_how_to_migrate()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(migrated: false);
        await using var store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString, Migrations = MigrationMode.Verify });

        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await store.Tasks.FindAsync("t-1"));

        Assert.Contains($"has schema version 0, but this version of the library needs version {PostgreSqlMigrator.LatestVersion}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSqlMigrator.ApplyAsync()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scripts_applied_by_hand_give_a_database_the_store_accepts_in_Verify_mode()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(migrated: false);
        foreach (var migration in PostgreSqlMigrator.Migrations)
        {
            await PostgresServer.ExecuteAsync(database.ConnectionString, migration.Sql);
        }

        await using var store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString, Migrations = MigrationMode.Verify });
        await store.Participants.InsertAsync(SpecificationData.Participant("p-1", qualifications: ["cloud"]));

        Assert.Equal("0001_initial", PostgreSqlMigrator.Migrations[0].Name);
        Assert.NotNull(await store.Participants.FindAsync("p-1"));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_library_is_refused_with_a_clear_error()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await PostgresServer.ExecuteAsync(database.ConnectionString, "INSERT INTO crowdsourcing_schema_version (version, name) VALUES (42, '0042_future')");
        await using var store = new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString });

        var ex = await Assert.ThrowsAsync<InvalidStateException>(() => store.InitializeAsync());

        Assert.Contains($"has schema version 42, newer than version {PostgreSqlMigrator.LatestVersion}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(database.Name, ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidStateException>(async () => await store.Campaigns.FindAsync("c-1"));
    }

    [Fact]
    public async Task Key_columns_compare_in_code_point_order_whatever_the_database_collation()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT collation_name FROM information_schema.columns WHERE table_name = 'notifications' AND column_name = 'id'", connection);

        Assert.Equal("C", (string?)await command.ExecuteScalarAsync());
    }
}

public sealed class PostgreSqlImportTests
{
    [Fact]
    public async Task Imports_racing_to_add_the_same_new_participants_store_each_once_and_the_later_finds_them_unchanged()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var crowd = Enumerable.Range(0, 12_000).Select(i => SpecificationData.Participant($"p-{i:D5}", qualifications: ["cloud"])).ToArray();
        var stores = Enumerable.Range(0, 2).Select(_ => new PostgreSqlCrowdsourcingStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString })).ToArray();
        try
        {
            // Each import reads the participants as new and copies them; the one that copies second meets the first's
            // rows (a unique violation), runs again and finds them stored with the same content.
            var counts = await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.Participants.UpsertAsync(crowd, "import", SpecificationData.T0))));

            Assert.Equal(crowd.Length, counts.Sum(c => c.Added));
            Assert.Equal(crowd.Length, counts.Sum(c => c.Unchanged));
            Assert.All(counts, c => Assert.Equal(0, c.Updated));
            Assert.Equal(crowd.Length, await CountAsync(database.ConnectionString, "SELECT count(*) FROM participants WHERE version = 1"));
            Assert.Equal(crowd.Length, await CountAsync(database.ConnectionString, "SELECT count(*) FROM participant_qualifications WHERE qualification = 'cloud'"));
            Assert.Equal(new UpsertCounts(0, 0, crowd.Length), await stores[0].Participants.UpsertAsync(crowd, "import", SpecificationData.T0));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
