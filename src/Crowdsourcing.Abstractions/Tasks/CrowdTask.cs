using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Tasks;

/// <summary>The task categories of the B2B crowdsourcing roadmap.</summary>
public enum TaskKind
{
    /// <summary>A competition for the best solution, with prizes.</summary>
    Contest = 0,

    /// <summary>A substantial piece of work that needs specific skills.</summary>
    MacroTask = 1,

    /// <summary>Small, repetitive units of work done in volume.</summary>
    MicroTask = 2,

    /// <summary>Raising money from the crowd.</summary>
    Crowdfunding = 3,

    /// <summary>A crowd that organises itself around a common interest.</summary>
    SelfOrganized = 4,
}

/// <summary>
/// How much a task reveals about the firm. Each level allows crowd layers up to a limit: see
/// <see cref="ConfidentialityExtensions.FarthestAllowedLayer(Confidentiality)"/>.
/// </summary>
public enum Confidentiality
{
    /// <summary>Nothing sensitive: any layer, up to the general crowd.</summary>
    Public = 0,

    /// <summary>For the firm and its qualified contributors: up to <see cref="CrowdLayer.Prequalified"/>.</summary>
    Internal = 1,

    /// <summary>Sensitive: up to <see cref="CrowdLayer.TrustedPartners"/>.</summary>
    Confidential = 2,

    /// <summary>Secret: the firm's own people only (<see cref="CrowdLayer.Internal"/>).</summary>
    Secret = 3,
}

/// <summary>Helpers for <see cref="Confidentiality"/>.</summary>
public static class ConfidentialityExtensions
{
    /// <summary>The farthest crowd layer a task of this confidentiality may be shown to.</summary>
    /// <param name="confidentiality">The level.</param>
    /// <returns><see cref="CrowdLayer.General"/> for public, <see cref="CrowdLayer.Prequalified"/> for internal,
    /// <see cref="CrowdLayer.TrustedPartners"/> for confidential and <see cref="CrowdLayer.Internal"/> for secret.</returns>
    public static CrowdLayer FarthestAllowedLayer(this Confidentiality confidentiality) => confidentiality switch
    {
        Confidentiality.Public => CrowdLayer.General,
        Confidentiality.Internal => CrowdLayer.Prequalified,
        Confidentiality.Confidential => CrowdLayer.TrustedPartners,
        Confidentiality.Secret => CrowdLayer.Internal,
        _ => throw new ValidationFailedException(nameof(confidentiality), $"Unknown confidentiality level {(int)confidentiality}."),
    };
}

/// <summary>A dated step of a task's timetable.</summary>
/// <param name="Name">What is reached.</param>
/// <param name="Due">When it is due.</param>
public sealed record Milestone(string Name, DateTimeOffset Due)
{
    /// <summary>What is reached.</summary>
    public string Name { get; init => field = Guard.Name(value, nameof(Milestone), nameof(Name)); } = Guard.Name(Name, nameof(Milestone), nameof(Name));
}

/// <summary>A key indicator of success, with the target that counts as success.</summary>
/// <param name="Name">What is measured, for example "validated client assessments".</param>
/// <param name="Target">The value that counts as success.</param>
/// <param name="Unit">The unit of <paramref name="Target"/>, when it has one.</param>
public sealed record KeyIndicator(string Name, double Target, string? Unit = null)
{
    /// <summary>What is measured.</summary>
    public string Name { get; init => field = Guard.Name(value, nameof(KeyIndicator), nameof(Name)); } = Guard.Name(Name, nameof(KeyIndicator), nameof(Name));

    /// <summary>The value that counts as success.</summary>
    public double Target { get; init => field = Guard.Finite(value, nameof(KeyIndicator), nameof(Target)); } = Guard.Finite(Target, nameof(KeyIndicator), nameof(Target));
}

/// <summary>When a task runs: from <see cref="Start"/> to <see cref="End"/>, which is not before it.</summary>
/// <remarks>The rule holds in <c>with</c> expressions too: each assignment is checked against the other bound as it
/// stands, in the order written (to move both bounds later, set <see cref="End"/> first).</remarks>
public sealed record Timetable
{
    private readonly bool _constructed;

    /// <summary>Creates a timetable.</summary>
    /// <exception cref="ValidationFailedException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public Timetable(DateTimeOffset start, DateTimeOffset end)
    {
        Start = start;
        End = end;
        _constructed = true;
        Check();
    }

    /// <summary>The first day.</summary>
    public DateTimeOffset Start
    {
        get;
        init
        {
            field = value;
            if (_constructed)
            {
                Check();
            }
        }
    }

    /// <summary>The last day; not before <see cref="Start"/>.</summary>
    public DateTimeOffset End
    {
        get;
        init
        {
            field = value;
            if (_constructed)
            {
                Check();
            }
        }
    }

    private void Check()
    {
        if (End < Start)
        {
            throw Guard.Fail(nameof(End), Guard.Message($"Timetable.End ({End:O}) must not be before Timetable.Start ({Start:O})."));
        }
    }
}

/// <summary>
/// What is crowdsourced: its kind, business model, expected outcomes, timetable, milestones, key indicators of success,
/// and who may see it.
/// </summary>
/// <remarks>Every rule holds after a <c>with</c> expression too. The rules that relate two fields (the allowed layers
/// and the confidentiality; the milestones and the timetable) are checked after each assignment, in the order written.</remarks>
public sealed record CrowdTask : IVersionedRecord
{
    private readonly bool _constructed;

