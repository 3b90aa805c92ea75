using Crowdsourcing.Access;
using Microsoft.AspNetCore.Authorization;

namespace Crowdsourcing.AspNetCore.Access;

/// <summary>
/// The authorization policies of the web API, registered by <c>AddCrowdsourcingApi()</c>. They decide by role only;
/// the runtime then checks the relations (organiser of this campaign, assignee or delegate of this request, crowd
/// layer) on every call. A host may use them on its own endpoints.
/// </summary>
public static class CrowdsourcingPolicies
{
    /// <summary>Anyone signed in whose principal maps to an <see cref="Actor"/>: <c>Crowdsourcing.SignedIn</c>.</summary>
    public const string SignedIn = "Crowdsourcing.SignedIn";

    /// <summary>Organisers and administrators: <c>Crowdsourcing.Organiser</c>.</summary>
    public const string Organiser = "Crowdsourcing.Organiser";

    /// <summary>Administrators: <c>Crowdsourcing.Administrator</c>.</summary>
    public const string Administrator = "Crowdsourcing.Administrator";
}

/// <summary>The principal maps to an actor that satisfies a role test.</summary>
/// <param name="Name">The policy's name.</param>
/// <param name="Test">The test on the actor.</param>
internal sealed record ActorRequirement(string Name, Func<Actor, bool> Test) : IAuthorizationRequirement;

/// <summary>Checks <see cref="ActorRequirement"/> with the configured claim mapping (<see cref="ActorFactory"/>).</summary>
internal sealed class ActorRequirementHandler(ActorFactory actors) : AuthorizationHandler<ActorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ActorRequirement requirement)
    {
        Actor? actor;
        try
        {
            actor = actors.Create(context.User);
        }
        catch (ValidationFailedException)
        {
            actor = null;
        }

        if (actor is not null && requirement.Test(actor))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
