using Crowdsourcing.Providers.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Providers.Sqlite;

/// <summary>Validates <see cref="SqliteStoreOptions"/>, listing every failure with the configuration key it concerns.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Failures(SqliteStoreOptions options)
    {
        const string prefix = SqliteStoreOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{prefix}:ConnectionString must be set, for example \"Data Source=crowd.db\" (builder.UseSqlite(\"Data Source=crowd.db\")).");
        }
        else
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    failures.Add($"{prefix}:ConnectionString must name a database file with \"Data Source=...\".");
                }
                else if (string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal) || builder.Mode == SqliteOpenMode.Memory)
                {
                    failures.Add($"{prefix}:ConnectionString names an in-memory SQLite database, which lives only as long as one connection; use a file, or builder.UseInMemoryStore().");
                }
                else if (builder.Mode == SqliteOpenMode.ReadOnly)
                {
                    failures.Add($"{prefix}:ConnectionString opens the database read-only; the store writes.");
                }
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{prefix}:ConnectionString is not a valid SQLite connection string: {ex.Message}");
            }
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{prefix}:BusyTimeout must be from 00:00:00 to 01:00:00 (value: {options.BusyTimeout}).");
        }

        RelationalOptionsValidation.AddCommonFailures(failures, prefix, options.CommandTimeout, options.MaxRetries, options.Migrations);
        return failures;
    }
}
