using System.Collections.Frozen;

namespace Crowdsourcing.Access;

/// <summary>
/// Who acts: the authenticated person a host gives the runtime (see <see cref="IActorAccessor"/>), never an id taken
/// from a request body, a query or a file. Every runtime operation checks what the actor may do: an
/// <see cref="ActorRoles.Administrator"/> may do everything; an <see cref="ActorRoles.Organiser"/> may create campaigns,
/// tasks and questionnaires and organises the campaigns they create or are named organiser of; a participant works on
/// their own knowledge requests (and only the questions delegated to them when they are a delegate); a manager sees the
/// escalations about their reports. <see cref="Id"/> is the person's participant id when they are one.
/// </summary>
public sealed record Actor
{
    private readonly FrozenSet<string> _roles;

    /// <summary>Creates an actor.</summary>
    /// <param name="id">The person's identifier (their participant id when they are one).</param>
    /// <param name="displayName">Their name, for messages; default <paramref name="id"/>.</param>
    /// <param name="roles">Their roles (<see cref="ActorRoles"/>); other role names are kept but grant nothing.</param>
    /// <exception cref="ValidationFailedException"><paramref name="id"/> is empty, too long or has control characters.</exception>
    public Actor(string id, string? displayName = null, IEnumerable<string>? roles = null)
    {
        Id = Validation.Guard.Key(id, nameof(Actor), nameof(Id));
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName;
        _roles = (roles ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The runtime itself, for work no person starts: scheduled reminders, due decision cycles, deliveries.
    /// It has the administrator role.</summary>
    public static Actor System { get; } = new("system", "Crowdsourcing runtime", [ActorRoles.Administrator]);

    /// <summary>The person's identifier.</summary>
    public string Id { get; }

    /// <summary>The person's name, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The person's roles (compared without regard to case).</summary>
    public IReadOnlySet<string> Roles => _roles;

    /// <summary>Whether the actor is an administrator.</summary>
    public bool IsAdministrator => _roles.Contains(ActorRoles.Administrator);

    /// <summary>Whether the actor may organise: an organiser or an administrator.</summary>
    public bool IsOrganiser => IsAdministrator || _roles.Contains(ActorRoles.Organiser);

    /// <summary>Whether this is <see cref="System"/>.</summary>
    public bool IsSystem => ReferenceEquals(this, System);

    /// <inheritdoc/>
    public bool Equals(Actor? other) =>
        other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal) && _roles.SetEquals(other._roles);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <inheritdoc/>
    public override string ToString() => _roles.Count == 0 ? Id : $"{Id} ({string.Join(", ", _roles.Order(StringComparer.Ordinal))})";
}

/// <summary>The role names the runtime knows (compared without regard to case).</summary>
public static class ActorRoles
{
    /// <summary>May do everything, in every campaign: <c>administrator</c>.</summary>
    public const string Administrator = "administrator";

    /// <summary>May create campaigns, tasks and questionnaires, and organises the campaigns they create or are named
    /// organiser of: <c>organiser</c>.</summary>
    public const string Organiser = "organiser";
}
