using Crowdsourcing.Roadmap.Appraisal;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Initiatives;

/// <summary>
/// The description of a crowdsourcing initiative the planner reasons about. Validated at construction: every required
/// field is present and fields do not contradict each other.
/// </summary>
public sealed record Initiative
{
    /// <summary>Creates a validated initiative.</summary>
    /// <param name="name">A non-blank name.</param>
    /// <param name="goal">What the initiative wants from the crowd.</param>
    /// <param name="taskKind">The task category.</param>
    /// <param name="sensitivity">How sensitive is what the task reveals (the task's <see cref="Confidentiality"/>).</param>
    /// <param name="problemDistance">Distance of the problem from the firm's own field.</param>
    /// <param name="needs">The magnitude of insight, capability, expertise and volume needed.</param>
    /// <param name="market">The market.</param>
    /// <param name="platform">The platform preference.</param>
    /// <param name="cluster">Where the initiative is a creative cluster's: its level and life-cycle stage; otherwise <see langword="null"/>.</param>
    /// <param name="budget">The budget, if stated.</param>
    /// <param name="timetable">The timetable, if stated.</param>
    /// <param name="ipPolicy">The conditions the firm sets on reuse of the contributions, if stated (drives the Creative Commons licence choice).</param>
    /// <param name="appraisal">The host's estimates per candidate configuration for the "should this step be crowdsourced at all?" appraisal, if any.</param>
    /// <exception cref="InitiativeSpecException">A field is blank, undefined, or contradicts another; the message names the JSON path(s).</exception>
    public Initiative(
        string name,
        InitiativeGoal goal,
        TaskKind taskKind,
        Confidentiality sensitivity,
        ProblemDistance problemDistance,
        InitiativeNeeds needs,
        Market market,
        PlatformPreference platform,
        ClusterContext? cluster = null,
        Budget? budget = null,
        InitiativeTimetable? timetable = null,
        IpConditions? ipPolicy = null,
        AppraisalInput? appraisal = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw InitiativeSpecException.Missing("$.name");
        }

        Defined(goal, "$.goal");
        Defined(taskKind, "$.taskKind");
        Defined(sensitivity, "$.sensitivity");
        Defined(problemDistance, "$.problemDistance");
        Defined(market, "$.market");
        Defined(platform, "$.platform");

        Name = name.Trim();
        Goal = goal;
        TaskKind = taskKind;
        Sensitivity = sensitivity;
        ProblemDistance = problemDistance;
        Needs = needs ?? throw InitiativeSpecException.Missing("$.needs");
        Market = market;
        Platform = platform;
        Cluster = cluster;
        Budget = budget;
        Timetable = timetable;
        IpPolicy = ipPolicy;
        Appraisal = appraisal;

        if (goal == InitiativeGoal.Funding && taskKind != TaskKind.Crowdfunding)
        {
            throw InitiativeSpecException.Contradiction(
                $"goal 'funding' is raised through crowdfunding, but taskKind is '{EnumNames.Of(taskKind)}'.", "$.goal", "$.taskKind");
        }

        if (taskKind == TaskKind.Crowdfunding && goal != InitiativeGoal.Funding)
        {
            throw InitiativeSpecException.Contradiction(
                $"taskKind 'crowdfunding' collects funds, but goal is '{EnumNames.Of(goal)}' (use goal 'funding').", "$.goal", "$.taskKind");
        }

        if (taskKind == TaskKind.Crowdfunding && sensitivity != Confidentiality.Public)
        {
            throw InitiativeSpecException.Contradiction(
                $"a crowdfunding campaign collects resources from the population at large through an Internet platform, so its pitch is public, but sensitivity is '{EnumNames.Of(sensitivity)}'; use sensitivity 'public' or another task kind.",
                "$.taskKind", "$.sensitivity");
        }

        if (taskKind == TaskKind.Crowdfunding && ipPolicy is not null)
        {
            throw InitiativeSpecException.Contradiction(
                "a crowdfunding campaign's contributions are funds, goods or time, not works to license, but ipPolicy sets Creative Commons conditions for them; remove ipPolicy.",
                "$.ipPolicy", "$.taskKind");
        }

