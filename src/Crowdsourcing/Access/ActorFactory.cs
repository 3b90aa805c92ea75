using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Access;

/// <summary>Turns an authenticated <see cref="ClaimsPrincipal"/> into an <see cref="Actor"/> with the configured
/// <see cref="ActorClaimsOptions"/>. Registered by <c>AddCrowdsourcing()</c>.</summary>
public sealed class ActorFactory
{
    private readonly ActorClaimsOptions _options;

    /// <summary>Creates the factory.</summary>
    /// <param name="options">The claim mapping.</param>
    public ActorFactory(IOptions<ActorClaimsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>The actor of <paramref name="principal"/>, or <see langword="null"/> when it is not authenticated or
    /// carries no id claim.</summary>
    /// <param name="principal">The principal.</param>
    /// <returns>The actor.</returns>
    /// <exception cref="ValidationFailedException">The id claim is not a valid identifier.</exception>
    public Actor? Create(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var id = First(principal, _options.IdClaimTypes);
        if (id is null)
        {
            return null;
        }

        var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var claim in principal.Claims.Where(c => _options.RoleClaimTypes.Contains(c.Type, StringComparer.Ordinal)))
        {
            roles.Add(claim.Value);
            if (_options.AdministratorRoles.Contains(claim.Value, StringComparer.OrdinalIgnoreCase))
            {
                roles.Add(ActorRoles.Administrator);
            }

            if (_options.OrganiserRoles.Contains(claim.Value, StringComparer.OrdinalIgnoreCase))
            {
                roles.Add(ActorRoles.Organiser);
            }
        }

        return new Actor(id, First(principal, _options.NameClaimTypes), roles);
    }

    private static string? First(ClaimsPrincipal principal, IEnumerable<string> types) =>
        types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
