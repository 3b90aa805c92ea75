using Crowdsourcing.AspNetCore.UI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Maps the expert pages and the organiser's console: <see cref="MapCrowdsourcingUI"/>.</summary>
public static class CrowdsourcingUIEndpointRouteBuilderExtensions
{
    /// <summary>The path the pages are mapped under by default: <c>/ui</c>.</summary>
    public const string DefaultPathPrefix = "/ui";

    /// <summary>
    /// Maps the web pages under <paramref name="pathPrefix"/> (default <c>/ui</c>), server-rendered HTML with a small
    /// script, everything served from the package: sign-in (<c>/signin</c>, against the enterprise directory, with the
    /// same sign-in cookie as <c>POST /login?useCookies=true</c>); <b>my requests</b> (<c>/</c>: the knowledge requests
    /// the signed-in person is an assignee or a delegate of, with status, due date and what is missing); <b>the request
    /// page</b> (<c>/requests/{id}</c>: sections and typed questions, draft save, submission with the missing mandatory
    /// questions pointed out, the quality assessment, delegation of selected questions to a colleague, a live notice by
    /// server-sent events when someone else changes the request, a stale save showing who changed it and when);
    /// <b>the history</b> (<c>/requests/{id}/history</c>: the delegation chain and who answered what, as a graph); and
    /// <b>the organiser's console</b> (<c>/console</c>: the campaign dashboard, the requests by status with
    /// cancellation, reopening with a reason, deletion by an administrator after a confirmation, the report in CSV and
    /// JSON); and <b>the outbox</b> (<c>/outbox</c>, organisers and administrators: the counts by status and the dead
    /// letters with their attempt history, requeued one by one or all at once). Someone not signed in is sent to the sign-in page; the console is for
    /// organisers and administrators; the runtime checks the rest (403 page, nothing changed). Every form carries an
    /// antiforgery token. The text comes from <see cref="Crowdsourcing.AspNetCore.UI.CrowdsourcingUIText"/>. Needs
    /// <c>AddCrowdsourcingApi()</c>; the console's dashboard reads the API that <c>MapCrowdsourcingApi()</c> maps on the
    /// same <paramref name="endpoints"/>, so call that too.
    /// </summary>
    /// <param name="endpoints">The application (or a route builder at the site's root).</param>
    /// <param name="pathPrefix">The path of the pages: <c>/</c> followed by one or more segments, no trailing <c>/</c>. Default <c>/ui</c>.</param>
    /// <returns>The route group of the pages, to add conventions to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="pathPrefix"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="pathPrefix"/> does not start with <c>/</c>, ends with <c>/</c>, or has characters other than letters, digits, <c>-</c>, <c>_</c> and <c>/</c>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddCrowdsourcingApi()</c> was not called.</exception>
    public static RouteGroupBuilder MapCrowdsourcingUI(this IEndpointRouteBuilder endpoints, string pathPrefix = DefaultPathPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        if (pathPrefix.Length < 2 || pathPrefix[0] != '/' || pathPrefix[^1] == '/' || pathPrefix.Contains("//", StringComparison.Ordinal)
            || !pathPrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/'))
        {
            throw new ArgumentException($"The path of the pages must start with '/', not end with '/', and have only letters, digits, '-', '_' and '/'; it was '{pathPrefix}'.", nameof(pathPrefix));
        }

        var services = endpoints.ServiceProvider.GetRequiredService<IServiceProviderIsService>();
        if (!services.IsService(typeof(RequestChangeFeed)))
        {
            throw new InvalidOperationException("MapCrowdsourcingUI() needs the services of AddCrowdsourcingApi(): call builder.Services.AddCrowdsourcingApi() before building the app.");
        }

        var root = endpoints.MapGroup(pathPrefix).ExcludeFromDescription();
        var anonymous = root.MapGroup(string.Empty).AddEndpointFilter(new UIEndpointFilter(pathPrefix, signedIn: false));
        var pages = root.MapGroup(string.Empty).AddEndpointFilter(new UIEndpointFilter(pathPrefix, signedIn: true));
        UIAssets.Map(anonymous);
        SignInPages.Map(anonymous, pages, pathPrefix);
        RequestPages.Map(pages, pathPrefix);
        ConsolePages.Map(pages, pathPrefix);
        OutboxPage.Map(pages, pathPrefix);
        PlanPages.Map(pages, pathPrefix);
        return root;
    }
}
