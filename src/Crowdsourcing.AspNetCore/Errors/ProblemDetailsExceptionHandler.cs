using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Delegations;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Crowdsourcing.Directory;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.AspNetCore.Errors;

/// <summary>
/// Turns every exception into an RFC 9457 problem-details response: 400 for bad input (with the field, JSON path or
/// question named in <c>errors</c>), 403 for a confidentiality refusal or a participant who is not on the request, 404
/// for a record that does not exist, 409 for a concurrency conflict (with who changed the record and when), a duplicate
/// id or a request in the wrong state, 401 when nobody is signed in, 503 when the enterprise directory cannot be
/// reached, and 500 for anything else. Never a stack trace: only the exception's message,
/// and for a 500 not even that.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = Describe(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path.ToString());
        }

        problem.Instance = httpContext.Request.Path;
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }

    /// <summary>The problem an exception stands for.</summary>
    internal static ProblemDetails Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => Json(json),
        AntiforgeryValidationException => With(
            Invalid("This request is authenticated by the sign-in cookie, so it must carry the antiforgery token: read it from GET /antiforgery/token and send it in the X-CSRF-TOKEN header.", [("X-CSRF-TOKEN", "The antiforgery token is missing or not valid.")]),
            ("reason", "antiforgery")),
        BadHttpRequestException bad => BadRequest(bad),
        JsonException json => Json(json),
        DelegationException delegation => With(Invalid(delegation.Message, delegation.Errors.Select(e => (e.Path, e.Message))), ("reason", EnumNames.Of(delegation.Reason))),
        ValidationFailedException invalid => Invalid(invalid.Message, invalid.Errors.Select(e => (e.Path, e.Message))),
        NotFoundException notFound => With(Problem(StatusCodes.Status404NotFound, $"{notFound.RecordType} not found.", notFound.Message), ("recordType", notFound.RecordType), ("recordId", notFound.RecordId)),
        ConfidentialityViolationException refused => With(
            Problem(StatusCodes.Status403Forbidden, "Refused for confidentiality.", refused.Message),
            ("participantId", refused.ParticipantId),
            ("layer", EnumNames.Of(refused.Layer)),
            ("taskId", refused.TaskId),
            ("confidentiality", EnumNames.Of(refused.Confidentiality)),
            ("allowedLayers", refused.AllowedLayers.Select(EnumNames.Of).ToArray())),
        AccessDeniedException { ActorId: null } anonymous => Problem(StatusCodes.Status401Unauthorized, "Sign in first.", anonymous.Message),
        AccessDeniedException access => With(Problem(StatusCodes.Status403Forbidden, "Not allowed.", access.Message), ("actorId", access.ActorId), ("recordId", access.ResourceId)),
        DirectoryUnavailableException directory => Problem(StatusCodes.Status503ServiceUnavailable, "The enterprise directory cannot be reached.", directory.Message),
        ConcurrencyConflictException conflict => With(
            Problem(StatusCodes.Status409Conflict, "The record was changed by someone else.", conflict.Message),
            ("recordType", conflict.RecordType),
            ("recordId", conflict.RecordId),
            ("expectedVersion", conflict.ExpectedVersion),
            ("actualVersion", conflict.ActualVersion),
            ("modifiedBy", conflict.ModifiedBy),
            ("modifiedAt", conflict.ModifiedAt?.ToString("O", CultureInfo.InvariantCulture))),
        ConflictException conflict => With(Problem(StatusCodes.Status409Conflict, "The id is already taken.", conflict.Message), ("recordType", conflict.RecordType), ("recordId", conflict.RecordId)),
        AssignmentStateException state => With(Problem(StatusCodes.Status409Conflict, "Not allowed in the knowledge request's current status.", state.Message), ("assignmentId", state.AssignmentId), ("assignmentStatus", EnumNames.Of(state.Status))),
        InvalidStateException invalid => Problem(StatusCodes.Status409Conflict, "The current state does not allow this.", invalid.Message),
        ArgumentException argument => Invalid(StripParameter(argument), [(argument.ParamName ?? "request", StripParameter(argument))]),
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", "The server could not complete the request; the error has been logged."),
    };

    /// <summary>A request the framework could not bind: for a parameter it names ("Failed to bind parameter "int? limit" from "x"."), a 400 naming it.</summary>
    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var parameter = BoundParameter().Match(bad.Message);
        return bad.StatusCode == StatusCodes.Status400BadRequest && parameter.Success
            ? Invalid(bad.Message, [(parameter.Groups["name"].Value, bad.Message)])
            : Problem(bad.StatusCode, "The request is not valid.", bad.Message);
    }

    private static HttpValidationProblemDetails Json(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        return Invalid($"The request body is not valid JSON for this endpoint at {path}: {json.Message}", [(path, json.Message)]);
    }

    private static HttpValidationProblemDetails Invalid(string detail, IEnumerable<string> fields, string message) =>
        Invalid(detail, fields.Select(f => (f, message)));

    private static HttpValidationProblemDetails Invalid(string detail, IEnumerable<(string Field, string Message)> errors)
    {
        var grouped = errors
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return new HttpValidationProblemDetails(grouped)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Detail = detail,
        };
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails With(ProblemDetails problem, params (string Key, object? Value)[] extensions)
    {
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    /// <summary>The message without the " (Parameter 'x')" suffix .NET appends; the field is named separately.</summary>
    private static string StripParameter(ArgumentException argument)
    {
        var message = argument.Message;
        var at = argument.ParamName is null ? -1 : message.IndexOf($" (Parameter '{argument.ParamName}')", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    [GeneratedRegex(@"parameter ""(?:[^""]*\s)?(?<name>[^""\s]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex BoundParameter();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
