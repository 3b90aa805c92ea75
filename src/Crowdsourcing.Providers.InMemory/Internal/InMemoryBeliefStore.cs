using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>The beliefs, keyed by (campaign, participant). Not thread-safe: the store's lock guards it.</summary>
internal sealed class BeliefTable
{
    private readonly Dictionary<string, OrderedTable<ParticipantBelief>> _byCampaign = new(StringComparer.Ordinal);

    public static ParticipantBelief Copy(ParticipantBelief belief) => belief with { Probabilities = belief.Probabilities.ToArray() };

    public ParticipantBelief? Find(string campaignId, string participantId) =>
        _byCampaign.TryGetValue(campaignId, out var table) && table.TryGet(participantId, out var belief) ? belief : null;

    public List<ParticipantBelief> Page(string campaignId, PageRequest page) =>
        _byCampaign.TryGetValue(campaignId, out var table) ? table.Page(page.After, page.Limit) : [];

    /// <summary>Whether a belief would be written: nothing is stored for its key, or the stored one is not for a later week.</summary>
    public static bool Supersedes(ParticipantBelief candidate, ParticipantBelief? stored) => stored is null || stored.Week <= candidate.Week;

    public void Set(ParticipantBelief belief)
    {
        if (!_byCampaign.TryGetValue(belief.CampaignId, out var table))
        {
            table = new OrderedTable<ParticipantBelief>();
            _byCampaign.Add(belief.CampaignId, table);
        }

        table.Set(belief.ParticipantId, belief);
    }

    /// <summary>
    /// Works out which of <paramref name="beliefs"/> are written, in order, against the stored beliefs and the ones
    /// written before them in the same batch ("later week wins"; an equal week replaces).
    /// </summary>
    /// <returns>The beliefs to write, at most one per key (the last accepted), and how many writes were counted.</returns>
    public (List<ParticipantBelief> Writes, int Count) Plan(IReadOnlyList<ParticipantBelief> beliefs)
    {
        var staged = new Dictionary<(string, string), int>();
        var writes = new List<ParticipantBelief>();
        var count = 0;
        foreach (var belief in beliefs)
        {
            var key = (belief.CampaignId, belief.ParticipantId);
            var isStaged = staged.TryGetValue(key, out var index);
            var current = isStaged ? writes[index] : Find(belief.CampaignId, belief.ParticipantId);
            if (!Supersedes(belief, current))
            {
                continue;
            }

            count++;
            if (isStaged)
            {
                writes[index] = belief;
            }
            else
            {
                staged[key] = writes.Count;
                writes.Add(belief);
            }
        }

        return (writes, count);
    }

    /// <summary>Copies and checks a batch outside the lock.</summary>
    public static ParticipantBelief[] Prepare(IReadOnlyList<ParticipantBelief> beliefs, string parameterName)
    {
        var copies = new ParticipantBelief[beliefs.Count];
        for (var i = 0; i < copies.Length; i++)
        {
            var belief = beliefs[i] ?? throw new ArgumentException($"The beliefs to save contain null at index {i}.", parameterName);
            copies[i] = Copy(belief);
        }

        return copies;
    }
}

/// <summary>The in-memory <see cref="IBeliefStore"/>.</summary>
internal sealed class InMemoryBeliefStore(Lock gate, BeliefTable table) : IBeliefStore
{
    public ValueTask<int> SaveAsync(IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        cancellationToken.ThrowIfCancellationRequested();
        var copies = BeliefTable.Prepare(beliefs, nameof(beliefs));
        int count;
        lock (gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (var writes, count) = table.Plan(copies);
            foreach (var belief in writes)
            {
                table.Set(belief);
            }
        }

        return ValueTask.FromResult(count);
    }

    public ValueTask<ParticipantBelief?> FindAsync(string campaignId, string participantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(participantId);
        cancellationToken.ThrowIfCancellationRequested();
        ParticipantBelief? belief;
        lock (gate)
        {
            belief = table.Find(campaignId, participantId);
        }

        return ValueTask.FromResult(belief is null ? null : BeliefTable.Copy(belief));
    }

    public IAsyncEnumerable<ParticipantBelief> ListAsync(string campaignId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return new SnapshotAsyncEnumerable<ParticipantBelief, ParticipantBelief>(
            () =>
            {
                lock (gate)
                {
                    return table.Page(campaignId, page);
                }
            },
            BeliefTable.Copy,
            cancellationToken);
    }
}
