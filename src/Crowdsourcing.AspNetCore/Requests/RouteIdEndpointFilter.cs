using Microsoft.AspNetCore.Http;

namespace Crowdsourcing.AspNetCore.Requests;

/// <summary>
/// Refuses, before the endpoint runs, a route value named <c>…Id</c> (<c>campaignId</c>, <c>assignmentId</c>,
/// <c>participantId</c>, …) that is not an id of the model (<see cref="Limits.CheckId"/>): a 400 that names the route
/// parameter, the character and its position, instead of a 404 for an id that could never exist (<c>a%2Fb</c>,
/// <c>..</c>, a 10,000-character id).
/// </summary>
internal sealed class RouteIdEndpointFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && value is string id)
            {
                Limits.CheckId(id, name);
            }
        }

        return next(context);
    }
}
