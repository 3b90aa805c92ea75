using Crowdsourcing.Access;
using Crowdsourcing.AspNetCore.Access;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Options;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.Endpoints.EndpointSupport;

namespace Crowdsourcing.AspNetCore.Endpoints;

/// <summary>What a campaign is built from: tasks, questionnaires and participants (idempotent inserts by id).</summary>
internal static class SetupEndpoints
{
    public static IEndpointRouteBuilder MapSetupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/").WithTags("Setup");

        group.MapPost("/tasks", async (HttpRequest request, ITaskCatalog catalog, CancellationToken ct) =>
            {
                var outcome = await catalog.CreateAsync(await ReadAsync<CrowdTask>(request, ct), ct);
                return Created($"/tasks/{Escape(outcome.Record.Id)}", outcome.Record);
            })
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .Accepts<CrowdTask>("application/json")
            .Produces<CrowdTask>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Store a task (organisers): what is crowdsourced, its confidentiality and the crowd layers that may see it. Idempotent by id; modifiedBy is the signed-in organiser.");

        group.MapPost("/questionnaires", async (HttpRequest request, ICrowdsourcingStore store, AccessPolicy access, InputLimits limits, TimeProvider time, CancellationToken ct) =>
            {
                var questionnaire = limits.Check(await ReadAsync<Questionnaire>(request, ct));
                var actor = access.RequireOrganiserRole("create questionnaires", questionnaire.Id);
                var outcome = await store.Questionnaires.InsertAsync(questionnaire with { ModifiedBy = actor.Id, ModifiedAt = time.GetUtcNow() }, ct);
                return Created($"/questionnaires/{Escape(outcome.Record.Id)}", outcome.Record);
            })
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .Accepts<Questionnaire>("application/json")
            .Produces<Questionnaire>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Store a questionnaire (organisers): sections grouped by tag, typed questions. Idempotent by id.");

        group.MapGet("/questionnaires/{questionnaireId}", async (string questionnaireId, ICrowdsourcingStore store, CancellationToken ct) =>
                TypedResults.Ok(await store.Questionnaires.FindAsync(questionnaireId, ct) ?? throw new NotFoundException(nameof(Questionnaire), questionnaireId)))
            .RequireAuthorization(CrowdsourcingPolicies.Organiser)
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a questionnaire (organisers; contributors see it with their knowledge request).");

        group.MapPost("/participants", async (HttpRequest request, ICrowdsourcingStore store, AccessPolicy access, InputLimits limits, TimeProvider time, CancellationToken ct) =>
            {
                var participant = limits.Check(await ReadAsync<Participant>(request, ct));
                var actor = access.RequireAdministrator("register participants", participant.Id);
                var outcome = await store.Participants.InsertAsync(participant with { ModifiedBy = actor.Id, ModifiedAt = time.GetUtcNow() }, ct);
                return Created($"/participants/{Escape(outcome.Record.Id)}", outcome.Record);
            })
            .RequireAuthorization(CrowdsourcingPolicies.Administrator)
            .Accepts<Participant>("application/json")
            .Produces<Participant>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Register a participant (administrators; usually the enterprise directory's synchronisation does): crowd layer, qualifications, manager, colleagues. Idempotent by id.");

        group.MapGet("/participants/{participantId}", async (string participantId, ICrowdsourcingStore store, ICampaignService campaigns, AccessPolicy access, CancellationToken ct) =>
            {
                var operation = $"see participant '{participantId}'";
                var actor = access.RequireActor(operation);
                if (!string.Equals(actor.Id, participantId, StringComparison.Ordinal) && !actor.IsAdministrator)
                {
                    if (!actor.IsOrganiser)
                    {
                        throw access.Refuse(actor, operation, participantId, "only the participant, the organisers of a campaign whose crowd they are in and administrators may");
                    }

                    if (!await InACrowdTheyOrganiseAsync(campaigns, participantId, ct))
                    {
                        throw access.Refuse(actor, operation, participantId, "they organise no campaign whose crowd this participant is in");
                    }
                }

                return TypedResults.Ok(await store.Participants.FindAsync(participantId, ct) ?? throw new NotFoundException(nameof(Participant), participantId));
            })
            .SignedInProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A participant's record (personal data): for the participant, the organisers of a campaign whose crowd they are in, and administrators.");

        return app;
    }

    /// <summary>Whether the participant is in the crowd of a campaign the actor organises (the runtime lists only those).</summary>
    private static async Task<bool> InACrowdTheyOrganiseAsync(ICampaignService campaigns, string participantId, CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await ToListAsync(campaigns.ListAsync(new PageRequest(after, MaximumPageSize), cancellationToken), cancellationToken);
            foreach (var campaign in page)
            {
                await foreach (var member in campaigns.ListCrowdAsync(campaign.Id, cancellationToken))
                {
                    if (string.Equals(member.Id, participantId, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            if (page.Count < MaximumPageSize)
            {
                return false;
            }

            after = page[^1].Id;
        }
    }
}
