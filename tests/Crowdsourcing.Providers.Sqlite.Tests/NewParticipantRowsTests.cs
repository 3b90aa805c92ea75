using Crowdsourcing.Crowd;
using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Specification.Tests;

namespace Crowdsourcing.Providers.Sqlite.Tests;

/// <summary>A new participant's row is serialised once; its JSON and content hash are those of serialising twice.</summary>
public sealed class NewParticipantRowsTests
{
    public static TheoryData<Participant> Participants() =>
    [
        SpecificationData.Participant("p-1", qualifications: ["cloud", "sap"]),
        new Participant("p-2", "Zoë \"Zed\" O'Neil, Ph.D. — 東京", CrowdLayer.General),
        new Participant("p-3", "Comma, \"version\":1, and }", CrowdLayer.TrustedPartners, "a,b@example.com", ["\"version\":0}", ","], managerId: "m-1", colleagueIds: ["p-1", "p-2"]),
        SpecificationData.Participant("p-4") with { InactiveSince = SpecificationData.T0 },
        SpecificationData.Participant("p-5") with { Version = 7, ModifiedBy = "someone", ModifiedAt = SpecificationData.T0 },
    ];

    [Theory]
    [MemberData(nameof(Participants))]
    public void A_new_rows_JSON_and_content_hash_are_those_of_serialising_the_row_and_the_content_apart(Participant participant)
    {
        var at = new DateTimeOffset(2026, 12, 7, 23, 35, 19, 3, TimeSpan.FromHours(1)).AddTicks(2723);
        var rows = new NewParticipantRows("cli \"root\"", at);

        var row = rows.Create(participant);

        Assert.True(rows.HashesFromRows);
        var expected = participant with { Version = 1, ModifiedBy = "cli \"root\"", ModifiedAt = at };
        Assert.Equal(expected, row.Record);
        Assert.Equal(RecordJson.Serialize(expected), row.Json);
        Assert.Equal(RecordTables.ContentHash(participant), row.ContentHash);
        Assert.Equal(RecordTables.ContentHash(expected), row.ContentHash);
    }
}
