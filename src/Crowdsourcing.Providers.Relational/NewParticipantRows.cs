using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Crowdsourcing.Crowd;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// Makes the rows of participants an import adds (version 1, written by one writer at one time) with one serialisation
/// each: the row's JSON, and the content hash (<see cref="RecordTables.ContentHash"/>) of the same bytes with the
/// metadata's tail swapped for the content's. A participant's content is its JSON without version and modification
/// metadata, and those three properties are the JSON's last: the row's JSON ends with
/// <c>,"version":1,"modifiedBy":…,"modifiedAt":…}</c> where the content's ends with <c>,"version":0}</c>, and
/// everything before is the same text (each property is written on its own). A row whose JSON does not end so (or a
/// participant that carries metadata of its own) is hashed from its content as <see cref="RecordTables.ContentHash"/>
/// does, so the hash is always the one a re-import compares with.
/// </summary>
internal sealed class NewParticipantRows
{
    private readonly string _modifiedBy;
    private readonly DateTimeOffset _modifiedAt;
    private readonly byte[]? _rowTail;
    private readonly byte[]? _contentTail;

    public NewParticipantRows(string modifiedBy, DateTimeOffset modifiedAt)
    {
        _modifiedBy = modifiedBy;
        _modifiedAt = modifiedAt;

        // The two tails, from a participant whose other properties hold no comma: the split is the comma before the
        // first property the content and the row write differently (the version).
        var probe = new Participant("probe", "Probe", CrowdLayer.Internal, "probe@example.com", ["probe"]);
        var content = RecordJson.SerializeToUtf8Bytes(probe);
        var row = RecordJson.SerializeToUtf8Bytes(Stamp(probe));
        var split = content.AsSpan(0, content.AsSpan().CommonPrefixLength(row)).LastIndexOf((byte)',');
        if (split > 0)
        {
            _rowTail = row[split..];
            _contentTail = content[split..];
        }
    }

    /// <summary>Whether hashes are taken from the rows' JSON (the JSON ends with the metadata); otherwise every
    /// participant is serialised twice.</summary>
    public bool HashesFromRows => _rowTail is not null;

    /// <summary>The row of <paramref name="participant"/> at version 1, its JSON and its content hash.</summary>
    public ParticipantRow Create(Participant participant)
    {
        var record = Stamp(participant);
        var json = RecordJson.SerializeToUtf8Bytes(record);
        return new ParticipantRow(record, Encoding.UTF8.GetString(json), HashOf(participant, json));
    }

    private Participant Stamp(Participant participant) => participant with { Version = 1, ModifiedBy = _modifiedBy, ModifiedAt = _modifiedAt };

    private string HashOf(Participant participant, byte[] json)
    {
        if (_rowTail is null || _contentTail is null || participant is not { Version: 0, ModifiedBy: null, ModifiedAt: null } || !json.AsSpan().EndsWith(_rowTail))
        {
            return RecordTables.ContentHash(participant);
        }

        var head = json.Length - _rowTail.Length;
        var content = ArrayPool<byte>.Shared.Rent(head + _contentTail.Length);
        try
        {
            json.AsSpan(0, head).CopyTo(content);
            _contentTail.CopyTo(content.AsSpan(head));
            return Convert.ToHexStringLower(SHA256.HashData(content.AsSpan(0, head + _contentTail.Length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(content);
        }
    }
}
