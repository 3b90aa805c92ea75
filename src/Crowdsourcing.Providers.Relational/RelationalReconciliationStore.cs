using Crowdsourcing.Reconciliation;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The relational <see cref="IReconciliationStore"/> (schema version 4, <c>0004_answer_reconciliation</c>): a row per
/// gold answer, per (campaign, source, question, participant) reliability and per decision, each holding its JSON
/// beside the key columns, whose collation (SQLite <c>BINARY</c>, PostgreSQL <c>COLLATE "C"</c>) gives code-point order.
/// </summary>
internal sealed class RelationalReconciliationStore(RelationalDatabase db) : IReconciliationStore
{
    public ValueTask<GoldAnswer> SetGoldAsync(GoldAnswer gold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gold);
        cancellationToken.ThrowIfCancellationRequested();
        var json = RecordJson.Serialize(gold);
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                var command = db.Command(connection, transaction, "INSERT INTO gold_answers (campaign_id, subject_id, question_id, json) VALUES (@campaign, @subject, @question, @json) ON CONFLICT (campaign_id, subject_id, question_id) DO UPDATE SET json = excluded.json");
                await using (command.ConfigureAwait(false))
                {
                    await command.With("@campaign", gold.CampaignId).With("@subject", gold.SubjectId).With("@question", gold.QuestionId).With("@json", json)
                        .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return gold;
            },
            cancellationToken);
    }

    public ValueTask<bool> RemoveGoldAsync(string campaignId, string subjectId, string questionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(questionId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                var command = db.Command(connection, transaction, "DELETE FROM gold_answers WHERE campaign_id = @campaign AND subject_id = @subject AND question_id = @question");
                await using (command.ConfigureAwait(false))
                {
                    return await command.With("@campaign", campaignId).With("@subject", subjectId).With("@question", questionId)
                        .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
                }
            },
            cancellationToken);
    }

    public IAsyncEnumerable<GoldAnswer> ListGoldAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Listing.QueryAsync(
            db,
            "SELECT json FROM gold_answers WHERE campaign_id = @campaign ORDER BY subject_id, question_id",
            [("@campaign", campaignId)],
            static r => RecordJson.Deserialize<GoldAnswer>(r.GetString(0)),
            cancellationToken);
    }

    public ValueTask ReplaceReliabilitiesAsync(string campaignId, ReliabilitySource source, IReadOnlyList<ExpertReliability> reliabilities, CancellationToken cancellationToken = default)
    {
        var rows = ReconciliationStoreChecks.CheckReplace(campaignId, source, reliabilities);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask(db.WriteAsync(
            async (connection, transaction) =>
            {
                var delete = db.Command(connection, transaction, "DELETE FROM expert_reliabilities WHERE campaign_id = @campaign AND source = @source");
                await using (delete.ConfigureAwait(false))
                {
                    await delete.With("@campaign", campaignId).With("@source", (int)source).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var row in rows)
                {
                    var insert = db.Command(connection, transaction, "INSERT INTO expert_reliabilities (campaign_id, source, question_id, participant_id, json) VALUES (@campaign, @source, @question, @participant, @json)");
                    await using (insert.ConfigureAwait(false))
                    {
                        await insert.With("@campaign", campaignId).With("@source", (int)source).With("@question", row.QuestionId).With("@participant", row.ParticipantId).With("@json", RecordJson.Serialize(row))
                            .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                return true;
            },
            cancellationToken).AsTask());
    }

    public IAsyncEnumerable<ExpertReliability> ListReliabilitiesAsync(string campaignId, ReliabilitySource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Listing.QueryAsync(
            db,
            "SELECT json FROM expert_reliabilities WHERE campaign_id = @campaign AND source = @source ORDER BY question_id, participant_id",
            [("@campaign", campaignId), ("@source", (int)source)],
            static r => RecordJson.Deserialize<ExpertReliability>(r.GetString(0)),
            cancellationToken);
    }

    public ValueTask<bool> RecordDecisionAsync(AnotherAnswerDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        cancellationToken.ThrowIfCancellationRequested();
        return db.WriteAsync((connection, transaction) => RecordAsync(db, connection, transaction, decision, cancellationToken), cancellationToken);
    }

    /// <summary>Records a decision inside a transaction: <see langword="true"/> when new, <see langword="false"/> when the same content is stored.</summary>
    /// <exception cref="DuplicateRecordException">The id is stored with different content.</exception>
    internal static async ValueTask<bool> RecordAsync(RelationalDatabase db, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, AnotherAnswerDecision decision, CancellationToken cancellationToken)
    {
        var json = RecordJson.Serialize(decision);
        var insert = db.Command(connection, transaction, "INSERT INTO another_answer_decisions (campaign_id, id, json) VALUES (@campaign, @id, @json) ON CONFLICT (campaign_id, id) DO NOTHING");
        await using (insert.ConfigureAwait(false))
        {
            if (await insert.With("@campaign", decision.CampaignId).With("@id", decision.Id).With("@json", json).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return true;
            }
        }

        var find = db.Command(connection, transaction, "SELECT json FROM another_answer_decisions WHERE campaign_id = @campaign AND id = @id");
        await using (find.ConfigureAwait(false))
        {
            var stored = await find.With("@campaign", decision.CampaignId).With("@id", decision.Id).ScalarStringAsync(cancellationToken).ConfigureAwait(false);
            return stored is not null && RecordJson.Deserialize<AnotherAnswerDecision>(stored) == decision
                ? false
                : throw new DuplicateRecordException(nameof(AnotherAnswerDecision), decision.Id);
        }
    }

    public IAsyncEnumerable<AnotherAnswerDecision> ListDecisionsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return Listing.QueryAsync(
            db,
            "SELECT json FROM another_answer_decisions WHERE campaign_id = @campaign ORDER BY id",
            [("@campaign", campaignId)],
            static r => RecordJson.Deserialize<AnotherAnswerDecision>(r.GetString(0)),
            cancellationToken);
    }
}
