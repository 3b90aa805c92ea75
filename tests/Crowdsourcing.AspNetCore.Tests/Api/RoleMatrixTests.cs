using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using Crowdsourcing.Crowd;
using Crowdsourcing.Tasks;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>
/// Every endpoint × every role: the status each gets, and that every refused call changed nothing in the store. The
/// world is <see cref="ApiWorld"/> plus knowledge request "m-1" (assignee alice, who delegated w1-q1 to her colleague
/// bob) and one recorded cycle. Roles: anonymous; the participant (alice, the assignee); another participant (carol, a
/// colleague who is not on the request); the delegate (bob); the manager (boss, alice's manager); the organiser of this
/// campaign; the organiser of another campaign (whose crowd is the trusted partners); the administrator.
/// </summary>
public sealed class RoleMatrixTests
{
    /// <summary>The roles, in the order their calls are made.</summary>
    public static readonly (string Role, string? User)[] Roles =
    [
        ("anonymous", null),
        ("another participant", "carol"),
        ("manager", "boss"),
        ("organiser of another campaign", "other-organiser"),
        ("delegate", "bob"),
        ("participant", "alice"),
        ("organiser of this campaign", "organiser"),
        ("administrator", "admin"),
    ];

    private const string C = "/campaigns/" + ApiWorld.CampaignId;

    /// <summary>One endpoint: how to call it, and the status per role (anonymous, another participant, manager,
    /// organiser of another, delegate, participant, organiser, administrator).</summary>
    public sealed record Endpoint(string Method, string Path, Func<object?>? Body, int[] Expected)
    {
        public bool IsWrite => Method != "GET";

        public override string ToString() => $"{Method} {Path}";
    }

    private static readonly int[] OrganisersOfThisCampaign = [401, 403, 403, 403, 403, 403, 200, 200];
    private static readonly int[] Everyone = [401, 200, 200, 200, 200, 200, 200, 200];
    private static readonly int[] Contributors = [401, 403, 403, 403, 200, 200, 200, 200];
    private static readonly int[] OrganiserRole = [401, 403, 403, 201, 403, 403, 201, 201];

