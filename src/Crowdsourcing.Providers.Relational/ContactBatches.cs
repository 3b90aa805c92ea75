using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.Relational;

/// <summary>One row of <c>contact_batches</c>: the contact notifications of one cycle, of which the first
/// <see cref="Claimed"/> (in participant order) are rows of <c>notifications</c> and the others pending, rendered from
/// the batch's templates when they are read or claimed.</summary>
internal sealed record ContactBatchRow(string CampaignId, int Cycle, long CreatedTicks, int Total, int Claimed, ContactNotificationBatch Batch)
{
    public string IdPrefix => Batch.IdPrefix;

    /// <summary>The exclusive upper bound of the batch's ids: the prefix with its last character incremented.</summary>
    public string Upper => ContactBatches.UpperBound(IdPrefix);

    public bool Covers(string id) => id.Length > IdPrefix.Length && id.StartsWith(IdPrefix, StringComparison.Ordinal);
}

/// <summary>
/// The outbox's compact part: a decision cycle's contact notifications kept as one <c>contact_batches</c> row beside the
/// cycle's contacts (<see cref="RelationalDecisionCycleStore"/>), materialised as rows of <c>notifications</c> only when
/// a deliverer claims them, in batches. Every outbox operation sees them as if each had been enqueued on its own.
/// </summary>
internal static class ContactBatches
{
    private const string Columns = "campaign_id, cycle, created_at, total, claimed, json";

