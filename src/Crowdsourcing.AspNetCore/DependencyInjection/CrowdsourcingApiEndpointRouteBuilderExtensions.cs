using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.AspNetCore.Endpoints;
using Crowdsourcing.AspNetCore.Errors;
using Crowdsourcing.AspNetCore.SignIn;
using Crowdsourcing.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Maps the web API of Crowdsourcing for .NET: <see cref="MapCrowdsourcingApi"/>.</summary>
public static class CrowdsourcingApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the REST API: campaigns, tasks, questionnaires, participants, knowledge requests (drafts, submissions,
    /// cancellation), delegation and the collaboration graph, decision cycles (rate limited), the workshop
    /// recommendation, the heat map and roadmap plans; and sign-in (<c>POST /login</c> when an
    /// <see cref="IEnterpriseDirectory"/> is registered, <c>POST /logout</c>, <c>GET /me</c>,
    /// <c>GET /antiforgery/token</c>). Every endpoint but <c>/login</c> needs a signed-in person; organiser and
    /// administrator endpoints need the role; the runtime checks the rest (organiser of this campaign, assignee or
    /// delegate of this request, crowd layer) and answers 403 with nothing changed. Cookie-authenticated unsafe
    /// requests need the antiforgery token. Needs <c>AddCrowdsourcingApi()</c>. When <paramref name="endpoints"/> is the
    /// application (a <see cref="WebApplication"/>), the rate limiter is added to its pipeline here.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <returns>The route group of the API, to add conventions to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddCrowdsourcingApi()</c> was not called.</exception>
    public static RouteGroupBuilder MapCrowdsourcingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider.GetRequiredService<IServiceProviderIsService>();
        if (!services.IsService(typeof(Crowdsourcing.AspNetCore.Decisions.NextContactsPreview)))
        {
            throw new InvalidOperationException("MapCrowdsourcingApi() needs the services of AddCrowdsourcingApi(): call builder.Services.AddCrowdsourcingApi() before building the app.");
        }

        if (endpoints is IApplicationBuilder app)
        {
            app.UseRateLimiter();
        }

        var api = endpoints.MapGroup(string.Empty);
        api.AddEndpointFilter<ProblemDetailsEndpointFilter>();
        api.AddEndpointFilter<CookieAntiforgeryFilter>();
        api.AddEndpointFilter<Crowdsourcing.AspNetCore.Requests.RouteIdEndpointFilter>();
        api.MapLoginEndpoints(services.IsService(typeof(IEnterpriseDirectory)));

        var signedIn = api.MapGroup(string.Empty).RequireAuthorization(CrowdsourcingPolicies.SignedIn);
        signedIn.MapSetupEndpoints();
        signedIn.MapCampaignEndpoints();
        signedIn.MapTaskEndpoints();
        signedIn.MapAssignmentEndpoints();
        signedIn.MapDelegationEndpoints();
        signedIn.MapCycleEndpoints();
        signedIn.MapHeatMapEndpoints();
        signedIn.MapPlanEndpoints();
        signedIn.MapRoadmapEndpoints();
        signedIn.MapOutboxEndpoints();
        signedIn.MapReconciliationEndpoints();
        signedIn.MapReviewEndpoints();
        return api;
    }
}
