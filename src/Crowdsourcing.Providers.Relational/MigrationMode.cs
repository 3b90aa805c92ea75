namespace Crowdsourcing.Providers.Relational;

/// <summary>What a relational store (SQLite, PostgreSQL) does about the database schema when it starts: the
/// <c>Migrations</c> option of <c>SqliteStoreOptions</c> and <c>PostgreSqlStoreOptions</c>.</summary>
public enum MigrationMode
{
    /// <summary>Applies the migration scripts the database lacks, in one transaction, before the store's first
    /// operation (and at host start when the store runs in a host). Concurrent starts apply them once: SQLite's write
    /// lock, or a PostgreSQL advisory lock, makes the others wait and then find nothing to do. The default.</summary>
    Apply = 0,

    /// <summary>Only checks that the database is at the library's schema version, and fails with a message saying how
    /// to migrate it otherwise. For databases migrated by hand, by a deployment step or by a DBA.</summary>
    Verify = 1,

    /// <summary>Checks nothing: the host guarantees the schema.</summary>
    None = 2,
}
