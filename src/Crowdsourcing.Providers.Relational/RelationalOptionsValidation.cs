namespace Crowdsourcing.Providers.Relational;

/// <summary>The checks of the options every relational provider has, with the same limits and messages.</summary>
internal static class RelationalOptionsValidation
{
    /// <summary>Adds a failure, naming its configuration key under <paramref name="section"/>, for each of
    /// <c>CommandTimeout</c> (1 s to 1 h), <c>MaxRetries</c> (0 to 100) and <c>Migrations</c> (a defined
    /// <see cref="MigrationMode"/>) that is out of range.</summary>
    public static void AddCommonFailures(List<string> failures, string section, TimeSpan commandTimeout, int maxRetries, MigrationMode migrations)
    {
        if (commandTimeout < TimeSpan.FromSeconds(1) || commandTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:CommandTimeout must be from 00:00:01 to 01:00:00 (value: {commandTimeout}).");
        }

        if (maxRetries is < 0 or > 100)
        {
            failures.Add($"{section}:MaxRetries must be from 0 to 100 (value: {maxRetries}).");
        }

        if (!Enum.IsDefined(migrations))
        {
            failures.Add($"{section}:Migrations must be Apply, Verify or None (value: {migrations}).");
        }
    }
}
