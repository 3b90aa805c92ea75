using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Crowd;

namespace Crowdsourcing.Abstractions.Tests.Crowd;

public sealed class ParticipantValidationTests
{
    private static readonly Rules Table = BuildRules();

    public static TheoryData<string> RuleNames => Table.Names;

    public static TheoryData<string> AcceptedNames => Table.AcceptedNames;

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Rule_is_enforced_with_a_message_naming_field_and_value(string rule) => Table.Verify(rule);

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void Valid_value_is_accepted(string rule) => Table.VerifyAccepted(rule);

    [Fact]
    public void Optional_parts_default_to_empty()
    {
        var participant = new Participant("p", "P", CrowdLayer.General);
        Assert.Null(participant.Email);
        Assert.Null(participant.ManagerId);
        Assert.Empty(participant.Qualifications);
        Assert.Empty(participant.ColleagueIds);
        Assert.Equal(0, participant.Version);
    }

    [Fact]
    public void HasQualification_compares_ordinally()
    {
        var participant = Samples.Participant();
        Assert.True(participant.HasQualification("cloud-architecture"));
        Assert.False(participant.HasQualification("Cloud-Architecture"));
        Assert.False(participant.HasQualification("security"));
    }

    [Fact]
    public void Qualifications_differing_only_in_case_are_distinct()
    {
        var participant = new Participant("p", "P", CrowdLayer.General, qualifications: ["sql", "SQL"]);
        Assert.Equal(["sql", "SQL"], participant.Qualifications);
    }

    private static Participant Make(string id = "p", string displayName = "P", CrowdLayer layer = CrowdLayer.General, string? email = null, string[]? qualifications = null, string? managerId = null, string[]? colleagues = null) =>
        new(id, displayName, layer, email, qualifications, managerId, colleagues);

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .IdField("Participant.Id", v => Make(id: v!), v => _ = Samples.Participant() with { Id = v! })
            .NameField("Participant.DisplayName", v => Make(displayName: v!), v => _ = Samples.Participant() with { DisplayName = v! })
            .EnumField("Participant.Layer", v => Make(layer: (CrowdLayer)v), v => _ = Samples.Participant() with { Layer = (CrowdLayer)v }, "'trusted-partners'")
            .IdField("Participant.ManagerId", v => Make(managerId: v), v => _ = Samples.Participant() with { ManagerId = v }, optional: true)
            .KeyField("Participant.Qualifications[1]", v => Make(qualifications: ["sql", v!]), v => _ = Samples.Participant() with { Qualifications = ["sql", v!] }, listItem: true)
            .IdField("Participant.ColleagueIds[0]", v => Make(colleagues: [v!]), v => _ = Samples.Participant() with { ColleagueIds = [v!] }, listItem: true);

        string[] badEmails = ["", " ", "ada", "ada@", "@example.com", "ada@@example.com", "a da@example.com", "ada@exa mple.com", "ada@example.com\tx"];
        for (var i = 0; i < badEmails.Length; i++)
        {
            var email = badEmails[i];
            rules.Add<ValidationFailedException>($"Participant.Email ctor: bad address #{i}", () => Make(email: email), "Participant.Email is not an e-mail address", $"(value: '{email}')");
            rules.Add<ValidationFailedException>($"Participant.Email with: bad address #{i}", () => _ = Samples.Participant() with { Email = email }, "Participant.Email is not an e-mail address", $"(value: '{email}')");
        }

        return rules
            .Accept("Participant.Email: plain address", () => Make(email: "ada.lovelace+crowd@example.co.uk"))
            .Accept("Participant.Email: removed with with", () => Assert.Null((Samples.Participant() with { Email = null }).Email))
            .Add<ValidationFailedException>("Participant.Version with: negative", () => _ = Samples.Participant() with { Version = -5 }, "Participant.Version must not be negative (value: -5)")
            .Add<ValidationFailedException>("Participant.Qualifications: duplicate", () => Make(qualifications: ["sql", "cloud", "sql"]), "Participant.Qualifications contains 'sql' more than once (at index 2)")
            .Add<ValidationFailedException>("Participant.Qualifications with: duplicate", () => _ = Samples.Participant() with { Qualifications = ["x", "x"] }, "Participant.Qualifications contains 'x' more than once (at index 1)")
            .Add<ValidationFailedException>("Participant.ColleagueIds: duplicate", () => Make(colleagues: ["c1", "c1"]), "Participant.ColleagueIds contains 'c1' more than once (at index 1)")
            .Add<ValidationFailedException>("Participant.ColleagueIds with: duplicate", () => _ = Samples.Participant() with { ColleagueIds = ["c1", "c2", "c2"] }, "Participant.ColleagueIds contains 'c2' more than once (at index 2)")
            .Add<ValidationFailedException>("Participant.ManagerId: the participant itself", () => Make(id: "p-1", managerId: "p-1"), "Participant.ManagerId must not be the participant itself ('p-1')")
            .Add<ValidationFailedException>("Participant.ColleagueIds: the participant itself", () => Make(id: "p-1", colleagues: ["p-2", "p-1"]), "Participant.ColleagueIds must not contain the participant itself ('p-1')");
    }
}
