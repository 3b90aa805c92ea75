using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Providers.Sqlite.Internal;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.Sqlite;

/// <summary>
/// A durable <see cref="ICrowdsourcingStore"/> in one SQLite database file: the embedded default for hosts that keep
/// their campaigns across restarts without running a database server. Register it with <c>builder.UseSqlite(...)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The semantics are the in-memory provider's (the conformance suite checks them): code-point key order (SQLite's
/// <c>BINARY</c> collation) with keyset paging, version 1 on insert and one more per update, idempotent inserts by id
/// comparing content without version and modification metadata, "later week wins" for beliefs, lease-based outbox
/// claims, and <see cref="CommitAsync"/> as one transaction that records a decision cycle at most once.
/// </para>
/// <para>
/// The database runs in WAL mode with foreign keys on. Every write is a <c>BEGIN IMMEDIATE</c> transaction: writers
/// queue for the write lock (up to <see cref="SqliteStoreOptions.BusyTimeout"/>, then the transaction is retried up to
/// <see cref="SqliteStoreOptions.MaxRetries"/> times), readers never wait. Several processes may share the file on one
/// machine; for several machines use the PostgreSQL provider.
/// </para>
/// <para>The schema is applied or verified (see <see cref="SqliteStoreOptions.Migrations"/>) by <see cref="InitializeAsync"/>,
/// which the host runs at start and every operation awaits the first time.</para>
/// </remarks>
public sealed partial class SqliteCrowdsourcingStore : ICrowdsourcingStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _db;

    /// <summary>Creates a store over the database the options name. Opens nothing until the first operation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every failure.</exception>
    public SqliteCrowdsourcingStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid("SQLite", SqliteStoreOptionsValidator.Failures(options), nameof(options));
        _db = new SqliteDatabase(options);
        _store = new RelationalStore(_db);
    }

    /// <summary>
    /// Applies or verifies the schema as <see cref="SqliteStoreOptions.Migrations"/> says, once; later calls return at
    /// once. Every operation awaits it, so calling it is optional; a host calls it at start to fail early.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database's schema is newer than the library's, or (with
    /// <see cref="SqliteMigrationMode.Verify"/>) older.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _db.EnsureInitializedAsync(cancellationToken);
}
