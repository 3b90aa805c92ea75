using Crowdsourcing.Access;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Tasks;

/// <summary>
/// The tasks as a participant sees them: only those whose allowed crowd layers include the participant's layer.
/// Registered by <c>AddCrowdsourcing()</c>.
/// </summary>
public interface ITaskCatalog
{
    /// <summary>Gets a task for a participant to view.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="participantId">The participant asking.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The task.</returns>
    /// <exception cref="NotFoundException">The task or the participant does not exist.</exception>
    /// <exception cref="ConfidentialityViolationException">The task does not allow the participant's layer (logged; nothing changes).</exception>
    ValueTask<CrowdTask> GetAsync(string taskId, string participantId, CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, only the tasks the participant's layer may see.</summary>
    /// <param name="participantId">The participant asking.</param>
    /// <param name="page">The page; default: the first <see cref="PageRequest.DefaultLimit"/> tasks.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <exception cref="NotFoundException">The participant does not exist (thrown when enumeration starts).</exception>
    IAsyncEnumerable<CrowdTask> ListVisibleAsync(string participantId, PageRequest page = default, CancellationToken cancellationToken = default);
}

/// <summary>The default <see cref="ITaskCatalog"/> over the store.</summary>
internal sealed class TaskCatalog(ICrowdsourcingStore store, ConfidentialityGuard guard, CrowdsourcingDiagnostics diagnostics) : ITaskCatalog
{
    public async ValueTask<CrowdTask> GetAsync(string taskId, string participantId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Task.View", taskId);
        try
        {
            var participant = await store.Participants.GetRequiredAsync(participantId, cancellationToken).ConfigureAwait(false);
            var task = await store.Tasks.GetRequiredAsync(taskId, cancellationToken).ConfigureAwait(false);
            guard.Demand(task, participant, ProtectedOperation.ViewTask);
            return task;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async IAsyncEnumerable<CrowdTask> ListVisibleAsync(string participantId, PageRequest page = default, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Task.ListVisible", participantId);
        var participant = await store.Participants.GetRequiredAsync(participantId, cancellationToken).ConfigureAwait(false);
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
