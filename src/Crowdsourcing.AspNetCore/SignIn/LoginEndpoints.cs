using System.Security.Claims;
using Crowdsourcing.Access;
using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.AspNetCore.Requests;
using Crowdsourcing.Directory;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.AspNetCore.SignIn;

/// <summary>The body of <c>POST /login</c> (the shape of ASP.NET Core Identity's <c>MapIdentityApi</c> login, with a user name).</summary>
/// <param name="Username">The name the person signs in with (as the directory knows it).</param>
/// <param name="Password">The password.</param>
internal sealed record LoginBody(string Username, string Password);

/// <summary>Who is signed in.</summary>
/// <param name="Id">Their id (their participant id).</param>
/// <param name="DisplayName">Their name.</param>
/// <param name="Roles">Their roles.</param>
internal sealed record SignedInActor(string Id, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>The antiforgery token a cookie-authenticated client sends on unsafe requests.</summary>
/// <param name="HeaderName">The header to send it in.</param>
/// <param name="Token">The token.</param>
internal sealed record AntiforgeryToken(string HeaderName, string Token);

/// <summary>Sign-in against the enterprise directory: <c>POST /login</c>, <c>POST /logout</c>, <c>GET /me</c>,
/// <c>GET /antiforgery/token</c>.</summary>
internal static partial class LoginEndpoints
{
    /// <summary>The longest user name and password read: 256 characters each.</summary>
    public const int MaximumCredentialLength = 256;

    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder app, bool withDirectory)
    {
        var group = app.MapGroup("/").WithTags("Sign-in");
        if (withDirectory)
        {
            group.MapPost("/login", async (HttpContext http, string? useCookies, IEnterpriseDirectory directory, ILoggerFactory loggers, CancellationToken ct) =>
                {
                    var body = await RequestJson.ReadAsync<LoginBody>(http.Request, ct);
                    if (body.Username.Length is 0 or > MaximumCredentialLength || body.Password.Length > MaximumCredentialLength)
                    {
                        throw new ValidationFailedException(body.Username.Length == 0 ? "username" : "password", $"The user name is required, and the user name and the password have at most {MaximumCredentialLength} characters each.");
                    }

                    var person = await directory.AuthenticateAsync(body.Username, body.Password, ct);
                    if (person is null)
                    {
                        LogFailed(loggers.CreateLogger(typeof(LoginEndpoints).FullName!), body.Username);
                        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: "The user name or the password is wrong.");
                    }

                    var cookie = useCookies switch
                    {
                        null or "" or "false" => false,
                        "true" => true,
                        _ => throw new ValidationFailedException("useCookies", $"'useCookies' must be 'true' or 'false'; it was '{useCookies}'."),
                    };
                    var scheme = cookie ? CrowdsourcingAuthenticationDefaults.CookieScheme : CrowdsourcingAuthenticationDefaults.BearerScheme;
                    var principal = Principal(person.ToActor(), scheme);
                    if (!cookie)
                    {
                        return Results.SignIn(principal, authenticationScheme: scheme);
                    }

                    await http.SignInAsync(scheme, principal);
                    return Results.Ok(Describe(person.ToActor()));
                })
                .AllowAnonymous()
                .RequireRateLimiting(CrowdsourcingApiDefaults.SignInPolicy)
                .Accepts<LoginBody>("application/json")
                .Produces<AccessTokenResponse>()
                .Produces<SignedInActor>(StatusCodes.Status200OK)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status429TooManyRequests)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
                .WithSummary("Sign in with the enterprise directory: a bearer token {tokenType, accessToken, expiresIn}, or with ?useCookies=true the browser's sign-in cookie.");
        }

        group.MapPost("/logout", async (HttpContext http) =>
            {
                await http.SignOutAsync(CrowdsourcingAuthenticationDefaults.CookieScheme);
                return Results.NoContent();
            })
            .RequireAuthorization(CrowdsourcingPolicies.SignedIn)
            .WithSummary("Sign out (removes the sign-in cookie; a bearer token simply expires).");

        group.MapGet("/me", (IActorAccessor actors) => TypedResults.Ok(Describe(actors.Current!)))
            .WithMetadata(Crowdsourcing.AspNetCore.UI.ApiRootMarker.Instance)
            .RequireAuthorization(CrowdsourcingPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Who is signed in: id, name and roles.");

        group.MapGet("/antiforgery/token", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new AntiforgeryToken(tokens.HeaderName ?? CrowdsourcingAuthenticationDefaults.AntiforgeryHeader, tokens.RequestToken!));
            })
            .RequireAuthorization(CrowdsourcingPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The antiforgery token a browser signed in with the cookie sends, in the X-CSRF-TOKEN header, on every unsafe request.");

        return app;
    }

    /// <summary>The principal of a signed-in actor: <c>sub</c>, <c>name</c> and a <c>role</c> claim per role.</summary>
    internal static ClaimsPrincipal Principal(Actor actor, string scheme)
    {
        var claims = new List<Claim> { new("sub", actor.Id), new("name", actor.DisplayName) };
        claims.AddRange(actor.Roles.Order(StringComparer.Ordinal).Select(r => new Claim("role", r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, "name", "role"));
    }

    private static SignedInActor Describe(Actor actor) => new(actor.Id, actor.DisplayName, [.. actor.Roles.Order(StringComparer.Ordinal)]);

    [LoggerMessage(EventId = 1320, Level = LogLevel.Warning, Message = "Sign-in failed for user name {UserName}.")]
    private static partial void LogFailed(ILogger logger, string userName);
}
