namespace Crowdsourcing.AspNetCore.SignIn;

/// <summary>The authentication schemes <c>AddCrowdsourcingApi()</c> registers.</summary>
public static class CrowdsourcingAuthenticationDefaults
{
    /// <summary>The default scheme: a bearer token when the request has <c>Authorization: Bearer …</c>, else the
    /// sign-in cookie. <c>Crowdsourcing</c>.</summary>
    public const string Scheme = "Crowdsourcing";

    /// <summary>The browser's sign-in cookie: <c>Crowdsourcing.Cookies</c>. Unsafe requests authenticated by it need an
    /// antiforgery token.</summary>
    public const string CookieScheme = "Crowdsourcing.Cookies";

    /// <summary>Bearer tokens for scripts, from <c>POST /login</c>: <c>Crowdsourcing.Bearer</c>.</summary>
    public const string BearerScheme = "Crowdsourcing.Bearer";

    /// <summary>The request header that carries the antiforgery token: <c>X-CSRF-TOKEN</c>.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";
}

/// <summary>Names the web package uses.</summary>
internal static class CrowdsourcingApiDefaults
{
    /// <summary>The sign-in cookie's name.</summary>
    public const string CookieName = "crowdsourcing";

    /// <summary>The rate-limiting policy of decision-cycle runs.</summary>
    public const string CycleRunsPolicy = "Crowdsourcing.CycleRuns";

    /// <summary>The rate-limiting policy of sign-in attempts.</summary>
    public const string SignInPolicy = "Crowdsourcing.SignIn";
}