    /// <summary>The exclusive upper bound of the ids that start with <paramref name="prefix"/> (code-point order), or
    /// <see langword="null"/> when the last character cannot be incremented safely.</summary>
    public static string UpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>
    /// Records a cycle's contact notifications as one batch, unless a stored notification or another batch may share an
    /// id with it (then the caller enqueues them one by one, which checks each id).
    /// </summary>
    /// <returns><see langword="true"/> when the batch was recorded (or there was nothing to record).</returns>
    public static async ValueTask<bool> TryRecordAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, DecisionCycleRecord cycle, CycleContacts contacts, ContactNotificationBatch batch, CancellationToken cancellationToken)
    {
        if (contacts.Count == 0)
        {
            return true;
        }

        var prefix = batch.IdPrefix;
        if (char.IsSurrogate(prefix[^1]) || prefix[^1] >= '\uFFFE')
        {
            return false;
        }

        var overlap = db.Command(connection, transaction, "SELECT id FROM notifications WHERE id >= @low AND id < @high LIMIT 1");
        await using (overlap.ConfigureAwait(false))
        {
            if (await overlap.With("@low", prefix).With("@high", UpperBound(prefix)).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull))
            {
                return false;
            }
        }

        var prefixes = db.Command(connection, transaction, "SELECT json FROM contact_batches");
        await using (prefixes.ConfigureAwait(false))
        {
            var reader = await prefixes.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var other = ReadBatch(reader.GetString(0)).IdPrefix;
                    if (other.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(other, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }
        }

        var insert = db.Command(connection, transaction, "INSERT INTO contact_batches (campaign_id, cycle, id_prefix, created_at, total, claimed, json) VALUES (@campaign, @cycle, @prefix, @created, @total, 0, @json)");
        await using (insert.ConfigureAwait(false))
        {
            await insert.With("@campaign", cycle.CampaignId).With("@cycle", cycle.Cycle).With("@prefix", prefix).With("@created", batch.CreatedAt.UtcTicks)
                .With("@total", contacts.Count).With("@json", WriteBatch(batch)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The batches with pending notifications; with <paramref name="dueAt"/> only those due then, oldest first,
    /// locked for the caller's transaction (skipping batches another claimer holds where the database can).</summary>
    public static async ValueTask<List<ContactBatchRow>> PendingAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, DateTimeOffset? dueAt, int limit, CancellationToken cancellationToken)
    {
        var sql = dueAt is null
            ? $"SELECT {Columns} FROM contact_batches WHERE claimed < total ORDER BY id_prefix"
            : $"SELECT {Columns} FROM contact_batches WHERE claimed < total AND created_at <= @now ORDER BY created_at, id_prefix LIMIT @limit{db.Dialect.ForUpdateSkipLocked}";
        var batches = new List<ContactBatchRow>();
        var command = db.Command(connection, transaction, sql);
        await using (command.ConfigureAwait(false))
        {
            if (dueAt is { } now)
            {
                command.With("@now", now.UtcTicks).With("@limit", (long)limit);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    batches.Add(new ContactBatchRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4), ReadBatch(reader.GetString(5))));
                }
            }
        }

        return batches;
    }

    /// <summary>The pending (not yet claimed) notification with <paramref name="id"/>, if a batch holds one.</summary>
    public static async ValueTask<Notification?> FindPendingAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, IReadOnlyList<ContactBatchRow> batches, string id, CancellationToken cancellationToken)
    {
        foreach (var batch in batches)
        {
            if (!batch.Covers(id))
            {
                continue;
            }

            var participant = id[batch.IdPrefix.Length..];
            var k = await RelationalDecisionCycleStore.ChunkOfAsync(db, connection, transaction, batch.CampaignId, batch.Cycle, participant, cancellationToken).ConfigureAwait(false);
            if (k < 0)
            {
                continue;
            }

            var chunk = (await RelationalDecisionCycleStore.ReadChunkAsync(db, connection, transaction, batch.CampaignId, batch.Cycle, k, cancellationToken).ConfigureAwait(false))!;
            var j = Array.BinarySearch(chunk.ParticipantIds, participant, CodePointComparer.Instance);
            if (j >= 0 && (k * RelationalDecisionCycleStore.ChunkSize) + j >= batch.Claimed)
            {
                return Render(batch, chunk, j);
            }
        }

        return null;
    }

    /// <summary>Up to <paramref name="count"/> of a batch's pending notifications from position <paramref name="start"/> (participant order).</summary>
    public static async ValueTask<List<Notification>> TakeAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, ContactBatchRow batch, int start, int count, CancellationToken cancellationToken)
    {
        var taken = new List<Notification>(Math.Min(count, 4096));
        var position = Math.Max(start, batch.Claimed);
        while (taken.Count < count && position < batch.Total)
        {
            var k = position / RelationalDecisionCycleStore.ChunkSize;
            var chunk = await RelationalDecisionCycleStore.ReadChunkAsync(db, connection, transaction, batch.CampaignId, batch.Cycle, k, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Chunk {k} of the contacts of cycle {batch.Cycle} of campaign '{batch.CampaignId}' is missing.");
            for (var j = position - (k * RelationalDecisionCycleStore.ChunkSize); j < chunk.ParticipantIds.Length && taken.Count < count; j++, position++)
            {
                taken.Add(Render(batch, chunk, j));
            }
        }

        return taken;
    }

    /// <summary>The position (participant order) of a batch's first pending notification whose id is after <paramref name="after"/>.</summary>
    public static async ValueTask<int> StartAfterAsync(RelationalDatabase db, DbConnection connection, DbTransaction? transaction, ContactBatchRow batch, string? after, CancellationToken cancellationToken)
    {
        if (after is null || CodePointComparer.Instance.Compare(after, batch.IdPrefix) <= 0)
        {
            return batch.Claimed;
        }

        if (CodePointComparer.Instance.Compare(after, batch.Upper) >= 0)
        {
            return batch.Total;
        }

        var participant = after[batch.IdPrefix.Length..];
        var k = await RelationalDecisionCycleStore.ChunkOfAsync(db, connection, transaction, batch.CampaignId, batch.Cycle, participant, cancellationToken).ConfigureAwait(false);
        if (k < 0)
        {
            return batch.Claimed;
        }

        var chunk = (await RelationalDecisionCycleStore.ReadChunkAsync(db, connection, transaction, batch.CampaignId, batch.Cycle, k, cancellationToken).ConfigureAwait(false))!;
        var j = 0;
        while (j < chunk.ParticipantIds.Length && CodePointComparer.Instance.Compare(chunk.ParticipantIds[j], participant) <= 0)
        {
            j++;
        }

        return Math.Max(batch.Claimed, (k * RelationalDecisionCycleStore.ChunkSize) + j);
    }

    /// <summary>Marks the first <paramref name="count"/> pending notifications of a batch claimed (they were just written as rows).</summary>
    public static async ValueTask AdvanceAsync(RelationalDatabase db, DbConnection connection, DbTransaction transaction, ContactBatchRow batch, int count, CancellationToken cancellationToken)
    {
        var command = db.Command(connection, transaction, "UPDATE contact_batches SET claimed = claimed + @count WHERE campaign_id = @campaign AND cycle = @cycle");
        await using (command.ConfigureAwait(false))
        {
            await command.With("@count", count).With("@campaign", batch.CampaignId).With("@cycle", batch.Cycle).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Notification Render(ContactBatchRow batch, ContactChunk chunk, int j) =>
        batch.Batch.For(chunk.ParticipantIds[j], chunk.InterventionNames[chunk.Interventions[j]]) with { Version = 1 };

    private static string WriteBatch(ContactNotificationBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("idPrefix", batch.IdPrefix);
            writer.WriteString("channel", batch.Channel);
            writer.WriteString("kind", batch.Kind);
            writer.WriteString("subject", batch.Subject.Text);
            writer.WriteString("body", batch.Body.Text);
            writer.WriteString("createdAt", batch.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            WriteMap(writer, "interventionChannels", batch.InterventionChannels);
            WriteMap(writer, "recipients", batch.Recipients);
            if (batch.EscalationSubject is { } escalationSubject)
            {
                writer.WriteString("escalationSubject", escalationSubject.Text);
            }

            if (batch.EscalationBody is { } escalationBody)
            {
                writer.WriteString("escalationBody", escalationBody.Text);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static ContactNotificationBatch ReadBatch(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string Get(string name) => root.GetProperty(name).GetString() ?? throw new JsonException($"A stored contact batch has no '{name}'.");
        string? Optional(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new ContactNotificationBatch(
            Get("idPrefix"),
            Get("channel"),
            Get("kind"),
            new NotificationTemplate(Get("subject")),
            new NotificationTemplate(Get("body")),
            DateTimeOffset.Parse(Get("createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
        {
            // Batches written before routing have none of these: every contact to its participant on the one channel.
            InterventionChannels = ReadMap(root, "interventionChannels"),
            Recipients = ReadMap(root, "recipients"),
            EscalationSubject = Optional("escalationSubject") is { } subject ? new NotificationTemplate(subject) : null,
            EscalationBody = Optional("escalationBody") is { } body ? new NotificationTemplate(body) : null,
        };
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static Dictionary<string, string> ReadMap(JsonElement root, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var element))
        {
            foreach (var property in element.EnumerateObject())
            {
                map[property.Name] = property.Value.GetString() ?? throw new JsonException($"A stored contact batch has a null entry '{property.Name}' in '{name}'.");
            }
        }

        return map;
    }
}
