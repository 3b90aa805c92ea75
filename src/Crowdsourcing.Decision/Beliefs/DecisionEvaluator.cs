using System.Globalization;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Beliefs;

/// <summary>
/// The single-belief API: the mathematics of the CrowdArb decision model for one participant's belief b.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>EU(b, a) = Σ_x b(x)·U(x, a); MEU(b) = max_a EU(b, a), ties to the lowest action index.</description></item>
/// <item><description>MEU_0(b) = MEU(b·T): left alone this cycle, the decision is taken on the predicted belief.</description></item>
/// <item><description>MEU_k(b) = Σ_x b(x)·MEU(e_x·C_k): contacted with intervention k, the answer reveals the current state x and C_k then acts.</description></item>
/// <item><description>V_k(b) = MEU_k(b) − MEU_0(b); the myopic rule contacts when V_k(b) &gt; c_k.</description></item>
/// <item><description>Response-aware value: r_k·MEU_k(b) + (1 − r_k)·MEU(b·C_k) − MEU_0(b). With state-dependent rates
/// r_k(x): Σ_x b(x)·r_k(x)·MEU(e_x·C_k) + P(silent)·MEU(b̃) − MEU_0(b), where P(silent) = Σ_x b(x)·(1 − r_k(x)) and
/// b̃ is the Bayes posterior after a silence, b̃(y) ∝ Σ_x b(x)·(1 − r_k(x))·C_k(x, y); it equals the constant-rate
/// formula when every r_k(x) is the same.</description></item>
/// <item><description>Noisy reports (an intervention with a <see cref="Intervention.ReportModel"/> O_k(x, o)): a report is
/// evidence, not the truth. MEU_k(b) = Σ_o MEU(Σ_x b(x)·O_k(x, o)·(e_x·C_k)) with MEU extended to unnormalised vectors
/// (P(o)·MEU of the posterior); the responders' part of the response-aware value is the same sum with b(x)·r_k(x).
/// With O_k = identity these are the formulas above, and the code takes the paper's path unchanged.</description></item>
/// </list>
/// Instances are immutable and thread-safe; MEU(e_x·C_k) is precomputed for every state and intervention.
/// </remarks>
public sealed class DecisionEvaluator
{
    private readonly double[][] _revealedMeu;
    private readonly int[][] _revealedAction;

