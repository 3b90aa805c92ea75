namespace Crowdsourcing.Access;

/// <summary>
/// Gives the runtime the authenticated person who acts. The default reads <see cref="ActorContext.Current"/>; the web
/// package reads the signed-in user of the current HTTP request (and falls back to the ambient actor for background
/// work). A host replaces it to take identity from elsewhere; it must never take it from request data.
/// </summary>
public interface IActorAccessor
{
    /// <summary>The actor, or <see langword="null"/> when nobody is signed in.</summary>
    Actor? Current { get; }
}

/// <summary>The default <see cref="IActorAccessor"/>: <see cref="ActorContext.Current"/>.</summary>
internal sealed class AmbientActorAccessor : IActorAccessor
{
    public Actor? Current => ActorContext.Current;
}
