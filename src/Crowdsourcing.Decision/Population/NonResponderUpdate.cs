namespace Crowdsourcing.Decision.Population;

/// <summary>How the belief of a participant who was contacted but did not respond is updated.</summary>
public enum NonResponderUpdate
{
    /// <summary>The default: b·C_k. The intervention acted on the participant even though they did not answer, so the belief follows the intervention's dynamics (consistent with the true-state process). With state-dependent response rates the silence is evidence too: the belief is the Bayes posterior b̃(y) ∝ Σ_x b(x)·(1 − r_k(x))·C_k(x, y).</summary>
    InterventionDynamics = 0,

    /// <summary>The CrowdArb paper's literal sentence: non-responders are updated like participants left alone, b·T. The belief then ignores the intervention's effect; with the preset, the total expected utility no longer crosses 9000.</summary>
    PassiveDynamics = 1,
}