    /// <summary>Creates an evaluator for a model.</summary>
    /// <param name="model">The validated model.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    public DecisionEvaluator(DecisionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        var n = model.StateCount;
        _revealedMeu = new double[model.Interventions.Count][];
        _revealedAction = new int[model.Interventions.Count][];
        for (var k = 0; k < model.Interventions.Count; k++)
        {
            _revealedMeu[k] = new double[n];
            _revealedAction[k] = new int[n];
            var c = model.Interventions[k].Transition;
            for (var x = 0; x < n; x++)
            {
                var (action, meu) = Best(model, c.GetRow(x));
                _revealedMeu[k][x] = meu;
                _revealedAction[k][x] = action;
            }
        }
    }

    /// <summary>The model.</summary>
    public DecisionModel Model { get; }

    /// <summary>EU(b, a) for every action a, in the order of <see cref="DecisionModel.Actions"/>.</summary>
    /// <param name="belief">The belief.</param>
    /// <returns>One expected utility per action.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    public IReadOnlyList<double> ExpectedUtilities(Belief belief)
    {
        CheckBelief(belief);
        var result = new double[Model.ActionCount];
        for (var a = 0; a < result.Length; a++)
        {
            result[a] = ExpectedUtility(Model, belief.AsSpan(), a);
        }

        return result;
    }

    /// <summary>MEU(b) and the best action.</summary>
    /// <param name="belief">The belief.</param>
    /// <returns>The best action and its expected utility.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    public ActionChoice MaximumExpectedUtility(Belief belief)
    {
        CheckBelief(belief);
        var (a, v) = Best(Model, belief.AsSpan());
        return new ActionChoice(a, Model.Actions[a], v);
    }

    /// <summary>MEU_0(b) = MEU(b·T): the decision if the participant is left alone this cycle.</summary>
    /// <param name="belief">The belief.</param>
    /// <returns>The best action on b·T and its expected utility.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    public ActionChoice MaximumExpectedUtilityWithoutIntervention(Belief belief)
    {
        CheckBelief(belief);
        return MaximumExpectedUtility(belief.Transform(Model.Transition));
    }

    /// <summary>MEU_k(b) = Σ_x b(x)·MEU(e_x·C_k).</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>MEU_k(b).</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intervention"/> is not an intervention index.</exception>
    public double MaximumExpectedUtilityWithIntervention(Belief belief, int intervention = 0)
    {
        CheckBelief(belief);
        CheckIntervention(intervention);
        if (Model.Interventions[intervention].IsReportNoisy)
        {
            return NoisyRevealedMeu(Model.Interventions[intervention], belief.AsSpan(), respondersOnly: false);
        }

        var revealed = _revealedMeu[intervention];
        var b = belief.AsSpan();
        var sum = 0.0;
        for (var x = 0; x < b.Length; x++)
        {
            sum += b[x] * revealed[x];
        }

        return sum;
    }

    /// <summary>V_k(b) = MEU_k(b) − MEU_0(b), the value of intervention k for this belief.</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>V_k(b).</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intervention"/> is not an intervention index.</exception>
    public double InterventionValue(Belief belief, int intervention = 0) =>
        MaximumExpectedUtilityWithIntervention(belief, intervention) - MaximumExpectedUtilityWithoutIntervention(belief).ExpectedUtility;

    /// <summary>The response-aware value r_k·MEU_k(b) + (1 − r_k)·MEU(b·C_k) − MEU_0(b).</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The response-aware value.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intervention"/> is not an intervention index.</exception>
    public double ResponseAwareValue(Belief belief, int intervention = 0)
    {
        var meuK = MaximumExpectedUtilityWithIntervention(belief, intervention);
        var k = Model.Interventions[intervention];
        if (k.IsReportNoisy)
        {
            var silentPart = new double[Model.StateCount];
            var pSilent = SilentPosterior(k, belief.AsSpan(), silentPart);
            return NoisyRevealedMeu(k, belief.AsSpan(), respondersOnly: true) + (pSilent * Best(Model, silentPart).Meu) - MaximumExpectedUtilityWithoutIntervention(belief).ExpectedUtility;
        }

        if (k.IsResponseRateStateDependent)
        {
            var b = belief.AsSpan();
            var n = Model.StateCount;
            var responded = 0.0;
            var unanswered = new double[n];
            for (var x = 0; x < n; x++)
            {
                var r = k.GetResponseRate(x);
                responded += b[x] * r * _revealedMeu[intervention][x];
                var row = k.Transition.GetRow(x);
                for (var y = 0; y < n; y++)
                {
                    unanswered[y] += b[x] * (1 - r) * row[y];
                }
            }

            return responded + Best(Model, unanswered).Meu - MaximumExpectedUtilityWithoutIntervention(belief).ExpectedUtility;
        }

        var silent = MaximumExpectedUtility(belief.Transform(k.Transition)).ExpectedUtility;
        var meu0 = MaximumExpectedUtilityWithoutIntervention(belief).ExpectedUtility;
        return (k.ResponseRate * meuK) + ((1 - k.ResponseRate) * silent) - meu0;
    }

    /// <summary>All the quantities for one belief and one intervention.</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The assessment.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intervention"/> is not an intervention index.</exception>
    public InterventionAssessment Assess(Belief belief, int intervention = 0)
    {
        CheckBelief(belief);
        CheckIntervention(intervention);
        var k = Model.Interventions[intervention];
        var meu0 = MaximumExpectedUtilityWithoutIntervention(belief);
        var meuK = MaximumExpectedUtilityWithIntervention(belief, intervention);
        return new InterventionAssessment(
            k.Name,
            intervention,
            MaximumExpectedUtility(belief),
            meu0,
            meuK,
            meuK - meu0.ExpectedUtility,
            ResponseAwareValue(belief, intervention),
            k.Cost,
            k.ResponseRate);
    }

    /// <summary>The assessment with its per-state contributions, for a person to read (see <see cref="InterventionExplanation"/>).</summary>
    /// <param name="belief">The belief.</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The explanation; its <see cref="InterventionExplanation.ToString"/> is a readable account.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intervention"/> is not an intervention index.</exception>
    public InterventionExplanation Explain(Belief belief, int intervention = 0)
    {
        var assessment = Assess(belief, intervention);
        var predicted = belief.Transform(Model.Transition);
        var a0 = assessment.WithoutIntervention.ActionIndex;
        var states = new StateContribution[Model.StateCount];
        for (var x = 0; x < states.Length; x++)
        {
            states[x] = new StateContribution(
                Model.States[x],
                belief[x],
                Model.Actions[_revealedAction[intervention][x]],
                _revealedMeu[intervention][x],
                belief[x] * _revealedMeu[intervention][x],
                predicted[x],
                predicted[x] * Model.Utility[x, a0]);
        }

        return new InterventionExplanation(belief, assessment, states);
    }

    /// <summary>The probability that a participant with belief b responds to intervention k: Σ_x b(x)·r_k(x).</summary>
    /// <param name="belief">The belief (of week t − 1, at contact time).</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The probability of a response.</returns>
    public double ResponseProbability(Belief belief, int intervention = 0)
    {
        CheckBelief(belief);
        CheckIntervention(intervention);
        var k = Model.Interventions[intervention];
        var p = 0.0;
        for (var x = 0; x < belief.Count; x++)
        {
            p += belief[x] * k.GetResponseRate(x);
        }

        return p;
    }

    /// <summary>
    /// The belief after a contact with intervention k that was not answered: the Bayes posterior
    /// b̃(y) ∝ Σ_x b(x)·(1 − r_k(x))·C_k(x, y), which is b·C_k when the rate does not depend on the state. When a silence
    /// has probability zero (every state with b(x) &gt; 0 responds surely) the result is b·C_k.
    /// </summary>
    /// <param name="belief">The belief at contact time.</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The posterior belief.</returns>
    public Belief BeliefAfterSilence(Belief belief, int intervention = 0)
    {
        CheckBelief(belief);
        CheckIntervention(intervention);
        var result = new double[Model.StateCount];
        SilentPosterior(Model.Interventions[intervention], belief.AsSpan(), result);
        return Belief.Wrap(result);
    }

    /// <summary>Writes the posterior after a silence (see <see cref="BeliefAfterSilence"/>) into <paramref name="destination"/>; returns P(silent).</summary>
    internal static double SilentPosterior(Intervention k, ReadOnlySpan<double> b, Span<double> destination)
    {
        var n = b.Length;
        destination[..n].Clear();
        var c = k.Transition;
        if (!k.IsResponseRateStateDependent)
        {
            c.MultiplyLeft(b, destination);
            return 1 - k.ResponseRate;
        }

        var total = 0.0;
        for (var x = 0; x < n; x++)
        {
            var w = b[x] * (1 - k.GetResponseRate(x));
            if (w == 0)
            {
                continue;
            }

            total += w;
            var row = c.GetRow(x);
            for (var y = 0; y < n; y++)
            {
                destination[y] += w * row[y];
            }
        }

        if (total <= 0)
        {
            c.MultiplyLeft(b, destination);
            return 0;
        }

        for (var y = 0; y < n; y++)
        {
            destination[y] /= total;
        }

        return total;
    }

    /// <summary>The belief after a cycle left alone: b·T.</summary>
    /// <param name="belief">The belief.</param>
    /// <returns>b·T.</returns>
    public Belief Predict(Belief belief)
    {
        CheckBelief(belief);
        return belief.Transform(Model.Transition);
    }

    /// <summary>
    /// The belief after a contact with intervention k that was answered with the report <paramref name="reportedState"/>
    /// (a state of week t, after the intervention acted): the Bayes posterior
    /// b'(y) ∝ Σ_x b(x)·r_k(x)·C_k(x, y)·O_k(y, o), with O_k the intervention's <see cref="Intervention.ReportModel"/>.
    /// Without a report model (reports are the truth) this is e_o, the paper's rule.
    /// </summary>
    /// <param name="belief">The belief at contact time (week t − 1).</param>
    /// <param name="intervention">The intervention index k.</param>
    /// <param name="reportedState">The reported state index o.</param>
    /// <returns>The posterior belief.</returns>
    /// <exception cref="ArgumentException">The belief does not have one entry per state.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The intervention or the reported state is out of range.</exception>
    /// <exception cref="InvalidStateException">The report cannot happen under the model (its probability is 0 at this belief).</exception>
    public Belief BeliefAfterReport(Belief belief, int intervention, int reportedState)
    {
        CheckBelief(belief);
        CheckIntervention(intervention);
        ArgumentOutOfRangeException.ThrowIfNegative(reportedState);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reportedState, Model.StateCount);
        var result = new double[Model.StateCount];
        if (ReportedPosterior(Model.Interventions[intervention], belief.AsSpan(), reportedState, result) <= 0)
        {
            throw new InvalidStateException(string.Create(CultureInfo.InvariantCulture, $"A report of '{Model.States[reportedState]}' after '{Model.Interventions[intervention].Name}' has probability 0 at this belief; the model cannot explain it."));
        }

        return Belief.Wrap(result);
    }

    /// <summary>Writes the posterior after report o (see <see cref="BeliefAfterReport"/>) into <paramref name="destination"/>; returns P(respond and report o). Without a report model the destination is e_o.</summary>
    internal static double ReportedPosterior(Intervention k, ReadOnlySpan<double> b, int reported, Span<double> destination)
    {
        var n = b.Length;
        destination[..n].Clear();
        var total = 0.0;
        var c = k.Transition;
        for (var x = 0; x < n; x++)
        {
            var w = b[x] * k.GetResponseRate(x);
            if (w == 0)
            {
                continue;
            }

            var row = c.GetRow(x);
            for (var y = 0; y < n; y++)
            {
                destination[y] += w * row[y] * k.GetReportProbability(y, reported);
            }
        }

        for (var y = 0; y < n; y++)
        {
            total += destination[y];
        }

        if (total > 0)
        {
            for (var y = 0; y < n; y++)
            {
                destination[y] /= total;
            }
        }

        return total;
    }

    /// <summary>
    /// Σ_o MEU(Σ_x w(x)·O_k(x, o)·(e_x·C_k)) with MEU extended to unnormalised vectors (positively homogeneous), where
    /// w(x) = b(x) (MEU_k) or b(x)·r_k(x) (the responders' part of the response-aware value): the report o is evidence
    /// on the state x it describes. With O_k = identity it is Σ_x w(x)·MEU(e_x·C_k).
    /// </summary>
    private double NoisyRevealedMeu(Intervention k, ReadOnlySpan<double> b, bool respondersOnly) => NoisyRevealedMeu(Model, k, b, respondersOnly);

    /// <summary>See <see cref="NoisyRevealedMeu(Intervention, ReadOnlySpan{double}, bool)"/>.</summary>
    internal static double NoisyRevealedMeu(DecisionModel model, Intervention k, ReadOnlySpan<double> b, bool respondersOnly)
    {
        var n = b.Length;
        var joint = new double[n];
        var sum = 0.0;
        for (var o = 0; o < n; o++)
        {
            Array.Clear(joint);
            for (var x = 0; x < n; x++)
            {
                var w = b[x] * k.GetReportProbability(x, o) * (respondersOnly ? k.GetResponseRate(x) : 1);
                if (w == 0)
                {
                    continue;
                }

                var row = k.Transition.GetRow(x);
                for (var y = 0; y < n; y++)
                {
                    joint[y] += w * row[y];
                }
            }

            sum += Best(model, joint).Meu;
        }

        return sum;
    }

    internal double RevealedMeu(int intervention, int state) => _revealedMeu[intervention][state];

    internal static double ExpectedUtility(DecisionModel model, ReadOnlySpan<double> belief, int action)
    {
        var sum = 0.0;
        for (var x = 0; x < belief.Length; x++)
        {
            sum += belief[x] * model.Utility[x, action];
        }

        return sum;
    }

    internal static (int Action, double Meu) Best(DecisionModel model, ReadOnlySpan<double> belief)
    {
        var best = 0;
        var bestValue = ExpectedUtility(model, belief, 0);
        for (var a = 1; a < model.ActionCount; a++)
        {
            var v = ExpectedUtility(model, belief, a);
            if (v > bestValue)
            {
                best = a;
                bestValue = v;
            }
        }

        return (best, bestValue);
    }

    private void CheckBelief(Belief belief)
    {
        ArgumentNullException.ThrowIfNull(belief);
        if (belief.Count != Model.StateCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The belief has {belief.Count} entries; the model has {Model.StateCount} states ({string.Join(", ", Model.States)})."),
                nameof(belief));
        }
    }

    private void CheckIntervention(int intervention)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervention);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(intervention, Model.Interventions.Count);
    }
}
