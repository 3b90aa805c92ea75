using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Specification.Tests;

/// <summary>
/// The base of every provider conformance test class. Each test gets a fresh service provider built with
/// <c>services.AddCrowdsourcing(ConfigureProvider)</c>; database providers create their database in
/// <see cref="InitializeStoreAsync"/> and drop it in <see cref="DisposeStoreAsync"/>.
/// </summary>
/// <remarks>
/// A provider's test project inherits each specification class with one small class that overrides
/// <see cref="ConfigureProvider"/>, for example <c>builder.UseInMemoryStore()</c>.
/// </remarks>
public abstract class StoreSpecificationBase : IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>The service provider built for this test.</summary>
    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("The store is not initialised yet: InitializeAsync has not run.");

    /// <summary>The provider's store, as registered.</summary>
    protected ICrowdsourcingStore Store => Services.GetRequiredService<ICrowdsourcingStore>();

    /// <summary>The task store, as resolved from the container.</summary>
    protected ITaskStore Tasks => Services.GetRequiredService<ITaskStore>();

    /// <summary>The participant store.</summary>
    protected IParticipantStore Participants => Services.GetRequiredService<IParticipantStore>();

    /// <summary>The questionnaire store.</summary>
    protected ICampaignStore Campaigns => Services.GetRequiredService<ICampaignStore>();

    /// <summary>The campaign store under test.</summary>
    protected IQuestionnaireStore Questionnaires => Services.GetRequiredService<IQuestionnaireStore>();

    /// <summary>The assignment store.</summary>
    protected IAssignmentStore Assignments => Services.GetRequiredService<IAssignmentStore>();

    /// <summary>The response store.</summary>
    protected IResponseStore Responses => Services.GetRequiredService<IResponseStore>();

    /// <summary>The belief store.</summary>
    protected IBeliefStore Beliefs => Services.GetRequiredService<IBeliefStore>();

    /// <summary>The decision-cycle store.</summary>
    protected IDecisionCycleStore Cycles => Services.GetRequiredService<IDecisionCycleStore>();

    /// <summary>The notification outbox.</summary>
    protected INotificationOutbox Outbox => Services.GetRequiredService<INotificationOutbox>();

    /// <summary>A token that is already cancelled.</summary>
    protected static CancellationToken Cancelled { get; } = new(canceled: true);

    /// <summary>Registers the provider under test, for example <c>builder.UseInMemoryStore()</c>.</summary>
    protected abstract void ConfigureProvider(CrowdsourcingBuilder builder);

    /// <summary>Adds services the provider needs besides its own registration (configuration, logging). Default: nothing.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Runs before the service provider is built, for example to create a fresh database. Default: nothing.</summary>
    protected virtual ValueTask InitializeStoreAsync() => ValueTask.CompletedTask;

    /// <summary>Runs after the service provider is disposed, for example to drop the test's database. Default: nothing.</summary>
    protected virtual ValueTask DisposeStoreAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await InitializeStoreAsync();
        var services = new ServiceCollection();
        ConfigureServices(services);
        services.AddCrowdsourcing(ConfigureProvider);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }

        await DisposeStoreAsync();
    }

    /// <summary>Reads a whole listing.</summary>
    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Asserts that enumerating a listing throws <see cref="OperationCanceledException"/>.</summary>
    protected static Task AssertCancelledAsync<T>(IAsyncEnumerable<T> source) =>
        Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ToListAsync(source));

    /// <summary>Asserts that a call throws <see cref="OperationCanceledException"/>.</summary>
    protected static Task AssertCancelledAsync<T>(Func<ValueTask<T>> call) =>
        Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call());
}
