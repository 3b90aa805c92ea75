using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>The planned decision for one belief with a number of cycles left.</summary>
/// <param name="Intervention">The intervention to contact with, or <see cref="CycleObservations.None"/> (-1) to leave the participant alone.</param>
/// <param name="Value">The optimal expected net value V_h(b): the expected MEU at the workshop week minus the expected (priced) contact costs until then.</param>
/// <param name="LeaveAloneValue">Q_0(b): the value of leaving the participant alone this cycle and acting optimally afterwards.</param>
/// <param name="InterventionValues">Q_k(b) per intervention: the value of contacting with k this cycle (its cost deducted) and acting optimally afterwards.</param>
public sealed record PomdpDecision(int Intervention, double Value, double LeaveAloneValue, IReadOnlyList<double> InterventionValues)
{
    /// <summary>The planned gain of the chosen contact over leaving alone, Q_k − Q_0 (0 when leaving alone).</summary>
    public double Advantage => Intervention < 0 ? 0 : InterventionValues[Intervention] - LeaveAloneValue;
}
