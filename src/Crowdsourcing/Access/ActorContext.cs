namespace Crowdsourcing.Access;

/// <summary>
/// The ambient actor of the current asynchronous flow, for hosts that are not ASP.NET Core (a worker, a console tool)
/// and for the runtime's own background work. What the default <see cref="IActorAccessor"/> reads.
/// </summary>
/// <example>
/// <code>
/// using (ActorContext.Use(actors.Create(principal)))
/// {
///     await assignments.SubmitAsync("acme-1", version);
/// }
/// </code>
/// </example>
public static class ActorContext
{
    private static readonly AsyncLocal<Actor?> s_current = new();

    /// <summary>The actor of the current flow, or <see langword="null"/>.</summary>
    public static Actor? Current => s_current.Value;

    /// <summary>Makes <paramref name="actor"/> the actor of the current flow (and the flows it starts) until the
    /// returned scope is disposed, which restores the previous one.</summary>
    /// <param name="actor">The actor.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> is <see langword="null"/>.</exception>
    public static IDisposable Use(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var previous = s_current.Value;
        s_current.Value = actor;
        return new Scope(previous);
    }

    private sealed class Scope(Actor? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                s_current.Value = previous;
            }
        }
    }
}
