using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Incentives;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Abstractions.Tests.TestSupport;

/// <summary>Fully populated, valid instances of every model type, with fixed dates so snapshots are stable.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset End = new(2026, 6, 26, 17, 0, 0, TimeSpan.Zero);

    public static readonly string TooLongId = new('x', 201);

    public static CrowdTask Task() => new(
        "task-cloud-readiness",
        "Cloud readiness of key clients",
        TaskKind.MacroTask,
        Confidentiality.Confidential,
        [CrowdLayer.Internal, CrowdLayer.TrustedPartners],
        businessModel: "Experts assess clients so that sales can propose migrations.",
        expectedOutcomes: ["A readiness assessment per client", "A list of migration candidates"],
        timetable: new Timetable(Start, End),
        milestones: [new Milestone("Questionnaires sent", Start.AddDays(7)), new Milestone("Workshop", End)],
        keyIndicators: [new KeyIndicator("Validated client assessments", 120, "assessments"), new KeyIndicator("Response rate", 0.8)])
    {
        Version = 3,
        ModifiedBy = "lead-1",
        ModifiedAt = Start.AddDays(1),
    };

    public static Participant Participant() => new(
        "expert-7",
        "Ada Lovelace",
        CrowdLayer.Internal,
        email: "ada@example.com",
        qualifications: ["cloud-architecture", "data-centre"],
        managerId: "manager-2",
        colleagueIds: ["expert-8", "expert-9"])
    {
        Version = 2,
        ModifiedBy = "admin",
        ModifiedAt = Start,
    };

    public static Question TextQuestion(string id = "q-notes", AnswerConstraints? constraints = null) =>
        new(id, "Notes", AnswerType.Text, mandatory: false, constraints);

    public static Questionnaire Questionnaire() => new(
        "client-readiness",
        "Client cloud readiness",
        "client",
        [
            new QuestionnaireSection("workload-1", "Main workload", "workload",
            [
                new Question("wl1-name", "Name of the workload", AnswerType.Text, true, new AnswerConstraints { MinLength = 2, MaxLength = 80, Pattern = "[A-Za-z0-9 -]+" }),
                new Question("wl1-servers", "Number of servers", AnswerType.WholeNumber, true, new AnswerConstraints { Minimum = 1, Maximum = 10000 }),
                new Question("wl1-utilisation", "Average CPU utilisation", AnswerType.Number, false, new AnswerConstraints { Minimum = 0, Maximum = 1 }),
                new Question("wl1-virtualised", "Is it virtualised?", AnswerType.Boolean),
            ]),
            new QuestionnaireSection("datacenter-1", "Main data centre", "datacenter",
            [
                new Question("dc1-lease-end", "When does the lease end?", AnswerType.Date, false),
                new Question("dc1-tier", "Tier", AnswerType.SingleChoice, true, new AnswerConstraints { Choices = ["I", "II", "III", "IV"] }),
                new Question("dc1-certifications", "Certifications", AnswerType.MultipleChoice, false, new AnswerConstraints { Choices = ["iso-27001", "soc-2", "pci-dss"] }),
            ]),
        ])
    {
        Version = 1,
        ModifiedBy = "lead-1",
        ModifiedAt = Start,
    };

    public static Delegation Delegation(string id = "del-1", string from = "expert-7", string to = "expert-8") =>
        new(id, from, to, ["dc1-tier", "dc1-certifications"], "You know the data centre better.", Start.AddDays(3));

    public static Assignment Assignment() => new(
        "asg-acme",
        "campaign-2026",
        "task-cloud-readiness",
        "client-readiness",
        new Subject("client-acme", "ACME Corp."),
        ["expert-7", "expert-9"],
        AssignmentStatus.Reopened,
        Start,
        delegations: [Delegation(), Delegation("del-2", "expert-9", "expert-10")],
        feedback: ["Please complete the data-centre section.", "The server count looks low."])
    {
        Version = 4,
        ModifiedBy = "reviewer-1",
        ModifiedAt = Start.AddDays(10),
    };

    public static Response Response() => new(
        "asg-acme",
        [
            new Answer("wl1-name", "ERP", "expert-7", Start.AddDays(2)),
            new Answer("wl1-servers", "42", "expert-7", Start.AddDays(2)),
            new Answer("dc1-tier", "III", "expert-8", Start.AddDays(4)),
        ])
    {
        Version = 5,
        ModifiedBy = "expert-8",
        ModifiedAt = Start.AddDays(4),
    };

    public static FixedReward FixedReward() => new("Participation fee", 150.00m, "EUR");

    public static PerformanceBonus PerformanceBonus() => new("Quality bonus", 75.50m, "EUR", "Assessment accepted without reopening");

    public static PrizeLadder PrizeLadder() => new("Contest prizes", [5000m, 2500m, 1000m], "USD");

    public static NonMonetaryRecognition NonMonetary() => new("Expert of the month", "Named on the intranet home page", Motivation.Intrinsic);

    public static RequiredQuestionsRule RequiredQuestions() => new("required-core", ["wl1-name", "wl1-servers"]);

    public static MinimumAnsweredQuestionsRule MinimumAnswered() => new("workload-answers", "workload", 3);

    public static MinimumCompletedSectionsRule MinimumCompleted() => new("datacenter-sections", "datacenter", 1);

    public static CustomQualityRule Custom() => new("plausible-servers", "server-count-plausibility", new Dictionary<string, string> { ["max-ratio"] = "3.5", ["compare-with"] = "crm" });

    public static QualityAssessment FailedAssessment() => new(
        "asg-acme",
        false,
        [new QualityViolation("datacenter-sections", "No data-centre section is complete."), new QualityViolation("required-core", "Question 'wl1-servers' is not answered.")],
        "poor",
        Start.AddDays(5));

    public static ParticipantBelief Belief() => new("campaign-2026", "expert-7", 2, [0.25, 0.5, 0.25]);

    public static DecisionCycleRecord Cycle() => new(
        "campaign-2026",
        3,
        Start.AddDays(21),
        [new ContactRecord("expert-7", "email", 12.5, 2), new ContactRecord("expert-9", "email", 3.25, 2)],
        1234.5);

    public static Notification Notification() => new("notif-1", "email", "expert-7", "reminder", "Your assessment of ACME Corp.", "Two questions are still open.", Start.AddDays(6))
    {
        Status = NotificationStatus.Pending,
        Attempts = 2,
        NextAttemptAt = Start.AddDays(6).AddMinutes(30),
        LeaseOwner = "host-a",
        LeaseExpiresAt = Start.AddDays(6).AddMinutes(5),
        DeliveredAt = null,
        LastError = "SMTP 451: try again later",
        Version = 3,
        ModifiedBy = "outbox",
        ModifiedAt = Start.AddDays(6).AddMinutes(1),
    };

    public static CrowdSelection Crowd() => new([CrowdLayer.Internal, CrowdLayer.TrustedPartners], ["cloud-architecture"], ["expert-42"]);

    public static ReminderPolicy Reminders() => new(TimeSpan.FromDays(3), TimeSpan.FromDays(10), 2);

    public static Campaign Campaign() => new(
        "campaign-2026",
        "Cloud readiness 2026",
        "task-cloud-readiness",
        "client-readiness",
        Crowd(),
        [RequiredQuestions(), MinimumCompleted()],
        ReadinessScale.CrowdArbPaper,
        Reminders(),
        "crowdarb-paper",
        250.5,
        Start,
        TimeSpan.FromDays(7),
        [FixedReward(), NonMonetary()])
    {
        Version = 2,
        ModifiedBy = "lead-1",
        ModifiedAt = Start.AddDays(-1),
    };
}
