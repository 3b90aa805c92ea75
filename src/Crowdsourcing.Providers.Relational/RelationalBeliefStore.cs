using System.Buffers.Binary;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The relational <see cref="IBeliefStore"/>. A campaign's beliefs are kept in two places: the snapshot its latest
/// decision cycle wrote (<c>belief_chunks</c>: participants in code-point order with their weeks and probabilities,
/// <see cref="SnapshotChunkSize"/> a chunk, and a header in <c>belief_snapshots</c>), and a row per (campaign,
/// participant) in <c>beliefs</c> for beliefs saved one by one. A row is always newer than the snapshot (a cycle folds
/// the rows into its snapshot and deletes them), so a participant's belief is their row if there is one, else their
/// snapshot entry. "Later week wins" is checked against both.
/// </summary>
/// <remarks>Writers of a campaign's beliefs take the dialect's belief lock of the campaign
/// (<see cref="RelationalDialect.LockBeliefsAsync"/>), so a fold never races a save.</remarks>
internal sealed class RelationalBeliefStore(RelationalDatabase db) : IBeliefStore
{
    /// <summary>Participants per snapshot chunk.</summary>
    public const int SnapshotChunkSize = 8192;

    public const string UpsertSql =
        "INSERT INTO beliefs (campaign_id, participant_id, week, probabilities) VALUES (@campaign, @participant, @week, @probabilities) " +
        "ON CONFLICT (campaign_id, participant_id) DO UPDATE SET week = excluded.week, probabilities = excluded.probabilities WHERE beliefs.week <= excluded.week";

    private const string ChunkInsertSql = "INSERT INTO belief_chunks (campaign_id, chunk, first_participant, last_participant, data) VALUES (@campaign, @chunk, @first, @last, @data)";

    public ValueTask<int> SaveAsync(IReadOnlyList<ParticipantBelief> beliefs, CancellationToken cancellationToken = default)
    {
        var batch = Check(beliefs, nameof(beliefs));
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Length == 0)
        {
            return ValueTask.FromResult(0);
        }

