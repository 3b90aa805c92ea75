using System.Data.Common;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The migrator of every relational provider: reads the schema version, applies the scripts the database lacks in
/// one transaction (which the dialect opens and locks as the database needs), or verifies the version. The public
/// <c>SqliteMigrator</c> and <c>PostgreSqlMigrator</c>, and the stores' start, run it.
/// </summary>
internal sealed class SchemaMigrator(RelationalDialect dialect)
{
    /// <summary>The schema version the library creates and expects.</summary>
    public int LatestVersion => dialect.Scripts.Count;

    /// <summary>Reads the database's schema version: 0 when the store's schema was never applied.</summary>
    public async ValueTask<int> GetVersionAsync(CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await dialect.ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies the scripts the database lacks, all in one transaction (a failure applies none).</summary>
    /// <returns>How many scripts were applied.</returns>
    /// <exception cref="InvalidStateException">The database's schema is newer than the library's; nothing was changed.</exception>
    public async ValueTask<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await dialect.BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await dialect.ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                ThrowIfNewer(version);
                var applied = 0;
                foreach (var script in dialect.Scripts.Where(s => s.Version > version))
                {
                    await ExecuteAsync(connection, transaction, script, cancellationToken).ConfigureAwait(false);
                    applied++;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return applied;
            }
        }
    }

    /// <summary>Checks that the database is at <see cref="LatestVersion"/>.</summary>
    /// <exception cref="InvalidStateException">It is older (the message says how to migrate it) or newer.</exception>
    public async ValueTask VerifyAsync(CancellationToken cancellationToken)
    {
        var version = await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(version);
        if (version < LatestVersion)
        {
            throw new InvalidStateException(
                $"The {dialect.ProviderName} database '{dialect.DatabaseName}' has schema version {version}, but this version of the library needs version {LatestVersion}. " +
                $"Apply the migrations: set the store's Migrations option to Apply, call {dialect.MigratorName}.ApplyAsync(), or run the scripts in the package's Migrations folder in order.");
        }
    }

    private void ThrowIfNewer(int version)
    {
        if (version > LatestVersion)
        {
            throw new InvalidStateException(
                $"The {dialect.ProviderName} database '{dialect.DatabaseName}' has schema version {version}, newer than version {LatestVersion}, the latest this version of {dialect.PackageName} knows. " +
                "It was migrated by a newer version of the library; upgrade the package (or point the store at another database). Nothing was changed.");
        }
    }

    private static async ValueTask ExecuteAsync(DbConnection connection, DbTransaction transaction, MigrationScript script, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL is one of the package's own migration scripts.
            command.CommandText = script.Sql;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
