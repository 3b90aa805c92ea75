using System.Globalization;
using System.Numerics;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Internal;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;

namespace Crowdsourcing.Decision.Population;

/// <summary>
/// The population API: the decision cycle over N participants at once. Beliefs are a <see cref="BeliefPopulation"/>
/// (structure of arrays); every bulk operation is vectorised with <see cref="Vector{T}"/> over participants and split
/// over threads for large populations, and allocates nothing in steady state.
/// </summary>
/// <remarks>
/// <para>A cycle (see <c>docs/decision-model.md</c>, "Time runs in weeks"): in cycle t the organiser evaluates the beliefs
/// of week t − 1 (<see cref="Evaluate"/>: MEU_0 and V_k per participant), selects whom to contact (<c>SelectContacts</c>),
/// contacts them, and applies what happened (<see cref="ApplyObservations"/>), which turns the beliefs into those of
/// week t: left alone b·T; reported state x gives e_x; contacted and silent b·C_k (or b·T with
/// <see cref="NonResponderUpdate.PassiveDynamics"/>). The total of week t is <see cref="TotalExpectedUtility(BeliefPopulation)"/> on them.</para>
/// <para>An engine instance keeps preallocated work items: use it from one thread at a time.</para>
/// </remarks>
public sealed class PopulationEngine : IDisposable
{
    private readonly int _s;
    private readonly int _a;
    private readonly int _k;
    private readonly double[] _transition;
    private readonly double[] _utility;
    private readonly double[] _predictedUtility;
    private readonly double[][] _interventionTransition;
    private readonly double[][] _interventionUtility;
    private readonly double[][] _revealedMeu;
    private readonly bool _noisy;
    private readonly double[] _responseRate;
    private readonly bool[] _stateDependent;
    private readonly bool _anyStateDependent;
    private readonly double[][] _silentUtility;
    private readonly double[][] _respondedRevealed;
    private readonly ParallelRunner _runner;
    private readonly EvaluateBody _evaluate;
    private readonly AdvanceBody _advance;
    private readonly TotalBody _total;
    private readonly TransformBody _transform;

