namespace Crowdsourcing.Reconciliation;

/// <summary>
/// What answer reconciliation keeps per campaign: the gold answers organisers marked, each expert's reliability per
/// choice question (learned, or seeded from an earlier campaign), and the decisions whether to ask one more expert.
/// </summary>
/// <remarks>
/// Semantics every provider has (the conformance suite checks them): listings are ordered by their keys in code-point
/// order (<see cref="Storage.CodePointComparer"/>), key by key; a write replaces or records all of its rows or none;
/// nothing a caller holds shares state with the store.
/// </remarks>
public interface IReconciliationStore
{
    /// <summary>Stores a gold answer, replacing the one stored for the same (campaign, subject, question).</summary>
    /// <param name="gold">The gold answer.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is written then.</param>
    /// <returns>The gold answer as stored.</returns>
    ValueTask<GoldAnswer> SetGoldAsync(GoldAnswer gold, CancellationToken cancellationToken = default);

    /// <summary>Removes the gold answer of a (campaign, subject, question).</summary>
    /// <returns>Whether one was stored.</returns>
    ValueTask<bool> RemoveGoldAsync(string campaignId, string subjectId, string questionId, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's gold answers ordered by subject, then question.</summary>
    IAsyncEnumerable<GoldAnswer> ListGoldAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces, in one transaction, every reliability of <paramref name="source"/> kept for a campaign by
    /// <paramref name="reliabilities"/> (an empty list removes them). Each must be of that campaign and source, and each
    /// (question, participant) at most once.
    /// </summary>
    /// <exception cref="ArgumentException">A reliability is <see langword="null"/>, of another campaign or source, or repeats a (question, participant).</exception>
    ValueTask ReplaceReliabilitiesAsync(string campaignId, ReliabilitySource source, IReadOnlyList<ExpertReliability> reliabilities, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's reliabilities of <paramref name="source"/> ordered by question, then participant.</summary>
    IAsyncEnumerable<ExpertReliability> ListReliabilitiesAsync(string campaignId, ReliabilitySource source, CancellationToken cancellationToken = default);

    /// <summary>Records a decision whether to ask one more expert. Idempotent by (campaign, id): a retry with the same
    /// content returns <see langword="false"/> and writes nothing.</summary>
    /// <returns><see langword="true"/> when this call recorded it.</returns>
    /// <exception cref="Storage.DuplicateRecordException">The id is recorded with different content.</exception>
    ValueTask<bool> RecordDecisionAsync(AnotherAnswerDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's decisions ordered by id.</summary>
    IAsyncEnumerable<AnotherAnswerDecision> ListDecisionsAsync(string campaignId, CancellationToken cancellationToken = default);
}

/// <summary>Checks of <see cref="IReconciliationStore"/> arguments that every provider makes before any I/O.</summary>
public static class ReconciliationStoreChecks
{
    /// <summary>Checks the arguments of <see cref="IReconciliationStore.ReplaceReliabilitiesAsync"/>.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="source">The source.</param>
    /// <param name="reliabilities">The reliabilities.</param>
    /// <returns>The reliabilities, copied, ordered by question then participant in code-point order.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A reliability is <see langword="null"/>, of another campaign or source, or repeats a (question, participant).</exception>
    public static ExpertReliability[] CheckReplace(string campaignId, ReliabilitySource source, IReadOnlyList<ExpertReliability> reliabilities)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(reliabilities);
        var copy = new ExpertReliability[reliabilities.Count];
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < copy.Length; i++)
        {
            var r = reliabilities[i] ?? throw new ArgumentException($"The reliabilities contain null at index {i}.", nameof(reliabilities));
            if (!string.Equals(r.CampaignId, campaignId, StringComparison.Ordinal) || r.Source != source)
            {
                throw new ArgumentException($"The reliability at index {i} is of campaign '{r.CampaignId}' ({Serialization.EnumNames.Of(r.Source)}); only '{campaignId}' ({Serialization.EnumNames.Of(source)}) ones can be stored here.", nameof(reliabilities));
            }

            if (!seen.Add((r.QuestionId, r.ParticipantId)))
            {
                throw new ArgumentException($"The reliabilities name participant '{r.ParticipantId}' on question '{r.QuestionId}' more than once (again at index {i}).", nameof(reliabilities));
            }

            copy[i] = r with { Labels = [.. r.Labels], Confusion = [.. r.Confusion] };
        }

        Array.Sort(copy, static (a, b) =>
        {
            var byQuestion = Storage.CodePointComparer.Instance.Compare(a.QuestionId, b.QuestionId);
            return byQuestion != 0 ? byQuestion : Storage.CodePointComparer.Instance.Compare(a.ParticipantId, b.ParticipantId);
        });
        return copy;
    }
}
