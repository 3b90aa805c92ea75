using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Specification.Tests;

namespace Crowdsourcing.Providers.Sqlite.Tests;

// The provider conformance suite, run against the SQLite provider: one small class per specification, each test on a
// fresh database file.

public sealed class SqliteCampaignStoreTests : CampaignStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteTaskStoreTests : TaskStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteParticipantStoreTests : ParticipantStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteQuestionnaireStoreTests : QuestionnaireStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteAssignmentStoreTests : AssignmentStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteResponseStoreTests : ResponseStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteBeliefStoreTests : BeliefStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteDecisionCycleStoreTests : DecisionCycleStoreSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteNotificationOutboxTests : NotificationOutboxSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteChangeSetTests : ChangeSetSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteConcurrencyTests : ConcurrencySpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}

public sealed class SqliteHostileInputTests : HostileInputSpecification
{
    private readonly SqliteTestDatabase _db = new();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseSqlite(_db.ConnectionString);

    protected override ValueTask DisposeStoreAsync() => _db.DisposeAsync();
}
