using System.Runtime.CompilerServices;
using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Directory;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.EnterpriseDirectory;

public sealed class DirectorySynchronizerTests
{
    private static readonly DirectoryPerson Carol = new("carol", "Carol Chen", CrowdLayer.Internal, "carol@example.org", Team: "leadership");
    private static readonly DirectoryPerson Alice = new("alice", "Alice Martin", CrowdLayer.Internal, "alice@example.org", "carol", "platform");
    private static readonly DirectoryPerson Bob = new("bob", "Bob Stone", CrowdLayer.Internal, "bob@example.org", "carol", "Platform ");
    private static readonly DirectoryPerson Dave = new("dave", "Dave Partner", CrowdLayer.TrustedPartners, "dave@partner.example.com");

    private static (TestHost Host, FakeDirectory Directory) Create(Action<DirectorySyncOptions>? configure = null)
    {
        var directory = new FakeDirectory();
        var host = TestHost.Create(services => services.AddSingleton<IEnterpriseDirectory>(directory), crowd => crowd.AddDirectorySync(configure));
        return (host, directory);
    }

    private static async Task<Dictionary<string, Participant>> ParticipantsAsync(TestHost host) =>
        (await TestHost.ToListAsync(host.Store.Participants.ListAsync(PageRequest.All))).ToDictionary(p => p.Id);

    [Fact]
    public async Task A_first_synchronisation_adds_everyone_with_their_manager_and_their_team_as_colleagues()
    {
        var (host, directory) = Create();
        using var _ = host;
        directory.People = [Carol, Alice, Bob, Dave];

        var result = await host.Get<DirectorySynchronizer>().SynchronizeAsync();

        Assert.Equal((4, 4, 0, 0, 0, 0), (result.Listed, result.Added, result.Changed, result.Retired, result.Reactivated, result.Unchanged));
        Assert.Empty(result.Problems);
        var stored = await ParticipantsAsync(host);
        Assert.Equal("Alice Martin", stored["alice"].DisplayName);
        Assert.Equal("alice@example.org", stored["alice"].Email);
        Assert.Equal("carol", stored["alice"].ManagerId);
        Assert.Equal(["bob"], stored["alice"].ColleagueIds);
        Assert.Equal(["alice"], stored["bob"].ColleagueIds);
        Assert.Empty(stored["carol"].ColleagueIds);
        Assert.Equal(CrowdLayer.TrustedPartners, stored["dave"].Layer);
        Assert.All(stored.Values, p => Assert.Equal((1L, "system", ManualTimeProvider.DefaultStart, true), (p.Version, p.ModifiedBy, p.ModifiedAt!.Value, p.IsActive)));
    }

    [Fact]
    public async Task A_synchronisation_over_an_unchanged_directory_writes_nothing()
    {
        var (host, directory) = Create();
        using var _ = host;
        directory.People = [Carol, Alice, Bob, Dave];
        var sync = host.Get<DirectorySynchronizer>();
        await sync.SynchronizeAsync();
        var before = await ParticipantsAsync(host);

        host.Time.Advance(TimeSpan.FromHours(1));
        var again = await sync.SynchronizeAsync();

        Assert.Equal((0, 0, 0, 0, 4), (again.Added, again.Changed, again.Retired, again.Reactivated, again.Unchanged));
        Assert.Equal(before.Values.Select(p => (p.Id, p.Version, p.ModifiedAt)), (await ParticipantsAsync(host)).Values.Select(p => (p.Id, p.Version, p.ModifiedAt)));
    }

    [Fact]
    public async Task Changes_in_the_directory_update_the_participants_and_keep_their_qualifications()
    {
        var (host, directory) = Create();
        using var _ = host;
        directory.People = [Carol, Alice, Bob];
        var sync = host.Get<DirectorySynchronizer>();
        await sync.SynchronizeAsync();
        var alice = (await host.Store.Participants.FindAsync("alice"))!;
        await host.Store.Participants.UpdateAsync(alice with { Qualifications = ["cloud"] });

        host.Time.Advance(TimeSpan.FromDays(1));
        directory.People = [Carol, Alice with { DisplayName = "Alice Martin-Lee", Team = "leadership", ManagerId = null }, Bob];
        var result = await sync.SynchronizeAsync();

        Assert.Equal((0, 3, 0), (result.Added, result.Changed, result.Unchanged));
        var stored = await ParticipantsAsync(host);
        Assert.Equal("Alice Martin-Lee", stored["alice"].DisplayName);
        Assert.Null(stored["alice"].ManagerId);
        Assert.Equal(["cloud"], stored["alice"].Qualifications);
        Assert.Equal(["carol"], stored["alice"].ColleagueIds);
        Assert.Equal(["alice"], stored["carol"].ColleagueIds);
        Assert.Empty(stored["bob"].ColleagueIds);
        Assert.Equal(host.Time.GetUtcNow(), stored["alice"].ModifiedAt);
    }

