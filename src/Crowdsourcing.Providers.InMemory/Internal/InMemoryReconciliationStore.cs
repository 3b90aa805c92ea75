using Crowdsourcing.Reconciliation;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>The in-memory <see cref="IReconciliationStore"/>: three tables keyed in code-point order, guarded by the store's lock.</summary>
internal sealed class InMemoryReconciliationStore(Lock gate) : IReconciliationStore
{
    private static readonly IComparer<(string, string, string)> KeyOrder = Comparer<(string, string, string)>.Create(static (a, b) =>
    {
        var c = CodePointComparer.Instance.Compare(a.Item1, b.Item1);
        c = c != 0 ? c : CodePointComparer.Instance.Compare(a.Item2, b.Item2);
        return c != 0 ? c : CodePointComparer.Instance.Compare(a.Item3, b.Item3);
    });

    // Gold: (campaign, subject, question). Reliabilities: (campaign + source, question, participant). Decisions: (campaign, id, "").
    private readonly SortedDictionary<(string, string, string), GoldAnswer> _gold = new(KeyOrder);
    private readonly SortedDictionary<(string, string, string), ExpertReliability> _reliabilities = new(KeyOrder);
    private readonly SortedDictionary<(string, string, string), AnotherAnswerDecision> _decisions = new(KeyOrder);

    public ValueTask<GoldAnswer> SetGoldAsync(GoldAnswer gold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gold);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            _gold[(gold.CampaignId, gold.SubjectId, gold.QuestionId)] = gold;
        }

        return ValueTask.FromResult(gold);
    }

    public ValueTask<bool> RemoveGoldAsync(string campaignId, string subjectId, string questionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(questionId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return ValueTask.FromResult(_gold.Remove((campaignId, subjectId, questionId)));
        }
    }

    public IAsyncEnumerable<GoldAnswer> ListGoldAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Snapshot(_gold, campaignId, static g => g, cancellationToken);
    }

    public ValueTask ReplaceReliabilitiesAsync(string campaignId, ReliabilitySource source, IReadOnlyList<ExpertReliability> reliabilities, CancellationToken cancellationToken = default)
    {
        var rows = ReconciliationStoreChecks.CheckReplace(campaignId, source, reliabilities);
        cancellationToken.ThrowIfCancellationRequested();
        var key = SourceKey(campaignId, source);
        lock (gate)
        {
            foreach (var stale in _reliabilities.Keys.Where(k => string.Equals(k.Item1, key, StringComparison.Ordinal)).ToList())
            {
                _reliabilities.Remove(stale);
            }

            foreach (var row in rows)
            {
                _reliabilities[(key, row.QuestionId, row.ParticipantId)] = row;
            }
        }

        return ValueTask.CompletedTask;
    }

    public IAsyncEnumerable<ExpertReliability> ListReliabilitiesAsync(string campaignId, ReliabilitySource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Snapshot(_reliabilities, SourceKey(campaignId, source), static r => r with { Labels = [.. r.Labels], Confusion = [.. r.Confusion] }, cancellationToken);
    }

    public ValueTask<bool> RecordDecisionAsync(AnotherAnswerDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var key = (decision.CampaignId, decision.Id, string.Empty);
            if (_decisions.TryGetValue(key, out var stored))
            {
                return stored == decision ? ValueTask.FromResult(false) : throw new DuplicateRecordException(nameof(AnotherAnswerDecision), decision.Id);
            }

            _decisions.Add(key, decision);
        }

        return ValueTask.FromResult(true);
    }

    /// <summary>Checks decisions a commit records, under the store's lock, before anything is applied: which are new.</summary>
    /// <exception cref="DuplicateRecordException">An id is recorded (or repeated in the commit) with different content.</exception>
    internal List<AnotherAnswerDecision> StageDecisions(IReadOnlyList<AnotherAnswerDecision> decisions)
    {
        var staged = new List<AnotherAnswerDecision>(decisions.Count);
        foreach (var decision in decisions)
        {
            var same = _decisions.TryGetValue((decision.CampaignId, decision.Id, string.Empty), out var stored) ? stored : staged.Find(d => d.CampaignId == decision.CampaignId && d.Id == decision.Id);
            if (same is null)
            {
                staged.Add(decision);
            }
            else if (same != decision)
            {
                throw new DuplicateRecordException(nameof(AnotherAnswerDecision), decision.Id);
            }
        }

        return staged;
    }

    /// <summary>Adds staged decisions (under the store's lock; cannot fail).</summary>
    internal void AddDecisions(List<AnotherAnswerDecision> decisions)
    {
        foreach (var decision in decisions)
        {
            _decisions.Add((decision.CampaignId, decision.Id, string.Empty), decision);
        }
    }

    public IAsyncEnumerable<AnotherAnswerDecision> ListDecisionsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Snapshot(_decisions, campaignId, static d => d, cancellationToken);
    }

    /// <summary>The first key component of a campaign's reliabilities of one source (a NUL cannot occur in an id).</summary>
    private static string SourceKey(string campaignId, ReliabilitySource source) => campaignId + "\0" + (int)source;

    private SnapshotAsyncEnumerable<T, T> Snapshot<T>(SortedDictionary<(string, string, string), T> table, string first, Func<T, T> copy, CancellationToken cancellationToken) =>
        new(
            () =>
            {
                lock (gate)
                {
                    return table.Where(p => string.Equals(p.Key.Item1, first, StringComparison.Ordinal)).Select(p => p.Value).ToList();
                }
            },
            copy,
            cancellationToken);
}
