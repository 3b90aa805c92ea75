using System.Security.Claims;
using Crowdsourcing.Options;

namespace Crowdsourcing.Access;

/// <summary>
/// How an authenticated <see cref="ClaimsPrincipal"/> (from cookies, a bearer token, OpenID Connect, an enterprise
/// directory) becomes an <see cref="Actor"/>. Bound from <c>Crowdsourcing:Actors</c>; the defaults fit the claims
/// ASP.NET Core Identity, Entra ID and Keycloak issue.
/// </summary>
public sealed class ActorClaimsOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Actors</c>.</summary>
    public const string SectionName = CrowdsourcingOptions.SectionName + ":Actors";

    /// <summary>The claim types holding the person's id, tried in order. Default <c>sub</c>,
    /// <see cref="ClaimTypes.NameIdentifier"/>, <c>preferred_username</c>, <see cref="ClaimTypes.Name"/>.</summary>
    public IList<string> IdClaimTypes { get; } = ["sub", ClaimTypes.NameIdentifier, "preferred_username", ClaimTypes.Name];

    /// <summary>The claim types holding the display name, tried in order. Default <c>name</c>,
    /// <see cref="ClaimTypes.Name"/>, <see cref="ClaimTypes.GivenName"/>.</summary>
    public IList<string> NameClaimTypes { get; } = ["name", ClaimTypes.Name, ClaimTypes.GivenName];

    /// <summary>The claim types holding roles or groups. Default <see cref="ClaimTypes.Role"/>, <c>role</c>,
    /// <c>roles</c>, <c>groups</c>.</summary>
    public IList<string> RoleClaimTypes { get; } = [ClaimTypes.Role, "role", "roles", "groups"];

    /// <summary>The role or group values that mean <see cref="ActorRoles.Administrator"/> (compared without regard to
    /// case). Default <c>administrator</c>.</summary>
    public IList<string> AdministratorRoles { get; } = [ActorRoles.Administrator];

    /// <summary>The role or group values that mean <see cref="ActorRoles.Organiser"/>. Default <c>organiser</c>,
    /// <c>organizer</c>.</summary>
    public IList<string> OrganiserRoles { get; } = [ActorRoles.Organiser, "organizer"];
}

/// <summary>Validates <see cref="ActorClaimsOptions"/> at start: every list has at least one non-empty entry.</summary>
internal sealed class ActorClaimsOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<ActorClaimsOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ActorClaimsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(options.IdClaimTypes, nameof(options.IdClaimTypes));
        Check(options.NameClaimTypes, nameof(options.NameClaimTypes));
        Check(options.RoleClaimTypes, nameof(options.RoleClaimTypes));
        Check(options.AdministratorRoles, nameof(options.AdministratorRoles));
        Check(options.OrganiserRoles, nameof(options.OrganiserRoles));
        return failures.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);

        void Check(IList<string> values, string key)
        {
            if (values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{ActorClaimsOptions.SectionName}:{key} must list at least one value, none of them empty.");
            }
        }
    }
}
