using Crowdsourcing.Crowd;
using Crowdsourcing.Options;
using Crowdsourcing.Serialization;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory;

/// <summary>
/// Settings of <see cref="DirectorySynchronizer"/> and of its optional schedule, bound from the
/// <c>Crowdsourcing:Directory:Sync</c> configuration section and validated at start by
/// <see cref="DirectorySyncOptionsValidator"/>.
/// </summary>
public sealed class DirectorySyncOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Directory:Sync</c>.</summary>
    public const string SectionName = CrowdsourcingOptions.SectionName + ":Directory:Sync";

    /// <summary>
    /// The time between two scheduled synchronisations, measured on the <see cref="TimeProvider"/> from the end of one
    /// run; <see langword="null"/> (the default) runs no schedule, and participants are synchronised only when
    /// <see cref="DirectorySynchronizer.SynchronizeAsync"/> is called. From 1 minute to 7 days.
    /// </summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>The wait before the first scheduled run after the host starts. Default zero (at once); from zero to 1 day.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The crowd layers the directory is the source of truth for, by their names (<c>internal</c>,
    /// <c>trusted-partners</c>, <c>prequalified</c>, <c>general</c>): a stored, active participant of one of these
    /// layers whom the directory no longer lists is marked inactive. Participants of other layers (partners,
    /// communities, the public, kept by hand) are never retired by a synchronisation. <see langword="null"/> (the
    /// default) means <c>internal</c> only.
    /// </summary>
    public IList<string>? Layers { get; set; }

    /// <summary>The layers of <see cref="Layers"/>, parsed (valid after validation).</summary>
    internal IReadOnlySet<CrowdLayer> AuthoritativeLayers =>
        Layers is null ? new HashSet<CrowdLayer> { CrowdLayer.Internal } : Layers.Select(l => EnumNames.TryParse<CrowdLayer>(l, out var layer) ? layer : (CrowdLayer?)null).OfType<CrowdLayer>().ToHashSet();

    /// <summary>
    /// The most people one listing may hold; a larger listing fails the synchronisation (nothing is written), since
    /// the whole listing is read before anything is written. Default 100,000; from 1 to 1,000,000.
    /// </summary>
    public int MaxPeople { get; set; } = 100_000;
}

/// <summary>Validates <see cref="DirectorySyncOptions"/>, listing every failure with its configuration key.</summary>
internal sealed class DirectorySyncOptionsValidator : IValidateOptions<DirectorySyncOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DirectorySyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = DirectorySyncOptions.SectionName;
        var failures = new List<string>();
        if (options.Interval is { } interval && (interval < TimeSpan.FromMinutes(1) || interval > TimeSpan.FromDays(7)))
        {
            failures.Add($"{prefix}:Interval must be from 00:01:00 to 7.00:00:00, or unset for no schedule (value: {interval}).");
        }

        if (options.InitialDelay < TimeSpan.Zero || options.InitialDelay > TimeSpan.FromDays(1))
        {
            failures.Add($"{prefix}:InitialDelay must be from 00:00:00 to 1.00:00:00 (value: {options.InitialDelay}).");
        }

        if (options.Layers is { Count: 0 })
        {
            failures.Add($"{prefix}:Layers must name at least one crowd layer ({EnumNames.Describe<CrowdLayer>()}), or be left unset for 'internal'.");
        }

        for (var i = 0; i < (options.Layers?.Count ?? 0); i++)
        {
            if (!EnumNames.TryParse<CrowdLayer>(options.Layers![i], out _))
            {
                failures.Add($"{prefix}:Layers:{i} is not a crowd layer: expected one of {EnumNames.Describe<CrowdLayer>()} (value: '{options.Layers[i]}').");
            }
        }

        if (options.MaxPeople is < 1 or > 1_000_000)
        {
            failures.Add($"{prefix}:MaxPeople must be from 1 to 1000000 (value: {options.MaxPeople}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
