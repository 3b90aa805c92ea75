using Crowdsourcing.Validation;

namespace Crowdsourcing.Campaigns;

/// <summary>What one of the decision model's interventions does in the runtime. Users spell the values <c>notification</c> and <c>escalation</c>.</summary>
public enum InterventionEffect
{
    /// <summary>A contact notification to the participant, through <see cref="InterventionSetting.Channel"/> (or the runtime's contact channel).</summary>
    Notification = 0,

    /// <summary>An escalation: the notification goes to the participant's manager (the participant when none is known).</summary>
    Escalation = 1,
}

/// <summary>One intervention a campaign allows, and what it does.</summary>
/// <param name="Name">The intervention's name in the decision model (for example <c>email</c>).</param>
/// <param name="Effect">What it does; default <see cref="InterventionEffect.Notification"/>.</param>
/// <param name="Channel">The notification channel, or <see langword="null"/> (the default) for the runtime's contact channel.</param>
public sealed record InterventionSetting(string Name, InterventionEffect Effect = InterventionEffect.Notification, string? Channel = null)
{
    /// <summary>The intervention's name in the decision model.</summary>
    public string Name { get; init => field = Guard.Id(value, nameof(InterventionSetting), nameof(Name)); } = Guard.Id(Name, nameof(InterventionSetting), nameof(Name));

    /// <summary>The notification channel, or <see langword="null"/> for the runtime's contact channel.</summary>
    public string? Channel { get; init => field = Guard.OptionalId(value, nameof(InterventionSetting), nameof(Channel)); } = Guard.OptionalId(Channel, nameof(InterventionSetting), nameof(Channel));
}

/// <summary>
/// How a campaign decides whom to contact, stored and versioned with the campaign (<see cref="Campaign.Decision"/>):
/// the policy (a registered contact-policy name), the workshop week (or a date turned into a week by the campaign's
/// cadence), the threshold, a budget per cycle, the interventions allowed and what each does, and the version of the
/// decision model the cycles use. Every field has a default, so a campaign without settings decides as before (the
/// runtime's configured policy, no budget, every intervention as a notification).
/// </summary>
public sealed record CampaignDecisionSettings
{
    /// <summary>The most weeks a workshop week may be: 10,000.</summary>
    public const int MaxWorkshopWeek = 10_000;

    /// <summary>
    /// The contact policy, by its registered name: <c>none</c>, <c>myopic</c>, <c>response-aware</c>, <c>planned</c>,
    /// <c>least-spend</c> or a host's own; <see langword="null"/> (the default) for the runtime's configured
    /// <c>Crowdsourcing:DecisionCycles:ContactPolicy</c>.
    /// </summary>
    public string? Policy { get; init => field = Guard.OptionalId(value, nameof(CampaignDecisionSettings), nameof(Policy)); }

    /// <summary>
    /// The workshop week W, 0 to <see cref="MaxWorkshopWeek"/>: <c>planned</c> and <c>least-spend</c> plan for it and contact
    /// nobody after it. <see langword="null"/> (the default): from <see cref="WorkshopDate"/>, else none.
    /// </summary>
    public int? WorkshopWeek
    {
        get;
        init => field = value is { } week && (week < 0 || week > MaxWorkshopWeek)
            ? throw Guard.Fail(nameof(WorkshopWeek), Guard.Message($"CampaignDecisionSettings.WorkshopWeek must be between 0 and {MaxWorkshopWeek}; got {week}."))
            : value;
    }

    /// <summary>The workshop's date, turned into a week by the campaign's cadence when <see cref="WorkshopWeek"/> is not given (the last week that ends by then); default none.</summary>
    public DateTimeOffset? WorkshopDate { get; init; }

    /// <summary>The threshold <c>least-spend</c> reaches by the workshop week; <see langword="null"/> (the default) for <see cref="Campaign.WorkshopThreshold"/>.</summary>
    public double? Threshold
    {
        get;
        init => field = value is { } t ? Guard.Finite(t, nameof(CampaignDecisionSettings), nameof(Threshold)) : null;
    }

    /// <summary>A budget per cycle, at least 0: at most this many contacts (<see cref="BudgetKind"/> <c>count</c>) or this much money (<c>money</c>); <see langword="null"/> (the default) for none.</summary>
    public double? Budget
    {
        get;
        init => field = value is { } b && (!double.IsFinite(b) || b < 0)
            ? throw Guard.Fail(nameof(Budget), Guard.Message($"CampaignDecisionSettings.Budget must be a number of at least 0; got {b}."))
            : value;
    }

