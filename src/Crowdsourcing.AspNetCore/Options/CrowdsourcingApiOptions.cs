using Microsoft.Extensions.Options;

namespace Crowdsourcing.AspNetCore.Options;

/// <summary>The web API's settings, bound from <c>Crowdsourcing:Api</c> and validated at start.</summary>
public sealed class CrowdsourcingApiOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Api</c>.</summary>
    public const string SectionName = "Crowdsourcing:Api";

    /// <summary>How many decision cycles one person may run per <see cref="CycleRunWindow"/>, across campaigns.
    /// Default 6; 1 to 1,000. Runs beyond it are refused with 429 and a <c>Retry-After</c> header.</summary>
    public int CycleRunsPerWindow { get; set; } = 6;

    /// <summary>The window of <see cref="CycleRunsPerWindow"/>. Default 1 minute; 1 second to 1 day.</summary>
    public TimeSpan CycleRunWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many sign-in attempts one client address may make per minute. Default 20; 1 to 10,000.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 20;

    /// <summary>How long a bearer token from <c>POST /login</c> is valid. Default 1 hour; 1 minute to 1 day.</summary>
    public TimeSpan BearerTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a browser's sign-in cookie is valid (sliding). Default 8 hours; 1 minute to 30 days.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The longest request URL (path and query, in characters) served; longer ones are refused with 414.
    /// Default 4,096; 256 to 65,536.</summary>
    public int MaximumUrlLength { get; set; } = 4096;

    /// <summary>The largest JSON request body read, in bytes; larger ones are refused with 413. Default 1 MiB; 1 KiB to 64 MiB.</summary>
    public int MaximumBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Validates <see cref="CrowdsourcingApiOptions"/>, listing every failure.</summary>
internal sealed class CrowdsourcingApiOptionsValidator : IValidateOptions<CrowdsourcingApiOptions>
{
    public ValidateOptionsResult Validate(string? name, CrowdsourcingApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(options.CycleRunsPerWindow is >= 1 and <= 1000, nameof(options.CycleRunsPerWindow), "between 1 and 1000", options.CycleRunsPerWindow);
        Check(options.CycleRunWindow >= TimeSpan.FromSeconds(1) && options.CycleRunWindow <= TimeSpan.FromDays(1), nameof(options.CycleRunWindow), "between 00:00:01 and 1.00:00:00", options.CycleRunWindow);
        Check(options.SignInAttemptsPerMinute is >= 1 and <= 10_000, nameof(options.SignInAttemptsPerMinute), "between 1 and 10000", options.SignInAttemptsPerMinute);
        Check(options.BearerTokenLifetime >= TimeSpan.FromMinutes(1) && options.BearerTokenLifetime <= TimeSpan.FromDays(1), nameof(options.BearerTokenLifetime), "between 00:01:00 and 1.00:00:00", options.BearerTokenLifetime);
        Check(options.CookieLifetime >= TimeSpan.FromMinutes(1) && options.CookieLifetime <= TimeSpan.FromDays(30), nameof(options.CookieLifetime), "between 00:01:00 and 30.00:00:00", options.CookieLifetime);
        Check(options.MaximumUrlLength is >= 256 and <= 65_536, nameof(options.MaximumUrlLength), "between 256 and 65536", options.MaximumUrlLength);
        Check(options.MaximumBodyBytes is >= 1024 and <= 64 * 1024 * 1024, nameof(options.MaximumBodyBytes), "between 1024 and 67108864", options.MaximumBodyBytes);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(bool ok, string key, string range, object value)
        {
            if (!ok)
            {
                failures.Add($"{CrowdsourcingApiOptions.SectionName}:{key} must be {range}; it is {value}.");
            }
        }
    }
}
