using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Crowdsourcing.Providers.Relational;

/// <summary>A migration script shipped as an embedded resource named <c>Crowdsourcing.Migrations.NNNN_name.sql</c>.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql)
{
    private const string Prefix = "Crowdsourcing.Migrations.";

    /// <summary>The scripts embedded in <paramref name="assembly"/>, in version order, checked to be numbered 1, 2, 3, ...</summary>
    public static IReadOnlyList<MigrationScript> Load(Assembly assembly)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..^4];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The migration scripts of {assembly.GetName().Name} are not numbered 1, 2, 3, ...: script '{scripts[i].Name}' is number {i + 1}.");
            }
        }

        return scripts;
    }

    /// <summary>The message for a database whose schema is newer than the library's.</summary>
    public static string TooNew(string provider, string database, int found, int known, string package) =>
        $"The {provider} database '{database}' has schema version {found}, newer than version {known}, the latest this version of {package} knows. " +
        "It was migrated by a newer version of the library; upgrade the package (or point the store at another database). Nothing was changed.";

    /// <summary>The message for a database whose schema is older than the library's when migrations are not applied.</summary>
    public static string TooOld(string provider, string database, int found, int known, string migrator) =>
        $"The {provider} database '{database}' has schema version {found}, but this version of the library needs version {known}. " +
        $"Apply the migrations: set the store's Migrations option to Apply, call {migrator}.ApplyAsync(), or run the scripts in the package's Migrations folder in order.";
}

/// <summary>
/// The steps of a provider's migrator that do not depend on the database: the version checks with their messages, and
/// applying the missing scripts inside a transaction the provider opened (and locked as it needs).
/// </summary>
/// <param name="Provider">The provider's name for messages, for example <c>SQLite</c>.</param>
/// <param name="Database">The database, as messages name it.</param>
/// <param name="Package">The provider's package, for example <c>Crowdsourcing.Providers.Sqlite</c>.</param>
/// <param name="Migrator">The public migrator's type name, for example <c>SqliteMigrator</c>.</param>
/// <param name="Scripts">The provider's scripts, in version order.</param>
internal sealed record SchemaMigrations(string Provider, string Database, string Package, string Migrator, IReadOnlyList<MigrationScript> Scripts)
{
    /// <summary>The schema version the library creates and expects.</summary>
    public int LatestVersion => Scripts.Count;

    /// <summary>Throws when <paramref name="version"/> is newer than <see cref="LatestVersion"/>.</summary>
    public void ThrowIfNewer(int version)
    {
        if (version > LatestVersion)
        {
            throw new InvalidStateException(MigrationScript.TooNew(Provider, Database, version, LatestVersion, Package));
        }
    }

    /// <summary>Throws unless <paramref name="version"/> is <see cref="LatestVersion"/>: older (saying how to migrate) or newer.</summary>
    public void Verify(int version)
    {
        ThrowIfNewer(version);
        if (version < LatestVersion)
        {
            throw new InvalidStateException(MigrationScript.TooOld(Provider, Database, version, LatestVersion, Migrator));
        }
    }

    /// <summary>
    /// Runs the scripts newer than <paramref name="version"/> in <paramref name="transaction"/> and commits it, or
    /// throws (changing nothing) when the database is newer than the library.
    /// </summary>
    /// <returns>How many scripts were applied.</returns>
    public async ValueTask<int> ApplyAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken)
    {
        ThrowIfNewer(version);
        var applied = 0;
        foreach (var script in Scripts.Where(s => s.Version > version))
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

            applied++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }
}
