using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

/// <summary>
/// Several "host instances" on one fresh PostgreSQL database: each is its own service provider with its own store and
/// connection pool, as separate processes behind a load balancer would be. Reusable by runtime-level tests: pass
/// <c>crowdsourcing</c> to add to each instance's <c>AddCrowdsourcing(b => b.UsePostgreSql(...)...)</c> (for example
/// <c>AddDecisionModels</c>) and <c>configure</c> for any other service (for example the instance's clock).
/// </summary>
public sealed class PostgreSqlInstances : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;
    private readonly ServiceProvider[] _instances;

    private PostgreSqlInstances(PostgresTestDatabase database, ServiceProvider[] instances)
    {
        _database = database;
        _instances = instances;
    }

    /// <summary>The database the instances share.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <summary>The instances' service providers.</summary>
    public IReadOnlyList<IServiceProvider> Instances => _instances;

    /// <summary>Creates a database and <paramref name="count"/> instances on it.</summary>
    public static async Task<PostgreSqlInstances> StartAsync(int count, Action<int, IServiceCollection>? configure = null, Func<CrowdsourcingBuilder, CrowdsourcingBuilder>? crowdsourcing = null)
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var instances = new ServiceProvider[count];
        for (var i = 0; i < count; i++)
        {
            var services = new ServiceCollection();
            services.AddCrowdsourcing(b =>
            {
                var builder = b.UsePostgreSql(database.ConnectionString);
                crowdsourcing?.Invoke(builder);
            });
            configure?.Invoke(i, services);
            instances[i] = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        }

        return new PostgreSqlInstances(database, instances);
    }

    /// <summary>The store of instance <paramref name="index"/>.</summary>
    public ICrowdsourcingStore Store(int index) => _instances[index].GetRequiredService<ICrowdsourcingStore>();

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
