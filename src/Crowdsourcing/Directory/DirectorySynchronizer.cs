using Crowdsourcing.Access;
using Crowdsourcing.Crowd;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory;

/// <summary>
/// Brings the crowd's participants in line with the enterprise directory (<see cref="IEnterpriseDirectory"/>):
/// registered by <c>AddDirectorySync()</c>, run on demand with <see cref="SynchronizeAsync"/> or on a schedule
/// (<see cref="DirectorySyncOptions.Interval"/>).
/// </summary>
/// <remarks>
/// <para>
/// Each person the directory lists becomes the participant of their id: display name, e-mail address, crowd layer and
/// manager from the directory, and as colleagues the other people of their team (<see cref="DirectoryPerson.Team"/>).
/// Qualifications are not the directory's: a stored participant keeps theirs. A person who left the directory (a
/// stored, active participant of one of <see cref="DirectorySyncOptions.Layers"/> whom the listing no longer has) is
/// marked inactive (<see cref="Participant.InactiveSince"/>), never deleted: their knowledge requests, answers and
/// beliefs stay, but they are no longer in any crowd, contacted by decision cycles or assigned new work. A person who
/// comes back is made active again.
/// </para>
/// <para>
/// The whole listing is read before anything is written, and every change is committed in one transaction: a directory
/// that fails half-way (<see cref="DirectoryUnavailableException"/>) or a conflicting write changes nothing. A person
/// whose entry cannot be a participant (an e-mail address that is not one, an id that is not valid, an id listed twice,
/// a name over the configured <see cref="InputLimitsOptions.MaxNameLength"/>)
/// is left as stored and reported in <see cref="DirectorySyncResult.Problems"/>. A participant whose data did not change
/// is not written, so a synchronisation repeated over an unchanged directory writes nothing. Writes are made as
/// <see cref="Actor.System"/> (the audit fields say <c>system</c>).
/// </para>
/// </remarks>
public sealed partial class DirectorySynchronizer
{
    private readonly IEnterpriseDirectory _directory;
    private readonly ICrowdsourcingStore _store;
    private readonly AccessPolicy _access;
    private readonly TimeProvider _time;
    private readonly IOptions<DirectorySyncOptions> _options;
    private readonly IOptions<CrowdsourcingOptions> _crowdsourcing;
    private readonly CrowdsourcingDiagnostics _diagnostics;
    private readonly InputLimits _limits;
    private readonly ILogger _logger;

    internal DirectorySynchronizer(
        IEnterpriseDirectory directory,
        ICrowdsourcingStore store,
        AccessPolicy access,
        TimeProvider time,
        IOptions<DirectorySyncOptions> options,
        IOptions<CrowdsourcingOptions> crowdsourcing,
        CrowdsourcingDiagnostics diagnostics,
        InputLimits limits,
        ILogger<DirectorySynchronizer> logger)
    {
        _directory = directory;
        _store = store;
        _access = access;
        _time = time;
        _options = options;
        _crowdsourcing = crowdsourcing;
        _diagnostics = diagnostics;
        _limits = limits;
        _logger = logger;
    }

    /// <summary>
    /// Reads every person of the directory, then adds, changes, retires and reactivates participants in one
    /// transaction. The actor must be an administrator (the schedule runs as <see cref="Actor.System"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the synchronisation; nothing is written when it is cancelled before the commit.</param>
    /// <returns>What the synchronisation did.</returns>
    /// <exception cref="AccessDeniedException">The actor is not an administrator; nothing was read or written.</exception>
    /// <exception cref="DirectoryUnavailableException">The directory could not be read whole; nothing was written.</exception>
    /// <exception cref="InvalidStateException">The directory lists more than <see cref="DirectorySyncOptions.MaxPeople"/> people; nothing was written.</exception>
    /// <exception cref="ConcurrencyConflictException">A participant was changed meanwhile; nothing was written (run it again).</exception>
    public async ValueTask<DirectorySyncResult> SynchronizeAsync(CancellationToken cancellationToken = default)
    {
        _access.RequireAdministrator("synchronise participants with the enterprise directory");
        var options = _options.Value;
        using var activity = _diagnostics.StartOperation("Directory.Synchronize");
        try
        {
            var listing = await ReadListingAsync(options.MaxPeople, cancellationToken).ConfigureAwait(false);
            var stored = new Dictionary<string, Participant>(StringComparer.Ordinal);
            var pages = StoreExtensions.AllPagesAsync(page => _store.Participants.ListAsync(page, cancellationToken), p => p.Id, _crowdsourcing.Value.PageSize, cancellationToken);
            await foreach (var participant in pages.ConfigureAwait(false))
            {
                stored[participant.Id] = participant;
            }

            var now = _time.GetUtcNow();
            var plan = Plan(listing, stored, options.AuthoritativeLayers, now);
            if (!plan.Changes.IsEmpty)
            {
                await _store.CommitAsync(plan.Changes, cancellationToken).ConfigureAwait(false);
                _diagnostics.CountChange(nameof(Participant), "directory-sync", plan.Changes.Writes.Count);
            }

            var result = new DirectorySyncResult(now, listing.Count, plan.Added, plan.Changed, plan.Retired, plan.Reactivated, plan.Unchanged, plan.Problems);
            LogSynchronized(_logger, result.Listed, result.Added, result.Changed, result.Retired, result.Reactivated, result.Unchanged, result.Problems.Count);
            foreach (var problem in plan.Problems)
            {
                LogProblem(_logger, problem);
            }

            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            LogFailed(_logger, ex);
            throw;
        }
    }

