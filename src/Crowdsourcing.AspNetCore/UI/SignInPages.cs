using Crowdsourcing.Access;
using Crowdsourcing.AspNetCore.SignIn;
using Crowdsourcing.Directory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Crowdsourcing.AspNetCore.UI.Html;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>Sign-in and sign-out pages: the same directory check and sign-in cookie as <c>POST /login?useCookies=true</c>.</summary>
internal static class SignInPages
{
    public static void Map(RouteGroupBuilder anonymous, RouteGroupBuilder signedIn, string prefix)
    {
        anonymous.MapGet("/signin", (HttpContext http, string? returnUrl) =>
            {
                var ui = UIContext.Create(http, prefix);
                return ui.Actor is not null ? Results.Redirect(Local(returnUrl, prefix)) : Form(ui, returnUrl, null, null);
            });

        anonymous.MapPost("/signin", async (HttpContext http, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var form = await http.Request.ReadFormAsync(ct);
                var user = form["username"].ToString().Trim();
                var password = form["password"].ToString();
                var returnUrl = form["returnUrl"].ToString();
                if (user.Length is 0 or > LoginEndpoints.MaximumCredentialLength || password.Length is 0 or > LoginEndpoints.MaximumCredentialLength)
                {
                    return Form(ui, returnUrl, user, ui.T["SignIn.Missing"]);
                }

                var directory = http.RequestServices.GetService<IEnterpriseDirectory>();
                if (directory is null)
                {
                    return UIEndpointFilter.ErrorPage(ui, StatusCodes.Status503ServiceUnavailable, "SignIn.NoDirectory.Title", null);
                }

                var person = await directory.AuthenticateAsync(user, password, ct);
                if (person is null)
                {
                    return Form(ui, returnUrl, user, ui.T["SignIn.Failed"]);
                }

                await http.SignInAsync(CrowdsourcingAuthenticationDefaults.CookieScheme, LoginEndpoints.Principal(person.ToActor(), CrowdsourcingAuthenticationDefaults.CookieScheme));
                return Results.Redirect(Local(returnUrl, prefix));
            })
            .RequireRateLimiting(CrowdsourcingApiDefaults.SignInPolicy);

        signedIn.MapPost("/signout", async (HttpContext http) =>
            {
                await http.SignOutAsync(CrowdsourcingAuthenticationDefaults.CookieScheme);
                return Results.Redirect(prefix + "/signin");
            });
    }

    private static IResult Form(UIContext ui, string? returnUrl, string? user, string? error)
    {
        var t = ui.T;
        var alert = error is null ? string.Empty : $"<div class=\"error-summary\" role=\"alert\" id=\"sign-in-error\" tabindex=\"-1\"><p>{E(error)}</p></div>";
        var describedBy = error is null ? string.Empty : " aria-describedby=\"sign-in-error\"";
        var body = $"""
            {alert}
            <form class="card sign-in" method="post" action="{E(ui.Link("/signin"))}">
            {ui.AntiforgeryField()}
            <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
            <p><label for="username">{E(t["SignIn.UserName"])}</label>
            <input id="username" name="username" autocomplete="username" required value="{E(user)}"{describedBy}></p>
            <p><label for="password">{E(t["SignIn.Password"])}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required{describedBy}></p>
            <p><button type="submit" id="sign-in-submit">{E(t["SignIn.Submit"])}</button></p>
            </form>
            """;
        return Page(ui, t["SignIn.Title"], body, error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
    }

    /// <summary>Only a path of this site: an absolute URL or a protocol-relative one is replaced by the start page.</summary>
    internal static string Local(string? returnUrl, string prefix) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : prefix + "/";
}
