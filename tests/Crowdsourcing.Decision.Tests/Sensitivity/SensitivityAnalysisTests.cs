using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Sensitivity;

namespace Crowdsourcing.Decision.Tests.Sensitivity;

public class SensitivityAnalysisTests
{
    [Fact]
    public void Every_parameter_has_an_entry_sorted_by_margin()
    {
        var report = SensitivityAnalysis.Analyze(Paper.Model, Belief.Create(0.67, 0, 0.33));
        Assert.Equal(new WatchedDecision("invite", "email-campaign"), report.Decision);
        Assert.Equal(6 + 9 + 9, report.Entries.Count);
        Assert.Equal(report.Entries.Select(e => e.Margin).OrderBy(m => m), report.Entries.Select(e => e.Margin));
        Assert.Contains(report.Entries, e => e.Decrease is null && e.Increase is null);
    }

    [Fact]
    public void Utility_boundary_is_where_the_decision_changes()
    {
        var belief = Belief.Create(0.67, 0, 0.33);
        var report = SensitivityAnalysis.Analyze(Paper.Model, belief);
        var entry = report.Entries.Single(e => e.Table == "utility" && e.Row == "poor" && e.Column == "invite");
        Assert.NotNull(entry.Increase);
        Assert.NotNull(entry.Decrease);
        DecisionModel With(double value)
        {
            var rows = Paper.Model.Utility.ToRows();
            rows[0][1] = value;
            return Paper.Model.With(utility: DecisionMatrix.FromRows(rows));
        }

        Assert.Equal(report.Decision, SensitivityAnalysis.Decide(With(-15 + (entry.Increase!.Value * 0.999)), belief));
        Assert.Equal(entry.DecisionAbove, SensitivityAnalysis.Decide(With(-15 + (entry.Increase.Value * 1.001)), belief));
        Assert.Equal(report.Decision, SensitivityAnalysis.Decide(With(-15 - (entry.Decrease!.Value * 0.999)), belief));
        Assert.NotEqual(report.Decision, SensitivityAnalysis.Decide(With(-15 - (entry.Decrease.Value * 1.001)), belief));

        // The best action on b is linear in U: invite stops being best where 0.67·U(poor, invite) + 0.33·40 = 0.
        var action = entry.DecisionBelow!.BestAction == "leave-out" ? entry.Decrease.Value : double.NaN;
        Assert.True(double.IsNaN(action) || Math.Abs(-15 - action - (-0.33 * 40 / 0.67)) < 1e-6 || entry.DecisionBelow.Contact != report.Decision.Contact);
    }

    [Fact]
    public void Matrix_entries_stay_stochastic_and_within_range()
    {
        var report = SensitivityAnalysis.Analyze(DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model, Belief.Create(0.5, 0.3, 0.2));
        Assert.Equal(6 + (4 * 9), report.Entries.Count);
        foreach (var e in report.Entries.Where(e => e.Table != "utility"))
        {
            Assert.True(e.Decrease is null || e.Decrease <= e.Value + 1e-12);
            Assert.True(e.Increase is null || e.Increase <= 1 - e.Value + 1e-12);
        }
    }
}
