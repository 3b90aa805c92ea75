using System.DirectoryServices.Protocols;
using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Directory.Ldap.Tests;

/// <summary>Synchronisation against the real server, each test on people of its own organisational unit.</summary>
public sealed class LdapSyncTests : IDisposable
{
    private readonly LdapConnection _admin = LdapServer.Administrator();
    private readonly string _unit = $"ou=sync-{Guid.NewGuid():N},{LdapServer.BaseDn}";

    public LdapSyncTests()
    {
        _admin.SendRequest(new AddRequest(_unit, new DirectoryAttribute("objectClass", "organizationalUnit")));
    }

    public void Dispose()
    {
        var search = (SearchResponse)_admin.SendRequest(new SearchRequest(_unit, "(objectClass=inetOrgPerson)", SearchScope.OneLevel, "uid"));
        foreach (SearchResultEntry entry in search.Entries)
        {
            _admin.SendRequest(new DeleteRequest(entry.DistinguishedName));
        }

        _admin.SendRequest(new DeleteRequest(_unit));
        _admin.Dispose();
    }

    private string Dn(string uid) => $"uid={uid},{_unit}";

    private void AddPerson(string uid, string name, string team, string? manager = null, string? mail = null)
    {
        var request = new AddRequest(Dn(uid),
            new DirectoryAttribute("objectClass", "inetOrgPerson"),
            new DirectoryAttribute("uid", uid),
            new DirectoryAttribute("cn", name),
            new DirectoryAttribute("sn", name.Split(' ')[^1]),
            new DirectoryAttribute("displayName", name),
            new DirectoryAttribute("mail", mail ?? $"{uid}@example.org"),
            new DirectoryAttribute("departmentNumber", team));
        if (manager is not null)
        {
            request.Attributes.Add(new DirectoryAttribute("manager", Dn(manager)));
        }

        _admin.SendRequest(request);
    }

    private void Replace(string uid, string attribute, string value) =>
        _admin.SendRequest(new ModifyRequest(Dn(uid), DirectoryAttributeOperation.Replace, attribute, value));

    private static async Task<Dictionary<string, Participant>> ParticipantsAsync(LdapTestHost host)
    {
        var result = new Dictionary<string, Participant>();
        await foreach (var participant in host.Services.GetRequiredService<IParticipantStore>().ListAsync(PageRequest.All))
        {
            result.Add(participant.Id, participant);
        }

        return result;
    }

    [Fact]
    public async Task Synchronisation_adds_changes_and_retires_people_as_the_directory_does()
    {
        AddPerson("hana", "Hana Ito", "research");
        AddPerson("ivan", "Ivan Petrov", "research", manager: "hana");
        AddPerson("jo", "Jo Park", "research", manager: "hana");
        using var host = LdapTestHost.Create(o => o.DefaultLayer = "internal", peopleBaseDn: _unit);

        var first = await host.SynchronizeAsync();

        Assert.Equal((3, 3, 0, 0), (first.Listed, first.Added, first.Changed, first.Retired));
        var stored = await ParticipantsAsync(host);
        Assert.Equal(("Ivan Petrov", "ivan@example.org", "hana", CrowdLayer.Internal), (stored["ivan"].DisplayName, stored["ivan"].Email, stored["ivan"].ManagerId, stored["ivan"].Layer));
        Assert.Equal(["ivan", "jo"], stored["hana"].ColleagueIds);
        Assert.Equal(["hana", "jo"], stored["ivan"].ColleagueIds);

        // Unchanged: nothing written.
        var again = await host.SynchronizeAsync();
        Assert.Equal((0, 0, 0, 3), (again.Added, again.Changed, again.Retired, again.Unchanged));
        Assert.All((await ParticipantsAsync(host)).Values, p => Assert.Equal(1, p.Version));

        // Ivan changes name and team; Jo leaves; Kim joins.
        Replace("ivan", "displayName", "Ivan Petrov-Ito");
        Replace("ivan", "departmentNumber", "sales");
        _admin.SendRequest(new DeleteRequest(Dn("jo")));
        AddPerson("kim", "Kim Lee", "sales", manager: "hana");

        var changed = await host.SynchronizeAsync();

        Assert.Equal((3, 1, 2, 0), (changed.Listed, changed.Added, changed.Changed, changed.Unchanged));
        stored = await ParticipantsAsync(host);
        Assert.Equal("Ivan Petrov-Ito", stored["ivan"].DisplayName);
        Assert.Equal(["kim"], stored["ivan"].ColleagueIds);
        Assert.Empty(stored["hana"].ColleagueIds);
        Assert.False(stored["jo"].IsActive);
        Assert.Equal(changed.At, stored["jo"].InactiveSince);
        Assert.Equal("Jo Park", stored["jo"].DisplayName);
    }

    [Fact]
    public async Task Retiring_follows_the_directory_s_layers_only()
    {
        AddPerson("lea", "Lea Roy", "ops");
        using var host = LdapTestHost.Create(o => o.DefaultLayer = "internal", peopleBaseDn: _unit);
        var store = host.Services.GetRequiredService<IParticipantStore>();
        await store.InsertAsync(new Participant("community-1", "Community Member", CrowdLayer.Prequalified));
        await store.InsertAsync(new Participant("former", "Former Employee", CrowdLayer.Internal));

        var result = await host.SynchronizeAsync();

        Assert.Equal((1, 1), (result.Added, result.Retired));
        var stored = await ParticipantsAsync(host);
        Assert.True(stored["community-1"].IsActive);
        Assert.False(stored["former"].IsActive);
        Assert.True(stored["lea"].IsActive);
    }

    [Fact]
    public async Task A_directory_that_is_down_is_a_clear_error_and_nothing_is_half_synchronised()
    {
        AddPerson("max", "Max Kahn", "ops");
        using var host = LdapTestHost.Create(peopleBaseDn: _unit);
        await host.SynchronizeAsync();
        Replace("max", "displayName", "Max Kahn-Levi");
        AddPerson("nia", "Nia Obi", "ops");
        var port = LdapServer.ClosedPort();
        using var down = LdapTestHost.Create(o => o.Port = port, peopleBaseDn: _unit);
        var store = host.Services.GetRequiredService<IParticipantStore>();

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(async () =>
        {
            await foreach (var _ in down.Directory.ListPeopleAsync())
            {
            }
        });
        Assert.Contains($"ldap://{LdapServer.Host}:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", ex.Message, StringComparison.Ordinal);

        // A listing whose people were read but whose groups cannot be: nothing is written.
        using var brokenGroups = LdapTestHost.Create(o => o.GroupBaseDn = "ou=no-groups," + LdapServer.BaseDn, peopleBaseDn: _unit);
        var brokenStore = brokenGroups.Services.GetRequiredService<IParticipantStore>();
        await brokenStore.InsertAsync(new Participant("former", "Former Employee", CrowdLayer.Internal));

        var failed = await Assert.ThrowsAsync<DirectoryUnavailableException>(brokenGroups.SynchronizeAsync);

        Assert.Contains("could not list groups: the base 'ou=no-groups,", failed.Message, StringComparison.Ordinal);
        var untouched = new List<Participant>();
        await foreach (var participant in brokenStore.ListAsync(PageRequest.All))
        {
            untouched.Add(participant);
        }

        Assert.Equal(["former"], untouched.Select(p => p.Id));
        Assert.True(untouched[0].IsActive);
        Assert.Equal("Max Kahn", (await store.FindAsync("max"))!.DisplayName);
        Assert.Null(await store.FindAsync("nia"));
    }
}
