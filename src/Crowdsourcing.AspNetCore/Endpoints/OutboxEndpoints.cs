using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.Notifications;
using Crowdsourcing.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>How many dead letters a requeue of all of them put back.</summary>
/// <param name="Requeued">The number requeued.</param>
internal sealed record RequeueAllResult(int Requeued);

/// <summary>The outbox: its statistics, its notifications by status, and requeueing dead letters (organisers and
/// administrators, <see cref="IOutboxService"/>).</summary>
internal static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/outbox").WithTags("Outbox").RequireAuthorization(CrowdsourcingPolicies.Organiser);

        group.MapGet("/", async (IOutboxService outbox, CancellationToken ct) =>
                TypedResults.Ok(await outbox.GetStatisticsAsync(ct)))
            .SignedInProblems()
            .WithSummary("The outbox's counts by status and the age of its oldest pending notification (organisers and administrators).");

        group.MapGet("/notifications", async (string? status, string? after, string? limit, IOutboxService outbox, CancellationToken ct) =>
            {
                var which = status is null ? NotificationStatus.Failed : EnumNames.Parse<NotificationStatus>(status, "status");
                return TypedResults.Ok(await ToListAsync(outbox.ListAsync(which, Page(after, limit), ct), ct));
            })
            .SignedInProblems()
            .ProducesValidationProblem()
            .WithSummary("The notifications in one status by id (?status= pending, delivered or failed — the dead letters, the default; ?after= the last id of the previous page, ?limit= 1 to 1000, default 100), each with its attempt history.");

        group.MapPost("/notifications/{notificationKey}/requeue", async (string notificationKey, IOutboxService outbox, CancellationToken ct) =>
            {
                Limits.CheckKey(notificationKey, nameof(notificationKey));
                return TypedResults.Ok(await outbox.RequeueAsync(notificationKey, ct));
            })
            .SignedInProblems()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Requeue one dead letter: due now, with a new retry window, its attempt history kept (409 when it is not a dead letter; nothing changes).");

        group.MapPost("/requeue", async (IOutboxService outbox, CancellationToken ct) =>
                TypedResults.Ok(new RequeueAllResult(await outbox.RequeueAllAsync(ct))))
            .SignedInProblems()
            .WithSummary("Requeue every dead letter, for example after an outage longer than the retry window.");

        return app;
    }
}