        return db.WriteAsync((connection, transaction) => SaveRowsAsync(db, connection, transaction, batch, cancellationToken), cancellationToken);
    }

    public ValueTask<ParticipantBelief?> FindAsync(string campaignId, string participantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        ArgumentNullException.ThrowIfNull(participantId);
        cancellationToken.ThrowIfCancellationRequested();
        return db.ReadAsync<ParticipantBelief?>(
            async connection =>
            {
                var command = db.Command(connection, null, "SELECT campaign_id, participant_id, week, probabilities FROM beliefs WHERE campaign_id = @campaign AND participant_id = @participant");
                await using (command.ConfigureAwait(false))
                {
                    command.With("@campaign", campaignId).With("@participant", participantId);
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            return Read(reader);
                        }
                    }
                }

                var block = await ReadSnapshotChunkAsync(db, connection, null, campaignId, participantId, cancellationToken).ConfigureAwait(false);
                var index = block is null ? -1 : IndexOf(block, participantId);
                return index < 0 ? null : new ParticipantBelief(campaignId, participantId, block!.Weeks[index], block.GetProbabilities(index).ToArray());
            },
            cancellationToken);
    }

    public async IAsyncEnumerable<ParticipantBelief> ListAsync(string campaignId, PageRequest page = default, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        var limit = page.Limit;
        var items = await db.ReadAsync(
            async connection =>
            {
                var rows = new List<ParticipantBelief>();
                var sql = "SELECT campaign_id, participant_id, week, probabilities FROM beliefs WHERE campaign_id = @campaign" + (page.After is null ? string.Empty : " AND participant_id > @after") + " ORDER BY participant_id LIMIT @limit";
                var command = db.Command(connection, null, sql);
                await using (command.ConfigureAwait(false))
                {
                    command.With("@campaign", campaignId).With("@limit", (long)limit);
                    if (page.After is not null)
                    {
                        command.With("@after", page.After);
                    }

                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            rows.Add(Read(reader));
                        }
                    }
                }

                // The snapshot's entries after the page's key, chunk by chunk, until the page is full.
                var merged = new List<ParticipantBelief>(Math.Min(limit, 4096));
                var r = 0;
                await foreach (var block in ReadSnapshotAsync(db, connection, null, campaignId, page.After, cancellationToken).ConfigureAwait(false))
                {
                    for (var i = 0; i < block.Count && merged.Count < limit; i++)
                    {
                        var id = block.ParticipantIds[i];
                        if (page.After is not null && CodePointComparer.Instance.Compare(id, page.After) <= 0)
                        {
                            continue;
                        }

                        while (r < rows.Count && merged.Count < limit && CodePointComparer.Instance.Compare(rows[r].ParticipantId, id) < 0)
                        {
                            merged.Add(rows[r++]);
                        }

                        if (merged.Count == limit)
                        {
                            break;
                        }

                        if (r < rows.Count && string.Equals(rows[r].ParticipantId, id, StringComparison.Ordinal))
                        {
                            merged.Add(rows[r++]);
                        }
                        else
                        {
                            merged.Add(new ParticipantBelief(campaignId, id, block.Weeks[i], block.GetProbabilities(i).ToArray()));
                        }
                    }

                    if (merged.Count >= limit)
                    {
                        break;
                    }
                }

                while (r < rows.Count && merged.Count < limit)
                {
                    merged.Add(rows[r++]);
                }

                return merged;
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    public async IAsyncEnumerable<BeliefBlock> ReadBlocksAsync(string campaignId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await ReadRowsAsync(db, connection, null, campaignId, cancellationToken).ConfigureAwait(false);
            var output = new BeliefBlock(SnapshotChunkSize);
            var r = 0;
            await foreach (var block in ReadSnapshotAsync(db, connection, null, campaignId, null, cancellationToken).ConfigureAwait(false))
            {
                output.Clear();
                for (var i = 0; i < block.Count; i++)
                {
                    var id = block.ParticipantIds[i];
                    while (r < rows.Count && CodePointComparer.Instance.Compare(rows.ParticipantIds[r], id) < 0)
                    {
                        output.Add(rows.ParticipantIds[r], rows.Weeks[r], rows.GetProbabilities(r));
                        r++;
                    }

                    if (r < rows.Count && string.Equals(rows.ParticipantIds[r], id, StringComparison.Ordinal))
                    {
                        output.Add(rows.ParticipantIds[r], rows.Weeks[r], rows.GetProbabilities(r));
                        r++;
                    }
                    else
                    {
                        output.Add(id, block.Weeks[i], block.GetProbabilities(i));
                    }
                }

                yield return output;
            }

            output.Clear();
            while (r < rows.Count)
            {
                output.Add(rows.ParticipantIds[r], rows.Weeks[r], rows.GetProbabilities(r));
                r++;
                if (output.Count == SnapshotChunkSize)
                {
                    yield return output;
                    output.Clear();
                }
            }

            if (output.Count > 0)
            {
                yield return output;
            }
        }
    }

    /// <summary>Checks a batch (no nulls) and copies it, before any I/O.</summary>
    public static ParticipantBelief[] Check(IReadOnlyList<ParticipantBelief> beliefs, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(beliefs, parameterName);
        var copy = new ParticipantBelief[beliefs.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = beliefs[i] ?? throw new ArgumentException($"The beliefs to save contain null at index {i}.", parameterName);
        }

        return copy;
    }

    /// <summary>
    /// Saves beliefs as rows inside a write transaction: those older than the campaign's snapshot entry are skipped
    /// (not counted), the others go through the dialect's bulk upsert ("later week wins" against the rows).
    /// </summary>
    public static async ValueTask<int> SaveRowsAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, ParticipantBelief[] beliefs, CancellationToken cancellationToken)
    {
        var campaigns = beliefs.Select(b => b.CampaignId).Distinct(StringComparer.Ordinal).Order(CodePointComparer.Instance).ToArray();
        await db.Dialect.LockBeliefsAsync(connection, transaction, campaigns, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ParticipantBelief> kept = beliefs;
        foreach (var campaign in campaigns)
        {
            if (await ReadHeaderAsync(db, connection, transaction, campaign, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            var weeks = await SnapshotWeeksAsync(db, connection, transaction, campaign, beliefs.Where(b => b.CampaignId == campaign).Select(b => b.ParticipantId), cancellationToken).ConfigureAwait(false);
            kept = kept.Where(b => b.CampaignId != campaign || !weeks.TryGetValue(b.ParticipantId, out var week) || week <= b.Week).ToList();
        }

        return kept.Count == 0 ? 0 : await db.Dialect.SaveBeliefsAsync(connection, transaction, kept, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves a campaign's beliefs of one week given as columns, inside a write transaction, as saving each one as a row
    /// would ("later week wins"): it writes the campaign's new snapshot, folding in the old snapshot and the rows (which
    /// it deletes). When the old snapshot has the same participants, no later week and no row is newer, the new one
    /// replaces it without being read.
    /// </summary>
    /// <returns>How many of the beliefs were written.</returns>
    public static async ValueTask<int> SaveColumnsAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, BeliefColumns beliefs, CancellationToken cancellationToken)
    {
        var campaign = beliefs.CampaignId;
        await db.Dialect.LockBeliefsAsync(connection, transaction, [campaign], cancellationToken).ConfigureAwait(false);
        var header = await ReadHeaderAsync(db, connection, transaction, campaign, cancellationToken).ConfigureAwait(false);
        bool rowsExist;
        var exists = db.Command(connection, transaction, "SELECT 1 FROM beliefs WHERE campaign_id = @campaign LIMIT 1");
        await using (exists.ConfigureAwait(false))
        {
            rowsExist = await exists.With("@campaign", campaign).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
        }

        var idsHash = IdsHash.Of(beliefs.ParticipantIds);
        var snapshot = new SnapshotWriter(db, connection, transaction, campaign);
        await using (snapshot.ConfigureAwait(false))
        {
            var written = 0;
            if (header is { } h && !rowsExist && h.MaxWeek <= beliefs.Week && string.Equals(h.IdsHash, idsHash, StringComparison.Ordinal)
                || header is null && !rowsExist)
            {
                // The same crowd, nothing newer: the new snapshot is the columns as they are.
                await snapshot.DeleteAsync(deleteRows: false, cancellationToken).ConfigureAwait(false);
                var belief = new double[beliefs.StateCount];
                for (var i = 0; i < beliefs.Count; i++)
                {
                    beliefs.GetBelief(i, belief);
                    if (snapshot.Add(beliefs.ParticipantIds[i], beliefs.Week, belief))
                    {
                        await snapshot.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                written = beliefs.Count;
                await snapshot.FinishAsync(idsHash, cancellationToken).ConfigureAwait(false);
                return written;
            }

            // Fold: old snapshot, rows (newer than it) and the columns (newest), by participant; a later week wins.
            var old = new BeliefBlock(SnapshotChunkSize);
            if (header is not null)
            {
                await foreach (var block in ReadSnapshotAsync(db, connection, transaction, campaign, null, cancellationToken).ConfigureAwait(false))
                {
                    for (var i = 0; i < block.Count; i++)
                    {
                        old.Add(block.ParticipantIds[i], block.Weeks[i], block.GetProbabilities(i));
                    }
                }
            }

            var rows = rowsExist ? await ReadRowsAsync(db, connection, transaction, campaign, cancellationToken).ConfigureAwait(false) : new BeliefBlock(1);
            if (!rowsExist)
            {
                rows.Clear();
            }

            await snapshot.DeleteAsync(deleteRows: rowsExist, cancellationToken).ConfigureAwait(false);

            var outputIds = new List<string>(Math.Max(beliefs.Count, old.Count));
            var probabilities = new double[beliefs.StateCount];
            int o = 0, r = 0, c = 0;
            while (o < old.Count || r < rows.Count || c < beliefs.Count)
            {
                var id = Smallest(o < old.Count ? old.ParticipantIds[o] : null, r < rows.Count ? rows.ParticipantIds[r] : null, c < beliefs.Count ? beliefs.ParticipantIds[c] : null);
                var hasOld = o < old.Count && old.ParticipantIds[o] == id;
                var hasRow = r < rows.Count && rows.ParticipantIds[r] == id;
                var hasNew = c < beliefs.Count && beliefs.ParticipantIds[c] == id;

                // The stored belief: the row if there is one (it is newer than the snapshot), else the snapshot's.
                var (storedWeek, stored) = hasRow ? (rows.Weeks[r], rows.GetProbabilities(r).ToArray()) : hasOld ? (old.Weeks[o], old.GetProbabilities(o).ToArray()) : (-1, null);
                bool full;
                if (hasNew && (stored is null || storedWeek <= beliefs.Week))
                {
                    beliefs.GetBelief(c, probabilities);
                    full = snapshot.Add(id, beliefs.Week, probabilities);
                    written++;
                }
                else
                {
                    full = snapshot.Add(id, storedWeek, stored);
                }

                if (full)
                {
                    await snapshot.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                outputIds.Add(id);
                o += hasOld ? 1 : 0;
                r += hasRow ? 1 : 0;
                c += hasNew ? 1 : 0;
            }

            await snapshot.FinishAsync(IdsHash.Of(outputIds.ToArray()), cancellationToken).ConfigureAwait(false);
            return written;
        }
    }

    public static byte[] Encode(IReadOnlyList<double> probabilities)
    {
        var bytes = new byte[probabilities.Count * sizeof(double)];
        for (var i = 0; i < probabilities.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), probabilities[i]);
        }

        return bytes;
    }

    public static double[] Decode(byte[] bytes)
    {
        var values = new double[bytes.Length / sizeof(double)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)));
        }

        return values;
    }

    /// <summary>The weeks of some participants' snapshot entries.</summary>
    private static async ValueTask<Dictionary<string, int>> SnapshotWeeksAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, string campaign, IEnumerable<string> participants, CancellationToken cancellationToken)
    {
        var wanted = participants.Distinct(StringComparer.Ordinal).ToList();
        var weeks = new Dictionary<string, int>(StringComparer.Ordinal);
        if (wanted.Count <= 32)
        {
            foreach (var participant in wanted)
            {
                var block = await ReadSnapshotChunkAsync(db, connection, transaction, campaign, participant, cancellationToken).ConfigureAwait(false);
                var index = block is null ? -1 : IndexOf(block, participant);
                if (index >= 0)
                {
                    weeks[participant] = block!.Weeks[index];
                }
            }

            return weeks;
        }

        var set = wanted.ToHashSet(StringComparer.Ordinal);
        await foreach (var block in ReadSnapshotAsync(db, connection, transaction, campaign, null, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < block.Count; i++)
            {
                if (set.Contains(block.ParticipantIds[i]))
                {
                    weeks[block.ParticipantIds[i]] = block.Weeks[i];
                }
            }
        }

        return weeks;
    }

    private static string Smallest(string? a, string? b, string? c)
    {
        var smallest = a;
        if (b is not null && (smallest is null || CodePointComparer.Instance.Compare(b, smallest) < 0))
        {
            smallest = b;
        }

        if (c is not null && (smallest is null || CodePointComparer.Instance.Compare(c, smallest) < 0))
        {
            smallest = c;
        }

        return smallest!;
    }

    private static int IndexOf(BeliefBlock block, string participantId)
    {
        var ids = block.ParticipantIds;
        int lo = 0, hi = ids.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = CodePointComparer.Instance.Compare(ids[mid], participantId);
            if (cmp == 0)
            {
                return mid;
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private static async ValueTask<SnapshotHeader?> ReadHeaderAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaign, CancellationToken cancellationToken)
    {
        var command = db.Command(connection, transaction, "SELECT participants, max_week, ids_hash FROM belief_snapshots WHERE campaign_id = @campaign");
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.With("@campaign", campaign).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new SnapshotHeader(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2))
                    : null;
            }
        }
    }

    /// <summary>All rows of a campaign, in participant order.</summary>
    private static async ValueTask<BeliefBlock> ReadRowsAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaign, CancellationToken cancellationToken)
    {
        var rows = new BeliefBlock(64);
        var command = db.Command(connection, transaction, "SELECT participant_id, week, probabilities FROM beliefs WHERE campaign_id = @campaign ORDER BY participant_id");
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.With("@campaign", campaign).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(reader.GetString(0), reader.GetInt32(1), Decode((byte[])reader.GetValue(2)));
                }
            }
        }

        return rows;
    }

    /// <summary>The snapshot chunk that holds <paramref name="participantId"/> if any participant of the snapshot does.</summary>
    private static async ValueTask<BeliefBlock?> ReadSnapshotChunkAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaign, string participantId, CancellationToken cancellationToken)
    {
        var command = db.Command(connection, transaction, "SELECT data FROM belief_chunks WHERE campaign_id = @campaign AND last_participant >= @participant ORDER BY last_participant LIMIT 1");
        await using (command.ConfigureAwait(false))
        {
            var data = await command.With("@campaign", campaign).With("@participant", participantId).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (data is not byte[] bytes)
            {
                return null;
            }

            var block = new BeliefBlock(SnapshotChunkSize);
            DecodeChunk(bytes, block);
            return block;
        }
    }

    /// <summary>The snapshot's chunks in order (from the one that can hold ids after <paramref name="after"/>), one reused block each.</summary>
    private static async IAsyncEnumerable<BeliefBlock> ReadSnapshotAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, string campaign, string? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = "SELECT data FROM belief_chunks WHERE campaign_id = @campaign" + (after is null ? string.Empty : " AND last_participant > @after") + " ORDER BY chunk";
        var command = db.Command(connection, transaction, sql);
        await using (command.ConfigureAwait(false))
        {
            command.With("@campaign", campaign);
            if (after is not null)
            {
                command.With("@after", after);
            }

            var block = new BeliefBlock(SnapshotChunkSize);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    block.Clear();
                    DecodeChunk((byte[])reader.GetValue(0), block);
                    yield return block;
                }
            }
        }
    }

    /// <summary>Decodes a chunk: a count, then per participant its id, week, number of states and probabilities.</summary>
    private static void DecodeChunk(byte[] data, BeliefBlock block)
    {
        var reader = new CompactReader(data);
        var count = (int)reader.ReadVarint();
        Span<double> probabilities = stackalloc double[256];
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var week = (int)reader.ReadVarint();
            var states = reader.ReadByte();
            for (var s = 0; s < states; s++)
            {
                probabilities[s] = reader.ReadDouble();
            }

            block.Add(id, week, probabilities[..states]);
        }
    }

    private static ParticipantBelief Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), Decode((byte[])reader.GetValue(3)));

    private sealed record SnapshotHeader(int Participants, int MaxWeek, string IdsHash);

    /// <summary>Writes a campaign's new snapshot chunk by chunk, then its header.</summary>
    private sealed class SnapshotWriter(RelationalDatabase db, DbConnection connection, DbTransaction transaction, string campaign) : IAsyncDisposable
    {
        private readonly CompactWriter _entries = new();
        private readonly RowBatcher _insert = new(db, connection, transaction, ChunkInsertSql, "@campaign", "@chunk", "@first", "@last", "@data");
        private int _count;
        private int _chunk;
        private int _total;
        private int _maxWeek;
        private string? _first;
        private string? _last;

        public async ValueTask DeleteAsync(bool deleteRows, CancellationToken cancellationToken)
        {
            var delete = db.Command(connection, transaction, "DELETE FROM belief_chunks WHERE campaign_id = @campaign");
            await using (delete.ConfigureAwait(false))
            {
                await delete.With("@campaign", campaign).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (deleteRows)
            {
                var rows = db.Command(connection, transaction, "DELETE FROM beliefs WHERE campaign_id = @campaign");
                await using (rows.ConfigureAwait(false))
                {
                    await rows.With("@campaign", campaign).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Adds an entry; <see langword="true"/> when the chunk is full and must be flushed.</summary>
        public bool Add(string participantId, int week, ReadOnlySpan<double> probabilities)
        {
            if (probabilities.Length > 255)
            {
                throw new InvalidOperationException($"The belief of participant '{participantId}' has {probabilities.Length} probabilities; a snapshot keeps at most 255 states.");
            }

            _first ??= participantId;
            _last = participantId;
            _entries.WriteString(participantId);
            _entries.WriteVarint((uint)week);
            _entries.WriteByte((byte)probabilities.Length);
            foreach (var p in probabilities)
            {
                _entries.WriteDouble(p);
            }

            _maxWeek = Math.Max(_maxWeek, week);
            _count++;
            return _count == SnapshotChunkSize;
        }

        public async ValueTask FinishAsync(string idsHash, CancellationToken cancellationToken)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            await _insert.FlushAsync(cancellationToken).ConfigureAwait(false);
            var header = db.Command(
                connection,
                transaction,
                "INSERT INTO belief_snapshots (campaign_id, participants, max_week, ids_hash) VALUES (@campaign, @participants, @week, @hash) " +
                "ON CONFLICT (campaign_id) DO UPDATE SET participants = excluded.participants, max_week = excluded.max_week, ids_hash = excluded.ids_hash");
            await using (header.ConfigureAwait(false))
            {
                await header.With("@campaign", campaign).With("@participants", _total).With("@week", _maxWeek).With("@hash", idsHash).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _entries.Dispose();
            await _insert.DisposeAsync().ConfigureAwait(false);
        }

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (_count == 0)
            {
                return;
            }

            using var chunk = new CompactWriter(_entries.Length + 8);
            chunk.WriteVarint((uint)_count);
            var data = new byte[chunk.Length + _entries.Length];
            chunk.Written.CopyTo(data);
            _entries.Written.CopyTo(data.AsSpan(chunk.Length));
            await _insert.AddAsync([campaign, _chunk, _first, _last, data], data.Length, cancellationToken).ConfigureAwait(false);
            _total += _count;
            _chunk++;
            _count = 0;
            _first = null;
            _entries.Reset();
        }
    }
}