        if (ipPolicy is not null && sensitivity is Confidentiality.Confidential or Confidentiality.Secret)
        {
            throw InitiativeSpecException.Contradiction(
                $"a Creative Commons licence lets anyone share the contributions, but sensitivity is '{EnumNames.Of(sensitivity)}'; remove ipPolicy or lower the sensitivity.",
                "$.ipPolicy", "$.sensitivity");
        }
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>What the initiative wants from the crowd.</summary>
    public InitiativeGoal Goal { get; }

    /// <summary>The task category (the model's <see cref="Crowdsourcing.Tasks.TaskKind"/>; JSON <c>taskKind</c>).</summary>
    public TaskKind TaskKind { get; }

    /// <summary>
    /// How sensitive is what the task reveals: the model's <see cref="Confidentiality"/> of the task (JSON
    /// <c>sensitivity</c>, values <c>public</c>, <c>internal</c>, <c>confidential</c>, <c>secret</c>).
    /// </summary>
    public Confidentiality Sensitivity { get; }

    /// <summary>Distance of the problem from the firm's own field.</summary>
    public ProblemDistance ProblemDistance { get; }

    /// <summary>The magnitude of insight, capability, expertise and volume needed.</summary>
    public InitiativeNeeds Needs { get; }

    /// <summary>The market.</summary>
    public Market Market { get; }

    /// <summary>The platform preference.</summary>
    public PlatformPreference Platform { get; }

    /// <summary>The cluster context, or <see langword="null"/> when the initiative is not a cluster's.</summary>
    public ClusterContext? Cluster { get; }

    /// <summary>The budget, or <see langword="null"/>.</summary>
    public Budget? Budget { get; }

    /// <summary>The timetable, or <see langword="null"/>.</summary>
    public InitiativeTimetable? Timetable { get; }

    /// <summary>The reuse conditions for the contributions, or <see langword="null"/>.</summary>
    public IpConditions? IpPolicy { get; }

    /// <summary>The host's appraisal input, or <see langword="null"/>.</summary>
    public AppraisalInput? Appraisal { get; }

    private static void Defined<TEnum>(TEnum value, string path) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw InitiativeSpecException.Invalid(path, $"{value} is not one of {string.Join(", ", EnumNames.All<TEnum>())}.");
        }
    }
}

/// <summary>The magnitude of insight, capability, expertise and volume an initiative needs (roadmap paper, abstract).</summary>
/// <param name="Insight">Insight into users, markets and problems.</param>
/// <param name="Capability">Capability to do or build.</param>
/// <param name="Expertise">Specialist expertise.</param>
/// <param name="Volume">Volume of contributions or work.</param>
public sealed record InitiativeNeeds(Magnitude Insight, Magnitude Capability, Magnitude Expertise, Magnitude Volume);

/// <summary>The creative-cluster context of an initiative (clusters paper).</summary>
/// <param name="Level">Macro (the cluster coordinator) or micro (a member).</param>
/// <param name="Stage">The cluster's life-cycle stage.</param>
public sealed record ClusterContext(ClusterLevel Level, ClusterStage Stage);

/// <summary>A budget.</summary>
public sealed record Budget
{
    /// <summary>Creates a budget.</summary>
    /// <param name="amount">A finite, non-negative amount.</param>
    /// <param name="currency">A non-blank currency code, e.g. <c>EUR</c>.</param>
    /// <exception cref="InitiativeSpecException">The amount is negative or not finite, or the currency is blank.</exception>
    public Budget(decimal amount, string currency)
    {
        if (amount < 0)
        {
            throw InitiativeSpecException.Invalid("$.budget.amount", $"{amount} is negative; a budget is zero or more.");
        }

        if (string.IsNullOrWhiteSpace(currency))
        {
            throw InitiativeSpecException.Missing("$.budget.currency");
        }

        Amount = amount;
        Currency = currency.Trim();
    }

    /// <summary>The amount.</summary>
    public decimal Amount { get; }

