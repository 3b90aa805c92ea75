using Crowdsourcing.Access;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Tasks;

/// <summary>
/// The tasks, as the actor may see them: a participant only those whose allowed crowd layers include their layer;
/// organisers and administrators every task, and only they create tasks. Registered by <c>AddCrowdsourcing()</c>.
/// </summary>
public interface ITaskCatalog
{
    /// <summary>Stores a new task (version 0). Idempotent by id: a retry with the same content returns the stored task.
    /// The actor must be an organiser or an administrator and is recorded as <see cref="CrowdTask.ModifiedBy"/>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is stored then.</param>
    /// <returns>The stored task and whether it was inserted now.</returns>
    /// <exception cref="AccessDeniedException">The actor is neither an organiser nor an administrator.</exception>
    /// <exception cref="DuplicateRecordException">Another task with that id, with other content, is stored.</exception>
    ValueTask<InsertOutcome<CrowdTask>> CreateAsync(CrowdTask task, CancellationToken cancellationToken = default);

    /// <summary>Gets a task for the actor to view.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The task.</returns>
    /// <exception cref="NotFoundException">The task does not exist.</exception>
    /// <exception cref="AccessDeniedException">Nobody is signed in, or the actor is neither a participant nor an organiser.</exception>
    /// <exception cref="ConfidentialityViolationException">The task does not allow the participant's layer (logged; nothing changes).</exception>
    ValueTask<CrowdTask> GetAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, the tasks the actor may see.</summary>
    /// <param name="page">The page; default: the first <see cref="PageRequest.DefaultLimit"/> tasks.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <exception cref="AccessDeniedException">Nobody is signed in (thrown when enumeration starts).</exception>
    IAsyncEnumerable<CrowdTask> ListVisibleAsync(PageRequest page = default, CancellationToken cancellationToken = default);
}

/// <summary>The default <see cref="ITaskCatalog"/> over the store.</summary>
internal sealed class TaskCatalog(ICrowdsourcingStore store, ConfidentialityGuard guard, AccessPolicy access, TimeProvider time, CrowdsourcingDiagnostics diagnostics, Options.InputLimits limits) : ITaskCatalog
{
    public async ValueTask<InsertOutcome<CrowdTask>> CreateAsync(CrowdTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        limits.Check(task);
        using var activity = diagnostics.StartOperation("Task.Create", task.Id);
        var actor = access.RequireOrganiserRole("create tasks", task.Id);
        var outcome = await store.Tasks.InsertAsync(task with { ModifiedBy = actor.Id, ModifiedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        if (outcome.Inserted)
        {
            diagnostics.CountChange(nameof(CrowdTask), "create");
        }

        return outcome;
    }

    public async ValueTask<CrowdTask> GetAsync(string taskId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Task.View", taskId);
        try
        {
            var actor = access.RequireActor($"view task '{taskId}'");
            var task = await store.Tasks.GetRequiredAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (actor.IsOrganiser)
            {
                return task;
            }

            var participant = await store.Participants.FindAsync(actor.Id, cancellationToken).ConfigureAwait(false)
                ?? throw access.Refuse(actor, $"view task '{taskId}'", taskId, "they are neither a participant nor an organiser");
            guard.Demand(task, participant, ProtectedOperation.ViewTask);
            return task;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async IAsyncEnumerable<CrowdTask> ListVisibleAsync(PageRequest page = default, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var actor = access.RequireActor("list tasks");
        using var activity = diagnostics.StartOperation("Task.ListVisible", actor.Id);
        if (actor.IsOrganiser)
        {
            await foreach (var task in store.Tasks.ListAsync(page, cancellationToken).ConfigureAwait(false))
            {
                yield return task;
            }

            yield break;
        }

        var participant = await store.Participants.FindAsync(actor.Id, cancellationToken).ConfigureAwait(false);
        if (participant is null)
        {
            yield break;
        }

        await foreach (var task in store.Tasks.ListVisibleToAsync(participant.Layer, page, cancellationToken).ConfigureAwait(false))
        {
            // The provider filters already; checking again keeps a faulty provider from leaking a task.
            if (task.Allows(participant.Layer))
            {
                yield return task;
            }
        }
    }
}
