using Crowdsourcing.Access;
using Microsoft.AspNetCore.Http;

namespace Crowdsourcing.AspNetCore.Access;

/// <summary>
/// The <see cref="IActorAccessor"/> of a web host: the actor set explicitly for the current flow
/// (<see cref="ActorContext.Use"/>, for work the host starts itself), else the signed-in user of the current HTTP
/// request (<see cref="HttpContext.User"/> through <see cref="ActorFactory"/>), else nobody. Never request data.
/// </summary>
internal sealed class HttpContextActorAccessor(IHttpContextAccessor http, ActorFactory actors) : IActorAccessor
{
    public Actor? Current => ActorContext.Current ?? (http.HttpContext is { } context ? actors.Create(context.User) : null);
}
