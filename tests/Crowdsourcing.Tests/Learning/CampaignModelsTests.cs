using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Learning;

namespace Crowdsourcing.Tests.Learning;

public sealed class CampaignModelsTests
{
    [Fact]
    public void An_adopted_version_takes_the_learned_T_C_and_r_and_keeps_a_registered_noisy_report_model()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        var n = preset.StateCount;
        var noisy = DecisionMatrix.FromRows([.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? 0.8 : 0.2 / (n - 1)).ToArray())]);
        var first = preset.Interventions[0];
        var registered = preset.With(interventions: [first.WithReportModel(noisy), .. preset.Interventions.Skip(1)]);
        var identity = Rows(n, 1.0);
        var version = Version(identity, new LearnedInterventionParameters(first.Name, identity, [0.25]));

        var applied = CampaignModels.Apply(registered, version);

        Assert.Equal(1.0, applied.Transition[0, 0]);
        Assert.Equal(0.25, applied.Interventions[0].ResponseRate);
        Assert.Equal(first.Cost, applied.Interventions[0].Cost);
        Assert.Same(noisy, applied.Interventions[0].ReportModel);
    }

    [Fact]
    public void An_adopted_version_with_a_learned_report_model_decides_with_it_and_one_of_another_size_is_refused()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        var n = preset.StateCount;
        var first = preset.Interventions[0];
        var identity = Rows(n, 1.0);
        var version = Version(identity, new LearnedInterventionParameters(first.Name, identity, [0.25]) { ReportModel = Rows(n, 0.7) });

        var applied = CampaignModels.Apply(preset, version);

        Assert.Equal(0.7, applied.Interventions[0].ReportModel![0, 0]);
        Assert.Equal(0.3 / (n - 1), applied.Interventions[0].ReportModel![0, 1], 12);
        var small = version with { Interventions = [new LearnedInterventionParameters(first.Name, identity, [0.25]) { ReportModel = [[1.0]] }] };
        var ex = Assert.Throws<InvalidStateException>(() => CampaignModels.Apply(preset, small));
        Assert.Contains("report model of 1 states", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>An n × n stochastic matrix with <paramref name="diagonal"/> on its diagonal and the rest spread evenly.</summary>
    private static List<IReadOnlyList<double>> Rows(int n, double diagonal) =>
        [.. Enumerable.Range(0, n).Select(i => (IReadOnlyList<double>)[.. Enumerable.Range(0, n).Select(j => i == j ? diagonal : (1 - diagonal) / (n - 1))])];

    /// <summary>Version 2 learned from cycles 1 to 3 of version 1, with <paramref name="transition"/> and one intervention's parameters.</summary>
    private static CampaignModelVersion Version(List<IReadOnlyList<double>> transition, LearnedInterventionParameters intervention) => new()
    {
        Version = 2,
        AdoptedBy = "olivia",
        AdoptedAt = DateTimeOffset.UnixEpoch,
        FromCycle = 1,
        ToCycle = 3,
        LearnedFromVersion = 1,
        Transition = transition,
        Interventions = [intervention],
    };
}
