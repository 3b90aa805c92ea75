using Crowdsourcing.Access;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Directory.Ldap;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Directory.Ldap.Tests;

/// <summary>A service provider with the in-memory store and the LDAP directory on the test server.</summary>
public sealed class LdapTestHost : IDisposable
{
    private LdapTestHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public IEnterpriseDirectory Directory => Services.GetRequiredService<IEnterpriseDirectory>();

    public static LdapTestHost Create(Action<LdapDirectoryOptions>? configure = null, string? peopleBaseDn = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCrowdsourcing(crowd => crowd
            .UseInMemoryStore()
            .UseLdapDirectory(o =>
            {
                LdapServer.Configure(o, peopleBaseDn);
                configure?.Invoke(o);
            })
            .AddDirectorySync());
        return new LdapTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    public async Task<DirectorySyncResult> SynchronizeAsync()
    {
        using (ActorContext.Use(Actor.System))
        {
            return await Services.GetRequiredService<DirectorySynchronizer>().SynchronizeAsync();
        }
    }

    public void Dispose() => Services.Dispose();
}
