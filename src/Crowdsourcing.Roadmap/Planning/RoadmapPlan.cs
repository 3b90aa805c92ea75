using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Appraisal;
using Crowdsourcing.Roadmap.Initiatives;

namespace Crowdsourcing.Roadmap.Planning;

/// <summary>
/// A plan for one initiative: the six stages in order, each with its focus, checklist, recommendations and risks; the crowd
/// selection; the motivation to aim at; the cross-cutting section; the IP policy when the spec sets reuse conditions; the
/// ties the planner had to settle and the flags on inputs that pull in different directions.
/// </summary>
/// <remarks>
/// <para>
/// A plan instance records progress. <see cref="MarkDone"/> records a checklist item as done; a stage is complete when all its
/// required items are done. Stages are completed in order: an item can be marked done only when every earlier stage is complete,
/// and a required item of a complete stage cannot be reopened while a later stage has items done. Violations throw
/// <see cref="RoadmapOrderException"/>. To persist progress, store <see cref="DoneItemIds"/> and replay them with <see cref="Restore"/>.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class RoadmapPlan
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChecklistItem> _items;

    internal RoadmapPlan(
        Initiative initiative,
        IReadOnlyList<PlanStage> stages,
        CrowdRecommendation crowd,
        ScoredOption<Motivation> motivation,
        IReadOnlyList<ScoredOption<Motivation>> motivations,
        CrossCuttingSection crossCutting,
        IpPolicyPlan? ipPolicy,
        ConfigurationAppraisal? appraisal,
        IReadOnlyList<PlanTie> ties,
        IReadOnlyList<PlanFlag> flags)
    {
        Initiative = initiative;
        Stages = stages;
        Crowd = crowd;
        Motivation = motivation;
        Motivations = motivations;
        CrossCutting = crossCutting;
        IpPolicy = ipPolicy;
        Appraisal = appraisal;
        Ties = ties;
        Flags = flags;
        _items = stages.SelectMany(s => s.Checklist).ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    /// <summary>The initiative the plan is for.</summary>
    public Initiative Initiative { get; }

    /// <summary>The six stages, in order.</summary>
    public IReadOnlyList<PlanStage> Stages { get; }

    /// <summary>The crowd recommendation (stage 2): layers and configurations ranked.</summary>
    public CrowdRecommendation Crowd { get; }

    /// <summary>The motivation to aim at (stage 4): the best-ranked of <see cref="Motivations"/>.</summary>
    public ScoredOption<Motivation> Motivation { get; }

    /// <summary>The motivations ranked best first.</summary>
    public IReadOnlyList<ScoredOption<Motivation>> Motivations { get; }

    /// <summary>Ethical cautions, cluster concerns and the risk register.</summary>
    public CrossCuttingSection CrossCutting { get; }

    /// <summary>The IP policy, when the spec sets reuse conditions; otherwise <see langword="null"/>.</summary>
    public IpPolicyPlan? IpPolicy { get; }

    /// <summary>
    /// The answer to "should this step be crowdsourced at all?", computed with the decision engine from the host's estimates
    /// in the spec (<see cref="Initiative.Appraisal"/>); <see langword="null"/> when the spec gives none.
    /// </summary>
    public ConfigurationAppraisal? Appraisal { get; }

    /// <summary>Options that scored the same at the top of a choice, how the planner settled them and what would break them.</summary>
    public IReadOnlyList<PlanTie> Ties { get; }

    /// <summary>Inputs that pull in different directions, with what the plan does about them.</summary>
    public IReadOnlyList<PlanFlag> Flags { get; }

    /// <summary>Every recommendation of the plan: the stages' in order, then the cross-cutting ones.</summary>
    public IEnumerable<Recommendation> AllRecommendations => Stages.SelectMany(s => s.Recommendations).Concat(CrossCutting.Recommendations);

    /// <summary>Every risk of the plan: the stages' in order, then the risk register.</summary>
    public IEnumerable<Risk> AllRisks => Stages.SelectMany(s => s.Risks).Concat(CrossCutting.Risks);

    /// <summary>The ids of the items recorded as done, in stage and checklist order.</summary>
    public IReadOnlyList<string> DoneItemIds
    {
        get
        {
            lock (_gate)
            {
                return [.. Stages.SelectMany(s => s.Checklist).Where(i => _done.Contains(i.Id)).Select(i => i.Id)];
            }
        }
    }

    /// <summary>The first stage that is not complete, or <see langword="null"/> when all are.</summary>
    public RoadmapStage? CurrentStage
    {
        get
        {
            lock (_gate)
            {
                return FirstIncomplete()?.Stage;
            }
        }
    }

    /// <summary>Whether every stage is complete.</summary>
    public bool IsComplete => CurrentStage is null;

    /// <summary>The stage of the plan.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The plan stage.</returns>
    public PlanStage this[RoadmapStage stage] => Stages[(int)stage];

    /// <summary>The status of a checklist item.</summary>
    /// <param name="itemId">The item id.</param>
    /// <returns>Open or done.</returns>
    /// <exception cref="NotFoundException">The plan has no such item.</exception>
    public ChecklistStatus StatusOf(string itemId)
    {
        Find(itemId);
        lock (_gate)
        {
            return _done.Contains(itemId) ? ChecklistStatus.Done : ChecklistStatus.Open;
        }
    }

    /// <summary>Whether all required items of the stage are done.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>Whether it is complete.</returns>
    public bool IsStageComplete(RoadmapStage stage)
    {
        lock (_gate)
        {
            return Complete(this[stage]);
        }
    }

    /// <summary>The required items of the stage that are still open.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The open required items.</returns>
    public IReadOnlyList<ChecklistItem> OpenRequiredItems(RoadmapStage stage)
    {
        lock (_gate)
        {
            return [.. this[stage].Checklist.Where(i => i.Required && !_done.Contains(i.Id))];
        }
    }

    /// <summary>Records a checklist item as done. Idempotent.</summary>
    /// <param name="itemId">The item id.</param>
    /// <exception cref="NotFoundException">The plan has no such item.</exception>
    /// <exception cref="RoadmapOrderException">An earlier stage is not complete; the message names it and its open required items.</exception>
    public void MarkDone(string itemId)
    {
        var item = Find(itemId);
        lock (_gate)
        {
            var blocking = FirstIncomplete();
            if (blocking is not null && blocking.Stage < item.Stage)
            {
                var open = string.Join(", ", blocking.Checklist.Where(i => i.Required && !_done.Contains(i.Id)).Select(i => i.Id));
                throw new RoadmapOrderException(
                    $"Cannot mark '{itemId}' of stage {(int)item.Stage + 1} '{this[item.Stage].Name}' done: stage {blocking.Number} '{blocking.Name}' is not complete (open required items: {open}). Stages are completed in order.")
                { ItemId = itemId, BlockingStage = blocking.Stage };
            }

            _done.Add(itemId);
        }
    }

    /// <summary>Records a checklist item as open again. Idempotent.</summary>
    /// <param name="itemId">The item id.</param>
    /// <exception cref="NotFoundException">The plan has no such item.</exception>
    /// <exception cref="RoadmapOrderException">The item is required, its stage is complete and a later stage has items done.</exception>
    public void MarkOpen(string itemId)
    {
        var item = Find(itemId);
        lock (_gate)
        {
            if (item.Required && _done.Contains(itemId))
            {
                var later = Stages.Where(s => s.Stage > item.Stage).FirstOrDefault(s => s.Checklist.Any(i => _done.Contains(i.Id)));
                if (later is not null)
                {
                    throw new RoadmapOrderException(
                        $"Cannot reopen '{itemId}' of stage {(int)item.Stage + 1} '{this[item.Stage].Name}': stage {later.Number} '{later.Name}' already has items done and builds on it. Reopen those first.")
                    { ItemId = itemId, BlockingStage = later.Stage };
                }
            }

            _done.Remove(itemId);
        }
    }

    /// <summary>Replays recorded progress (e.g. <see cref="DoneItemIds"/> read from a store), in stage and checklist order.</summary>
    /// <param name="doneItemIds">The ids of items done.</param>
    /// <exception cref="NotFoundException">An id is not in the plan.</exception>
    /// <exception cref="RoadmapOrderException">The ids include work in a stage whose earlier stages the ids do not complete.</exception>
    public void Restore(IEnumerable<string> doneItemIds)
    {
        ArgumentNullException.ThrowIfNull(doneItemIds);
        var ids = doneItemIds.ToList();
        foreach (var id in ids)
        {
            Find(id);
        }

        foreach (var id in ids.Select(id => _items[id]).OrderBy(i => i.Stage).Select(i => i.Id))
        {
            MarkDone(id);
        }
    }

    private ChecklistItem Find(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        return _items.TryGetValue(itemId, out var item)
            ? item
            : throw new NotFoundException("checklist item", itemId, $"The plan for '{Initiative.Name}' has no checklist item '{itemId}'.");
    }

    private bool Complete(PlanStage stage) => stage.Checklist.All(i => !i.Required || _done.Contains(i.Id));

    private PlanStage? FirstIncomplete() => Stages.FirstOrDefault(s => !Complete(s));
}