    /// <summary>The currency code.</summary>
    public string Currency { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Amount:#,0.##} {Currency}");
}

/// <summary>
/// An initiative's planned timetable in weeks with its milestones (JSON <c>timetable</c>). Not the model's
/// <see cref="Crowdsourcing.Tasks.Timetable"/>, which dates a task; the planner only needs durations in weeks.
/// </summary>
public sealed record InitiativeTimetable
{
    /// <summary>Creates a timetable.</summary>
    /// <param name="durationWeeks">The duration in weeks, at least 1.</param>
    /// <param name="milestones">The milestones; names unique and non-blank, weeks between 1 and <paramref name="durationWeeks"/>.</param>
    /// <exception cref="InitiativeSpecException">A value is out of range; the message names the JSON path.</exception>
    public InitiativeTimetable(int durationWeeks, IReadOnlyList<InitiativeMilestone>? milestones = null)
    {
        if (durationWeeks < 1)
        {
            throw InitiativeSpecException.Invalid("$.timetable.durationWeeks", $"{durationWeeks} is less than 1 week.");
        }

        milestones ??= [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < milestones.Count; i++)
        {
            var m = milestones[i] ?? throw InitiativeSpecException.Missing($"$.timetable.milestones[{i}]");
            if (m.Week > durationWeeks)
            {
                throw InitiativeSpecException.Contradiction(
                    $"milestone '{m.Name}' is due in week {m.Week}, after the timetable's {durationWeeks} weeks.",
                    $"$.timetable.milestones[{i}].week", "$.timetable.durationWeeks");
            }

            if (!names.Add(m.Name))
            {
                throw InitiativeSpecException.Invalid($"$.timetable.milestones[{i}].name", $"'{m.Name}' is used by another milestone.");
            }
        }

        DurationWeeks = durationWeeks;
        Milestones = [.. milestones];
    }

    /// <summary>The duration in weeks.</summary>
    public int DurationWeeks { get; }

    /// <summary>The milestones.</summary>
    public IReadOnlyList<InitiativeMilestone> Milestones { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var weeks = DurationWeeks == 1 ? "1 week" : string.Create(inv, $"{DurationWeeks} weeks");
        var milestones = Milestones.Count switch
        {
            0 => "no milestones",
            1 => "1 milestone",
            var n => string.Create(inv, $"{n} milestones"),
        };
        return $"{weeks}, {milestones}";
    }
}

/// <summary>A milestone of an <see cref="InitiativeTimetable"/>, due in a week (not the model's dated <see cref="Crowdsourcing.Tasks.Milestone"/>).</summary>
public sealed record InitiativeMilestone
{
    /// <summary>Creates a milestone.</summary>
    /// <param name="name">A non-blank name.</param>
    /// <param name="week">The week it is due, at least 1.</param>
    /// <exception cref="InitiativeSpecException">The name is blank or the week is less than 1.</exception>
    public InitiativeMilestone(string name, int week)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw InitiativeSpecException.Missing("$.timetable.milestones[].name");
        }

        if (week < 1)
        {
            throw InitiativeSpecException.Invalid("$.timetable.milestones[].week", $"{week} is less than 1 for milestone '{name}'.");
        }

        Name = name.Trim();
        Week = week;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The week it is due.</summary>
    public int Week { get; }
}

/// <summary>
/// The conditions the firm sets on reuse of the crowd's contributions, from which a Creative Commons licence is chosen
/// (clusters paper, §Strategic dimensions: four conditions combine into six licences).
/// </summary>
public sealed record IpConditions
{
    /// <summary>Creates the conditions.</summary>
    /// <param name="commercialUse">Others may use the work commercially.</param>
    /// <param name="derivatives">Others may adapt the work.</param>
    /// <param name="shareAlike">Adaptations must carry the same licence; only meaningful when <paramref name="derivatives"/> is allowed.</param>
    /// <exception cref="InitiativeSpecException"><paramref name="shareAlike"/> is set while derivatives are not allowed.</exception>
    public IpConditions(bool commercialUse, bool derivatives, bool shareAlike)
    {
        if (shareAlike && !derivatives)
        {
            throw InitiativeSpecException.Contradiction(
                "share-alike governs adaptations, but derivatives are not allowed.", "$.ipPolicy.shareAlike", "$.ipPolicy.derivatives");
        }

        CommercialUse = commercialUse;
        Derivatives = derivatives;
        ShareAlike = shareAlike;
    }

    /// <summary>Others may use the work commercially.</summary>
    public bool CommercialUse { get; }

    /// <summary>Others may adapt the work.</summary>
    public bool Derivatives { get; }

    /// <summary>Adaptations must be shared under the same licence.</summary>
    public bool ShareAlike { get; }
}
