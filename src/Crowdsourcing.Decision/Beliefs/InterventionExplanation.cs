using System.Globalization;
using System.Text;

namespace Crowdsourcing.Decision.Beliefs;

/// <summary>
/// Where the value of an intervention comes from, state by state, for a person to read. For each state x:
/// with the intervention, the participant reveals x with probability b(x) and the organiser then decides on e_x·C_k,
/// contributing b(x)·MEU(e_x·C_k) to MEU_k; left alone, the decision is the single best action a₀ on b·T and state x
/// contributes (b·T)(x)·U(x, a₀) to MEU_0. The value V_k is the sum of the differences.
/// </summary>
/// <param name="Belief">The belief b.</param>
/// <param name="Assessment">The totals.</param>
/// <param name="States">One line per state.</param>
public sealed record InterventionExplanation(Belief Belief, InterventionAssessment Assessment, IReadOnlyList<StateContribution> States)
{
    /// <summary>A multi-line, human-readable account of the computation.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var a = Assessment;
        var text = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        text.Append(ci, $"Belief {Belief}, intervention '{a.Intervention}' (cost {a.Cost:0.###}, response rate {a.ResponseRate:0.###}).").AppendLine();
        text.Append(ci, $"Left alone: the decision is taken on b·T; best action '{a.WithoutIntervention.Action}', MEU_0 = {a.WithoutIntervention.ExpectedUtility:0.####}.").AppendLine();
        text.Append(ci, $"Contacted: the answer reveals the state, then C_k acts; MEU_k = {a.WithIntervention:0.####}.").AppendLine();
        foreach (var s in States)
        {
            text.Append(ci, $"  {s.State}: b = {s.Probability:0.####}, revealed -> '{s.RevealedBestAction}' worth {s.RevealedExpectedUtility:0.####} (adds {s.WithInterventionContribution:0.####}); left alone (b·T = {s.PredictedProbability:0.####}) adds {s.WithoutInterventionContribution:0.####}; net {s.ValueContribution:0.####}").AppendLine();
        }

        text.Append(ci, $"V_k = {a.Value:0.####} against cost {a.Cost:0.###}: {(a.Contact ? "contact" : "do not contact")}.");
        return text.ToString();
    }
}

/// <summary>One state's share of the value of an intervention (see <see cref="InterventionExplanation"/>).</summary>
/// <param name="State">The state's name.</param>
/// <param name="Probability">b(x).</param>
/// <param name="RevealedBestAction">The best action on e_x·C_k, the decision if x is revealed.</param>
/// <param name="RevealedExpectedUtility">MEU(e_x·C_k).</param>
/// <param name="WithInterventionContribution">b(x)·MEU(e_x·C_k), the state's share of MEU_k.</param>
/// <param name="PredictedProbability">(b·T)(x).</param>
/// <param name="WithoutInterventionContribution">(b·T)(x)·U(x, a₀), the state's share of MEU_0.</param>
public sealed record StateContribution(
    string State,
    double Probability,
    string RevealedBestAction,
    double RevealedExpectedUtility,
    double WithInterventionContribution,
    double PredictedProbability,
    double WithoutInterventionContribution)
{
    /// <summary>The state's share of V_k: <see cref="WithInterventionContribution"/> − <see cref="WithoutInterventionContribution"/>.</summary>
    public double ValueContribution => WithInterventionContribution - WithoutInterventionContribution;
}
