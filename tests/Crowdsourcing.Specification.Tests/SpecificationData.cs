using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Incentives;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Specification.Tests;

/// <summary>Builders for valid test records, and the strings used to attack a provider's queries.</summary>
public static class SpecificationData
{
    /// <summary>The fixed "now" of the suite.</summary>
    public static DateTimeOffset T0 { get; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Strings that break naive SQL, encodings or collations. None contains a control character other than
    /// whitespace, or NUL (which no database text type stores).</summary>
    public static IReadOnlyList<string> HostileStrings { get; } =
    [
        "O'Brien",
        "\"double quoted\"",
        "semi;colon;",
        "'; DROP TABLE x; --",
        "Robert'); DROP TABLE participants;--",
        "back\\slash \\' \\\"",
        "percent % and _underscore_ LIKE",
        "<xml attr=\"1\">&amp;</xml>",
        "emoji 🧑‍💻🚀👍🏽",
        "RTL مرحبا بالعالم ‏ עברית",
        "combining e\u0301 and zero\u200Bwidth",
        "CJK 漢字かなカナ 한국어",
        "$1 $$dollar$$ ?param @name :name {0}",
    ];

    /// <summary>Valid ids (<see cref="Limits.IdAlphabet"/>) that still break naive SQL and collations: LIKE wildcards,
    /// dots, mixed case, every punctuation the alphabet allows, the longest length.</summary>
    public static IReadOnlyList<string> HostileIds { get; } =
    [
        "percent_underscore_LIKE",
        "_",
        "a_b",
        "a-b",
        "O.Brien",
        "x.y.z",
        "~tilde~",
        "at@sign",
        "Robert--DROP-TABLE",
        "UPPER",
        "lower",
        "0123",
        "Z@~_-.9",
        new string('m', Limits.MaxIdLength),
    ];

    /// <summary>The valid id that stands for a hostile string in a test of ids: <c>h-</c> and its position.</summary>
    public static string HostileIdFor(string hostile) =>
        "h-" + HostileStrings.Select((s, i) => (s, i)).First(p => p.s == hostile).i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A text of exactly <paramref name="length"/> UTF-16 code units mixing ASCII, quotes, RTL text and emoji
    /// (surrogate pairs are never split).</summary>
    public static string LongText(int length)
    {
        const string Pattern = "Answer ';-- \"q\" مرحبا 漢字 🚀 ";
        var builder = new System.Text.StringBuilder(length + Pattern.Length);
        while (builder.Length < length)
        {
            builder.Append(Pattern);
        }

        var text = builder.ToString(0, length);
        return char.IsHighSurrogate(text[^1]) ? text[..^1] + "x" : text;
    }

    /// <summary>A public task visible to every layer.</summary>
    public static CrowdTask NewTask(string id, string name = "Assess the client's data centres", Confidentiality confidentiality = Confidentiality.Public, params CrowdLayer[] layers) =>
        new(
            id,
            name,
            TaskKind.MacroTask,
            confidentiality,
            layers.Length == 0 ? [CrowdLayer.Internal, CrowdLayer.TrustedPartners, CrowdLayer.Prequalified, CrowdLayer.General] : layers,
            businessModel: "Pre-sales knowledge for cloud migration offers",
            expectedOutcomes: ["validated client assessments", "a list of ready clients"],
            timetable: new Timetable(T0, T0.AddDays(42)),
            milestones: [new Milestone("kick-off", T0.AddDays(1)), new Milestone("workshop", T0.AddDays(42))],
            keyIndicators: [new KeyIndicator("validated assessments", 40, "assessments")]);

    /// <summary>A participant.</summary>
    public static Participant Participant(string id, CrowdLayer layer = CrowdLayer.Internal, string displayName = "Ada Lovelace", params string[] qualifications) =>
        new(id, displayName, layer, email: "ada@example.com", qualifications: qualifications, managerId: "manager-of-" + id, colleagueIds: ["colleague-of-" + id]);

    /// <summary>A campaign over the paper's readiness scale, with every optional part filled.</summary>
    public static Campaign Campaign(string id, string name = "Client assessments Q4") =>
        new(id, name, "task-1", "questionnaire-1",
            new CrowdSelection([CrowdLayer.Internal, CrowdLayer.TrustedPartners], ["client-rep"], ["participant-1"]),
            [new MinimumCompletedSectionsRule("workloads", "workload", 5), new RequiredQuestionsRule("names", ["w1-name"])],
            ReadinessScale.CrowdArbPaper,
            new ReminderPolicy(TimeSpan.FromDays(3), TimeSpan.FromDays(10), maxReminders: 2),
            "crowdarb-paper",
            9000,
            T0,
            TimeSpan.FromDays(7),
            [new FixedReward("Thank-you voucher", 25m, "EUR"), new NonMonetaryRecognition("Leaderboard", "Top contributors are named at the workshop")]);

    /// <summary>A questionnaire with a workload and a data-centre section.</summary>
    public static Questionnaire Questionnaire(string id, string name = "Client infrastructure") =>
        new(id, name, "client",
        [
            new QuestionnaireSection("workload-1", "Main workload", "workload",
            [
                new Question("w1-name", "What is the workload called?"),
                new Question("w1-servers", "How many servers does it run on?", AnswerType.WholeNumber, mandatory: true, new AnswerConstraints { Minimum = 0, Maximum = 100000 }),
                new Question("w1-tier", "Which tier is it?", AnswerType.SingleChoice, mandatory: false, new AnswerConstraints { Choices = ["gold", "silver", "bronze"] }),
            ]),
            new QuestionnaireSection("datacenter-1", "Main data centre", "datacenter",
            [
                new Question("d1-city", "Where is it?", AnswerType.Text, mandatory: true, new AnswerConstraints { MaxLength = 200 }),
            ]),
        ]);

    /// <summary>A draft assignment in a campaign.</summary>
    public static Assignment Assignment(string id, string campaignId = "campaign-1", string[]? assignees = null, Delegation[]? delegations = null, AssignmentStatus status = AssignmentStatus.Draft) =>
        new(id, campaignId, "task-1", "questionnaire-1", new Subject("client-" + id, "Client of " + id), assignees ?? ["participant-1"], status, T0, delegations, feedback: null);

    /// <summary>A delegation of one question.</summary>
    public static Delegation Delegation(string id, string from, string to) =>
        new(id, from, to, ["w1-servers"], "Could you answer this one?", T0.AddHours(1));

    /// <summary>A response with the given answers (question id, value).</summary>
    public static Response Response(string id, params (string QuestionId, string Value)[] answers) =>
        new(id, answers.Select((a, i) => new Answer(a.QuestionId, a.Value, "participant-1", T0.AddMinutes(i))).ToArray());

    /// <summary>A belief over three states, as of a week.</summary>
    public static ParticipantBelief Belief(string campaignId, string participantId, int week, double poor = 0.2, double fair = 0.3) =>
        new(campaignId, participantId, week, [poor, fair, 1 - poor - fair]);

    /// <summary>A decision cycle contacting the given participants by e-mail.</summary>
    public static DecisionCycleRecord Cycle(string campaignId, int cycle, params string[] contacted) =>
        new(campaignId, cycle, T0.AddDays(7 * cycle), contacted.Select(p => new ContactRecord(p, "email", 1.25, 0.5)).ToArray(), 123.456 + cycle);

    /// <summary>A pending notification, due at <paramref name="due"/> (default: <see cref="T0"/>).</summary>
    public static Notification Notification(string id, string recipientId = "participant-1", DateTimeOffset? due = null, string body = "Please complete your assessment.") =>
        new Notification(id, "email", recipientId, "contact", "Your assessment", body, T0) with { NextAttemptAt = due ?? T0 };

    /// <summary>A failed quality assessment of an assignment.</summary>
    public static QualityAssessment Assessment(string assignmentId, DateTimeOffset at, bool passed = false) =>
        new(assignmentId, passed, passed ? [] : [new QualityViolation("fair-workloads", "Complete 3 more workload sections.")], passed ? "fair" : "poor", at);

    /// <summary>The JSON of a model value, to compare content.</summary>
    public static string Json<T>(T value) => CrowdsourcingJson.Serialize(value);
}
