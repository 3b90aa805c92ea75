using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Beliefs;

/// <summary>Everything the engine computes about one belief and one intervention k.</summary>
/// <param name="Intervention">The intervention's name.</param>
/// <param name="InterventionIndex">The intervention's index in <see cref="DecisionModel.Interventions"/>.</param>
/// <param name="Current">MEU(b) with the best action now, before this cycle's dynamics.</param>
/// <param name="WithoutIntervention">MEU_0(b) = MEU(b·T): the decision if the participant is left alone this cycle.</param>
/// <param name="WithIntervention">MEU_k(b) = Σ_x b(x)·MEU(e_x·C_k).</param>
/// <param name="Value">V_k(b) = MEU_k(b) − MEU_0(b), the value of the intervention.</param>
/// <param name="ResponseAwareValue">r_k·MEU_k(b) + (1 − r_k)·MEU(b·C_k) − MEU_0(b).</param>
/// <param name="Cost">c_k, the cost per contacted participant.</param>
/// <param name="ResponseRate">r_k, the response rate.</param>
public sealed record InterventionAssessment(
    string Intervention,
    int InterventionIndex,
    ActionChoice Current,
    ActionChoice WithoutIntervention,
    double WithIntervention,
    double Value,
    double ResponseAwareValue,
    double Cost,
    double ResponseRate)
{
    /// <summary>The myopic rule: contact when V_k(b) &gt; c_k.</summary>
    public bool Contact => Value > Cost;

    /// <summary>The response-aware rule: contact when the response-aware value exceeds c_k.</summary>
    public bool ContactResponseAware => ResponseAwareValue > Cost;
}
