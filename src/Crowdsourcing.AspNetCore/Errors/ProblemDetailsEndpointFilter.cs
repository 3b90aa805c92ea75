using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.Errors;

/// <summary>
/// Turns every exception an endpoint of the API throws into its problem-details response
/// (<see cref="ProblemDetailsExceptionHandler"/>) right at the endpoint, whatever else the host's pipeline does with
/// exceptions (the developer exception page of Development included): the API's errors look the same everywhere.
/// </summary>
internal sealed class ProblemDetailsEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (!context.HttpContext.Response.HasStarted && !(exception is OperationCanceledException && context.HttpContext.RequestAborted.IsCancellationRequested))
        {
            var handler = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsExceptionHandler>();
            if (!await handler.TryHandleAsync(context.HttpContext, exception, context.HttpContext.RequestAborted).ConfigureAwait(false))
            {
                throw;
            }

            return Results.Empty;
        }
    }
}