    /// <summary>Creates an engine for a model.</summary>
    /// <param name="model">The validated model.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    public PopulationEngine(DecisionModel model, PopulationEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _noisy = model.HasNoisyReports;
        Options = options ?? new PopulationEngineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxDegreeOfParallelism, 1, nameof(options));
        _s = model.StateCount;
        _a = model.ActionCount;
        _k = model.Interventions.Count;
        _transition = model.Transition.AsSpan().ToArray();
        _utility = model.Utility.AsSpan().ToArray();
        _predictedUtility = Product(model.Transition, model.Utility);
        _interventionTransition = new double[_k][];
        _interventionUtility = new double[_k][];
        _revealedMeu = new double[_k][];
        _responseRate = new double[_k];
        _stateDependent = new bool[_k];
        _silentUtility = new double[_k][];
        _respondedRevealed = new double[_k][];
        var evaluator = new DecisionEvaluator(model);
        for (var k = 0; k < _k; k++)
        {
            _interventionTransition[k] = model.Interventions[k].Transition.AsSpan().ToArray();
            _interventionUtility[k] = Product(model.Interventions[k].Transition, model.Utility);
            _revealedMeu[k] = new double[_s];
            for (var x = 0; x < _s; x++)
            {
                _revealedMeu[k][x] = evaluator.RevealedMeu(k, x);
            }

            var intervention = model.Interventions[k];
            _responseRate[k] = intervention.ResponseRate;
            _stateDependent[k] = intervention.IsResponseRateStateDependent;
            _anyStateDependent |= _stateDependent[k];
            _respondedRevealed[k] = new double[_s];
            var silent = new double[_s * _s];
            for (var x = 0; x < _s; x++)
            {
                var r = intervention.GetResponseRate(x);
                _respondedRevealed[k][x] = r * _revealedMeu[k][x];
                for (var y = 0; y < _s; y++)
                {
                    silent[(x * _s) + y] = (1 - r) * intervention.Transition[x, y];
                }
            }

            _silentUtility[k] = Product(DecisionMatrix.Wrap(_s, _s, silent), model.Utility);
        }

        _runner = new ParallelRunner(Options.MaxDegreeOfParallelism, Options.MinimumParticipantsPerThread);
        _evaluate = new EvaluateBody(this);
        _advance = new AdvanceBody(this);
        _total = new TotalBody(this, _runner.MaxDegreeOfParallelism);
        _transform = new TransformBody(this);
    }

    /// <summary>The model.</summary>
    public DecisionModel Model { get; }

    /// <summary>The options.</summary>
    public PopulationEngineOptions Options { get; }

    /// <summary>Creates reusable evaluation buffers for <paramref name="count"/> participants.</summary>
    /// <param name="count">The number of participants.</param>
    /// <returns>The buffers.</returns>
    public PopulationEvaluation CreateEvaluation(int count) => new(Model, count);

    /// <summary>Creates a population of <paramref name="count"/> participants of this model's states.</summary>
    /// <param name="count">The number of participants.</param>
    /// <returns>The population, all beliefs zero.</returns>
    public BeliefPopulation CreatePopulation(int count) => new(_s, count);

    /// <summary>
    /// Computes, for every participant, MEU_0(b) = MEU(b·T) and V_k(b) = Σ_x b(x)·MEU(e_x·C_k) − MEU_0(b) for every
    /// intervention k (and the response-aware values when <paramref name="includeResponseAware"/> is set).
    /// </summary>
    /// <param name="population">The beliefs of week t − 1.</param>
    /// <param name="evaluation">Buffers of the same size.</param>
    /// <param name="includeResponseAware">Also compute r_k·MEU_k + (1 − r_k)·MEU(b·C_k) − MEU_0.</param>
    public void Evaluate(BeliefPopulation population, PopulationEvaluation evaluation, bool includeResponseAware = false)
    {
        CheckShapes(population, evaluation.Count);
        _evaluate.Population = population;
        _evaluate.Evaluation = evaluation;
        _evaluate.ResponseAware = includeResponseAware;
        if (includeResponseAware)
        {
            for (var k = 0; k < _k; k++)
            {
                _ = evaluation.ResponseAwareArray(k);
            }
        }

        try
        {
            _runner.Run(_evaluate, population.Count);
        }
        finally
        {
            _evaluate.Population = null;
            _evaluate.Evaluation = null;
        }

        evaluation.IncludesResponseAwareValues = includeResponseAware;
    }

    /// <summary>Runs a policy on an evaluated population, writing <see cref="PopulationEvaluation.Selection"/>.</summary>
    /// <param name="population">The beliefs that were evaluated.</param>
    /// <param name="evaluation">The evaluation (computed with the response-aware values if the policy needs them).</param>
    /// <param name="policy">The policy.</param>
    /// <param name="cycle">The cycle t (1-based), or 0 when unknown.</param>
    /// <param name="cyclesRemaining">The cycles left including this one, or <see langword="null"/>.</param>
    /// <returns>The number of participants selected.</returns>
    /// <exception cref="InvalidOperationException">The policy needs response-aware values that were not computed, or wrote an invalid intervention index.</exception>
    public int SelectContacts(BeliefPopulation population, PopulationEvaluation evaluation, ContactPolicy policy, int cycle = 0, int? cyclesRemaining = null) =>
        SelectContacts(population, evaluation, policy, ReadOnlySpan<double>.Empty, cycle, cyclesRemaining);

    /// <summary>Runs a policy on evaluated, weighted entries (e.g. expected-mode classes); see <see cref="SelectContacts(BeliefPopulation, PopulationEvaluation, ContactPolicy, int, int?)"/>.</summary>
    /// <param name="population">The beliefs that were evaluated.</param>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="weights">How many participants each entry stands for; empty for one each.</param>
    /// <param name="cycle">The cycle t (1-based), or 0 when unknown.</param>
    /// <param name="cyclesRemaining">The cycles left including this one, or <see langword="null"/>.</param>
    /// <returns>The number of entries selected.</returns>
    public int SelectContacts(BeliefPopulation population, PopulationEvaluation evaluation, ContactPolicy policy, ReadOnlySpan<double> weights, int cycle, int? cyclesRemaining) =>
        SelectContacts(population, evaluation, policy, weights, cycle, cyclesRemaining, null);

    /// <summary>
    /// Runs a policy on evaluated, weighted entries that it may split between interventions (see
    /// <see cref="ContactShares"/>); see <see cref="SelectContacts(BeliefPopulation, PopulationEvaluation, ContactPolicy, int, int?)"/>.
    /// </summary>
    /// <param name="population">The beliefs that were evaluated.</param>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="weights">How many participants each entry stands for; empty for one each.</param>
    /// <param name="cycle">The cycle t (1-based), or 0 when unknown.</param>
    /// <param name="cyclesRemaining">The cycles left including this one, or <see langword="null"/>.</param>
    /// <param name="shares">Cleared, then filled by a policy that splits entries; <see langword="null"/> when entries are contacted whole. Its size must match the population's.</param>
    /// <returns>The number of entries selected (a split entry counts once).</returns>
    public int SelectContacts(BeliefPopulation population, PopulationEvaluation evaluation, ContactPolicy policy, ReadOnlySpan<double> weights, int cycle, int? cyclesRemaining, ContactShares? shares)
    {
        ArgumentNullException.ThrowIfNull(policy);
        CheckShapes(population, evaluation.Count);
        if (shares is not null)
        {
            if (shares.Count != population.Count || shares.InterventionCount != _k)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The shares are for {shares.Count} entries and {shares.InterventionCount} intervention(s); the population has {population.Count} entries and the model {_k} intervention(s)."), nameof(shares));
            }

            shares.Clear();
        }
        if (policy.RequiresResponseAwareValues && !evaluation.IncludesResponseAwareValues)
        {
            throw new InvalidOperationException($"Policy '{policy.Name}' needs the response-aware values; call Evaluate with includeResponseAware: true.");
        }

        var context = new ContactPolicyContext(Model, population, evaluation, weights, cycle, cyclesRemaining, shares);
        var selection = evaluation.Selection;
        policy.SelectContacts(in context, selection);
        var contacts = PopulationKernels.CountSelected(selection, _k);
        if (contacts < 0)
        {
            var i = -1 - contacts;
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Policy '{policy.Name}' selected intervention {selection[i]} for entry {i}; the model has {_k} intervention(s)."));
        }

        evaluation.ContactCount = contacts;
        return contacts;
    }

    /// <summary>
    /// Ends the cycle: turns every participant's belief of week t − 1 into the belief of week t. A participant with a
    /// reported state x gets e_x; contacted with k and silent gets b·C_k (the Bayes posterior
    /// b̃(y) ∝ Σ_x b(x)·(1 − r_k(x))·C_k(x, y) when k's response rate depends on the state; b·T with
    /// <see cref="NonResponderUpdate.PassiveDynamics"/>); everyone else gets b·T.
    /// </summary>
    /// <param name="population">The beliefs, updated in place.</param>
    /// <param name="observations">What happened in the cycle.</param>
    /// <exception cref="ArgumentOutOfRangeException">An intervention or state index is out of range (the message names the participant).</exception>
    public void ApplyObservations(BeliefPopulation population, CycleObservations observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        CheckShapes(population, observations.Count);
        _advance.Population = population;
        _advance.Observations = observations;
        try
        {
            _runner.Run(_advance, population.Count);
        }
        finally
        {
            _advance.Population = null;
            _advance.Observations = null;
        }
    }

    /// <summary>Ends the cycle for one participant (see <see cref="ApplyObservations"/>).</summary>
    /// <param name="population">The beliefs, updated in place.</param>
    /// <param name="participant">The participant index.</param>
    /// <param name="intervention">The intervention they were contacted with, or <see langword="null"/>.</param>
    /// <param name="reportedState">The state they reported, or <see langword="null"/>.</param>
    public void ApplyObservation(BeliefPopulation population, int participant, int? intervention, int? reportedState)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentOutOfRangeException.ThrowIfNegative(participant);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(participant, population.Count);
        Span<double> b = stackalloc double[_s];
        population.GetBelief(participant, b);
        AdvanceOne(population, participant, b, intervention ?? CycleObservations.None, reportedState ?? CycleObservations.None);
    }

    /// <summary>Replaces every belief b by b·T (a cycle with nobody contacted and nothing observed).</summary>
    /// <param name="population">The beliefs, updated in place.</param>
    public void Predict(BeliefPopulation population) => Transform(population, _transition);

    /// <summary>Replaces every belief b by b·C_k (everyone subjected to intervention k, nobody observed).</summary>
    /// <param name="population">The beliefs, updated in place.</param>
    /// <param name="intervention">The intervention index k.</param>
    public void Predict(BeliefPopulation population, int intervention) => Transform(population, _interventionTransition[intervention]);

    /// <summary>The total expected utility Σ_i MEU(b_i).</summary>
    /// <param name="population">The beliefs.</param>
    /// <returns>The total.</returns>
    public double TotalExpectedUtility(BeliefPopulation population)
    {
        CheckShapes(population, population.Count);
        _total.Population = population;
        _total.Weights = null;
        try
        {
            return RunTotal(population.Count);
        }
        finally
        {
            _total.Population = null;
        }
    }

    /// <summary>The weighted total Σ_i w_i·MEU(b_i).</summary>
    /// <param name="population">The beliefs.</param>
    /// <param name="weights">One weight per entry.</param>
    /// <returns>The total.</returns>
    public double TotalExpectedUtility(BeliefPopulation population, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckShapes(population, weights.Length);
        _total.Population = population;
        _total.Weights = weights;
        try
        {
            return RunTotal(population.Count);
        }
        finally
        {
            _total.Population = null;
            _total.Weights = null;
        }
    }

    /// <summary>MEU(b_i) and the best action for every participant.</summary>
    /// <param name="population">The beliefs.</param>
    /// <param name="meu">Receives MEU(b_i); at least N entries.</param>
    /// <param name="bestAction">Receives the best action index (ties to the lowest); at least N entries.</param>
    public void MaximumExpectedUtilities(BeliefPopulation population, Span<double> meu, Span<int> bestAction)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentOutOfRangeException.ThrowIfLessThan(meu.Length, population.Count, nameof(meu));
        ArgumentOutOfRangeException.ThrowIfLessThan(bestAction.Length, population.Count, nameof(bestAction));
        Span<double> b = stackalloc double[_s];
        for (var i = 0; i < population.Count; i++)
        {
            population.GetBelief(i, b);
            var (a, v) = DecisionEvaluator.Best(Model, b);
            meu[i] = v;
            bestAction[i] = a;
        }
    }

    /// <summary>
    /// The workshop decision: hold it when Σ_i MEU(b_i) reaches <paramref name="threshold"/>; invite the participants
    /// whose best action is <paramref name="inviteAction"/>, highest expected utility first.
    /// </summary>
    /// <param name="population">The beliefs.</param>
    /// <param name="threshold">The threshold on the total expected utility.</param>
    /// <param name="inviteAction">The index of the action that means "invite".</param>
    /// <returns>The decision.</returns>
    public WorkshopDecision DecideWorkshop(BeliefPopulation population, double threshold, int inviteAction)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentOutOfRangeException.ThrowIfNegative(inviteAction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inviteAction, _a);
        var meu = new double[population.Count];
        var best = new int[population.Count];
        MaximumExpectedUtilities(population, meu, best);
        var total = 0.0;
        var invited = new List<WorkshopInvitation>();
        for (var i = 0; i < meu.Length; i++)
        {
            total += meu[i];
            if (best[i] == inviteAction)
            {
                invited.Add(new WorkshopInvitation(i, meu[i]));
            }
        }

        invited.Sort(static (x, y) => y.ExpectedUtility != x.ExpectedUtility ? y.ExpectedUtility.CompareTo(x.ExpectedUtility) : x.Participant.CompareTo(y.Participant));
        return new WorkshopDecision(total >= threshold, total, threshold, invited);
    }

    /// <summary>The workshop decision with the invite action given by name (see <see cref="DecideWorkshop(BeliefPopulation, double, int)"/>).</summary>
    /// <param name="population">The beliefs.</param>
    /// <param name="threshold">The threshold.</param>
    /// <param name="inviteAction">The name of the action that means "invite", e.g. <c>invite</c>.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">The model has no such action.</exception>
    public WorkshopDecision DecideWorkshop(BeliefPopulation population, double threshold, string inviteAction)
    {
        var index = Model.IndexOfAction(inviteAction);
        if (index < 0)
        {
            throw new ArgumentException($"The model has no action '{inviteAction}'; actions: {string.Join(", ", Model.Actions)}.", nameof(inviteAction));
        }

        return DecideWorkshop(population, threshold, index);
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();

    private static double[] Product(DecisionMatrix left, DecisionMatrix right)
    {
        var result = new double[left.RowCount * right.ColumnCount];
        for (var i = 0; i < left.RowCount; i++)
        {
            for (var j = 0; j < right.ColumnCount; j++)
            {
                var sum = 0.0;
                for (var m = 0; m < left.ColumnCount; m++)
                {
                    sum += left[i, m] * right[m, j];
                }

                result[(i * right.ColumnCount) + j] = sum;
            }
        }

        return result;
    }

    private double RunTotal(int count)
    {
        Array.Clear(_total.Partials);
        _runner.Run(_total, count);
        var sum = 0.0;
        foreach (var p in _total.Partials)
        {
            sum += p;
        }

        return sum;
    }

    private void Transform(BeliefPopulation population, double[] matrix)
    {
        CheckShapes(population, population.Count);
        _transform.Population = population;
        _transform.Matrix = matrix;
        try
        {
            _runner.Run(_transform, population.Count);
        }
        finally
        {
            _transform.Population = null;
            _transform.Matrix = null;
        }
    }

    private void CheckShapes(BeliefPopulation population, int count)
    {
        ArgumentNullException.ThrowIfNull(population);
        if (population.StateCount != _s)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The population has {population.StateCount} states; the model has {_s}."), nameof(population));
        }

        if (population.Count != count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The population has {population.Count} participants; the buffers have {count}."), nameof(population));
        }
    }

    private void AdvanceOne(BeliefPopulation population, int i, ReadOnlySpan<double> b, int contact, int report)
    {
        if (report != CycleObservations.None)
        {
            if ((uint)report >= (uint)_s)
            {
                throw new ArgumentOutOfRangeException(nameof(report), report, string.Create(CultureInfo.InvariantCulture, $"Participant {i} reported state {report}; the model has {_s} states."));
            }

            if (contact != CycleObservations.None && (uint)contact < (uint)_k && Model.Interventions[contact].IsReportNoisy)
            {
                // A noisy report is evidence: the Bayes posterior of b after contact k and report o. A report the model
                // gives probability 0 is taken at its word (e_o), as an exact report would be.
                Span<double> posterior = stackalloc double[_s];
                if (DecisionEvaluator.ReportedPosterior(Model.Interventions[contact], b, report, posterior) > 0)
                {
                    for (var y = 0; y < _s; y++)
                    {
                        population.Column(y)[i] = posterior[y];
                    }

                    return;
                }
            }

            for (var y = 0; y < _s; y++)
            {
                population.Column(y)[i] = y == report ? 1 : 0;
            }

            return;
        }

        double[] m;
        if (contact == CycleObservations.None)
        {
            m = _transition;
        }
        else if ((uint)contact >= (uint)_k)
        {
            throw new ArgumentOutOfRangeException(nameof(contact), contact, string.Create(CultureInfo.InvariantCulture, $"Participant {i} was contacted with intervention {contact}; the model has {_k} intervention(s)."));
        }
        else if (Options.NonResponderUpdate == NonResponderUpdate.PassiveDynamics)
        {
            m = _transition;
        }
        else if (_stateDependent[contact])
        {
            Span<double> posterior = stackalloc double[_s];
            DecisionEvaluator.SilentPosterior(Model.Interventions[contact], b, posterior);
            for (var y = 0; y < _s; y++)
            {
                population.Column(y)[i] = posterior[y];
            }

            return;
        }
        else
        {
            m = _interventionTransition[contact];
        }

        for (var y = 0; y < _s; y++)
        {
            var sum = 0.0;
            for (var x = 0; x < _s; x++)
            {
                sum += b[x] * m[(x * _s) + y];
            }

            population.Column(y)[i] = sum;
        }
    }

    private sealed class EvaluateBody(PopulationEngine e) : RangeBody
    {
        public BeliefPopulation? Population;
        public PopulationEvaluation? Evaluation;
        public bool ResponseAware;

        public override void Execute(int partition, int start, int end)
        {
            var pop = Population!;
            var ev = Evaluation!;
            var s = e._s;
            var a = e._a;
            var w = Vector<double>.Count;
            Span<Vector<double>> b = stackalloc Vector<double>[s];
            Span<double> scalar = stackalloc double[s];
            Span<double> silentPosterior = stackalloc double[s];
            var meu0 = ev.MeuWithoutInterventionArray;
            var i = start;
            if (s == 3 && a >= 2 && !ResponseAware && !e._noisy && Vector.IsHardwareAccelerated)
            {
                for (var k = 0; k < e._k; k++)
                {
                    PopulationKernels.Evaluate3(pop.Column(0), pop.Column(1), pop.Column(2), e._predictedUtility, a, e._revealedMeu[k], meu0, ev.ValuesArray(k), start, end);
                }

                return;
            }

            if (Vector.IsHardwareAccelerated && !e._noisy)
            {
                for (; i <= end - w; i += w)
                {
                    for (var x = 0; x < s; x++)
                    {
                        b[x] = new Vector<double>(pop.Column(x), i);
                    }

                    var best = MaxEu(b, e._predictedUtility, s, a);
                    best.CopyTo(meu0, i);
                    for (var k = 0; k < e._k; k++)
                    {
                        var revealed = e._revealedMeu[k];
                        var meuK = Vector<double>.Zero;
                        for (var x = 0; x < s; x++)
                        {
                            meuK += b[x] * revealed[x];
                        }

                        (meuK - best).CopyTo(ev.ValuesArray(k), i);
                        if (ResponseAware && e._stateDependent[k])
                        {
                            var responded = Vector<double>.Zero;
                            for (var x = 0; x < s; x++)
                            {
                                responded += b[x] * e._respondedRevealed[k][x];
                            }

                            (responded + MaxEu(b, e._silentUtility[k], s, a) - best).CopyTo(ev.ResponseAwareArray(k), i);
                        }
                        else if (ResponseAware)
                        {
                            var silent = MaxEu(b, e._interventionUtility[k], s, a);
                            var r = e._responseRate[k];
                            ((meuK * r) + (silent * (1 - r)) - best).CopyTo(ev.ResponseAwareArray(k), i);
                        }
                    }
                }
            }

            for (; i < end; i++)
            {
                pop.GetBelief(i, scalar);
                var best = MaxEu(scalar, e._predictedUtility, s, a);
                meu0[i] = best;
                for (var k = 0; k < e._k; k++)
                {
                    var intervention = e.Model.Interventions[k];
                    if (intervention.IsReportNoisy)
                    {
                        // A report is evidence (see DecisionEvaluator): MEU_k sums MEU over the reports' posteriors.
                        ev.ValuesArray(k)[i] = DecisionEvaluator.NoisyRevealedMeu(e.Model, intervention, scalar, respondersOnly: false) - best;
                        if (ResponseAware)
                        {
                            var pSilent = DecisionEvaluator.SilentPosterior(intervention, scalar, silentPosterior);
                            ev.ResponseAwareArray(k)[i] = DecisionEvaluator.NoisyRevealedMeu(e.Model, intervention, scalar, respondersOnly: true) + (pSilent * MaxEu(silentPosterior, e._utility, s, a)) - best;
                        }

                        continue;
                    }

                    var revealed = e._revealedMeu[k];
                    var meuK = 0.0;
                    for (var x = 0; x < s; x++)
                    {
                        meuK += scalar[x] * revealed[x];
                    }

                    ev.ValuesArray(k)[i] = meuK - best;
                    if (ResponseAware && e._stateDependent[k])
                    {
                        var responded = 0.0;
                        for (var x = 0; x < s; x++)
                        {
                            responded += scalar[x] * e._respondedRevealed[k][x];
                        }

                        ev.ResponseAwareArray(k)[i] = responded + MaxEu(scalar, e._silentUtility[k], s, a) - best;
                    }
                    else if (ResponseAware)
                    {
                        var silent = MaxEu(scalar, e._interventionUtility[k], s, a);
                        var r = e._responseRate[k];
                        ev.ResponseAwareArray(k)[i] = (meuK * r) + (silent * (1 - r)) - best;
                    }
                }
            }
        }
    }

    private sealed class AdvanceBody(PopulationEngine e) : RangeBody
    {
        public BeliefPopulation? Population;
        public CycleObservations? Observations;

        public override void Execute(int partition, int start, int end)
        {
            var pop = Population!;
            var contacts = Observations!.Contacts;
            var reports = Observations.ReportedStates;
            var s = e._s;
            var t = e._transition;
            var w = Vector<double>.Count;
            Span<Vector<double>> b = stackalloc Vector<double>[s];
            Span<double> scalar = stackalloc double[s];
            var i = start;
            var bayes = (e._anyStateDependent && e.Options.NonResponderUpdate == NonResponderUpdate.InterventionDynamics) || e._noisy;
            if (bayes)
            {
                // State-dependent response rates: silent participants get the Bayes posterior (scalar path).
            }
            else if (s == 3 && Vector.IsHardwareAccelerated)
            {
                var bad = PopulationKernels.Advance3(
                    pop.Column(0), pop.Column(1), pop.Column(2), Observations.ContactsArray, Observations.ReportsArray, t, e._interventionTransition, e.Options.NonResponderUpdate == NonResponderUpdate.PassiveDynamics, start, end);
                if (bad < 0)
                {
                    return;
                }

                // An out-of-range entry in this block: the scalar path below reports it by participant.
                i = bad;
            }
            else if (Vector.IsHardwareAccelerated)
            {
                for (; i <= end - w; i += w)
                {
                    for (var x = 0; x < s; x++)
                    {
                        b[x] = new Vector<double>(pop.Column(x), i);
                    }

                    for (var y = 0; y < s; y++)
                    {
                        var sum = Vector<double>.Zero;
                        for (var x = 0; x < s; x++)
                        {
                            sum += b[x] * t[(x * s) + y];
                        }

                        sum.CopyTo(pop.Column(y), i);
                    }

                    var all = -1;
                    for (var j = 0; j < w; j++)
                    {
                        all &= contacts[i + j] & reports[i + j];
                    }

                    if (all != -1)
                    {
                        for (var j = 0; j < w; j++)
                        {
                            var c = contacts[i + j];
                            var r = reports[i + j];
                            if (c != CycleObservations.None || r != CycleObservations.None)
                            {
                                for (var x = 0; x < s; x++)
                                {
                                    scalar[x] = b[x][j];
                                }

                                e.AdvanceOne(pop, i + j, scalar, c, r);
                            }
                        }
                    }
                }
            }

            for (; i < end; i++)
            {
                pop.GetBelief(i, scalar);
                e.AdvanceOne(pop, i, scalar, contacts[i], reports[i]);
            }
        }
    }

    private sealed class TransformBody(PopulationEngine e) : RangeBody
    {
        public BeliefPopulation? Population;
        public double[]? Matrix;

        public override void Execute(int partition, int start, int end)
        {
            var pop = Population!;
            var m = Matrix!;
            var s = e._s;
            var w = Vector<double>.Count;
            Span<Vector<double>> b = stackalloc Vector<double>[s];
            Span<double> scalar = stackalloc double[s];
            var i = start;
            for (; Vector.IsHardwareAccelerated && i <= end - w; i += w)
            {
                for (var x = 0; x < s; x++)
                {
                    b[x] = new Vector<double>(pop.Column(x), i);
                }

                for (var y = 0; y < s; y++)
                {
                    var sum = Vector<double>.Zero;
                    for (var x = 0; x < s; x++)
                    {
                        sum += b[x] * m[(x * s) + y];
                    }

                    sum.CopyTo(pop.Column(y), i);
                }
            }

            for (; i < end; i++)
            {
                pop.GetBelief(i, scalar);
                for (var y = 0; y < s; y++)
                {
                    var sum = 0.0;
                    for (var x = 0; x < s; x++)
                    {
                        sum += scalar[x] * m[(x * s) + y];
                    }

                    pop.Column(y)[i] = sum;
                }
            }
        }
    }

    private sealed class TotalBody(PopulationEngine e, int partitions) : RangeBody
    {
        public readonly double[] Partials = new double[partitions];
        public BeliefPopulation? Population;
        public double[]? Weights;

        public override void Execute(int partition, int start, int end)
        {
            var pop = Population!;
            var weights = Weights;
            var s = e._s;
            var a = e._a;
            var w = Vector<double>.Count;
            Span<Vector<double>> b = stackalloc Vector<double>[s];
            Span<double> scalar = stackalloc double[s];
            if (s == 3 && a == 2 && weights is null && Vector.IsHardwareAccelerated)
            {
                Partials[partition] = PopulationKernels.Total3x2(pop.Column(0), pop.Column(1), pop.Column(2), e._utility, start, end);
                return;
            }

            var acc = Vector<double>.Zero;
            var i = start;
            for (; Vector.IsHardwareAccelerated && i <= end - w; i += w)
            {
                for (var x = 0; x < s; x++)
                {
                    b[x] = new Vector<double>(pop.Column(x), i);
                }

                var best = MaxEu(b, e._utility, s, a);
                acc += weights is null ? best : best * new Vector<double>(weights, i);
            }

            var sum = Vector.Sum(acc);
            for (; i < end; i++)
            {
                pop.GetBelief(i, scalar);
                var best = MaxEu(scalar, e._utility, s, a);
                sum += weights is null ? best : best * weights[i];
            }

            Partials[partition] = sum;
        }
    }

    private static Vector<double> MaxEu(ReadOnlySpan<Vector<double>> b, double[] utility, int s, int a)
    {
        var best = Vector<double>.Zero;
        for (var act = 0; act < a; act++)
        {
            var eu = Vector<double>.Zero;
            for (var x = 0; x < s; x++)
            {
                eu += b[x] * utility[(x * a) + act];
            }

            best = act == 0 ? eu : Vector.Max(best, eu);
        }

        return best;
    }

    private static double MaxEu(ReadOnlySpan<double> b, double[] utility, int s, int a)
    {
        var best = 0.0;
        for (var act = 0; act < a; act++)
        {
            var eu = 0.0;
            for (var x = 0; x < s; x++)
            {
                eu += b[x] * utility[(x * a) + act];
            }

            best = act == 0 ? eu : Math.Max(best, eu);
        }

        return best;
    }
}
