using Crowdsourcing.Access;
using Crowdsourcing.Crowd;

namespace Crowdsourcing.Directory;

/// <summary>
/// A person as the enterprise directory describes them, already mapped to the runtime's terms: the participant they
/// are and the roles they hold.
/// </summary>
/// <param name="Id">Their id: the participant id, and the <see cref="Actor.Id"/> when they sign in.</param>
/// <param name="DisplayName">Their name.</param>
/// <param name="Layer">The crowd layer their group membership maps to.</param>
/// <param name="Email">Their e-mail address, when the directory has one.</param>
/// <param name="ManagerId">Their manager's id (the manager's entry mapped to its id), when they have one.</param>
/// <param name="Team">Their team or department; the people of one team are each other's colleagues.</param>
/// <param name="Roles">The runtime roles their groups map to (<see cref="ActorRoles"/>).</param>
public sealed record DirectoryPerson(
    string Id,
    string DisplayName,
    CrowdLayer Layer,
    string? Email = null,
    string? ManagerId = null,
    string? Team = null,
    IReadOnlyList<string>? Roles = null)
{
    /// <summary>The actor this person is when signed in.</summary>
    public Actor ToActor() => new(Id, DisplayName, Roles ?? []);
}
