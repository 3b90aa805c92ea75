using System.Globalization;
using System.Reflection;

namespace Crowdsourcing.Providers.Relational;

/// <summary>One schema migration script of a relational provider: <c>Migrations/NNNN_name.sql</c> in its package,
/// embedded in its assembly and also shipped as a plain file to apply by hand.</summary>
/// <param name="Version">The schema version the script brings the database to (1, 2, ...).</param>
/// <param name="Name">The script's name, for example <c>0001_initial</c>.</param>
/// <param name="Sql">The plain SQL; it records its version in <c>crowdsourcing_schema_version</c> itself.</param>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    private const string Prefix = "Crowdsourcing.Migrations.";

    /// <summary>The scripts embedded in <paramref name="assembly"/> as <c>Crowdsourcing.Migrations.NNNN_name.sql</c>, in
    /// version order, checked to be numbered 1, 2, 3, ...</summary>
    internal static IReadOnlyList<MigrationScript> Load(Assembly assembly)
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
}
