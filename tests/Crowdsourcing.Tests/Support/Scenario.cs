using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Tests.Support;

/// <summary>Small builders of the model for tests, and a seeded world to run the services on.</summary>
public static class Scenario
{
    public const string CampaignId = "client-assessments";
    public const string TaskId = "client-discovery";
    public const string QuestionnaireId = "client-assessment";
    public const string Admin = "admin";

    /// <summary>
    /// A small questionnaire: two workload sections (w1: w1-q1, w1-q2 mandatory, w1-q3 optional number 0-100; w2:
    /// w2-q1 mandatory choice "on-premises"/"cloud"), one data-centre section (d1: d1-q1 mandatory date).
    /// </summary>
    public static Questionnaire SmallQuestionnaire(string id = QuestionnaireId) => new(id, "Client assessment", "client",
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

    /// <summary>Every mandatory question of <see cref="SmallQuestionnaire"/> answered validly.</summary>
    public static IReadOnlyList<AnswerInput> AllMandatoryAnswers() =>
    [
        new("w1-q1", "ERP"),
        new("w1-q2", "The client's IT"),
        new("w2-q1", "cloud"),
        new("d1-q1", "2027-06-30"),
    ];

    /// <summary>A task of the given confidentiality, allowing the given layers (default: every layer it permits).</summary>
    public static CrowdTask Task(string id = TaskId, Confidentiality confidentiality = Confidentiality.Confidential, params CrowdLayer[] layers) =>
        new(id, "Client discovery", TaskKind.MacroTask, confidentiality, layers.Length > 0 ? layers : Enum.GetValues<CrowdLayer>().Where(l => l <= confidentiality.FarthestAllowedLayer()).ToArray());

    /// <summary>A participant with an e-mail address derived from the id.</summary>
    public static Participant Participant(string id, CrowdLayer layer = CrowdLayer.Internal, string? managerId = null, IReadOnlyList<string>? colleagues = null, IReadOnlyList<string>? qualifications = null) =>
        new(id, $"Expert {id}", layer, $"{id}@example.com", qualifications, managerId, colleagues);

    /// <summary>
    /// A campaign over <see cref="SmallQuestionnaire"/>: crowd = the Internal and TrustedPartners layers; one quality
    /// rule "workload-detail" (four answers in the workload sections, so the optional w1-q3 is needed to pass);
    /// readiness poor / fair (one workload section complete) / good (two, and the data-centre section);
    /// reminders weekly, escalation after three weeks, at most three reminders.
    /// </summary>
    public static Campaign Campaign(string id = CampaignId, string taskId = TaskId, string questionnaireId = QuestionnaireId, CrowdSelection? crowd = null, IReadOnlyList<QualityRule>? rules = null, ReadinessScale? readiness = null, ReminderPolicy? reminders = null) =>
        new(id, "Client assessments", taskId, questionnaireId,
            crowd ?? new CrowdSelection([CrowdLayer.Internal, CrowdLayer.TrustedPartners]),
            rules ?? [new MinimumAnsweredQuestionsRule("workload-detail", "workload", 4)],
            readiness ?? new ReadinessScale(
            [
                new ReadinessLevel("poor"),
                new ReadinessLevel("fair", [new MinimumCompletedSectionsRule("fair-workloads", "workload", 1)]),
                new ReadinessLevel("good", [new MinimumCompletedSectionsRule("good-workloads", "workload", 2), new MinimumCompletedSectionsRule("good-datacenters", "datacenter", 1)]),
            ]),
            reminders ?? new ReminderPolicy(TimeSpan.FromDays(7), TimeSpan.FromDays(21), 3),
            "crowdarb-paper", 100, ManualTimeProvider.DefaultStart, TimeSpan.FromDays(7));

    /// <summary>
    /// Seeds a world: the confidential task (Internal and TrustedPartners), the small questionnaire, the campaign, and
    /// participants: alice and bob (Internal, colleagues of each other and of carol; manager "boss"), carol (Internal),
    /// "boss" (Internal), partner (TrustedPartners), outsider (General; alice's colleague too) and community
    /// (Prequalified).
    /// </summary>
    public static async Task SeedAsync(TestHost host, Campaign? campaign = null, CrowdTask? task = null)
    {
        var store = host.Store;
        await store.Tasks.InsertAsync(task ?? Task());
        await store.Questionnaires.InsertAsync(SmallQuestionnaire());
        await store.Participants.InsertAsync(Participant("boss"));
        await store.Participants.InsertAsync(Participant("alice", managerId: "boss", colleagues: ["bob", "carol", "outsider", "partner"]));
        await store.Participants.InsertAsync(Participant("bob", managerId: "boss", colleagues: ["alice", "carol"]));
        await store.Participants.InsertAsync(Participant("carol", colleagues: ["alice", "bob"]));
        await store.Participants.InsertAsync(Participant("partner", CrowdLayer.TrustedPartners, colleagues: ["alice"]));
        await store.Participants.InsertAsync(Participant("outsider", CrowdLayer.General));
        await store.Participants.InsertAsync(Participant("community", CrowdLayer.Prequalified));
        await host.Campaigns.CreateAsync(campaign ?? Campaign(), Admin);
    }

    /// <summary>Creates an assignment about client "acme" for the given experts (default alice).</summary>
    public static async Task<Assignment> AssignAsync(TestHost host, string id = "a-1", params string[] assignees) =>
        await host.Assignments.CreateAsync(new NewAssignment(id, CampaignId, new Subject("acme", "ACME Corp"), assignees.Length > 0 ? assignees : ["alice"]));
}
