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
/// The semantics are those of every provider (see <see cref="RelationalCrowdsourcingStore"/>); listings are in
/// code-point key order through SQLite's <c>BINARY</c> collation.
/// </para>
/// <para>
/// The database runs in WAL mode with foreign keys on. Every write is a <c>BEGIN IMMEDIATE</c> transaction: writers
/// queue for the write lock (up to <see cref="SqliteStoreOptions.BusyTimeout"/>, then the transaction is retried up to
/// <see cref="SqliteStoreOptions.MaxRetries"/> times), readers never wait. Several processes may share the file on one
/// machine; for several machines use the PostgreSQL provider.
/// </para>
/// <para>The schema is applied or verified (see <see cref="SqliteStoreOptions.Migrations"/>) by
/// <see cref="RelationalCrowdsourcingStore.InitializeAsync"/>, which the host runs at start and every operation awaits
/// the first time.</para>
/// </remarks>
public sealed class SqliteCrowdsourcingStore : RelationalCrowdsourcingStore
{
    /// <summary>Creates a store over the database the options name. Opens nothing until the first operation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every failure.</exception>
    public SqliteCrowdsourcingStore(SqliteStoreOptions options)
        : base(Open(options))
    {
    }

    private static RelationalDatabase Open(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid("SQLite", SqliteStoreOptionsValidator.Failures(options), nameof(options));
        return new RelationalDatabase(new SqliteDialect(options.ConnectionString!, options.CommandTimeout, options.BusyTimeout), options.MaxRetries, options.Migrations);
    }
}
