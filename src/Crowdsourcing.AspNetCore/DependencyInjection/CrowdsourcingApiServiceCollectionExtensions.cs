using System.Globalization;
using System.Threading.RateLimiting;
using Crowdsourcing.Access;
using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.AspNetCore.Decisions;
using Crowdsourcing.AspNetCore.Errors;
using Crowdsourcing.AspNetCore.Requests;
using Crowdsourcing.AspNetCore.OpenApi;
using Crowdsourcing.AspNetCore.Options;
using Crowdsourcing.AspNetCore.SignIn;
using Crowdsourcing.AspNetCore.UI;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the web API of Crowdsourcing for .NET: <see cref="AddCrowdsourcingApi"/>.</summary>
public static class CrowdsourcingApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <c>MapCrowdsourcingApi()</c> needs: the actor from <see cref="HttpContext.User"/> (an
    /// <see cref="IActorAccessor"/> over <see cref="IHttpContextAccessor"/>, mapped by <see cref="ActorFactory"/>);
    /// authentication with the browser's sign-in cookie and bearer tokens for scripts (scheme
    /// <see cref="CrowdsourcingAuthenticationDefaults.Scheme"/> picks by the <c>Authorization</c> header); the
    /// authorization policies of <see cref="CrowdsourcingPolicies"/>; problem details for every error, also those raised
    /// before an endpoint (a URL too long, a control character in the path); strict JSON; rate limiting of decision-cycle
    /// runs and sign-in attempts; antiforgery for cookie-authenticated unsafe requests; OpenAPI with the security
    /// schemes; and what <c>MapCrowdsourcingUI()</c> needs (the live notice's feed, the pages' text as an
    /// <see cref="IStringLocalizer{T}"/> of <see cref="CrowdsourcingUIText"/>, which a host may replace). Settings: <see cref="CrowdsourcingApiOptions"/> (section <c>Crowdsourcing:Api</c>, then
    /// <paramref name="configure"/>), validated at start. Call <c>AddCrowdsourcing(...)</c> too (with a directory, such
    /// as <c>UseDemoDirectory()</c> or <c>UseLdapDirectory(...)</c>, for <c>POST /login</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the settings after the configuration section is bound; optional.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddCrowdsourcingApi(this IServiceCollection services, Action<CrowdsourcingApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CrowdsourcingApiOptions>().BindConfiguration(CrowdsourcingApiOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrowdsourcingApiOptions>, CrowdsourcingApiOptionsValidator>());

        // Who acts: the signed-in user of the request.
        services.AddHttpContextAccessor();
        services.TryAddSingleton<ActorFactory>();
        services.Replace(ServiceDescriptor.Singleton<IActorAccessor, HttpContextActorAccessor>());

        // Authentication: cookies for browsers, bearer tokens for scripts; never a redirect, always 401 or 403.
        services.AddAuthentication(CrowdsourcingAuthenticationDefaults.Scheme)
            .AddPolicyScheme(CrowdsourcingAuthenticationDefaults.Scheme, "Crowdsourcing", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? CrowdsourcingAuthenticationDefaults.BearerScheme
                    : CrowdsourcingAuthenticationDefaults.CookieScheme)
            .AddCookie(CrowdsourcingAuthenticationDefaults.CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CrowdsourcingApiDefaults.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(CrowdsourcingAuthenticationDefaults.BearerScheme);
        services.AddOptions<CookieAuthenticationOptions>(CrowdsourcingAuthenticationDefaults.CookieScheme)
            .Configure<IOptions<CrowdsourcingApiOptions>>((cookie, api) => cookie.ExpireTimeSpan = api.Value.CookieLifetime);
        services.AddOptions<BearerTokenOptions>(CrowdsourcingAuthenticationDefaults.BearerScheme)
            .Configure<IOptions<CrowdsourcingApiOptions>>((bearer, api) => bearer.BearerTokenExpiration = api.Value.BearerTokenLifetime);

        // Authorization by role; the runtime checks relations on every call.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ActorRequirementHandler>());
        services.AddAuthorizationBuilder()
            .AddPolicy(CrowdsourcingPolicies.SignedIn, policy => policy.AddRequirements(new ActorRequirement(CrowdsourcingPolicies.SignedIn, _ => true)))
            .AddPolicy(CrowdsourcingPolicies.Organiser, policy => policy.AddRequirements(new ActorRequirement(CrowdsourcingPolicies.Organiser, a => a.IsOrganiser)))
            .AddPolicy(CrowdsourcingPolicies.Administrator, policy => policy.AddRequirements(new ActorRequirement(CrowdsourcingPolicies.Administrator, a => a.IsAdministrator)));

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = CrowdsourcingAuthenticationDefaults.AntiforgeryHeader;
            antiforgery.Cookie.Name = CrowdsourcingApiDefaults.CookieName + ".antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Rate limiting: decision-cycle runs per person, sign-in attempts per client address.
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(CrowdsourcingApiDefaults.CycleRunsPolicy, context =>
            {
                var api = context.RequestServices.GetRequiredService<IOptions<CrowdsourcingApiOptions>>().Value;
                var actor = context.RequestServices.GetRequiredService<IActorAccessor>().Current;
                return RateLimitPartition.GetFixedWindowLimiter(actor?.Id ?? "(anonymous)", _ => new FixedWindowRateLimiterOptions { PermitLimit = api.CycleRunsPerWindow, Window = api.CycleRunWindow, QueueLimit = 0 });
            });
            limiter.AddPolicy(CrowdsourcingApiDefaults.SignInPolicy, context =>
            {
                var api = context.RequestServices.GetRequiredService<IOptions<CrowdsourcingApiOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "(unknown)", _ => new FixedWindowRateLimiterOptions { PermitLimit = api.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : (int?)null;
                if (retry is { } seconds)
                {
                    response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                response.StatusCode = StatusCodes.Status429TooManyRequests;
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = retry is { } s ? $"Too many requests of this kind; try again in {s} seconds. Nothing was changed." : "Too many requests of this kind; try again later. Nothing was changed.",
                    },
                }).ConfigureAwait(false);
            };
        });

        // Errors: problem details for every status, also before routing.
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.TryAddSingleton<ProblemDetailsExceptionHandler>();
        services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json => RequestJson.ConfigureResponses(json.SerializerOptions));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, CrowdsourcingStartupFilter>());
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<CrowdsourcingApiOptions>>((kestrel, api) =>
        {
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, (api.Value.MaximumUrlLength * 3) + 1024);

            // Requests Kestrel refuses itself (a NUL in the path, a malformed header) get problem details too.
            kestrel.ConfigureEndpointDefaults(listen => listen.UseCrowdsourcingProblemDetails());
        });

        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<SecuritySchemesTransformer>());
        services.TryAddSingleton<NextContactsPreview>();

        // The pages of MapCrowdsourcingUI(): the live notice's feed and the text (a host's own localizer wins).
        services.TryAddSingleton<RequestChangeFeed>();
        services.TryAddSingleton<IStringLocalizer<CrowdsourcingUIText>, DefaultUIText>();
        services.TryAddTransient<UIText>();
        return services;
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>Puts the exception handler, status-code problem details and the request guard first in the pipeline,
    /// before routing and authentication, so that every error is a problem.</summary>
    private sealed class CrowdsourcingStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.UseMiddleware<RequestGuardMiddleware>();
            next(app);
        };
    }
}
