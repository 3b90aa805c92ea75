using Crowdsourcing.AspNetCore.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.AspNetCore.Errors;

/// <summary>
/// Refuses, as problem details and before routing, what no endpoint should see: a URL longer than
/// <see cref="CrowdsourcingApiOptions.MaximumUrlLength"/> (414), and a path with a control character such as NUL (400).
/// </summary>
internal sealed class RequestGuardMiddleware(RequestDelegate next, IOptions<CrowdsourcingApiOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var length = request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        var limit = options.Value.MaximumUrlLength;
        if (length > limit)
        {
            await WriteAsync(context, StatusCodes.Status414UriTooLong, "The URL is too long.", $"The URL has {length} characters; this API serves at most {limit}.").ConfigureAwait(false);
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        var at = path.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (at < 0)
        {
            at = path.IndexOf('\u007f', StringComparison.Ordinal);
        }

        if (at >= 0)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "The request is not valid.", $"The path has a control character (U+{(int)path[at]:X4}) at position {at + 1}; ids and routes never contain one.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
