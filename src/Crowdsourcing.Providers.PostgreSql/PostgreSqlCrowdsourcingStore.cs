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
/// The semantics are the in-memory provider's (the conformance suite checks them): code-point key order
/// (<c>COLLATE "C"</c> key columns) with keyset paging, version 1 on insert and one more per update, idempotent inserts
/// by id comparing content without version and modification metadata, "later week wins" for beliefs, lease-based outbox
/// claims, and <see cref="CommitAsync"/> as one transaction that records a decision cycle at most once.
/// </para>
/// <para>
/// Several instances: write transactions run at READ COMMITTED; an update names the version it read in its WHERE
/// clause, so a concurrent change makes it a <see cref="ConcurrencyConflictException"/>, never a lost update; inserts
/// rely on primary keys (a racing duplicate waits, then does nothing); the (campaign, cycle) primary key makes exactly
/// one of two instances committing the same decision cycle apply it; outbox claims use <c>FOR UPDATE SKIP LOCKED</c>.
/// Deadlocks and serialisation failures are retried (<see cref="PostgreSqlStoreOptions.MaxRetries"/>).
/// </para>
/// <para>Each store keeps its own connection pool (an <c>NpgsqlDataSource</c>), released when it is disposed. The schema
/// is applied or verified (see <see cref="PostgreSqlStoreOptions.Migrations"/>) by <see cref="InitializeAsync"/>, which
/// the host runs at start and every operation awaits the first time.</para>
/// </remarks>
public sealed partial class PostgreSqlCrowdsourcingStore : ICrowdsourcingStore, IAsyncDisposable, IDisposable
{
    private readonly PostgreSqlDatabase _db;

    /// <summary>Creates a store over the database the options name. Opens nothing until the first operation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every failure.</exception>
    public PostgreSqlCrowdsourcingStore(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid("PostgreSQL", PostgreSqlStoreOptionsValidator.Failures(options), nameof(options));
        _db = new PostgreSqlDatabase(options);
        _store = new RelationalStore(_db);
    }

    /// <summary>
    /// Applies or verifies the schema as <see cref="PostgreSqlStoreOptions.Migrations"/> says, once; later calls return
    /// at once. Every operation awaits it, so calling it is optional; a host calls it at start to fail early.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database's schema is newer than the library's, or (with
    /// <see cref="PostgreSqlMigrationMode.Verify"/>) older.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _db.EnsureInitializedAsync(cancellationToken);
}