    [Fact]
    public async Task People_no_longer_listed_are_marked_inactive_never_deleted_and_come_back_active()
    {
        var (host, directory) = Create();
        using var _ = host;
        directory.People = [Carol, Alice, Bob];
        var sync = host.Get<DirectorySynchronizer>();
        await sync.SynchronizeAsync();

        host.Time.Advance(TimeSpan.FromDays(1));
        var left = host.Time.GetUtcNow();
        directory.People = [Carol, Alice];
        var result = await sync.SynchronizeAsync();

        // Bob is retired; Alice, his team-mate, has no colleague left.
        Assert.Equal((1, 1), (result.Retired, result.Changed));
        var stored = await ParticipantsAsync(host);
        Assert.Equal(left, stored["bob"].InactiveSince);
        Assert.Equal("Bob Stone", stored["bob"].DisplayName);
        Assert.True(stored["alice"].IsActive);
        Assert.Empty(stored["alice"].ColleagueIds);

        // Retiring is done once: a later run leaves the inactive participant as it is.
        host.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal((0, 2), ((await sync.SynchronizeAsync()).Retired, (await sync.SynchronizeAsync()).Unchanged));
        Assert.Equal(left, (await host.Store.Participants.FindAsync("bob"))!.InactiveSince);

        directory.People = [Carol, Alice, Bob];
        var back = await sync.SynchronizeAsync();
        Assert.Equal(1, back.Reactivated);
        Assert.True((await host.Store.Participants.FindAsync("bob"))!.IsActive);
    }

    [Fact]
    public async Task Only_participants_of_the_directory_s_layers_are_retired()
    {
        var (host, directory) = Create(o => o.Layers = ["internal", "trusted-partners"]);
        using var _ = host;
        await host.Store.Participants.InsertAsync(Scenario.Participant("community-member", CrowdLayer.Prequalified));
        await host.Store.Participants.InsertAsync(Scenario.Participant("old-partner", CrowdLayer.TrustedPartners));
        await host.Store.Participants.InsertAsync(Scenario.Participant("old-employee", CrowdLayer.Internal));
        directory.People = [Carol];

        var result = await host.Get<DirectorySynchronizer>().SynchronizeAsync();

        Assert.Equal(2, result.Retired);
        var stored = await ParticipantsAsync(host);
        Assert.True(stored["community-member"].IsActive);
        Assert.False(stored["old-partner"].IsActive);
        Assert.False(stored["old-employee"].IsActive);
    }

    [Fact]
    public async Task A_listing_that_breaks_off_writes_nothing()
    {
        var (host, directory) = Create();
        using var _ = host;
        await host.Store.Participants.InsertAsync(Scenario.Participant("old-employee"));
        directory.People = [Carol, Alice, Bob];
        directory.FailAfter = 2;

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(async () => await host.Get<DirectorySynchronizer>().SynchronizeAsync());

        Assert.Contains("broke off", ex.Message, StringComparison.Ordinal);
        var stored = await ParticipantsAsync(host);
        Assert.Equal(["old-employee"], stored.Keys);
        Assert.True(stored["old-employee"].IsActive);
    }

