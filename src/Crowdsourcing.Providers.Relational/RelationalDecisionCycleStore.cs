using System.Data.Common;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The relational <see cref="IDecisionCycleStore"/>: a row per (campaign, cycle) holding the record's JSON without its
/// contacts, and the contacts once, compactly, in <c>cycle_contacts</c> (<see cref="ChunkSize"/> a chunk, in participant
/// order, with their decision order). Cycles written by schema version 1 keep their contacts in the JSON
/// (<c>contact_count</c> is NULL) and read as before.
/// </summary>
internal sealed class RelationalDecisionCycleStore(RelationalDatabase db) : IDecisionCycleStore
{
    /// <summary>Contacts per chunk; chunk k holds the contacts at positions [k × size, (k + 1) × size) of participant order.</summary>
    public const int ChunkSize = 4096;

    public ValueTask<DecisionCycleRecord?> FindAsync(string campaignId, int cycle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.ReadAsync(c => FindAsync(db, c, null, campaignId, cycle, cancellationToken), cancellationToken);
    }

    public ValueTask<DecisionCycleRecord?> FindLatestAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.ReadAsync(
            async connection =>
            {
                var rows = await ReadRowsAsync(db, connection, null, "SELECT cycle, json, contact_count FROM decision_cycles WHERE campaign_id = @campaign ORDER BY cycle DESC LIMIT 1", campaignId, null, cancellationToken).ConfigureAwait(false);
                return rows.Count == 0 ? null : await CompleteAsync(db, connection, null, campaignId, rows[0], cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public async IAsyncEnumerable<DecisionCycleRecord> ListAsync(string campaignId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        var rows = await db.ReadAsync(c => ReadRowsAsync(db, c, null, "SELECT cycle, json, contact_count FROM decision_cycles WHERE campaign_id = @campaign ORDER BY cycle", campaignId, null, cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await db.ReadAsync(c => CompleteAsync(db, c, null, campaignId, row, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    public static async ValueTask<DecisionCycleRecord?> FindAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaignId, int cycle, CancellationToken cancellationToken)
    {
        var rows = await ReadRowsAsync(db, connection, transaction, "SELECT cycle, json, contact_count FROM decision_cycles WHERE campaign_id = @campaign AND cycle = @cycle", campaignId, cycle, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : await CompleteAsync(db, connection, transaction, campaignId, rows[0], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a cycle unless (campaign, cycle) is already stored; the primary key decides, also between racing
    /// instances. Its contacts are written once, in chunks (several a round trip where the provider batches statements).</summary>
    /// <returns><see langword="true"/> when this call recorded it.</returns>
    public static async ValueTask<bool> TryRecordAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, DecisionCycleRecord cycle, CancellationToken cancellationToken)
    {
        var contacts = CycleContacts.From(cycle.Contacts);
        var header = RecordJson.Serialize(cycle with { Contacts = [] });
        var command = db.Command(connection, transaction, "INSERT INTO decision_cycles (campaign_id, cycle, json, contact_count) VALUES (@campaign, @cycle, @json, @count) ON CONFLICT (campaign_id, cycle) DO NOTHING");
        await using (command.ConfigureAwait(false))
        {
            if (await command.With("@campaign", cycle.CampaignId).With("@cycle", cycle.Cycle).With("@json", header).With("@count", contacts.Count)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        if (contacts.Count == 0)
        {
            return true;
        }

        var insert = new RowBatcher(db, connection, transaction, "INSERT INTO cycle_contacts (campaign_id, cycle, chunk, first_participant, data) VALUES (@campaign, @cycle, @chunk, @first, @data)", "@campaign", "@cycle", "@chunk", "@first", "@data");
        await using (insert.ConfigureAwait(false))
        {
            var rank = new int[contacts.Count];
            for (var k = 0; k < rank.Length; k++)
            {
                rank[contacts.DecisionOrder[k]] = k;
            }

            for (var start = 0; start < contacts.Count; start += ChunkSize)
            {
                var data = EncodeChunk(contacts, rank, start, Math.Min(ChunkSize, contacts.Count - start));
                await insert.AddAsync([cycle.CampaignId, cycle.Cycle, start / ChunkSize, contacts.ParticipantIds[start], data], data.Length, cancellationToken).ConfigureAwait(false);
            }

            await insert.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Decodes one chunk of a cycle's contacts (participant order).</summary>
    public static ContactChunk DecodeChunk(byte[] data)
    {
        var reader = new CompactReader(data);
        var interventions = new string[(int)reader.ReadVarint()];
        for (var i = 0; i < interventions.Length; i++)
        {
            interventions[i] = reader.ReadString();
        }

        var count = (int)reader.ReadVarint();
        var chunk = new ContactChunk(interventions, new string[count], new int[count], new double[count], new double[count], new int[count]);
        for (var j = 0; j < count; j++)
        {
            chunk.ParticipantIds[j] = reader.ReadString();
            chunk.Interventions[j] = (int)reader.ReadVarint();
            chunk.Values[j] = reader.ReadDouble();
            chunk.Costs[j] = reader.ReadDouble();
            chunk.Ranks[j] = (int)reader.ReadVarint();
        }

        // The reasons, when the chunk has them (chunks written before them end here): the distinct texts once, then
        // for each contact 1 + the index of its text, or 0 for none.
        if (!reader.End)
        {
            var texts = new string[(int)reader.ReadVarint()];
            for (var i = 0; i < texts.Length; i++)
            {
                texts[i] = reader.ReadString();
            }

            var reasons = new string?[count];
            for (var j = 0; j < count; j++)
            {
                var index = (int)reader.ReadVarint();
                reasons[j] = index == 0 ? null : texts[index - 1];
            }

            chunk = chunk with { Reasons = reasons };
        }

        return chunk;
    }

    /// <summary>Reads chunk <paramref name="chunk"/> of a cycle's contacts, or <see langword="null"/>.</summary>
    public static async ValueTask<ContactChunk?> ReadChunkAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaignId, int cycle, int chunk, CancellationToken cancellationToken)
    {
        var command = db.Command(connection, transaction, "SELECT data FROM cycle_contacts WHERE campaign_id = @campaign AND cycle = @cycle AND chunk = @chunk");
        await using (command.ConfigureAwait(false))
        {
            var data = await command.With("@campaign", campaignId).With("@cycle", cycle).With("@chunk", chunk).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return data is byte[] bytes ? DecodeChunk(bytes) : null;
        }
    }

    /// <summary>The number of the chunk that would hold <paramref name="participantId"/> (the last whose first participant is not after it), or -1.</summary>
    public static async ValueTask<int> ChunkOfAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaignId, int cycle, string participantId, CancellationToken cancellationToken)
    {
        var command = db.Command(connection, transaction, "SELECT chunk FROM cycle_contacts WHERE campaign_id = @campaign AND cycle = @cycle AND first_participant <= @participant ORDER BY chunk DESC LIMIT 1");
        await using (command.ConfigureAwait(false))
        {
            var value = await command.With("@campaign", campaignId).With("@cycle", cycle).With("@participant", participantId).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? -1 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static byte[] EncodeChunk(CycleContacts contacts, int[] rank, int start, int count)
    {
        using var writer = new CompactWriter(count * 40);
        writer.WriteVarint((uint)contacts.Interventions.Count);
        foreach (var name in contacts.Interventions)
        {
            writer.WriteString(name);
        }

        writer.WriteVarint((uint)count);
        for (var j = start; j < start + count; j++)
        {
            writer.WriteString(contacts.ParticipantIds[j]);
            writer.WriteVarint((uint)contacts.InterventionIndexes[j]);
            writer.WriteDouble(contacts.Values[j]);
            writer.WriteDouble(contacts.Costs[j]);
            writer.WriteVarint((uint)rank[j]);
        }

        var reasons = contacts.Reasons;
        if (!reasons.IsEmpty)
        {
            var texts = new Dictionary<string, int>(StringComparer.Ordinal);
            var indexes = new int[count];
            string? previous = null;
            var previousIndex = 0;
            for (var j = start; j < start + count; j++)
            {
                if (reasons[j] is { } reason)
                {
                    // Contacts next to each other often share their reason's text (the same instance): no lookup then.
                    if (ReferenceEquals(reason, previous))
                    {
                        indexes[j - start] = previousIndex;
                        continue;
                    }

                    if (!texts.TryGetValue(reason, out var index))
                    {
                        index = texts.Count + 1;
                        texts.Add(reason, index);
                    }

                    (previous, previousIndex) = (reason, index);
                    indexes[j - start] = index;
                }
            }

            writer.WriteVarint((uint)texts.Count);
            foreach (var text in texts.Keys)
            {
                writer.WriteString(text);
            }

            foreach (var index in indexes)
            {
                writer.WriteVarint((uint)index);
            }
        }

        return writer.ToArray();
    }

    private static async ValueTask<List<(int Cycle, string Json, int? Count)>> ReadRowsAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string sql, string campaignId, int? cycle, CancellationToken cancellationToken)
    {
        var rows = new List<(int, string, int?)>();
        var command = db.Command(connection, transaction, sql);
        await using (command.ConfigureAwait(false))
        {
            command.With("@campaign", campaignId);
            if (cycle is { } c)
            {
                command.With("@cycle", c);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add((reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)));
                }
            }
        }

        return rows;
    }

    /// <summary>The record of a row, with its contacts read from their chunks when they are kept apart.</summary>
    private static async ValueTask<DecisionCycleRecord> CompleteAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaignId, (int Cycle, string Json, int? Count) row, CancellationToken cancellationToken)
    {
        var record = RecordJson.Deserialize<DecisionCycleRecord>(row.Json);
        if (row.Count is not { } count || count == 0)
        {
            return record;
        }

        var ids = new string[count];
        var interventions = new int[count];
        var values = new double[count];
        var costs = new double[count];
        var order = new int[count];
        string?[]? reasons = null;
        string[] names = [];
        var command = db.Command(connection, transaction, "SELECT data FROM cycle_contacts WHERE campaign_id = @campaign AND cycle = @cycle ORDER BY chunk");
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.With("@campaign", campaignId).With("@cycle", row.Cycle).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var j = 0;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var chunk = DecodeChunk((byte[])reader.GetValue(0));
                    names = chunk.InterventionNames;
                    for (var i = 0; i < chunk.ParticipantIds.Length; i++, j++)
                    {
                        ids[j] = chunk.ParticipantIds[i];
                        interventions[j] = chunk.Interventions[i];
                        values[j] = chunk.Values[i];
                        costs[j] = chunk.Costs[i];
                        order[chunk.Ranks[i]] = j;
                        if (chunk.Reasons is { } chunkReasons)
                        {
                            reasons ??= new string?[count];
                            reasons[j] = chunkReasons[i];
                        }
                    }
                }
            }
        }

        return record with { Contacts = CycleContacts.Create(ids, names, interventions, values, costs, order, reasons) };
    }
}

/// <summary>One decoded chunk of a cycle's contacts, in participant order.</summary>
internal sealed record ContactChunk(string[] InterventionNames, string[] ParticipantIds, int[] Interventions, double[] Values, double[] Costs, int[] Ranks)
{
    /// <summary>Why each contact was made, or <see langword="null"/> for a chunk without reasons.</summary>
    public string?[]? Reasons { get; init; }
}
