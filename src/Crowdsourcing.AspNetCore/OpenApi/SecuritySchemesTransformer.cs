using Crowdsourcing.AspNetCore.SignIn;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crowdsourcing.AspNetCore.OpenApi;

/// <summary>Adds the API's security schemes to the OpenAPI document: a bearer token from <c>POST /login</c>, or the
/// browser's sign-in cookie (with the antiforgery header on unsafe requests).</summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The scheme name of bearer tokens in the document.</summary>
    public const string Bearer = "bearer";

    /// <summary>The scheme name of the sign-in cookie in the document.</summary>
    public const string Cookie = "cookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A bearer token from POST /login (JSON {\"username\", \"password\"}).",
        };
        document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = CrowdsourcingApiDefaults.CookieName,
            Description = $"The browser's sign-in cookie from POST /login?useCookies=true; unsafe requests also send the {CrowdsourcingAuthenticationDefaults.AntiforgeryHeader} header from GET /antiforgery/token.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, document)] = [] });
        return Task.CompletedTask;
    }
}
