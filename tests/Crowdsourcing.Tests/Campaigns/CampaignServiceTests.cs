using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Tests.Campaigns;

public sealed class CampaignServiceTests
{
    [Fact]
    public async Task Create_stores_the_campaign_as_version_1_stamped_with_who_and_when_and_logs_and_counts_it()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);

        var stored = await host.Campaigns.GetAsync(Scenario.CampaignId);

        Assert.Equal(1, stored.Version);
        Assert.Equal(Scenario.Admin, stored.ModifiedBy);
        Assert.Equal(host.Time.GetUtcNow(), stored.ModifiedAt);
        Assert.Single(host.Logs.WithEvent(1000));
        Assert.Equal(1, host.Metrics.Count("Campaign", "create"));
    }

    [Fact]
    public async Task Create_is_idempotent_a_retry_returns_the_stored_campaign_and_counts_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        host.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await host.Campaigns.CreateAsync(Scenario.Campaign(), "someone-else");

        Assert.Equal(1, again.Version);
        Assert.Equal(Scenario.Admin, again.ModifiedBy);
        Assert.Equal(1, host.Metrics.Count("Campaign", "create"));
    }

    [Fact]
    public async Task Create_with_the_id_of_a_different_campaign_is_a_duplicate()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);

        var ex = await Assert.ThrowsAsync<DuplicateRecordException>(async () => await host.Campaigns.CreateAsync(Scenario.Campaign() with { Name = "Other" }, Scenario.Admin));

        Assert.Equal(Scenario.CampaignId, ex.RecordId);
    }

    [Fact]
    public async Task Create_lists_a_missing_task_and_a_missing_questionnaire_and_stores_nothing()
    {
        using var host = TestHost.Create();

        var ex = await Assert.ThrowsAsync<CampaignDefinitionException>(async () => await host.Campaigns.CreateAsync(Scenario.Campaign(), Scenario.Admin));

        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.Contains("Campaign.TaskId", StringComparison.Ordinal) && p.Contains(Scenario.TaskId, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("Campaign.QuestionnaireId", StringComparison.Ordinal) && p.Contains(Scenario.QuestionnaireId, StringComparison.Ordinal));
        Assert.Null(await host.Store.Campaigns.FindAsync(Scenario.CampaignId));
        Assert.Single(host.Logs.WithEvent(1001));
    }

    [Fact]
    public async Task Create_refuses_crowd_layers_and_listed_participants_the_task_does_not_allow_listing_each()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var campaign = Scenario.Campaign("c-2", crowd: new CrowdSelection([CrowdLayer.Internal, CrowdLayer.General], participantIds: ["outsider", "ghost", "partner"]));

        var ex = await Assert.ThrowsAsync<CampaignDefinitionException>(async () => await host.Campaigns.CreateAsync(campaign, Scenario.Admin));

        Assert.Equal(3, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.StartsWith("Campaign.Crowd.Layers[1] is General", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("Campaign.Crowd.ParticipantIds[0]: participant 'outsider' is of layer General", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("Campaign.Crowd.ParticipantIds[1]: participant 'ghost' does not exist", StringComparison.Ordinal));
        Assert.Null(await host.Store.Campaigns.FindAsync("c-2"));
    }

    [Fact]
    public async Task Create_refuses_rules_and_criteria_naming_what_the_questionnaire_does_not_have()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var campaign = Scenario.Campaign("c-2",
            rules:
            [
                new RequiredQuestionsRule("required", ["w1-q1", "nope"]),
                new MinimumAnsweredQuestionsRule("answers", "security", 3),
                new CustomQualityRule("custom", "plausibility"),
            ],
            readiness: new ReadinessScale([new ReadinessLevel("low"), new ReadinessLevel("high", [new MinimumCompletedSectionsRule("sections", "network", 1)])]));

        var ex = await Assert.ThrowsAsync<CampaignDefinitionException>(async () => await host.Campaigns.CreateAsync(campaign, Scenario.Admin));

        Assert.Equal(4, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.Contains("'required' requires question 'nope'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("'answers' counts answers in group 'security'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("custom kind 'plausibility'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("Campaign.Readiness.Levels[1] 'high'.Criteria[0] 'sections'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_accepts_a_custom_rule_whose_kind_has_a_registered_evaluator()
    {
        using var host = TestHost.Create(services => services.AddSingleton<ICustomQualityRuleEvaluator, AlwaysHolds>());
        await Scenario.SeedAsync(host, Scenario.Campaign(rules: [new CustomQualityRule("custom", "plausibility")]));

        var stored = await host.Campaigns.GetAsync(Scenario.CampaignId);

        Assert.IsType<CustomQualityRule>(Assert.Single(stored.QualityRules));
    }

    [Fact]
    public async Task Create_refuses_an_empty_creator_and_a_stored_version()
    {
        using var host = TestHost.Create();

        await Assert.ThrowsAsync<ValidationFailedException>(async () => await host.Campaigns.CreateAsync(Scenario.Campaign(), " "));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Campaigns.CreateAsync(Scenario.Campaign() with { Version = 3 }, Scenario.Admin));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await host.Campaigns.CreateAsync(null!, Scenario.Admin));
    }

    [Fact]
    public async Task Get_of_an_unknown_campaign_throws_record_not_found()
    {
        using var host = TestHost.Create();

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await host.Campaigns.GetAsync("nope"));

        Assert.Equal("Campaign", ex.RecordType);
        Assert.Equal("nope", ex.RecordId);
    }

    [Fact]
    public async Task List_returns_the_campaigns_in_id_order()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await host.Campaigns.CreateAsync(Scenario.Campaign("a-first"), Scenario.Admin);

        var all = await TestHost.ToListAsync(host.Campaigns.ListAsync());

        Assert.Equal(["a-first", Scenario.CampaignId], all.Select(c => c.Id));
    }

    [Fact]
    public async Task The_crowd_is_the_selected_layers_with_every_qualification_plus_the_listed_participants_in_id_order()
    {
        using var host = TestHost.Create(services => services.Configure<Options.CrowdsourcingOptions>(o => o.PageSize = 2));
        await Scenario.SeedAsync(host);
        await host.Store.Participants.InsertAsync(Scenario.Participant("qualified-1", qualifications: ["sales", "cloud"]));
        await host.Store.Participants.InsertAsync(Scenario.Participant("qualified-2", CrowdLayer.TrustedPartners, qualifications: ["sales", "cloud", "extra"]));
        await host.Store.Participants.InsertAsync(Scenario.Participant("half-qualified", qualifications: ["sales"]));
        var campaign = Scenario.Campaign("c-2", crowd: new CrowdSelection([CrowdLayer.Internal, CrowdLayer.TrustedPartners], ["sales", "cloud"], ["carol"]));
        await host.Campaigns.CreateAsync(campaign, Scenario.Admin);

        var crowd = await TestHost.ToListAsync(host.Campaigns.ListCrowdAsync("c-2"));

        Assert.Equal(["carol", "qualified-1", "qualified-2"], crowd.Select(p => p.Id));
    }

    [Fact]
    public async Task The_crowd_leaves_out_a_participant_who_moved_to_a_layer_the_task_does_not_allow()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host, Scenario.Campaign(crowd: new CrowdSelection([CrowdLayer.Internal], participantIds: ["partner"])));
        var partner = await host.Store.Participants.FindAsync("partner");
        await host.Store.Participants.UpdateAsync(partner! with { Layer = CrowdLayer.General });

        var crowd = await TestHost.ToListAsync(host.Campaigns.ListCrowdAsync(Scenario.CampaignId));

        Assert.Equal(["alice", "bob", "boss", "carol"], crowd.Select(p => p.Id));
    }

    [Fact]
    public async Task The_crowd_of_an_unknown_campaign_throws_record_not_found()
    {
        using var host = TestHost.Create();

        await Assert.ThrowsAsync<NotFoundException>(async () => await TestHost.ToListAsync(host.Campaigns.ListCrowdAsync("nope")));
    }

    private sealed class AlwaysHolds : ICustomQualityRuleEvaluator
    {
        public string Kind => "plausibility";

        public IEnumerable<QualityViolation> Evaluate(CustomQualityRule rule, SubmissionFacts submission) => [];
    }
}
