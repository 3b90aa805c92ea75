using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Specification.Tests;
using Crowdsourcing.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Providers.Sqlite.Tests;

public sealed class SqliteRegistrationTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private ServiceProvider Build(Action<CrowdsourcingBuilder> configure, IDictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection();
        if (configuration is not null)
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        }

        services.AddCrowdsourcing(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task UseSqlite_registers_one_SqliteCrowdsourcingStore_and_every_store_interface_as_its_stores()
    {
        await using var provider = Build(b => b.UseSqlite(_db.ConnectionString));
        var store = provider.GetRequiredService<ICrowdsourcingStore>();

        Assert.IsType<SqliteCrowdsourcingStore>(store);
        Assert.Same(store, provider.GetRequiredService<ICrowdsourcingStore>());
        Assert.Same(store.Tasks, provider.GetRequiredService<ITaskStore>());
        Assert.Same(store.Beliefs, provider.GetRequiredService<IBeliefStore>());
        Assert.Same(store.Outbox, provider.GetRequiredService<INotificationOutbox>());
    }

    [Fact]
    public async Task Calling_UseSqlite_twice_registers_nothing_twice_and_the_store_works()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseSqlite(_db.ConnectionString).UseSqlite(o => o.ConnectionString = _db.ConnectionString));
        services.AddCrowdsourcing(b => b.UseSqlite(_db.ConnectionString));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.Single(services, d => d.ServiceType == typeof(ICrowdsourcingStore));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SqliteStoreOptions>));
        await provider.GetRequiredService<ITaskStore>().InsertAsync(SpecificationData.NewTask("t-1"));
        Assert.NotNull(await provider.GetRequiredService<ITaskStore>().FindAsync("t-1"));
    }

    [Fact]
    public async Task Options_are_bound_from_the_Crowdsourcing_Sqlite_section_and_the_configure_action_wins()
    {
        await using var provider = Build(
            b => b.UseSqlite(o => o.BusyTimeout = TimeSpan.FromSeconds(9)),
            new Dictionary<string, string?>
            {
                ["Crowdsourcing:Sqlite:ConnectionString"] = _db.ConnectionString,
                ["Crowdsourcing:Sqlite:CommandTimeout"] = "00:00:45",
                ["Crowdsourcing:Sqlite:BusyTimeout"] = "00:00:01",
                ["Crowdsourcing:Sqlite:Migrations"] = "Verify",
            });

        var options = provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;

        Assert.Equal(_db.ConnectionString, options.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(45), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), options.BusyTimeout);
        Assert.Equal(MigrationMode.Verify, options.Migrations);
    }

    [Fact]
    public async Task Invalid_options_fail_listing_every_failure_with_its_configuration_key()
    {
        await using var provider = Build(
            b => b.UseSqlite(o =>
            {
                o.ConnectionString = null;
                o.CommandTimeout = TimeSpan.Zero;
                o.BusyTimeout = TimeSpan.FromSeconds(-1);
                o.MaxRetries = 1000;
            }),
            new Dictionary<string, string?> { ["Crowdsourcing:Sqlite:Migrations"] = "7" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value);

        Assert.Equal(5, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Sqlite:ConnectionString must be set", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Sqlite:CommandTimeout must be from 00:00:01 to 01:00:00 (value: 00:00:00)", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Sqlite:BusyTimeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Sqlite:MaxRetries must be from 0 to 100 (value: 1000)", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f == "Crowdsourcing:Sqlite:Migrations must be Apply, Verify or None (value: 7).");
    }

    [Theory]
    [InlineData("Data Source=:memory:", "in-memory")]
    [InlineData("Data Source=x.db;Mode=ReadOnly", "read-only")]
    [InlineData("Data Source=x.db;Frobnicate=1", "not a valid SQLite connection string")]
    public void A_connection_string_the_store_cannot_use_is_refused_with_the_reason(string connectionString, string reason)
    {
        var result = new SqliteStoreOptionsValidator().Validate(null, new SqliteStoreOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_constructor_refuses_invalid_options_listing_the_failures()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SqliteCrowdsourcingStore(new SqliteStoreOptions { CommandTimeout = TimeSpan.FromDays(2) }));

        Assert.Contains("ConnectionString must be set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CommandTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_validates_the_options_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCrowdsourcing(b => b.UseSqlite(o => o.CommandTimeout = TimeSpan.FromDays(3)));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.StartsWith("Crowdsourcing:Sqlite:ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_applies_the_schema_when_it_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Crowdsourcing:Sqlite:ConnectionString"] = _db.ConnectionString });
        builder.Services.AddCrowdsourcing(b => b.UseSqlite(_ => { }));
        using var host = builder.Build();

        Assert.Equal(0, await new SqliteMigrator(_db.ConnectionString).GetVersionAsync());
        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(SqliteMigrator.LatestVersion, await new SqliteMigrator(_db.ConnectionString).GetVersionAsync());
    }

    [Fact]
    public async Task The_database_is_in_WAL_mode_and_the_data_survives_a_restart()
    {
        await using (var first = Build(b => b.UseSqlite(_db.ConnectionString)))
        {
            await first.GetRequiredService<IParticipantStore>().InsertAsync(SpecificationData.Participant("p-1", qualifications: ["cloud"]));
        }

        await using (var second = Build(b => b.UseSqlite(_db.ConnectionString)))
        {
            var found = await second.GetRequiredService<IParticipantStore>().FindAsync("p-1");
            Assert.Equal(1, found!.Version);
            Assert.Equal(["cloud"], found.Qualifications);
        }

        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_store_turns_foreign_keys_on_so_index_rows_cannot_outlive_their_record()
    {
        await using var provider = Build(b => b.UseSqlite(_db.ConnectionString));
        await provider.GetRequiredService<IParticipantStore>().InsertAsync(SpecificationData.Participant("p-1", qualifications: ["cloud"]));

        await using var connection = new SqliteConnection(_db.ConnectionString + ";Foreign Keys=True");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO participant_qualifications (qualification, participant_id) VALUES ('x', 'nobody')";

        var ex = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("FOREIGN KEY", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteMigrationTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _db = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public void The_scripts_are_embedded_and_numbered_from_1()
    {
        Assert.Equal(SqliteMigrator.LatestVersion, SqliteMigrator.Migrations.Count);
        Assert.Equal("0001_initial", SqliteMigrator.Migrations[0].Name);
        Assert.Equal(1, SqliteMigrator.Migrations[0].Version);
        Assert.Contains("INSERT INTO crowdsourcing_schema_version (version, name) VALUES (1, '0001_initial')", SqliteMigrator.Migrations[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_applies_the_missing_scripts_once_and_records_each_version()
    {
        var migrator = new SqliteMigrator(_db.ConnectionString);

        Assert.Equal(SqliteMigrator.LatestVersion, await migrator.ApplyAsync());
        Assert.Equal(0, await migrator.ApplyAsync());
        Assert.Equal(SqliteMigrator.LatestVersion, await migrator.GetVersionAsync());
        await migrator.VerifyAsync();
    }

    [Fact]
    public async Task The_scripts_applied_by_hand_give_a_database_the_store_accepts_in_Verify_mode()
    {
        await using (var connection = new SqliteConnection(_db.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var migration in SqliteMigrator.Migrations)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = migration.Sql;
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var store = new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = _db.ConnectionString, Migrations = MigrationMode.Verify });
        await store.Tasks.InsertAsync(SpecificationData.NewTask("t-1"));

        Assert.NotNull(await store.Tasks.FindAsync("t-1"));
    }

    [Fact]
    public async Task Version_3_marks_the_participants_stored_as_inactive_by_version_2_so_they_leave_every_crowd()
    {
        // Rows as version 2 wrote them: the JSON of the participants, without the active column.
        var rows = new List<object[]>();
        await using (var current = new SqliteTestDatabase())
        {
            await using (var store = new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = current.ConnectionString }))
            {
                await store.Participants.InsertAsync(SpecificationData.Participant("p-here"));
                await store.Participants.InsertAsync(SpecificationData.Participant("p-left") with { InactiveSince = DateTimeOffset.UnixEpoch });
            }

            await using var read = new SqliteConnection(current.ConnectionString);
            await read.OpenAsync();
            await using var select = read.CreateCommand();
            select.CommandText = "SELECT id, version, json, layer FROM participants ORDER BY id";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add([reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3)]);
            }
        }

        await using (var connection = new SqliteConnection(_db.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var migration in SqliteMigrator.Migrations.Where(m => m.Version <= 2))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = migration.Sql;
                await command.ExecuteNonQueryAsync();
            }

            foreach (var row in rows)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO participants (id, version, json, layer) VALUES ($id, $version, $json, $layer)";
                insert.Parameters.AddWithValue("$id", row[0]);
                insert.Parameters.AddWithValue("$version", row[1]);
                insert.Parameters.AddWithValue("$json", row[2]);
                insert.Parameters.AddWithValue("$layer", row[3]);
                await insert.ExecuteNonQueryAsync();
            }
        }

        await using var migrated = new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = _db.ConnectionString });
        var ids = new List<string>();
        await foreach (var id in migrated.Participants.ListIdsAsync([Crowd.CrowdLayer.Internal], []))
        {
            ids.Add(id);
        }

        Assert.Equal(["p-here"], ids);
        Assert.Equal(SqliteMigrator.LatestVersion, await new SqliteMigrator(_db.ConnectionString).GetVersionAsync());
    }

    [Fact]
    public async Task Version_6_lets_a_report_assessed_under_version_5_be_reviewed_and_deleted_with_its_assignment()
    {
        // A database at version 5 with an assignment and its assessment, as version 5 wrote them.
        var assignment = SpecificationData.Assignment("a-old");
        var assessment = SpecificationData.Assessment("a-old", SpecificationData.T0);
        await using (var connection = new SqliteConnection(_db.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var migration in SqliteMigrator.Migrations.Where(m => m.Version <= 5))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = migration.Sql;
                await command.ExecuteNonQueryAsync();
            }

            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO assignments (id, version, json, campaign_id) VALUES ('a-old', 1, $assignment, 'campaign-1'); INSERT INTO quality_assessments (assignment_id, assessed_at, fingerprint, json) VALUES ('a-old', $at, 'f', $assessment)";
            insert.Parameters.AddWithValue("$assignment", SpecificationData.Json(assignment with { Version = 1 }));
            insert.Parameters.AddWithValue("$at", SpecificationData.T0.UtcTicks);
            insert.Parameters.AddWithValue("$assessment", SpecificationData.Json(assessment));
            await insert.ExecuteNonQueryAsync();
        }

        await using var migrated = new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = _db.ConnectionString });
        var review = await migrated.ReportReviews.SaveAsync(new Quality.ReportReview("campaign-1", "a-old", SpecificationData.T0, "poor", "fair", "analyst-1", SpecificationData.T0.AddDays(1)), 0);

        Assert.Equal(6, SqliteMigrator.Migrations.Single(m => m.Name == "0006_report_reviews").Version);
        Assert.Equal(SqliteMigrator.LatestVersion, await new SqliteMigrator(_db.ConnectionString).GetVersionAsync());
        Assert.Equal(review, await migrated.ReportReviews.FindAsync("a-old", SpecificationData.T0));
        await migrated.Assignments.DeleteAsync("a-old", 1);
        Assert.Null(await migrated.ReportReviews.FindAsync("a-old", SpecificationData.T0));
    }

    [Fact]
    public async Task Verify_mode_on_an_unmigrated_database_fails_saying_how_to_migrate()
    {
        await using var store = new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = _db.ConnectionString, Migrations = MigrationMode.Verify });

        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await store.Tasks.FindAsync("t-1"));

        Assert.Contains($"has schema version 0, but this version of the library needs version {SqliteMigrator.LatestVersion}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SqliteMigrator.ApplyAsync()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_library_is_refused_with_a_clear_error_and_left_unchanged()
    {
        var migrator = new SqliteMigrator(_db.ConnectionString);
        await migrator.ApplyAsync();
        await using (var connection = new SqliteConnection(_db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO crowdsourcing_schema_version (version, name) VALUES (99, '0099_future')";
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = _db.ConnectionString });
        var fromStore = await Assert.ThrowsAsync<InvalidStateException>(() => store.InitializeAsync());
        var fromMigrator = await Assert.ThrowsAsync<InvalidStateException>(async () => await migrator.ApplyAsync());

        Assert.Contains($"has schema version 99, newer than version {SqliteMigrator.LatestVersion}", fromStore.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade the package", fromStore.Message, StringComparison.Ordinal);
        Assert.Equal(fromStore.Message, fromMigrator.Message);
        await Assert.ThrowsAsync<InvalidStateException>(async () => await store.Tasks.FindAsync("t-1"));
        Assert.Equal(99, await migrator.GetVersionAsync());
    }

    [Fact]
    public async Task Several_stores_starting_at_once_apply_the_schema_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteCrowdsourcingStore(new SqliteStoreOptions { ConnectionString = _db.ConnectionString })).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM crowdsourcing_schema_version";
        Assert.Equal(SqliteMigrator.LatestVersion, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