    private async ValueTask<List<DirectoryPerson>> ReadListingAsync(int maxPeople, CancellationToken cancellationToken)
    {
        var listing = new List<DirectoryPerson>();
        await foreach (var person in _directory.ListPeopleAsync(cancellationToken).ConfigureAwait(false))
        {
            if (listing.Count == maxPeople)
            {
                throw new InvalidStateException($"The enterprise directory lists more than {maxPeople} people, the limit of one synchronisation ({DirectorySyncOptions.SectionName}:MaxPeople); nothing was changed.");
            }

            listing.Add(person);
        }

        return listing;
    }

    /// <summary>What to write: computed from the listing and the stored participants, without I/O.</summary>
    internal SyncPlan Plan(IReadOnlyList<DirectoryPerson> listing, IReadOnlyDictionary<string, Participant> stored, IReadOnlySet<CrowdLayer> authoritativeLayers, DateTimeOffset now)
    {
        var problems = new List<string>();
        var people = new Dictionary<string, DirectoryPerson>(StringComparer.Ordinal);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var person in listing)
        {
            if (person is null)
            {
                continue;
            }

            if (!listed.Add(person.Id))
            {
                people.Remove(person.Id);
                problems.Add($"The directory lists {Validation.Guard.Show(person.Id)} more than once; the participant is left as stored.");
                continue;
            }

            people[person.Id] = person;
        }

        // First each entry as a participant on its own, then colleagues among the entries that are valid.
        var valid = new List<(Participant Desired, Participant? Existing, string? Team)>();
        foreach (var person in people.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            stored.TryGetValue(person.Id, out var existing);
            try
            {
                var manager = string.Equals(person.ManagerId, person.Id, StringComparison.Ordinal) ? null : person.ManagerId;
                var desired = _limits.Check(new Participant(person.Id, person.DisplayName, person.Layer, person.Email, existing?.Qualifications, manager));
                valid.Add((desired, existing, string.IsNullOrWhiteSpace(person.Team) ? null : person.Team.Trim()));
            }
            catch (ValidationFailedException ex)
            {
                problems.Add($"The directory's entry for {Validation.Guard.Show(person.Id)} cannot be a participant: {ex.Message} The participant is left as stored.");
            }
        }

        var teams = valid
            .Where(p => p.Team is not null)
            .GroupBy(p => p.Team!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Desired.Id).ToArray(), StringComparer.OrdinalIgnoreCase);

        var changes = new ChangeSet();
        int added = 0, changed = 0, retired = 0, reactivated = 0, unchanged = 0;
        foreach (var (person, existing, team) in valid)
        {
            var desired = team is null
                ? person
                : person with { ColleagueIds = [.. teams[team].Where(id => !string.Equals(id, person.Id, StringComparison.Ordinal))] };
            if (existing is null)
            {
                changes.Insert(desired with { ModifiedBy = Actor.System.Id, ModifiedAt = now });
                added++;
                continue;
            }

            var update = desired with { Version = existing.Version, ModifiedBy = existing.ModifiedBy, ModifiedAt = existing.ModifiedAt };
            if (RecordKind.Participants.HasSameContent(existing, update))
            {
                unchanged++;
                continue;
            }

            if (!existing.IsActive)
            {
                reactivated++;
            }
            else
            {
                changed++;
            }

            changes.Update(update with { ModifiedBy = Actor.System.Id, ModifiedAt = now });
        }

        foreach (var participant in stored.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (participant.IsActive && !listed.Contains(participant.Id) && authoritativeLayers.Contains(participant.Layer))
            {
                changes.Update(participant with { InactiveSince = now, ModifiedBy = Actor.System.Id, ModifiedAt = now });
                retired++;
            }
        }

        return new SyncPlan(changes, added, changed, retired, reactivated, unchanged, problems);
    }

    [LoggerMessage(EventId = 6400, Level = LogLevel.Information, Message = "Directory synchronisation: {Listed} people listed; {Added} added, {Changed} changed, {Retired} marked inactive, {Reactivated} active again, {Unchanged} unchanged, {Problems} problems")]
    private static partial void LogSynchronized(ILogger logger, int listed, int added, int changed, int retired, int reactivated, int unchanged, int problems);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "Directory synchronisation: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Error, Message = "Directory synchronisation failed; nothing was changed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    internal sealed record SyncPlan(ChangeSet Changes, int Added, int Changed, int Retired, int Reactivated, int Unchanged, IReadOnlyList<string> Problems);
}

/// <summary>What one <see cref="DirectorySynchronizer.SynchronizeAsync"/> did.</summary>
/// <param name="At">When it ran, on the <see cref="TimeProvider"/>; the <see cref="Participant.InactiveSince"/> of the people it retired.</param>
/// <param name="Listed">How many people the directory listed.</param>
/// <param name="Added">Participants added.</param>
/// <param name="Changed">Active participants whose data changed.</param>
/// <param name="Retired">Participants marked inactive because the directory no longer lists them.</param>
/// <param name="Reactivated">Inactive participants the directory lists again, made active.</param>
/// <param name="Unchanged">Participants already in line with the directory (nothing written).</param>
/// <param name="Problems">Entries left as stored, each in words (for example an e-mail address that is not one).</param>
public sealed record DirectorySyncResult(DateTimeOffset At, int Listed, int Added, int Changed, int Retired, int Reactivated, int Unchanged, IReadOnlyList<string> Problems);