    public static readonly Endpoint[] Endpoints =
    [
        new("GET", "/me", null, Everyone),
        new("GET", "/me/escalations", null, Everyone),
        new("GET", "/antiforgery/token", null, Everyone),
        new("GET", "/campaigns", null, Everyone),
        new("GET", C, null, OrganisersOfThisCampaign),
        new("GET", C + "/crowd", null, OrganisersOfThisCampaign),
        new("GET", C + "/assignments", null, OrganisersOfThisCampaign),
        new("GET", C + "/collaboration", null, OrganisersOfThisCampaign),
        new("GET", C + "/cycles", null, OrganisersOfThisCampaign),
        new("GET", C + "/cycles/1", null, OrganisersOfThisCampaign),
        new("GET", C + "/contacts/next", null, OrganisersOfThisCampaign),
        new("GET", C + "/workshop", null, OrganisersOfThisCampaign),
        new("GET", C + "/heatmap?resolution=4", null, OrganisersOfThisCampaign),
        new("GET", "/tasks", null, Everyone),
        new("GET", "/tasks/" + ApiWorld.TaskId, null, Everyone),
        new("GET", "/questionnaires/" + ApiWorld.QuestionnaireId, null, [401, 403, 403, 200, 403, 403, 200, 200]),
        new("GET", "/participants/alice", null, [401, 403, 403, 403, 403, 200, 200, 200]),
        new("GET", "/assignments", null, Everyone),
        new("GET", "/assignments/m-1", null, Contributors),
        new("GET", "/assignments/m-1/delegations", null, Contributors),
        new("GET", "/assignments/m-1/reviews", null, OrganisersOfThisCampaign),
        new("GET", C + "/reviews", null, OrganisersOfThisCampaign),

        // m-1 is not submitted yet: an organiser's review finds no report to review (404), and nobody else may review.
        new("POST", "/assignments/m-1/reviews", () => Body(new { assessedAt = "2026-03-02T09:00:00Z", reviewedLevel = "fair" }), [401, 403, 403, 403, 403, 403, 404, 404]),
        new("POST", "/tasks", () => Model(new CrowdTask("new-task", "A new task", TaskKind.MicroTask, Confidentiality.Public, [CrowdLayer.General])), OrganiserRole),
        new("POST", "/questionnaires", () => Model(ApiWorld.Questionnaire() with { Id = "new-questionnaire" }), OrganiserRole),
        new("POST", "/participants", () => Model(ApiWorld.Participant("newcomer")), [401, 403, 403, 403, 403, 403, 403, 201]),
        new("POST", "/campaigns", () => Model(ApiWorld.Campaign("new-campaign")), OrganiserRole),
        new("POST", "/assignments", () => Body(new { id = "new-request", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "carol" } }), [401, 403, 403, 403, 403, 403, 201, 201]),
        new("PUT", "/assignments/m-1/draft", () => Body(new { responseVersion = 1, answers = new[] { new { questionId = "w1-q1", value = "ERP" } } }), [401, 403, 403, 403, 200, 200, 403, 403]),
        new("POST", "/assignments/m-1/submission", () => Body(new { responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }), [401, 403, 403, 403, 403, 200, 403, 403]),
        new("POST", "/assignments/m-1/cancellation", () => Body(new { reason = "No longer needed" }), [401, 403, 403, 403, 403, 403, 200, 200]),
        new("POST", "/assignments/m-1/reopen", () => Body(new { reason = "Please check the server count" }), [401, 403, 403, 403, 403, 403, 409, 409]),
        new("DELETE", "/assignments/m-1", null, [401, 403, 403, 403, 403, 403, 403, 409]),
        new("POST", "/assignments/m-1/delegations", () => Body(new { toParticipantId = "carol" }), [401, 403, 403, 403, 201, 201, 403, 403]),
        new("POST", C + "/cycles?force=true", null, [401, 403, 403, 403, 403, 403, 201, 201]),
        new("GET", C + "/decision-settings", null, OrganisersOfThisCampaign),
        new("PUT", C + "/decision-settings", () => Body(new { campaignVersion = 1, settings = new { policy = "planned", workshopWeek = 6, budget = 2 } }), OrganisersOfThisCampaign),
        new("PUT", C + "/cycles/2", null, OrganisersOfThisCampaign),
        new("GET", C + "/plan-report", null, OrganisersOfThisCampaign),
        new("GET", C + "/learning", null, OrganisersOfThisCampaign),
        new("POST", C + "/learning/adopt", () => Body(new { campaignVersion = 1 }), OrganisersOfThisCampaign),
        new("POST", "/roadmap/plans", () => Json(RoadmapApiTests.Spec), [401, 403, 403, 200, 403, 403, 200, 200]),
        new("GET", "/assignments/m-1/reconciliation", null, OrganisersOfThisCampaign),
        new("POST", C + "/reconciliation", null, OrganisersOfThisCampaign),
        new("GET", C + "/reliabilities", null, OrganisersOfThisCampaign),
        new("POST", C + "/reliabilities/seed", () => Body(new { fromCampaignId = ApiWorld.OtherCampaignId }), [401, 403, 403, 403, 403, 403, 403, 200]),
        new("GET", C + "/gold", null, OrganisersOfThisCampaign),
        new("PUT", C + "/gold/acme/w2-q1", () => Body(new { value = "cloud" }), OrganisersOfThisCampaign),
        new("DELETE", C + "/gold/acme/w2-q1", null, OrganisersOfThisCampaign),
        new("POST", C + "/another-answer", () => Body(new { subjectId = "acme", questionId = "w2-q1" }), OrganisersOfThisCampaign),
        new("GET", C + "/another-answer", null, OrganisersOfThisCampaign),
        new("GET", "/outbox", null, [401, 403, 403, 200, 403, 403, 200, 200]),
        new("GET", "/outbox/notifications?status=pending", null, [401, 403, 403, 200, 403, 403, 200, 200]),
        new("POST", "/outbox/notifications/assignment-created:m-1:alice/requeue", null, [401, 403, 403, 409, 403, 403, 409, 409]),
        new("POST", "/outbox/requeue", null, [401, 403, 403, 200, 403, 403, 200, 200]),
        new("POST", "/logout", null, [401, 204, 204, 204, 204, 204, 204, 204]),
    ];

    public static TheoryData<string> EndpointNames()
    {
        var data = new TheoryData<string>();
        foreach (var endpoint in Endpoints)
        {
            data.Add(endpoint.ToString());
        }

        return data;
    }

    [Fact]
    public async Task The_table_covers_every_endpoint_the_api_maps()
    {
        var mapped = (await ApiRoutes.MappedAsync()).Where(r => r != "POST /login").Order(StringComparer.Ordinal).ToList();
        var covered = Endpoints.Select(e => $"{e.Method} {ApiRoutes.Pattern(e.Path)}").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mapped, covered);
    }

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task Each_role_gets_its_status_and_a_refused_call_changes_nothing(string name)
    {
        var endpoint = Endpoints.Single(e => e.ToString() == name);
        Assert.Equal(Roles.Length, endpoint.Expected.Length);
        var world = await MatrixWorldAsync();
        try
        {
            for (var i = 0; i < Roles.Length; i++)
            {
                var (role, user) = Roles[i];
                var expected = endpoint.Expected[i];
                var succeeds = expected < 300;

                // A write that succeeds gets a world of its own, so that every allowed role is tested on the same state.
                var target = succeeds && endpoint.IsWrite && i > 0 && endpoint.Expected[..i].Any(e => e < 300) ? await MatrixWorldAsync() : world;
                try
                {
                    var before = await StoreSnapshot.TakeAsync(target.Host.Services);
                    using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path) { Content = endpoint.Body?.Invoke() as HttpContent };
                    var client = user is null ? target.Host.Anonymous() : target.As(user);
                    var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True((int)response.StatusCode == expected, $"{endpoint} as {role} ({user ?? "nobody"}): expected {expected}, got {(int)response.StatusCode}: {text}");
                    if (!succeeds)
                    {
                        await ProblemAsync(response, (HttpStatusCode)expected);
                        Assert.Equal(before, await StoreSnapshot.TakeAsync(target.Host.Services));
                    }
                }
                finally
                {
                    if (!ReferenceEquals(target, world))
                    {
                        await target.DisposeAsync();
                    }
                }
            }
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    /// <summary>The world of the matrix: <see cref="ApiWorld"/>, request m-1 for alice with w1-q1 delegated to bob, cycle 1 recorded.</summary>
    private static async Task<ApiWorld> MatrixWorldAsync()
    {
        var world = new ApiWorld();
        await world.InitializeAsync();
        await world.AssignAsync("m-1", "alice");
        await ReadAsync(await PostAsync(world.As("alice"), "/assignments/m-1/delegations", new { toParticipantId = "bob", questionIds = new[] { "w1-q1" } }), HttpStatusCode.Created);
        await ReadAsync(await world.Organiser.PutAsync(C + "/cycles/1", null));
        return world;
    }
}
