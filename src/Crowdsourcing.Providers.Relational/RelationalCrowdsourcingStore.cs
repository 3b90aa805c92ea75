using Crowdsourcing.Providers.Relational;
using Crowdsourcing.Storage;

// The members of the provider's public store class that are the same in both relational providers: the store
// properties, the commit and the disposal, all forwarded to the shared RelationalStore. The file is compiled into both assemblies;
// the PostgreSQL project defines CROWDSOURCING_POSTGRESQL, so this completes the class of the assembly it lands in.
#if CROWDSOURCING_POSTGRESQL
namespace Crowdsourcing.Providers.PostgreSql;

public sealed partial class PostgreSqlCrowdsourcingStore : IRelationalProviderStore
#else
namespace Crowdsourcing.Providers.Sqlite;

public sealed partial class SqliteCrowdsourcingStore : IRelationalProviderStore
#endif
{
    private readonly RelationalStore _store;

    /// <inheritdoc/>
    public ICampaignStore Campaigns => _store.Campaigns;

    /// <inheritdoc/>
    public ITaskStore Tasks => _store.Tasks;

    /// <inheritdoc/>
    public IParticipantStore Participants => _store.Participants;

    /// <inheritdoc/>
    public IQuestionnaireStore Questionnaires => _store.Questionnaires;

    /// <inheritdoc/>
    public IAssignmentStore Assignments => _store.Assignments;

    /// <inheritdoc/>
    public IResponseStore Responses => _store.Responses;

    /// <inheritdoc/>
    public IBeliefStore Beliefs => _store.Beliefs;

    /// <inheritdoc/>
    public IDecisionCycleStore Cycles => _store.Cycles;

    /// <inheritdoc/>
    public INotificationOutbox Outbox => _store.Outbox;

    /// <inheritdoc/>
    /// <remarks>One write transaction: the cycle first (the (campaign, cycle) primary key makes a second commit of the
    /// same cycle, also from another process or instance, apply nothing and return the stored one), then the record
    /// writes in order, the notifications and the beliefs (the provider's bulk path) and the assessments (an identical
    /// assessment is stored once). A transaction that failed for a transient reason (a busy database, a deadlock, a
    /// serialisation failure) is run again as a whole; any other failure rolls all of it back.</remarks>
    public ValueTask<CommitOutcome> CommitAsync(ChangeSet changes, CancellationToken cancellationToken = default) =>
        _store.CommitAsync(changes, cancellationToken);

    /// <summary>Releases the store's pooled connections (SQLite: those to the database file; PostgreSQL: the store's
    /// own connection pool).</summary>
    public ValueTask DisposeAsync() => _store.Db.DisposeAsync();

    /// <summary>Releases the store's pooled connections, as <see cref="DisposeAsync"/> does.</summary>
    public void Dispose() => _store.Db.Dispose();

    /// <summary>Throws when the options are invalid, listing every failure the provider's validator found.</summary>
    private static void ThrowIfInvalid(string provider, List<string> failures, string paramName)
    {
        if (failures.Count > 0)
        {
            throw new ArgumentException($"The {provider} store options are invalid: " + string.Join(" ", failures), paramName);
        }
    }
}