    /// <summary>Creates a task.</summary>
    /// <exception cref="ValidationFailedException">A field is empty or malformed, a milestone falls outside the timetable, or an
    /// allowed layer is farther than the confidentiality permits.</exception>
    public CrowdTask(string id, string name, TaskKind kind, Confidentiality confidentiality, IReadOnlyList<CrowdLayer> allowedLayers, string? businessModel = null, IReadOnlyList<string>? expectedOutcomes = null, Timetable? timetable = null, IReadOnlyList<Milestone>? milestones = null, IReadOnlyList<KeyIndicator>? keyIndicators = null)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Confidentiality = confidentiality;
        AllowedLayers = allowedLayers;
        BusinessModel = businessModel;
        ExpectedOutcomes = expectedOutcomes ?? [];
        Timetable = timetable;
        Milestones = milestones ?? [];
        KeyIndicators = keyIndicators ?? [];
        _constructed = true;
        CheckLayers();
        CheckMilestones();
    }

    /// <inheritdoc/>
    public string Id { get; init => field = Guard.Id(value, nameof(CrowdTask), nameof(Id)); }

    /// <summary>A short name.</summary>
    public string Name { get; init => field = Guard.Name(value, nameof(CrowdTask), nameof(Name)); }

    /// <summary>The task category.</summary>
    public TaskKind Kind { get; init => field = Guard.Defined(value, nameof(CrowdTask), nameof(Kind)); }

    /// <summary>How much the task reveals; limits <see cref="AllowedLayers"/>.</summary>
    public Confidentiality Confidentiality
    {
        get;
        init
        {
            field = Guard.Defined(value, nameof(CrowdTask), nameof(Confidentiality));
            if (_constructed)
            {
                CheckLayers();
            }
        }
    }

    /// <summary>The crowd layers that may see, be assigned and be delegated the task. Not empty, distinct, and none
    /// farther than <see cref="ConfidentialityExtensions.FarthestAllowedLayer(Confidentiality)"/>.</summary>
    public IReadOnlyList<CrowdLayer> AllowedLayers
    {
        get;
        init
        {
            field = Guard.DistinctValues(value, nameof(CrowdTask), nameof(AllowedLayers)) is { Count: > 0 } layers
                ? layers
                : throw Guard.Fail(nameof(AllowedLayers), "CrowdTask.AllowedLayers must name at least one crowd layer.");
            if (_constructed)
            {
                CheckLayers();
            }
        }
    }

    /// <summary>How the crowd's work turns into value for the firm, in words.</summary>
    public string? BusinessModel { get; init => field = Guard.OptionalText(value, nameof(CrowdTask), nameof(BusinessModel)); }

    /// <summary>The outcomes the firm expects; none empty.</summary>
    public IReadOnlyList<string> ExpectedOutcomes
    {
        get;
        init
        {
            var outcomes = Guard.List(value, nameof(CrowdTask), nameof(ExpectedOutcomes));
            for (var i = 0; i < outcomes.Count; i++)
            {
                Guard.Text(outcomes[i], nameof(CrowdTask), Guard.Message($"{nameof(ExpectedOutcomes)}[{i}]"));
            }

            field = outcomes;
        }
    }

    /// <summary>When the task runs, when set.</summary>
    public Timetable? Timetable
    {
        get;
        init
        {
            field = value;
            if (_constructed)
            {
                CheckMilestones();
            }
        }
    }

    /// <summary>The task's milestones (distinct names), each within the timetable when one is set.</summary>
    public IReadOnlyList<Milestone> Milestones
    {
        get;
        init
        {
            field = Guard.UniqueBy(Guard.List(value, nameof(CrowdTask), nameof(Milestones)), m => m.Name, nameof(CrowdTask), nameof(Milestones), nameof(Milestone.Name));
            if (_constructed)
            {
                CheckMilestones();
            }
        }
    }

    /// <summary>The key indicators of success (distinct names).</summary>
    public IReadOnlyList<KeyIndicator> KeyIndicators
    {
        get;
        init => field = Guard.UniqueBy(Guard.List(value, nameof(CrowdTask), nameof(KeyIndicators)), k => k.Name, nameof(CrowdTask), nameof(KeyIndicators), nameof(KeyIndicator.Name));
    }

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(CrowdTask), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>Whether a participant of <paramref name="layer"/> may see, be assigned and be delegated this task.</summary>
    public bool Allows(CrowdLayer layer) => AllowedLayers.Contains(layer);

    private void CheckLayers()
    {
        var farthest = Confidentiality.FarthestAllowedLayer();
        for (var i = 0; i < AllowedLayers.Count; i++)
        {
            if (AllowedLayers[i] > farthest)
            {
                throw Guard.Fail(nameof(AllowedLayers), Guard.Message($"CrowdTask.AllowedLayers[{i}] is '{Serialization.EnumNames.Of(AllowedLayers[i])}', but a {Serialization.EnumNames.Of(Confidentiality)} task may reach no farther than '{Serialization.EnumNames.Of(farthest)}'."));
            }
        }
    }

    private void CheckMilestones()
    {
        if (Timetable is null)
        {
            return;
        }

        for (var i = 0; i < Milestones.Count; i++)
        {
            var due = Milestones[i].Due;
            if (due < Timetable.Start || due > Timetable.End)
            {
                throw Guard.Fail(nameof(Milestones), Guard.Message($"CrowdTask.Milestones[{i}] '{Milestones[i].Name}' is due {due:O}, outside the timetable {Timetable.Start:O} to {Timetable.End:O}."));
            }
        }
    }
}
