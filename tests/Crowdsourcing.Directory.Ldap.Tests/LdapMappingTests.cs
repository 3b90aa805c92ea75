using Crowdsourcing.Access;
using Crowdsourcing.Crowd;

namespace Crowdsourcing.Directory.Ldap.Tests;

public sealed class LdapMappingTests
{
    [Fact]
    public async Task The_OpenLDAP_preset_maps_names_mail_manager_team_groups_layers_and_roles()
    {
        using var host = LdapTestHost.Create();

        var people = new Dictionary<string, DirectoryPerson>();
        await foreach (var person in host.Directory.ListPeopleAsync())
        {
            people.Add(person.Id, person);
        }

        Assert.Equal(["alice", "bob", "carol", "dave", "erin", "star*(x)"], people.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Alice Martin", "alice@example.org", "carol", "platform", CrowdLayer.Internal), (people["alice"].DisplayName, people["alice"].Email, people["alice"].ManagerId, people["alice"].Team, people["alice"].Layer));
        Assert.Equal("Bob Stone", people["bob"].DisplayName); // no displayName: the cn
        Assert.Equal("carol", people["bob"].ManagerId);
        Assert.Null(people["carol"].ManagerId);
        Assert.Equal([ActorRoles.Organiser], people["carol"].Roles);
        Assert.Equal([ActorRoles.Administrator], people["erin"].Roles);
        Assert.Equal(CrowdLayer.TrustedPartners, people["dave"].Layer);
        Assert.Equal("partners", people["dave"].Team); // no departmentNumber: the ou
        Assert.Equal(CrowdLayer.General, people["star*(x)"].Layer); // in no mapped group: the default layer
        Assert.Null(people["star*(x)"].Email);
    }

    [Fact]
    public async Task Find_reads_one_person_and_maps_their_manager_s_entry_to_its_id()
    {
        using var host = LdapTestHost.Create();

        var bob = await host.Directory.FindAsync("bob");

        Assert.Equal(new DirectoryPerson("bob", "Bob Stone", CrowdLayer.Internal, "bob@example.org", "carol", "platform", bob?.Roles), bob);
        Assert.Null(await host.Directory.FindAsync("nobody"));
        Assert.Null(await host.Directory.FindAsync("*"));
    }

    [Fact]
    public async Task Groups_found_by_a_group_search_map_as_memberOf_does()
    {
        using var host = LdapTestHost.Create(o =>
        {
            o.GroupBaseDn = "ou=groups," + LdapServer.BaseDn;
            o.Attributes.Groups = "description"; // not memberOf: the groups must come from the search
        });

        var carol = await host.Directory.FindAsync("carol");
        var listed = new List<DirectoryPerson>();
        await foreach (var person in host.Directory.ListPeopleAsync())
        {
            listed.Add(person);
        }

        Assert.Equal([ActorRoles.Organiser], carol?.Roles);
        Assert.Equal(CrowdLayer.Internal, carol?.Layer);
        Assert.Equal([ActorRoles.Administrator], listed.Single(p => p.Id == "erin").Roles);
        Assert.Equal(CrowdLayer.TrustedPartners, listed.Single(p => p.Id == "dave").Layer);
        Assert.Equal(CrowdLayer.Internal, (await host.Directory.AuthenticateAsync("erin", "erin-pw"))?.Layer);
    }

    [Fact]
    public async Task A_listing_paged_by_two_reads_everyone()
    {
        using var host = LdapTestHost.Create(o => o.PageSize = 2);

        var count = 0;
        await foreach (var _ in host.Directory.ListPeopleAsync())
        {
            count++;
        }

        Assert.Equal(6, count);
    }

    [Fact]
    public async Task A_people_base_that_does_not_exist_is_a_clear_error()
    {
        using var host = LdapTestHost.Create(peopleBaseDn: "ou=nobody," + LdapServer.BaseDn);

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(async () =>
        {
            await foreach (var _ in host.Directory.ListPeopleAsync())
            {
            }
        });

        Assert.Equal($"The enterprise directory ldap://{LdapServer.Host}:{LdapServer.Port} could not list people: the base 'ou=nobody,{LdapServer.BaseDn}' does not exist (check Crowdsourcing:Directory:Ldap:PeopleBaseDn and GroupBaseDn).", ex.Message);
    }
}
