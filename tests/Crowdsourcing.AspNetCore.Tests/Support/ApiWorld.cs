using System.Net;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.AspNetCore.Tests.Support;

/// <summary>
/// A small world set up through the API by the people who may: the administrator registers the participants, the
/// organiser stores a confidential task (Internal and TrustedPartners), a questionnaire of two workload sections and
/// one data-centre section, and a campaign over them (so "organiser" organises it; "other-organiser" organises
/// another, whose crowd is the trusted partners only). Every user has signed in (bearer tokens). Shared by the tests of
/// one class; each test uses its own assignment ids.
/// </summary>
public sealed class ApiWorld : IAsyncLifetime
{
    public const string CampaignId = "client-assessments";
    public const string OtherCampaignId = "partner-assessments";
    public const string TaskId = "client-discovery";
    public const string QuestionnaireId = "client-assessment";

    public ApiHost Host { get; private set; } = null!;

    /// <summary>The organiser of <see cref="CampaignId"/>.</summary>
    public HttpClient Organiser => Host.As("organiser");

    /// <summary>The administrator.</summary>
    public HttpClient Admin => Host.As("admin");

    /// <summary>Someone signed in as <paramref name="user"/>.</summary>
    public HttpClient As(string user) => Host.As(user);

    /// <summary>Starts the host; <see cref="InitializeAsync"/> then builds the world.</summary>
    public Func<Task<ApiHost>> Start { get; init; } = () => ApiHost.StartAsync();

    /// <summary>w1: w1-q1, w1-q2 mandatory text, w1-q3 optional number 0-100; w2: w2-q1 mandatory choice; d1: d1-q1 mandatory date.</summary>
    public static Questionnaire Questionnaire() => new(QuestionnaireId, "Client assessment", "client",
    [
        new QuestionnaireSection("w1", "Workload 1", "workload",
        [
            new Question("w1-q1", "Which software does the client run?"),
            new Question("w1-q2", "Who operates it?"),
            new Question("w1-q3", "How many users (0-100 thousand)?", AnswerType.Number, mandatory: false, new AnswerConstraints { Minimum = 0, Maximum = 100 }),
        ]),
        new QuestionnaireSection("w2", "Workload 2", "workload",
        [
            new Question("w2-q1", "Where is it hosted?", AnswerType.SingleChoice, constraints: new AnswerConstraints { Choices = ["on-premises", "cloud"] }),
        ]),
        new QuestionnaireSection("d1", "Data centre 1", "datacenter",
        [
            new Question("d1-q1", "When does the lease end?", AnswerType.Date),
        ]),
    ]);

    /// <summary>The campaign: crowd Internal + TrustedPartners; "workload-detail" needs four workload answers; readiness poor / fair / good.</summary>
    public static Campaign Campaign(string id = CampaignId, string questionnaireId = QuestionnaireId) =>
        new(id, "Client assessments", TaskId, questionnaireId,
            new CrowdSelection([CrowdLayer.Internal, CrowdLayer.TrustedPartners]),
            [new MinimumAnsweredQuestionsRule("workload-detail", "workload", 4)],
            new ReadinessScale(
            [
                new ReadinessLevel("poor"),
                new ReadinessLevel("fair", [new MinimumCompletedSectionsRule("fair-workloads", "workload", 1)]),
                new ReadinessLevel("good", [new MinimumCompletedSectionsRule("good-workloads", "workload", 2), new MinimumCompletedSectionsRule("good-datacenters", "datacenter", 1)]),
            ]),
            new ReminderPolicy(TimeSpan.FromDays(7), TimeSpan.FromDays(21), 3),
            "crowdarb-paper", 100, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(7));

    public static Participant Participant(string id, CrowdLayer layer = CrowdLayer.Internal, string? managerId = null, IReadOnlyList<string>? colleagues = null) =>
        new(id, $"Expert {id}", layer, $"{id}@example.com", null, managerId, colleagues);

    /// <summary>Every mandatory question answered validly.</summary>
    public static object[] MandatoryAnswers() =>
    [
        new { questionId = "w1-q1", value = "ERP" },
        new { questionId = "w1-q2", value = "The client's IT" },
        new { questionId = "w2-q1", value = "cloud" },
        new { questionId = "d1-q1", value = "2027-06-30" },
    ];

    public async Task InitializeAsync()
    {
        Host = await Start();
        foreach (var user in ApiHost.Users)
        {
            await Host.SignInAsync(user);
        }

        await Created(await Organiser.PostAsync("/tasks", Http.Model(new CrowdTask(TaskId, "Client discovery", TaskKind.MacroTask, Confidentiality.Confidential, [CrowdLayer.Internal, CrowdLayer.TrustedPartners]))));
        await Created(await Organiser.PostAsync("/questionnaires", Http.Model(Questionnaire())));
        foreach (var participant in new[]
        {
            Participant("boss"),
            Participant("alice", managerId: "boss", colleagues: ["bob", "carol", "outsider", "partner"]),
            Participant("bob", managerId: "boss", colleagues: ["alice", "carol"]),
            Participant("carol", colleagues: ["alice", "bob"]),
            Participant("partner", CrowdLayer.TrustedPartners, colleagues: ["alice"]),
            Participant("outsider", CrowdLayer.General),
            Participant("community", CrowdLayer.Prequalified),
        })
        {
            await Created(await Admin.PostAsync("/participants", Http.Model(participant)));
        }

        await Created(await Organiser.PostAsync("/campaigns", Http.Model(Campaign())));
        await Created(await As("other-organiser").PostAsync("/campaigns", Http.Model(Campaign(OtherCampaignId) with { Crowd = new CrowdSelection([CrowdLayer.TrustedPartners]) })));
    }

    /// <summary>The organiser creates a knowledge request about client "acme" for the given experts (default alice).</summary>
    public async Task AssignAsync(string id, params string[] assignees) =>
        await Created(await Http.PostAsync(Organiser, "/assignments", new { id, campaignId = CampaignId, subject = new { id = "acme", name = "ACME Corp" }, assigneeIds = assignees.Length > 0 ? assignees : ["alice"] }));

    /// <summary>The response version a participant reads now.</summary>
    public async Task<long> ResponseVersionAsync(string assignmentId, string participantId)
    {
        var view = await Http.ReadAsync(await As(participantId).GetAsync($"/assignments/{assignmentId}"));
        return (long)view["response"]!["version"]!;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static async Task Created(HttpResponseMessage response) => await Http.ReadAsync(response, HttpStatusCode.Created);
}
