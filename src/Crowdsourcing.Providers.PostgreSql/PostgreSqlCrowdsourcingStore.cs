using Crowdsourcing.Providers.PostgreSql.Internal;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.PostgreSql;

/// <summary>
/// A durable <see cref="ICrowdsourcingStore"/> in a PostgreSQL database, shared by several host instances behind a load
/// balancer. Register it with <c>builder.UsePostgreSql(...)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The semantics are those of every provider (see <see cref="RelationalCrowdsourcingStore"/>); listings are in
/// code-point key order through <c>COLLATE "C"</c> key columns.
/// </para>
/// <para>
/// Several instances: write transactions run at READ COMMITTED; an update names the version it read in its WHERE
/// clause, so a concurrent change makes it a <see cref="ConcurrencyConflictException"/>, never a lost update; inserts
/// rely on primary keys (a racing duplicate waits, then does nothing); the (campaign, cycle) primary key makes exactly
/// one of two instances committing the same decision cycle apply it; outbox claims use <c>FOR UPDATE SKIP LOCKED</c>.
/// Deadlocks and serialisation failures are retried (<see cref="PostgreSqlStoreOptions.MaxRetries"/>).
/// </para>
/// <para>Each store keeps its own connection pool (an <c>NpgsqlDataSource</c>), released when it is disposed. The schema
/// is applied or verified (see <see cref="PostgreSqlStoreOptions.Migrations"/>) by
/// <see cref="RelationalCrowdsourcingStore.InitializeAsync"/>, which the host runs at start and every operation awaits
/// the first time.</para>
/// </remarks>
public sealed class PostgreSqlCrowdsourcingStore : RelationalCrowdsourcingStore
{
    /// <summary>Creates a store over the database the options name. Opens nothing until the first operation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every failure.</exception>
    public PostgreSqlCrowdsourcingStore(PostgreSqlStoreOptions options)
        : base(Open(options))
    {
    }

    private static RelationalDatabase Open(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid("PostgreSQL", PostgreSqlStoreOptionsValidator.Failures(options), nameof(options));
        return new RelationalDatabase(new PostgreSqlDialect(options.ConnectionString!, options.CommandTimeout), options.MaxRetries, options.Migrations);
    }
}
