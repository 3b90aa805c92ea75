using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>The decision cycles, keyed by (campaign, cycle). Not thread-safe: the store's lock guards it.</summary>
internal sealed class CycleTable
{
    private readonly Dictionary<string, SortedList<int, DecisionCycleRecord>> _byCampaign = new(StringComparer.Ordinal);

    public static DecisionCycleRecord Copy(DecisionCycleRecord cycle) => cycle with { Contacts = cycle.Contacts.ToArray() };

    public DecisionCycleRecord? Find(string campaignId, int cycle) =>
        _byCampaign.TryGetValue(campaignId, out var cycles) && cycles.TryGetValue(cycle, out var record) ? record : null;

    public DecisionCycleRecord? FindLatest(string campaignId) =>
        _byCampaign.TryGetValue(campaignId, out var cycles) && cycles.Count > 0 ? cycles.Values[^1] : null;

    public List<DecisionCycleRecord> List(string campaignId) =>
        _byCampaign.TryGetValue(campaignId, out var cycles) ? [.. cycles.Values] : [];

    public void Add(DecisionCycleRecord cycle)
    {
        if (!_byCampaign.TryGetValue(cycle.CampaignId, out var cycles))
        {
            cycles = [];
            _byCampaign.Add(cycle.CampaignId, cycles);
        }

        cycles.Add(cycle.Cycle, cycle);
    }
}

/// <summary>The in-memory <see cref="IDecisionCycleStore"/>.</summary>
internal sealed class InMemoryDecisionCycleStore(Lock gate, CycleTable table) : IDecisionCycleStore
{
    public ValueTask<DecisionCycleRecord?> FindAsync(string campaignId, int cycle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        DecisionCycleRecord? record;
        lock (gate)
        {
            record = table.Find(campaignId, cycle);
        }

        return ValueTask.FromResult(record is null ? null : CycleTable.Copy(record));
    }

    public ValueTask<DecisionCycleRecord?> FindLatestAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        DecisionCycleRecord? record;
        lock (gate)
        {
            record = table.FindLatest(campaignId);
        }

        return ValueTask.FromResult(record is null ? null : CycleTable.Copy(record));
    }

    public IAsyncEnumerable<DecisionCycleRecord> ListAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return new SnapshotAsyncEnumerable<DecisionCycleRecord, DecisionCycleRecord>(
            () =>
            {
                lock (gate)
                {
                    return table.List(campaignId);
                }
            },
            CycleTable.Copy,
            cancellationToken);
    }
}
