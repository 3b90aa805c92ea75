using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Access;

/// <summary>
/// The runtime's access checks: who the actor is (from <see cref="IActorAccessor"/>), and whether their roles and
/// relations allow an operation. A refusal is logged, counted and thrown as <see cref="AccessDeniedException"/> before
/// anything is written.
/// </summary>
internal sealed partial class AccessPolicy
{
    private readonly IActorAccessor _accessor;
    private readonly ILogger<AccessPolicy> _logger;
    private readonly System.Diagnostics.Metrics.Counter<long> _refusals;

    public AccessPolicy(IActorAccessor accessor, ILogger<AccessPolicy> logger, CrowdsourcingDiagnostics diagnostics)
    {
        _accessor = accessor;
        _logger = logger;
        _refusals = diagnostics.Meter.CreateCounter<long>("crowdsourcing.access_refusals", unit: "{refusal}", description: "Operations refused because the actor's roles or relations do not allow them.");
    }

    /// <summary>The actor, or a refusal when nobody is signed in.</summary>
    /// <param name="operation">What is attempted, in words (for example <c>submit assignment 'a-1'</c>).</param>
    /// <exception cref="AccessDeniedException">Nobody is signed in.</exception>
    public Actor RequireActor(string operation) =>
        _accessor.Current ?? throw Refuse(null, operation, null, "nobody is signed in");

    /// <summary>The actor when they are an administrator.</summary>
    /// <exception cref="AccessDeniedException">Nobody is signed in, or the actor is not an administrator.</exception>
    public Actor RequireAdministrator(string operation, string? resourceId = null)
    {
        var actor = RequireActor(operation);
        return actor.IsAdministrator ? actor : throw Refuse(actor, operation, resourceId, "only administrators may");
    }

    /// <summary>The actor when they hold the organiser (or administrator) role.</summary>
    /// <exception cref="AccessDeniedException">Nobody is signed in, or the actor is neither an organiser nor an administrator.</exception>
    public Actor RequireOrganiserRole(string operation, string? resourceId = null)
    {
        var actor = RequireActor(operation);
        return actor.IsOrganiser ? actor : throw Refuse(actor, operation, resourceId, "only organisers and administrators may");
    }

    /// <summary>Whether <paramref name="actor"/> organises <paramref name="campaign"/>: an administrator, or one of its organisers.</summary>
    public static bool Organises(Actor actor, Campaign campaign) => actor.IsAdministrator || campaign.IsOrganiser(actor.Id);

    /// <summary>The actor when they organise <paramref name="campaign"/>.</summary>
    /// <exception cref="AccessDeniedException">Nobody is signed in, or the actor does not organise the campaign.</exception>
    public Actor RequireOrganiserOf(Campaign campaign, string operation)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var actor = RequireActor(operation);
        return Organises(actor, campaign) ? actor : throw Refuse(actor, operation, campaign.Id, $"only the organisers of campaign '{campaign.Id}' and administrators may");
    }

    /// <summary>The actor when they are a contributor of <paramref name="assignment"/> (an assignee or a delegate).</summary>
    /// <exception cref="AccessDeniedException">Nobody is signed in, or the actor is neither an assignee nor a delegate.</exception>
    public Actor RequireContributor(Assignment assignment, string operation)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var actor = RequireActor(operation);
        return assignment.IsContributor(actor.Id) ? actor : throw Refuse(actor, operation, assignment.Id, "only its assignees and the colleagues they delegated questions to may");
    }

    /// <summary>Logs and counts a refusal and returns the exception to throw.</summary>
    /// <param name="actor">Who was refused, or <see langword="null"/> when nobody is signed in.</param>
    /// <param name="operation">What was attempted, in words.</param>
    /// <param name="resourceId">The record it was attempted on.</param>
    /// <param name="reason">Why, completing "…: {reason}".</param>
    public AccessDeniedException Refuse(Actor? actor, string operation, string? resourceId, string reason)
    {
        LogRefused(_logger, actor?.Id ?? "(anonymous)", operation, reason);
        _refusals.Add(1);
        var who = actor is null ? "Nobody is signed in" : $"'{actor.Id}' may not {operation}";
        var message = actor is null
            ? $"{who}: sign in to {operation}."
            : $"{who}: {reason}. Nothing was changed.";
        return new AccessDeniedException(message, actor?.Id, operation, resourceId);
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Refused to let {ActorId} {Operation}: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string actorId, string operation, string reason);
}
