using Crowdsourcing.AspNetCore.SignIn;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.Access;

/// <summary>
/// Validates the antiforgery token of every unsafe request (POST, PUT, PATCH, DELETE) that the sign-in cookie
/// authenticates, body or not: a cross-site form cannot run a decision cycle or seed data in a signed-in browser.
/// Requests with a bearer token need none (a browser never attaches one by itself).
/// </summary>
internal sealed class CookieAntiforgeryFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!IsSafe(http.Request.Method) && IsCookieAuthenticated(http))
        {
            // Throws AntiforgeryValidationException, which the problem-details handler turns into a 400.
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
        }

        return await next(context).ConfigureAwait(false);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static bool IsCookieAuthenticated(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var scheme = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme;
        return string.Equals(scheme, CrowdsourcingAuthenticationDefaults.CookieScheme, StringComparison.Ordinal)
            || string.Equals(http.User.Identity.AuthenticationType, CrowdsourcingAuthenticationDefaults.CookieScheme, StringComparison.Ordinal);
    }
}