    [Fact]
    public async Task Entries_that_cannot_be_participants_are_reported_and_left_as_stored()
    {
        var (host, directory) = Create();
        using var _ = host;
        directory.People = [Carol, Alice with { Email = "not an address" }, Bob, Bob with { DisplayName = "Another Bob" }];

        var result = await host.Get<DirectorySynchronizer>().SynchronizeAsync();

        Assert.Equal(1, result.Added);
        Assert.Equal(2, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.Contains("'alice'", StringComparison.Ordinal) && p.Contains("Email", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("'bob' more than once", StringComparison.Ordinal));
        Assert.Equal(["carol"], (await ParticipantsAsync(host)).Keys);
    }

    [Fact]
    public async Task An_entry_with_a_hostile_id_or_name_is_reported_briefly_and_the_others_are_synchronised()
    {
        var (host, directory) = Create();
        using var _ = host;
        var hostileId = "a/b" + new string('x', 1_000_000);
        directory.People = [Carol, Alice with { Id = hostileId }, Bob with { DisplayName = new string('B', 10_000) }];

        var result = await host.Get<DirectorySynchronizer>().SynchronizeAsync();

        Assert.Equal(1, result.Added);
        Assert.Equal(2, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.True(p.Length < 600, $"A problem of {p.Length} characters."));
        Assert.Contains(result.Problems, p => p.Contains("'bob'", StringComparison.Ordinal) && p.Contains("200", StringComparison.Ordinal));
        Assert.Equal(["carol"], (await ParticipantsAsync(host)).Keys);
    }

    [Fact]
    public async Task An_entry_whose_name_is_over_the_configured_name_limit_is_reported_and_the_others_are_synchronised()
    {
        var directory = new FakeDirectory { People = [Carol, Bob with { DisplayName = new string('B', 60) }] };
        using var host = TestHost.Create(
            services => services.AddSingleton<IEnterpriseDirectory>(directory).Configure<Crowdsourcing.Options.InputLimitsOptions>(o => o.MaxNameLength = 50),
            crowd => crowd.AddDirectorySync());

        var result = await host.Get<DirectorySynchronizer>().SynchronizeAsync();

        Assert.Equal(1, result.Added);
        Assert.Contains("Participant.DisplayName must be at most 50 characters (value has 60).", Assert.Single(result.Problems), StringComparison.Ordinal);
        Assert.Equal(["carol"], (await ParticipantsAsync(host)).Keys);
    }

    [Fact]
    public async Task A_listing_larger_than_the_limit_writes_nothing()
    {
        var (host, directory) = Create(o => o.MaxPeople = 2);
        using var _ = host;
        directory.People = [Carol, Alice, Bob];

        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await host.Get<DirectorySynchronizer>().SynchronizeAsync());

        Assert.Contains("more than 2 people", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await ParticipantsAsync(host));
    }

    [Fact]
    public async Task Only_administrators_may_synchronise()
    {
        var (host, directory) = Create();
        using var _ = host;
        directory.People = [Carol];

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await ActingAs.As(ActingAs.Organiser("olga"), () => host.Get<DirectorySynchronizer>().SynchronizeAsync()));

