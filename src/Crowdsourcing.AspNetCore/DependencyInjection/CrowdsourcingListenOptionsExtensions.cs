using Crowdsourcing.AspNetCore.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Kestrel endpoint settings of the web API.</summary>
public static class CrowdsourcingListenOptionsExtensions
{
    /// <summary>
    /// Answers, on this endpoint, the HTTP/1.x requests Kestrel refuses itself before any middleware runs (a path that
    /// decodes to NUL, a malformed request line or header, headers too large) with problem details instead of a bare
    /// error status.
    /// </summary>
    /// <remarks>
    /// <c>AddCrowdsourcingApi()</c> adds this to every endpoint through Kestrel's endpoint defaults, which run before an
    /// endpoint's own <c>UseHttps()</c>: on an endpoint where TLS ends in Kestrel it would see encrypted bytes and
    /// change nothing. Call it yourself after <c>UseHttps()</c> on such an endpoint, for example
    /// <c>kestrel.Listen(IPAddress.Any, 443, listen => listen.UseHttps(certificate).UseCrowdsourcingProblemDetails())</c>.
    /// Answers written by the application are never changed.
    /// </remarks>
    /// <param name="listenOptions">The endpoint.</param>
    /// <returns><paramref name="listenOptions"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="listenOptions"/> is <see langword="null"/>.</exception>
    public static ListenOptions UseCrowdsourcingProblemDetails(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        listenOptions.Use(RejectedRequestProblems.Middleware);
        return listenOptions;
    }
}
