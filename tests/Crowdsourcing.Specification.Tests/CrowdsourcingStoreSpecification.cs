using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Specification.Tests;

/// <summary>
/// The conformance suite of a store provider: every rule of <see cref="ICrowdsourcingStore"/> and its stores, as a test.
/// A provider's test project derives one class from it and says how to register the provider; xunit then runs every
/// test of the suite against that provider.
/// </summary>
/// <remarks>
/// <para>
/// Each test gets a fresh service provider built with <c>services.AddCrowdsourcing(ConfigureProvider)</c> and resolves
/// the stores from it, as a host would. A database provider creates (or empties) its database in
/// <see cref="InitializeStoreAsync"/>, which runs before the service provider is built, and drops it in
/// <see cref="DisposeStoreAsync"/>, which runs after it is disposed.
/// </para>
/// <para>
/// The suite covers: the six record stores (insert, find, update under optimistic concurrency, idempotent retries,
/// code-point ordered keyset paging, copies that share nothing with the store, cancellation) and their queries; beliefs
/// ("later week wins", bulk saves); decision cycles; the notification outbox (leases, delivery, failure, concurrent
/// claims); answer reconciliation (gold answers, expert reliabilities replaced per campaign and source, decisions recorded once); report reviews (one per stored report, replaced under optimistic concurrency, retries recognised, deleted with their assignment); change sets (all or nothing, a cycle recorded once); concurrent writers; and hostile input (quotes, SQL,
/// emoji, long texts). The record-store tests are theories whose <c>kind</c> argument names the record type.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class MyStoreTests : CrowdsourcingStoreSpecification
/// {
///     protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseMyStore("...");
/// }
/// </code>
/// </example>
public abstract partial class CrowdsourcingStoreSpecification : IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>The service provider built for this test.</summary>
    /// <exception cref="InvalidOperationException">The test has not been initialised.</exception>
    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("The store is not initialised yet: InitializeAsync has not run.");

    /// <summary>The provider's store, as registered.</summary>
    protected ICrowdsourcingStore Store => Services.GetRequiredService<ICrowdsourcingStore>();

    /// <summary>The task store, as resolved from the container.</summary>
    protected ITaskStore Tasks => Services.GetRequiredService<ITaskStore>();

    /// <summary>The participant store.</summary>
    protected IParticipantStore Participants => Services.GetRequiredService<IParticipantStore>();

    /// <summary>The campaign store.</summary>
    protected ICampaignStore Campaigns => Services.GetRequiredService<ICampaignStore>();

    /// <summary>The questionnaire store.</summary>
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

    /// <summary>The answer-reconciliation store.</summary>
    protected Reconciliation.IReconciliationStore Reconciliation => Services.GetRequiredService<Reconciliation.IReconciliationStore>();

    /// <summary>The store of analysts' reviews of readiness reports.</summary>
    protected Quality.IReportReviewStore ReportReviews => Services.GetRequiredService<Quality.IReportReviewStore>();

    /// <summary>How many writers the concurrency tests run at once. Default: 8.</summary>
    protected virtual int Writers => 8;

    /// <summary>How many writes the concurrency tests attempt in all. Default: 1000.</summary>
    protected virtual int Attempts => 1000;

    /// <summary>A token that is already cancelled.</summary>
    protected static CancellationToken Cancelled { get; } = new(canceled: true);

    /// <summary>Registers the provider under test, for example <c>builder.UseInMemoryStore()</c>.</summary>
    /// <param name="builder">The builder of <c>services.AddCrowdsourcing(...)</c>.</param>
    protected abstract void ConfigureProvider(CrowdsourcingBuilder builder);

    /// <summary>Adds services the provider needs besides its own registration (configuration, logging). Default: nothing.</summary>
    /// <param name="services">The test's service collection, before <c>AddCrowdsourcing</c>.</param>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Runs before the service provider is built, for example to create or empty the test's database. Default: nothing.</summary>
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
    /// <param name="source">The listing.</param>
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
    /// <param name="source">The listing, made with a cancelled token.</param>
    protected static Task AssertCancelledAsync<T>(IAsyncEnumerable<T> source) =>
        Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ToListAsync(source));

    /// <summary>Asserts that a call throws <see cref="OperationCanceledException"/>.</summary>
    /// <param name="call">The call, made with a cancelled token.</param>
    protected static Task AssertCancelledAsync<T>(Func<ValueTask<T>> call) =>
        Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call());
}
