using Crowdsourcing.Abstractions.Tests.TestSupport;
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

namespace Crowdsourcing.Abstractions.Tests.Serialization;

/// <summary>
/// Each model type of <see cref="CrowdsourcingJsonContext"/>, fully populated: serialised, compared with its approved
/// snapshot, read back and written again to the same text.
/// </summary>
public sealed class JsonSnapshotTests
{
    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["campaign"] = new Case<Campaign>(Samples.Campaign),
        ["crowd-task"] = new Case<CrowdTask>(Samples.Task),
        ["crowd-task-minimal"] = new Case<CrowdTask>(() => new CrowdTask("t-1", "Minimal", TaskKind.SelfOrganized, Confidentiality.Public, [CrowdLayer.General])),
        ["participant"] = new Case<Participant>(Samples.Participant),
        ["participant-list"] = new Case<IReadOnlyList<Participant>>(() => [Samples.Participant(), new Participant("expert-8", "Grace Hopper", CrowdLayer.TrustedPartners)]),
        ["questionnaire"] = new Case<Questionnaire>(Samples.Questionnaire),
        ["assignment"] = new Case<Assignment>(Samples.Assignment),
        ["response"] = new Case<Response>(Samples.Response),
        ["incentive-fixed-reward"] = new Case<Incentive>(Samples.FixedReward),
        ["incentive-performance-bonus"] = new Case<Incentive>(Samples.PerformanceBonus),
        ["incentive-prize-ladder"] = new Case<Incentive>(Samples.PrizeLadder),
        ["incentive-non-monetary"] = new Case<Incentive>(Samples.NonMonetary),
        ["incentive-list"] = new Case<IReadOnlyList<Incentive>>(() => [Samples.FixedReward(), Samples.PerformanceBonus(), Samples.PrizeLadder(), Samples.NonMonetary()]),
        ["rule-required-questions"] = new Case<QualityRule>(Samples.RequiredQuestions),
        ["rule-minimum-answered-questions"] = new Case<QualityRule>(Samples.MinimumAnswered),
        ["rule-minimum-completed-sections"] = new Case<QualityRule>(Samples.MinimumCompleted),
        ["rule-custom"] = new Case<QualityRule>(Samples.Custom),
        ["rule-list"] = new Case<IReadOnlyList<QualityRule>>(() => [Samples.RequiredQuestions(), Samples.MinimumAnswered(), Samples.MinimumCompleted(), Samples.Custom()]),
        ["readiness-scale-crowdarb"] = new Case<ReadinessScale>(() => ReadinessScale.CrowdArbPaper),
        ["quality-assessment"] = new Case<QualityAssessment>(Samples.FailedAssessment),
        ["participant-belief"] = new Case<ParticipantBelief>(Samples.Belief),
        ["decision-cycle-record"] = new Case<DecisionCycleRecord>(Samples.Cycle),
        ["notification"] = new Case<Notification>(Samples.Notification),
        ["notification-delivered"] = new Case<Notification>(() => new Notification("notif-2", "webhook", "expert-9", "assignment-created", "New assessment", string.Empty, Samples.Start)
        {
            Status = NotificationStatus.Delivered,
            Attempts = 1,
            DeliveredAt = Samples.Start.AddSeconds(2),
            Version = 2,
        }),
    };

    public static TheoryData<string> AllSnapshots => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(AllSnapshots))]
    public void Serialises_to_the_approved_snapshot(string name) => Snapshot.Match(name, Cases[name].Serialize());

    [Theory]
    [MemberData(nameof(AllSnapshots))]
    public void Approved_snapshot_reads_back_to_the_same_text_and_type(string name) => Cases[name].AssertRoundTrip(name);

    [Fact]
    public void Every_snapshot_type_of_the_context_is_covered()
    {
        var covered = Cases.Values.Select(c => c.ValueType).ToHashSet();
        Type[] contextTypes =
        [
            typeof(Campaign), typeof(CrowdTask), typeof(Participant), typeof(Questionnaire), typeof(Assignment), typeof(Response),
            typeof(Incentive), typeof(IReadOnlyList<Incentive>), typeof(QualityRule), typeof(IReadOnlyList<QualityRule>),
            typeof(ReadinessScale), typeof(QualityAssessment), typeof(ParticipantBelief), typeof(DecisionCycleRecord),
            typeof(Notification), typeof(IReadOnlyList<Participant>),
        ];
        Assert.All(contextTypes, type => Assert.Contains(type, covered));
        Assert.All(contextTypes, type => Assert.NotNull(CrowdsourcingJsonContext.Default.GetTypeInfo(type)));
    }

    [Fact]
    public void Every_incentive_and_rule_type_has_a_snapshot_of_its_own()
    {
        var values = Cases.Values.Select(c => c.Create()).ToArray();
        Assert.All(typeof(Incentive).Assembly.GetTypes().Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(Incentive)) || t.IsSubclassOf(typeof(QualityRule)))), type => Assert.Contains(values, v => v.GetType() == type));
    }

    [Fact]
    public void Every_enum_value_is_written_in_kebab_case()
    {
        Assert.Equal(
            ["contest", "macro-task", "micro-task", "crowdfunding", "self-organized"],
            Enum.GetValues<TaskKind>().Select(kind => ValueOf(CrowdsourcingJson.Serialize(new CrowdTask("t", "T", kind, Confidentiality.Public, [CrowdLayer.General])), "kind")));
        Assert.Equal(
            ["public", "internal", "confidential", "secret"],
            Enum.GetValues<Confidentiality>().Select(level => ValueOf(CrowdsourcingJson.Serialize(new CrowdTask("t", "T", TaskKind.Contest, level, [CrowdLayer.Internal])), "confidentiality")));
        Assert.Equal(
            ["internal", "trusted-partners", "prequalified", "general"],
            Enum.GetValues<CrowdLayer>().Select(layer => ValueOf(CrowdsourcingJson.Serialize(new Participant("p", "P", layer)), "layer")));
        var questionnaire = System.Text.Json.Nodes.JsonNode.Parse(CrowdsourcingJson.Serialize(Samples.Questionnaire()))!;
        Assert.Equal(
            ["text", "whole-number", "number", "boolean", "date", "single-choice", "multiple-choice"],
            questionnaire["sections"]!.AsArray().SelectMany(section => section!["questions"]!.AsArray()).Select(question => (string?)question!["answerType"]));
        Assert.Equal(
            ["draft", "submitted", "reopened", "accepted", "cancelled"],
            Enum.GetValues<AssignmentStatus>().Select(status => ValueOf(CrowdsourcingJson.Serialize(Samples.Assignment() with { Status = status }), "status")));
        Assert.Equal(
            ["intrinsic", "internalized-extrinsic"],
            new[] { Motivation.Intrinsic, Motivation.InternalizedExtrinsic }.Select(aims => ValueOf(CrowdsourcingJson.Serialize<Incentive>(new NonMonetaryRecognition("n", "d", aims)), "aims")));
        Assert.Equal(
            ["pending", "delivered", "failed"],
            Enum.GetValues<NotificationStatus>().Select(status => ValueOf(CrowdsourcingJson.Serialize(Samples.Notification() with { Status = status }), "status")));
    }

    [Fact]
    public void Reading_is_case_insensitive_for_property_names()
    {
        var rule = CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"minimum-answered-questions","ID":"r","SectionGroup":"workload","MINIMUM":2}""");
        Assert.Equal(new MinimumAnsweredQuestionsRule("r", "workload", 2), rule);
    }

    [Fact]
    public async Task DeserializeAsync_reads_a_utf8_stream()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Notification());
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var notification = await CrowdsourcingJson.DeserializeAsync<Notification>(stream);
        Assert.Equal(Samples.Notification(), notification);
    }

    [Fact]
    public void Options_are_the_context_options()
    {
        Assert.Same(CrowdsourcingJsonContext.Default.Options, CrowdsourcingJson.Options);
        Assert.True(CrowdsourcingJson.Options.IsReadOnly);
    }

    [Fact]
    public void Types_outside_the_context_are_not_supported()
    {
        var exception = Assert.Throws<NotSupportedException>(() => CrowdsourcingJson.Serialize(new Crowdsourcing.Storage.ChangeSet()));
        Assert.Contains("ChangeSet is not a model type of CrowdsourcingJsonContext", exception.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => CrowdsourcingJson.Deserialize<Crowdsourcing.Storage.ChangeSet>("{}"));
    }

    private static string? ValueOf(string json, string property)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty(property).GetString();
    }

    private abstract class Case
    {
        public abstract Type ValueType { get; }

        public abstract object Create();

        public abstract string Serialize();

        public abstract void AssertRoundTrip(string name);
    }

    private sealed class Case<T>(Func<T> create) : Case
    {
        /// <summary>The runtime type of a value, or of each item of a list (a list read back is a different list type).</summary>
        private static IEnumerable<Type> TypesOf(object? value) =>
            value is System.Collections.IEnumerable items ? items.Cast<object>().Select(item => item.GetType()) : [value!.GetType()];

        public override Type ValueType => typeof(T);

        public override object Create() => create()!;

        public override string Serialize() => CrowdsourcingJson.Serialize(create());

        public override void AssertRoundTrip(string name)
        {
            var json = Serialize();
            var back = CrowdsourcingJson.Deserialize<T>(json);
            Assert.Equal(Snapshot.Normalise(json), Snapshot.Normalise(CrowdsourcingJson.Serialize(back)));
            Assert.Equal(TypesOf(create()), TypesOf(back));
        }
    }
}
