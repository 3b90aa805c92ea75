using Crowdsourcing.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>
/// Every page and form of the UI but sign-in: someone not signed in is sent to the sign-in page (and a form they post
/// changes nothing); every form post must carry the antiforgery token of the page it came from (400 page otherwise,
/// nothing changed); an error of the library's family becomes a page with its status (403, 404, 409, 400) and its
/// message, never a stack trace.
/// </summary>
internal sealed class UIEndpointFilter(string prefix, bool signedIn) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (signedIn && http.RequestServices.GetRequiredService<IActorAccessor>().Current is null)
        {
            var back = http.Request.Path + http.Request.QueryString;
            var target = HttpMethods.IsGet(http.Request.Method) ? back.ToString() : prefix + "/";
            return Results.Redirect($"{prefix}/signin?returnUrl={Uri.EscapeDataString(target)}", permanent: false, preserveMethod: false);
        }

        if (HttpMethods.IsPost(http.Request.Method))
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException)
            {
                return ErrorPage(UIContext.Create(http, prefix), StatusCodes.Status400BadRequest, "Error.Antiforgery.Title", null);
            }
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (CrowdsourcingException ex)
        {
            var ui = UIContext.Create(http, prefix);
            return ex switch
            {
                AccessDeniedException => ErrorPage(ui, StatusCodes.Status403Forbidden, "Error.Forbidden.Title", ui.T["Error.Forbidden.Detail"]),
                NotFoundException => ErrorPage(ui, StatusCodes.Status404NotFound, "Error.NotFound.Title", ex.Message),
                ConflictException or InvalidStateException => ErrorPage(ui, StatusCodes.Status409Conflict, "Error.Conflict.Title", ex.Message),
                _ => ErrorPage(ui, StatusCodes.Status400BadRequest, "Error.BadRequest.Title", ex.Message),
            };
        }
    }

    /// <summary>
    /// Maps a group of pages for organisers and administrators only (the console, its plan pages, the outbox); anyone
    /// else gets the 403 page. The runtime then checks that they organise the campaign a page is about.
    /// </summary>
    public static RouteGroupBuilder MapOrganiserGroup(RouteGroupBuilder pages, string pattern, string prefix) =>
        pages.MapGroup(pattern).AddEndpointFilter(async (context, next) =>
        {
            var ui = UIContext.Create(context.HttpContext, prefix);
            return ui.Actor is { IsOrganiser: true }
                ? await next(context).ConfigureAwait(false)
                : ErrorPage(ui, StatusCodes.Status403Forbidden, "Error.Forbidden.Title", ui.T["Console.OrganisersOnly"]);
        });

    /// <summary>A page for a refused or failed request: what went wrong and that nothing was changed.</summary>
    public static IResult ErrorPage(UIContext ui, int status, string titleKey, string? detail)
    {
        var body = $"<div class=\"error-page\" role=\"alert\"><p>{Html.E(detail ?? ui.T[titleKey.Replace(".Title", ".Detail", StringComparison.Ordinal)])}</p><p>{Html.E(ui.T["Error.NothingChanged"])}</p></div>"
            + $"<p><a href=\"{Html.E(ui.Link("/"))}\">{Html.E(ui.T["Error.Back"])}</a></p>";
        return Html.Page(ui, ui.T[titleKey], body, status);
    }
}
