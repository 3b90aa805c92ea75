using Crowdsourcing.Providers.Relational;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crowdsourcing.Providers.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlStoreOptions"/>, listing every failure with the configuration key it concerns.</summary>
internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Failures(PostgreSqlStoreOptions options)
    {
        const string prefix = PostgreSqlStoreOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{prefix}:ConnectionString must be set, for example \"Host=db;Database=crowd;Username=crowd;Password=...\" (builder.UsePostgreSql(\"...\")).");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    failures.Add($"{prefix}:ConnectionString must name the server with \"Host=...\".");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                failures.Add($"{prefix}:ConnectionString is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        RelationalOptionsValidation.AddCommonFailures(failures, prefix, options.CommandTimeout, options.MaxRetries, options.Migrations);
        return failures;
    }
}
