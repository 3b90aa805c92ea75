using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Specification.Tests;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Providers.InMemory.Tests;

public sealed class InMemoryRegistrationTests
{
    private static ServiceProvider Build(Action<CrowdsourcingBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void UseInMemoryStore_registers_an_InMemoryCrowdsourcingStore_as_the_store()
    {
        using var provider = Build(b => b.UseInMemoryStore());

        Assert.IsType<InMemoryCrowdsourcingStore>(provider.GetRequiredService<ICrowdsourcingStore>());
    }

    [Fact]
    public void The_store_is_a_singleton()
    {
        using var provider = Build(b => b.UseInMemoryStore());
        using var scope = provider.CreateScope();

        Assert.Same(provider.GetRequiredService<ICrowdsourcingStore>(), provider.GetRequiredService<ICrowdsourcingStore>());
        Assert.Same(provider.GetRequiredService<ICrowdsourcingStore>(), scope.ServiceProvider.GetRequiredService<ICrowdsourcingStore>());
    }

    [Fact]
    public void Each_store_interface_resolves_to_the_registered_store_s_own_store()
    {
        using var provider = Build(b => b.UseInMemoryStore());
        var store = provider.GetRequiredService<ICrowdsourcingStore>();

        Assert.Same(store.Tasks, provider.GetRequiredService<ITaskStore>());
        Assert.Same(store.Participants, provider.GetRequiredService<IParticipantStore>());
        Assert.Same(store.Campaigns, provider.GetRequiredService<ICampaignStore>());
        Assert.Same(store.Questionnaires, provider.GetRequiredService<IQuestionnaireStore>());
        Assert.Same(store.Assignments, provider.GetRequiredService<IAssignmentStore>());
        Assert.Same(store.Responses, provider.GetRequiredService<IResponseStore>());
        Assert.Same(store.Beliefs, provider.GetRequiredService<IBeliefStore>());
        Assert.Same(store.Cycles, provider.GetRequiredService<IDecisionCycleStore>());
        Assert.Same(store.Outbox, provider.GetRequiredService<INotificationOutbox>());
    }

    [Fact]
    public async Task Calling_UseInMemoryStore_twice_registers_one_store_that_works()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore().UseInMemoryStore());
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.Single(services, d => d.ServiceType == typeof(ICrowdsourcingStore));
        Assert.Single(services, d => d.ServiceType == typeof(ITaskStore));
        Assert.Single(services, d => d.ServiceType == typeof(INotificationOutbox));
        Assert.Single(provider.GetServices<ICrowdsourcingStore>());
        await provider.GetRequiredService<ITaskStore>().InsertAsync(SpecificationData.NewTask("t-1"));
        Assert.NotNull(await provider.GetRequiredService<ICrowdsourcingStore>().Tasks.FindAsync("t-1"));
    }

    [Fact]
    public void UseInMemoryStore_refuses_a_null_builder()
    {
        Assert.Throws<ArgumentNullException>(() => InMemoryCrowdsourcingBuilderExtensions.UseInMemoryStore(null!));
    }

    [Fact]
    public async Task Two_service_providers_get_separate_stores()
    {
        await using var first = Build(b => b.UseInMemoryStore());
        await using var second = Build(b => b.UseInMemoryStore());

        await first.GetRequiredService<ITaskStore>().InsertAsync(SpecificationData.NewTask("t-1"));

        Assert.Null(await second.GetRequiredService<ITaskStore>().FindAsync("t-1"));
    }
}