        Assert.Empty(await ParticipantsAsync(host));
        Assert.Equal(0, directory.Listings);
    }

    [Fact]
    public async Task Inactive_participants_leave_every_crowd_and_cannot_be_assigned_nor_receive_delegations()
    {
        var (host, directory) = Create();
        using var _ = host;
        await Scenario.SeedAsync(host);
        var before = await TestHost.ToListAsync(host.Campaigns.ListCrowdAsync(Scenario.CampaignId));
        Assert.Contains(before, p => p.Id == "bob");
        var kept = await Scenario.AssignAsync(host, "a-kept", "alice", "bob");
        var bob = (await host.Store.Participants.FindAsync("bob"))!;
        await host.Store.Participants.UpdateAsync(bob with { InactiveSince = host.Time.GetUtcNow() });

        var crowd = await TestHost.ToListAsync(host.Campaigns.ListCrowdAsync(Scenario.CampaignId));
        Assert.DoesNotContain(crowd, p => p.Id == "bob");
        Assert.Equal(before.Count - 1, crowd.Count);

        var refused = await Assert.ThrowsAsync<ParticipantInactiveException>(async () => await Scenario.AssignAsync(host, "a-new", "bob"));
        Assert.Equal("bob", refused.ParticipantId);
        Assert.Contains("cannot be assigned knowledge request 'a-new'", refused.Message, StringComparison.Ordinal);
        Assert.Null(await host.Store.Assignments.FindAsync("a-new"));

        // Their work is kept: the request they were on is still there, and a retry of its creation still answers it.
        Assert.Equal(["alice", "bob"], (await host.Store.Assignments.FindAsync("a-kept"))!.AssigneeIds);
        Assert.Equal(kept.Version, (await Scenario.AssignAsync(host, "a-kept", "alice", "bob")).Version);

        var assignment = await Scenario.AssignAsync(host, "a-2", "alice");
        await Assert.ThrowsAsync<ParticipantInactiveException>(async () => await ActingAs.As(ActingAs.Person("alice"), () => host.Get<Crowdsourcing.Delegations.IDelegationService>().DelegateAsync(new Crowdsourcing.Delegations.DelegationRequest(assignment.Id, "bob", ["w1-q1"]))));
        Assert.Empty((await host.Store.Assignments.FindAsync("a-2"))!.Delegations);
    }

    [Fact]
    public async Task The_schedule_synchronises_every_interval_and_a_directory_that_is_down_does_not_stop_it()
    {
        var (host, directory) = Create(o => o.Interval = TimeSpan.FromMinutes(30));
        using var _ = host;
        directory.People = [Carol];
        directory.FailAfter = 0;
        var service = host.Get<DirectorySyncService>();
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, service));

        await service.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => service.CompletedRuns == 1);
        Assert.Contains("broke off", service.LastError, StringComparison.Ordinal);
        Assert.Empty(await ParticipantsAsync(host));

        // The next run comes an interval later (the clock is advanced until the service has waited on it).
        directory.FailAfter = null;
        await WaitUntilAsync(() =>
        {
            if (service.CompletedRuns < 2)
            {
                host.Time.Advance(TimeSpan.FromMinutes(30));
            }

            return service.CompletedRuns >= 2;
        });
        await WaitUntilAsync(() => service.LastError is null && service.LastResult is not null);
        Assert.Equal(["carol"], (await ParticipantsAsync(host)).Keys);
        Assert.Equal(1, (await host.Store.Participants.FindAsync("carol"))!.Version);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Options_are_bound_from_the_Directory_Sync_section_and_every_failure_is_listed()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:Directory:Sync:Interval"] = "00:00:10",
            ["Crowdsourcing:Directory:Sync:Layers:0"] = "internal",
            ["Crowdsourcing:Directory:Sync:Layers:1"] = "Partners",
            ["Crowdsourcing:Directory:Sync:MaxPeople"] = "0",
        }).Build());
        services.AddCrowdsourcing(b => b.UseInMemoryStore().AddDirectorySync());
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DirectorySyncOptions>>().Value);

        Assert.Equal(
            [
                "Crowdsourcing:Directory:Sync:Interval must be from 00:01:00 to 7.00:00:00, or unset for no schedule (value: 00:00:10).",
                "Crowdsourcing:Directory:Sync:Layers:1 is not a crowd layer: expected one of 'internal', 'trusted-partners', 'prequalified', 'general' (value: 'Partners').",
                "Crowdsourcing:Directory:Sync:MaxPeople must be from 1 to 1000000 (value: 0).",
                "AddDirectorySync() needs an enterprise directory to read people from: call UseLdapDirectory(...) (package Crowdsourcing.Directory.Ldap) on the builder of AddCrowdsourcing(...), or register an IEnterpriseDirectory.",
            ],
            ex.Failures);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 seconds.");
            await Task.Delay(10);
        }
    }

    /// <summary>A directory whose people a test sets; it can break off a listing after some people.</summary>
    private sealed class FakeDirectory : IEnterpriseDirectory
    {
        public IReadOnlyList<DirectoryPerson> People { get; set; } = [];

        public int? FailAfter { get; set; }

        public int Listings { get; private set; }

        public ValueTask<DirectoryPerson?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<DirectoryPerson?>(null);

        public ValueTask<DirectoryPerson?> FindAsync(string id, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(People.FirstOrDefault(p => p.Id == id));

        public async IAsyncEnumerable<DirectoryPerson> ListPeopleAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Listings++;
            for (var i = 0; i < People.Count; i++)
            {
                await Task.Yield();
                if (i == FailAfter)
                {
                    throw new DirectoryUnavailableException("The test directory broke off the listing.");
                }

                yield return People[i];
            }

            if (FailAfter is { } n && n >= People.Count)
            {
                throw new DirectoryUnavailableException("The test directory broke off the listing.");
            }
        }
    }
}
