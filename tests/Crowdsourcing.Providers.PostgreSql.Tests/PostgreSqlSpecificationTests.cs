using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Specification.Tests;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

// The provider conformance suite, run against the PostgreSQL provider: one small class per specification. Each class
// gets its own database (copied from a migrated template, dropped after the class), emptied before every test.

public sealed class PostgreSqlCampaignStoreTests(PostgresClassDatabase db) : CampaignStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlTaskStoreTests(PostgresClassDatabase db) : TaskStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlParticipantStoreTests(PostgresClassDatabase db) : ParticipantStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlQuestionnaireStoreTests(PostgresClassDatabase db) : QuestionnaireStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlAssignmentStoreTests(PostgresClassDatabase db) : AssignmentStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlResponseStoreTests(PostgresClassDatabase db) : ResponseStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlBeliefStoreTests(PostgresClassDatabase db) : BeliefStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlDecisionCycleStoreTests(PostgresClassDatabase db) : DecisionCycleStoreSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlNotificationOutboxTests(PostgresClassDatabase db) : NotificationOutboxSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlChangeSetTests(PostgresClassDatabase db) : ChangeSetSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlConcurrencyTests(PostgresClassDatabase db) : ConcurrencySpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}

public sealed class PostgreSqlHostileInputTests(PostgresClassDatabase db) : HostileInputSpecification, IClassFixture<PostgresClassDatabase>
{
    protected override ValueTask InitializeStoreAsync() => db.ResetAsync();

    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UsePostgreSql(db.ConnectionString);
}
