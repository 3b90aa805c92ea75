using Crowdsourcing.Access;
using Crowdsourcing.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using DemoDirectoryOptions = Crowdsourcing.Directory.DemoDirectoryOptions;
using IEnterpriseDirectory = Crowdsourcing.Directory.IEnterpriseDirectory;

namespace Crowdsourcing.Tests.Access;

/// <summary>The demo directory: configured users, hashed passwords, roles, and its validation at start.</summary>
public sealed class DemoDirectoryTests
{
    private static ServiceProvider Build(Action<DemoDirectoryOptions> configure)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCrowdsourcing(crowd => crowd.UseInMemoryStore().UseDemoDirectory(configure));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_user_signs_in_with_their_password_and_only_with_it()
    {
        await using var services = Build(o =>
        {
            o.Users["alice"] = "alice-password";
            o.Users["admin"] = "admin-password";
            o.Users["organiser"] = "organiser-password";
        });
        var directory = services.GetRequiredService<IEnterpriseDirectory>();

        var alice = await directory.AuthenticateAsync("alice", "alice-password");
        Assert.NotNull(alice);
        Assert.Equal("alice", alice.Id);
        Assert.Equal(Crowd.CrowdLayer.Internal, alice.Layer);
        Assert.Empty(alice.ToActor().Roles);

        Assert.Null(await directory.AuthenticateAsync("alice", "admin-password"));
        Assert.Null(await directory.AuthenticateAsync("alice", "Alice-password"));
        Assert.Null(await directory.AuthenticateAsync("alice", string.Empty));
        Assert.Null(await directory.AuthenticateAsync("mallory", "alice-password"));

        Assert.True((await directory.AuthenticateAsync("admin", "admin-password"))!.ToActor().IsAdministrator);
        var organiser = (await directory.AuthenticateAsync("organiser", "organiser-password"))!.ToActor();
        Assert.True(organiser.IsOrganiser);
        Assert.False(organiser.IsAdministrator);
        Assert.Equal(["admin", "alice", "organiser"], (await Support.TestHost.ToListAsync(directory.ListPeopleAsync())).Select(p => p.Id));
        Assert.Equal("alice", (await directory.FindAsync("alice"))?.Id);
        Assert.Null(await directory.FindAsync("mallory"));
    }

    [Fact]
    public async Task Roles_can_be_given_to_other_users()
    {
        await using var services = Build(o =>
        {
            o.Users["boss"] = "boss-password";
            o.Users["lead"] = "lead-password";
            o.Administrators.Add("boss");
            o.Organisers.Add("lead");
        });
        var directory = services.GetRequiredService<IEnterpriseDirectory>();
        Assert.Equal([ActorRoles.Administrator], (await directory.FindAsync("boss"))!.Roles);
        Assert.Equal([ActorRoles.Organiser], (await directory.FindAsync("lead"))!.Roles);
    }

    [Fact]
    public async Task Invalid_settings_are_refused_at_start_with_every_failure_listed()
    {
        await using var empty = Build(_ => { });
        var none = Assert.Throws<OptionsValidationException>(() => empty.GetRequiredService<IOptions<DemoDirectoryOptions>>().Value);
        Assert.Contains(none.Failures, f => f.Contains("lists nobody", StringComparison.Ordinal));

        await using var bad = Build(o =>
        {
            o.Users["alice"] = "short";
            o.Users["bad id\u0001"] = "long-enough-password";
            o.Administrators.Add("nobody");
        });
        var failures = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<DemoDirectoryOptions>>().Value).Failures.ToList();
        Assert.Contains(failures, f => f.Contains("Users:alice", StringComparison.Ordinal) && f.Contains("8 characters", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("not a valid user id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Administrators names 'nobody'", StringComparison.Ordinal));
    }
}