    /// <summary>What <see cref="Budget"/> limits: <c>count</c> (contacts, the default; also when read without it) or <c>money</c>.</summary>
    public string BudgetKind
    {
        get;
        init => field = value is null or "count" or "money"
            ? value ?? "count"
            : throw Guard.Fail(nameof(BudgetKind), Guard.Message($"CampaignDecisionSettings.BudgetKind must be 'count' or 'money'; got '{value}'."));
    } = "count";

    /// <summary>The interventions the campaign may use and what each does; empty (the default) allows every intervention of the model as a notification.</summary>
    public IReadOnlyList<InterventionSetting> Interventions
    {
        get;
        init => field = Guard.UniqueBy(Guard.List(value, nameof(CampaignDecisionSettings), nameof(Interventions)), i => i.Name, nameof(CampaignDecisionSettings), nameof(Interventions), nameof(InterventionSetting.Name));
    } = [];

    /// <summary>The version of the campaign's decision model the cycles use: 1 (the default) for the registered model, or an adopted version of <see cref="ModelVersions"/>; each cycle record names it.</summary>
    /// <remarks>0 (settings read without the field) is taken as 1.</remarks>
    public int ModelVersion { get; init => field = value == 0 ? 1 : Guard.Positive(value, nameof(CampaignDecisionSettings), nameof(ModelVersion)); } = 1;

    /// <summary>
    /// The model versions organisers adopted after learning them from the campaign's history, oldest first (versions 2,
    /// 3, …; see <see cref="CampaignModelVersion"/>); empty (the default) before any. Added only by adopting a learned
    /// model (<c>ICampaignLearningService.AdoptAsync</c>), never by editing the settings; at most 1,000.
    /// </summary>
    public IReadOnlyList<CampaignModelVersion> ModelVersions
    {
        get;
        init
        {
            var versions = Guard.List(value, nameof(CampaignDecisionSettings), nameof(ModelVersions));
            if (versions.Count > 1_000)
            {
                throw Guard.Fail(nameof(ModelVersions), Guard.Message($"CampaignDecisionSettings.ModelVersions has {versions.Count} versions; at most 1000 are kept."));
            }

            field = Guard.UniqueBy(versions, v => v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), nameof(CampaignDecisionSettings), nameof(ModelVersions), nameof(CampaignModelVersion.Version));
        }
    } = [];

    /// <summary>The adopted model version <see cref="ModelVersion"/> names, or <see langword="null"/> for version 1 (the registered model) or a version that is not kept.</summary>
    public CampaignModelVersion? AdoptedModel => ModelVersion == 1 ? null : ModelVersions.FirstOrDefault(v => v.Version == ModelVersion);

    /// <summary>The workshop week: <see cref="WorkshopWeek"/>, or the week <see cref="WorkshopDate"/> falls in by the cadence, or <see langword="null"/>.</summary>
    /// <param name="startsAt">When week 0 begins.</param>
    /// <param name="cycleLength">The length of a cycle.</param>
    /// <returns>The week, clamped to 0..<see cref="MaxWorkshopWeek"/>, or <see langword="null"/>.</returns>
    public int? ResolveWorkshopWeek(DateTimeOffset startsAt, TimeSpan cycleLength)
    {
        if (WorkshopWeek is { } week)
        {
            return week;
        }

        if (WorkshopDate is not { } date || cycleLength <= TimeSpan.Zero)
        {
            return null;
        }

        var weeks = Math.Floor((date - startsAt).Ticks / (double)cycleLength.Ticks);
        return (int)Math.Clamp(weeks, 0, MaxWorkshopWeek);
    }

    /// <summary>The setting of intervention <paramref name="name"/>: its own, a notification when the list is empty, or <see langword="null"/> when the campaign does not allow it.</summary>
    /// <param name="name">The intervention's name.</param>
    /// <returns>The setting, or <see langword="null"/>.</returns>
    public InterventionSetting? Intervention(string name) =>
        Interventions.Count == 0 ? new InterventionSetting(name) : Interventions.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));

    /// <summary>The settings of a campaign that has none.</summary>
    public static CampaignDecisionSettings Default { get; } = new();
}
