using System.Globalization;
using Crowdsourcing.Decision.Models;
using MathNet.Numerics.Distributions;

namespace Crowdsourcing.Decision.Learning;

/// <summary>
/// Learns the passive dynamics T, each intervention's C_k and each response rate r_k (or r_k(x)) from a campaign's
/// event log, with their uncertainty.
/// </summary>
/// <remarks>
/// <para><b>The model of the log.</b> Each participant has hidden states x_0, x_1, …, x_W (W their last week). Cycle t
/// moves x_{t−1} to x_t by T when the participant was left alone and by C_k when contacted with k. A contacted
/// participant responds with probability r_k(x_{t−1}) and then reports x_t; a silence is evidence about x_{t−1}. A
/// state reported without a contact (e.g. a survey) and the week-0 state are taken as observed; weeks without such a
/// report are missing at random.</para>
/// <para><b>Estimation.</b> Expectation-maximisation with the forward–backward algorithm, the intervention of each
/// cycle as input: the E-step computes the posterior of every (x_{t−1}, x_t) pair; the expected counts N_u(x, y) of
/// transitions under each action u and the expected responses and silences per state at contact time feed the M-step,
/// which takes posterior means under Dirichlet(a) priors for the rows of T and C_k and Beta(b, b) priors for the rates:
/// T(x, y) = (N_0(x, y) + a) / (Σ_y N_0(x, y) + S·a), r_k(x) = (R_k(x) + b) / (R_k(x) + N_k(x) + 2b). With
/// <see cref="LearningOptions.PriorStrength"/> m &gt; 0 the priors are centred on the template (the campaign's current
/// model): Dirichlet(a + m·T₀(x, ·)) and Beta(b + m·r₀, b + m·(1 − r₀)), so T(x, y) = (N_0(x, y) + a + m·T₀(x, y)) /
/// (Σ_y N_0(x, y) + S·a + m): little history stays near the template, much history follows the data. When every state
/// is observed, the posteriors are certain, the counts are the plain counts and one iteration gives the Bayesian
/// estimate (counting with Dirichlet/Beta priors). EM stops when no parameter moves by more than the tolerance.</para>
/// <para><b>Noisy reports.</b> When the log has analyst reviews (<see cref="CampaignEvent.ReviewedState"/>) of
/// reports after a contact with k, the learner also estimates that intervention's report model O_k(x, o), the
/// probability that a participant in state x is reported as o. A reviewed report observes x_t (the reviewed state) and
/// one pair (x_t, o); an unreviewed report o after contact k is evidence through O_k: its weight on x_t = y is
/// O_k(y, o) in the forward–backward pass, and its expected pair counts feed the M-step beside the reviewed ones:
/// O_k(x, o) = (M_k(x, o) + p_k(x, o)) / (Σ_o M_k(x, o) + Σ_o p_k(x, o)). The Dirichlet prior p_k(x, ·) puts
/// <see cref="LearningOptions.ReportPrior"/>·S pseudo-counts on each row, half on the centre (the template's O_k, or
/// the identity when it has none) and half spread evenly, so no entry is 0. Its intervals are exact for reviewed pairs;
/// the expected pairs of unreviewed reports make them too narrow, as for the transitions below. Interventions without reviewed reports keep
/// the template's report model (reports after them are taken at their word when it has none).</para>
/// <para><b>Uncertainty.</b> The posterior parameters N + a (and R + b, N + b) are returned, with central credible
/// intervals from the Beta marginals (MathNet's inverse Beta CDF). With missing states the counts are expected counts,
/// so the intervals are somewhat too narrow: they ignore the information lost to the missing weeks.</para>
/// </remarks>
public static class ParameterLearner
{
    /// <summary>Learns the parameters of <paramref name="template"/> (its states, actions, utilities, intervention names and costs) from a log.</summary>
    /// <param name="template">The model whose names the log uses; its T, C_k and r_k are the EM starting point.</param>
    /// <param name="events">The log's rows.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels between EM iterations.</param>
    /// <returns>The learned parameters.</returns>
    /// <exception cref="EventLogException">A row names an unknown intervention or state, repeats a participant's week, or the log is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static LearnedParameters Learn(DecisionModel template, IEnumerable<CampaignEvent> events, LearningOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(events);
        options ??= new LearningOptions();
        if (!(options.TransitionPrior > 0) || !(options.ResponsePrior > 0) || !(options.ReportPrior > 0) || !double.IsFinite(options.ReportPrior))
        {
            throw new ValidationFailedException("Priors", "The learning priors must be positive.");
        }

        if (!(options.PriorStrength >= 0) || !double.IsFinite(options.PriorStrength))
        {
            throw new ValidationFailedException("PriorStrength", string.Create(CultureInfo.InvariantCulture, $"PriorStrength must be a finite number of pseudo-observations, at least 0 (value: {options.PriorStrength})."));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1, nameof(options));
        if (!(options.IntervalLevel > 0 && options.IntervalLevel < 1))
        {
            throw new ValidationFailedException("IntervalLevel", string.Create(CultureInfo.InvariantCulture, $"IntervalLevel must be in (0, 1) (value: {options.IntervalLevel})."));
        }

        var data = Compile(template, events);
        return new Em(template, data, options).Run(cancellationToken);
    }

    private static LogData Compile(DecisionModel model, IEnumerable<CampaignEvent> events)
    {
        var byParticipant = new Dictionary<string, Dictionary<int, (int K, int Y, int Reviewed, int Line)>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in events)
        {
            var k = -1;
            if (e.Intervention is not null)
            {
                k = model.IndexOfIntervention(e.Intervention);
                if (k < 0)
                {
                    throw new EventLogException(e.LineNumber, $"unknown intervention '{e.Intervention}'; the model's interventions: {string.Join(", ", model.Interventions.Select(i => i.Name))}.");
                }
            }

            var y = -1;
            if (e.ReportedState is not null)
            {
                y = model.IndexOfState(e.ReportedState);
                if (y < 0)
                {
                    throw new EventLogException(e.LineNumber, $"unknown state '{e.ReportedState}'; the model's states: {string.Join(", ", model.States)}.");
                }
            }

            var reviewed = -1;
            if (e.ReviewedState is not null)
            {
                reviewed = model.IndexOfState(e.ReviewedState);
                if (reviewed < 0)
                {
                    throw new EventLogException(e.LineNumber, $"unknown reviewed state '{e.ReviewedState}'; the model's states: {string.Join(", ", model.States)}.");
                }

                if (y < 0)
                {
                    throw new EventLogException(e.LineNumber, $"the reviewed state '{e.ReviewedState}' has no reported state to review.");
                }
            }

            if (e.Week < 0 || (e.Week == 0 && k >= 0))
            {
                throw new EventLogException(e.LineNumber, string.Create(CultureInfo.InvariantCulture, $"week {e.Week} cannot carry an intervention; week 0 is the starting state."));
            }

            if (!byParticipant.TryGetValue(e.Participant, out var weeks))
            {
                weeks = [];
                byParticipant[e.Participant] = weeks;
                order.Add(e.Participant);
            }

            if (weeks.TryGetValue(e.Week, out var previous))
            {
                throw new EventLogException(e.LineNumber, string.Create(CultureInfo.InvariantCulture, $"participant '{e.Participant}' week {e.Week} appears twice (first on line {previous.Line})."));
            }

            weeks[e.Week] = (k, y, reviewed, e.LineNumber);
        }

        if (order.Count == 0)
        {
            throw new EventLogException(1, "the log has no rows.");
        }

        var starts = new int[order.Count + 1];
        var initial = new int[order.Count];
        var total = 0;
        foreach (var (p, i) in order.Select((p, i) => (p, i)))
        {
            starts[i] = total;
            total += byParticipant[p].Keys.Max();
        }

        starts[order.Count] = total;
        var actions = new int[total];
        var reports = new int[total];
        var reviews = new int[total];
        Array.Fill(actions, -1);
        Array.Fill(reports, -1);
        Array.Fill(reviews, -1);
        for (var i = 0; i < order.Count; i++)
        {
            initial[i] = -1;
            foreach (var (week, (k, y, reviewed, _)) in byParticipant[order[i]])
            {
                if (week == 0)
                {
                    // The starting state: a review, when there is one, is the truth.
                    initial[i] = reviewed >= 0 ? reviewed : y;
                    continue;
                }

                actions[starts[i] + week - 1] = k;
                reports[starts[i] + week - 1] = y;
                reviews[starts[i] + week - 1] = reviewed;
            }
        }

        return new LogData(order.Count, starts, initial, actions, reports, reviews);
    }

    private sealed record LogData(int Participants, int[] Starts, int[] Initial, int[] Actions, int[] Reports, int[] Reviews);

    private sealed class Em
    {
        private readonly DecisionModel _model;
        private readonly LogData _data;
        private readonly LearningOptions _options;
        private readonly int _s;
        private readonly int _k;
        private readonly double[] _pi;
        private readonly double[][] _a;
        private readonly double[][] _r;
        private readonly double[] _piCounts;
        private readonly double[][] _counts;
        private readonly double[][] _responded;
        private readonly double[][] _silent;
        private readonly double[][] _priorRows;
        private readonly double[][] _priorRates;

        /// <summary>Per intervention, the current O_k (S × S) when it is learned (it has reviewed reports), else <see langword="null"/>.</summary>
        private readonly double[]?[] _o;
        private readonly double[]?[] _oPrior;
        private readonly double[]?[] _oCounts;
        private readonly int[] _reviewed;

        public Em(DecisionModel model, LogData data, LearningOptions options)
        {
            _model = model;
            _data = data;
            _options = options;
            _s = model.StateCount;
            _k = model.Interventions.Count;
            _pi = new double[_s];
            Array.Fill(_pi, 1.0 / _s);
            _a = new double[_k + 1][];
            _a[0] = Smooth(model.Transition.AsSpan().ToArray());
            for (var k = 0; k < _k; k++)
            {
                _a[k + 1] = Smooth(model.Interventions[k].Transition.AsSpan().ToArray());
            }

            _r = new double[_k][];
            for (var k = 0; k < _k; k++)
            {
                _r[k] = [.. Enumerable.Range(0, _s).Select(x => Math.Clamp(model.Interventions[k].GetResponseRate(x), 0.05, 0.95))];
            }

            // The prior's centre: the template's own T, C_k and r_k (weighted by PriorStrength; all zero when it is 0).
            var m = options.PriorStrength;
            _priorRows = new double[_k + 1][];
            _priorRows[0] = [.. model.Transition.AsSpan().ToArray().Select(v => m * v)];
            for (var k = 0; k < _k; k++)
            {
                _priorRows[k + 1] = [.. model.Interventions[k].Transition.AsSpan().ToArray().Select(v => m * v)];
            }

            _priorRates = new double[_k][];
            for (var k = 0; k < _k; k++)
            {
                var intervention = model.Interventions[k];
                _priorRates[k] = options.StateDependentResponseRates
                    ? [.. Enumerable.Range(0, _s).Select(intervention.GetResponseRate)]
                    : [Enumerable.Range(0, _s).Average(intervention.GetResponseRate)];
            }

            _piCounts = new double[_s];
            _counts = [.. Enumerable.Range(0, _k + 1).Select(_ => new double[_s * _s])];
            _responded = [.. Enumerable.Range(0, _k).Select(_ => new double[_s])];
            _silent = [.. Enumerable.Range(0, _k).Select(_ => new double[_s])];
            _o = new double[]?[_k];
            _oPrior = new double[]?[_k];
            _oCounts = new double[]?[_k];
            _reviewed = new int[_k];
            for (var step = 0; step < data.Actions.Length; step++)
            {
                if (data.Actions[step] >= 0 && data.Reviews[step] >= 0)
                {
                    _reviewed[data.Actions[step]]++;
                }
            }

            for (var k = 0; k < _k; k++)
            {
                if (_reviewed[k] == 0)
                {
                    continue;
                }

                var intervention = model.Interventions[k];
                var prior = new double[_s * _s];
                var start = new double[_s * _s];
                for (var x = 0; x < _s; x++)
                {
                    for (var o = 0; o < _s; o++)
                    {
                        var centre = intervention.GetReportProbability(x, o);
                        prior[(x * _s) + o] = options.ReportPrior * _s * ((0.5 * centre) + (0.5 / _s));
                        start[(x * _s) + o] = (0.9 * centre) + (0.1 / _s);
                    }
                }

                _oPrior[k] = prior;
                _o[k] = start;
                _oCounts[k] = new double[_s * _s];
            }
        }

        public LearnedParameters Run(CancellationToken cancellationToken)
        {
            // Unreviewed reports after an intervention whose O is learned are evidence, not observations.
            var fullyObserved = _data.Initial.All(y => y >= 0) && _data.Reports.All(y => y >= 0)
                && Enumerable.Range(0, _data.Actions.Length).All(step => _data.Actions[step] < 0 || _o[_data.Actions[step]] is null || _data.Reviews[step] >= 0);
            var iterations = 0;
            var converged = false;
            var logLikelihood = 0.0;
            while (iterations < _options.MaxIterations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                logLikelihood = EStep();
                var change = MStep();
                iterations++;
                if (change <= _options.Tolerance || fullyObserved)
                {
                    converged = true;
                    break;
                }
            }

            // The final E-step's counts describe the final parameters' posterior.
            logLikelihood = EStep();
            var observed = _data.Reports.Length == 0 ? 1 : _data.Reports.Count(y => y >= 0) / (double)_data.Reports.Length;
            var transition = Matrix(0);
            var interventions = new LearnedIntervention[_k];
            var learned = new Intervention[_k];
            for (var k = 0; k < _k; k++)
            {
                var source = _model.Interventions[k];
                var matrix = Matrix(k + 1);
                var rate = Rate(k);
                var reportModel = _oCounts[k] is { } oCounts
                    ? LearnedMatrix.FromPosteriorCounts(_s, [.. oCounts.Select((n, i) => n + _oPrior[k]![i])], _options.IntervalLevel)
                    : null;
                interventions[k] = new LearnedIntervention(source.Name, matrix, rate) { ReportModel = reportModel, ReviewedReports = _reviewed[k] };
                learned[k] = (rate.StateDependent
                    ? new Intervention(source.Name, matrix.Estimate, source.Cost, rate.Estimate)
                    : new Intervention(source.Name, matrix.Estimate, source.Cost, rate.Estimate[0]))
                    .WithReportModel(reportModel?.Estimate ?? source.ReportModel);
            }

            var model = _model.With(transition: transition.Estimate, interventions: learned);
            var piTotal = _piCounts.Sum() + (_s * _options.TransitionPrior);
            var initial = _piCounts.Select(c => (c + _options.TransitionPrior) / piTotal).ToArray();
            return new LearnedParameters(model, transition, interventions, initial, _data.Participants, _data.Reports.Length, observed, iterations, converged, logLikelihood, _options.IntervalLevel);
        }

        private double[] Smooth(double[] matrix)
        {
            // Start EM away from the boundary: mix the template with the uniform matrix.
            for (var i = 0; i < matrix.Length; i++)
            {
                matrix[i] = (0.9 * matrix[i]) + (0.1 / _s);
            }

            return matrix;
        }

        private double EStep()
        {
            Array.Clear(_piCounts);
            foreach (var c in _counts)
            {
                Array.Clear(c);
            }

            for (var k = 0; k < _k; k++)
            {
                Array.Clear(_responded[k]);
                Array.Clear(_silent[k]);
                if (_oCounts[k] is { } oCounts)
                {
                    Array.Clear(oCounts);
                }
            }

            var s = _s;
            var maxLength = 0;
            for (var p = 0; p < _data.Participants; p++)
            {
                maxLength = Math.Max(maxLength, _data.Starts[p + 1] - _data.Starts[p]);
            }

            var alpha = new double[(maxLength + 1) * s];
            var beta = new double[(maxLength + 1) * s];
            var scale = new double[maxLength + 1];
            var psiCache = new double[(maxLength + 1) * s * s];
            var logLikelihood = 0.0;
            for (var p = 0; p < _data.Participants; p++)
            {
                var start = _data.Starts[p];
                var length = _data.Starts[p + 1] - start;
                var y0 = _data.Initial[p];
                var sum = 0.0;
                for (var x = 0; x < s; x++)
                {
                    alpha[x] = y0 < 0 || y0 == x ? _pi[x] : 0;
                    sum += alpha[x];
                }

                scale[0] = sum;
                for (var x = 0; x < s; x++)
                {
                    alpha[x] /= sum;
                }

                logLikelihood += Math.Log(sum);
                for (var t = 1; t <= length; t++)
                {
                    var psi = psiCache.AsSpan(t * s * s, s * s);
                    Psi(start + t - 1, psi);
                    var prev = (t - 1) * s;
                    var cur = t * s;
                    sum = 0;
                    for (var y = 0; y < s; y++)
                    {
                        var v = 0.0;
                        for (var x = 0; x < s; x++)
                        {
                            v += alpha[prev + x] * psi[(x * s) + y];
                        }

                        alpha[cur + y] = v;
                        sum += v;
                    }

                    if (sum <= 0)
                    {
                        // Impossible under the current parameters (a zero-probability report): restart the chain at the report.
                        sum = 1e-300;
                    }

                    scale[t] = sum;
                    logLikelihood += Math.Log(sum);
                    for (var y = 0; y < s; y++)
                    {
                        alpha[cur + y] /= sum;
                    }
                }

                for (var x = 0; x < s; x++)
                {
                    beta[(length * s) + x] = 1;
                }

                for (var t = length; t >= 1; t--)
                {
                    var step = start + t - 1;
                    var psi = psiCache.AsSpan(t * s * s, s * s);
                    var prev = (t - 1) * s;
                    var cur = t * s;
                    var k = _data.Actions[step];
                    var counts = _counts[k + 1];
                    var inverse = 1 / scale[t];
                    if (k >= 0 && _oCounts[k] is { } reportCounts && _data.Reports[step] is var o and >= 0)
                    {
                        // The posterior of x_t, beside the report o: one expected pair (x_t, o) of O_k.
                        for (var y = 0; y < s; y++)
                        {
                            reportCounts[(y * s) + o] += alpha[cur + y] * beta[cur + y];
                        }
                    }

                    for (var x = 0; x < s; x++)
                    {
                        var b = 0.0;
                        var edge = 0.0;
                        for (var y = 0; y < s; y++)
                        {
                            var w = psi[(x * s) + y] * beta[cur + y] * inverse;
                            b += w;
                            var xi = alpha[prev + x] * w;
                            counts[(x * s) + y] += xi;
                            edge += xi;
                        }

                        beta[prev + x] = b;
                        if (k >= 0)
                        {
                            if (_data.Reports[step] >= 0)
                            {
                                _responded[k][x] += edge;
                            }
                            else
                            {
                                _silent[k][x] += edge;
                            }
                        }
                    }
                }

                for (var x = 0; x < s; x++)
                {
                    _piCounts[x] += alpha[x] * beta[x];
                }
            }

            return logLikelihood;
        }

        /// <summary>ψ(x, y) = P(x_t = y, observation of cycle t | x_{t−1} = x).</summary>
        private void Psi(int step, Span<double> psi)
        {
            var s = _s;
            var k = _data.Actions[step];
            var y0 = _data.Reports[step];
            var reviewed = _data.Reviews[step];
            var a = _a[k + 1];
            var o = k >= 0 ? _o[k] : null;
            for (var x = 0; x < s; x++)
            {
                var factor = k < 0 ? 1 : y0 >= 0 ? _r[k][x] : 1 - _r[k][x];
                for (var y = 0; y < s; y++)
                {
                    double evidence;
                    if (y0 < 0)
                    {
                        evidence = 1;
                    }
                    else if (o is null)
                    {
                        // A report taken at its word (or, without a contact, a reviewed survey answer).
                        evidence = y == (reviewed >= 0 ? reviewed : y0) ? 1 : 0;
                    }
                    else
                    {
                        evidence = reviewed >= 0 ? (y == reviewed ? o[(y * s) + y0] : 0) : o[(y * s) + y0];
                    }

                    psi[(x * s) + y] = evidence * factor * a[(x * s) + y];
                }
            }
        }

        private double MStep()
        {
            var change = 0.0;
            var s = _s;
            var prior = _options.TransitionPrior;
            var strength = _options.PriorStrength;
            for (var u = 0; u <= _k; u++)
            {
                var counts = _counts[u];
                var centre = _priorRows[u];
                var a = _a[u];
                for (var x = 0; x < s; x++)
                {
                    var total = 0.0;
                    for (var y = 0; y < s; y++)
                    {
                        total += counts[(x * s) + y];
                    }

                    for (var y = 0; y < s; y++)
                    {
                        var v = (counts[(x * s) + y] + prior + centre[(x * s) + y]) / (total + (s * prior) + strength);
                        change = Math.Max(change, Math.Abs(v - a[(x * s) + y]));
                        a[(x * s) + y] = v;
                    }
                }
            }

            var b = _options.ResponsePrior;
            for (var k = 0; k < _k; k++)
            {
                var pooledR = _responded[k].Sum();
                var pooledS = _silent[k].Sum();
                for (var x = 0; x < s; x++)
                {
                    var v = _options.StateDependentResponseRates
                        ? (_responded[k][x] + b + (strength * _priorRates[k][x])) / (_responded[k][x] + _silent[k][x] + (2 * b) + strength)
                        : (pooledR + b + (strength * _priorRates[k][0])) / (pooledR + pooledS + (2 * b) + strength);
                    change = Math.Max(change, Math.Abs(v - _r[k][x]));
                    _r[k][x] = v;
                }
            }

            for (var k = 0; k < _k; k++)
            {
                if (_o[k] is not { } o)
                {
                    continue;
                }

                var counts = _oCounts[k]!;
                var reportPrior = _oPrior[k]!;
                for (var x = 0; x < s; x++)
                {
                    var total = 0.0;
                    for (var z = 0; z < s; z++)
                    {
                        total += counts[(x * s) + z] + reportPrior[(x * s) + z];
                    }

                    for (var z = 0; z < s; z++)
                    {
                        var v = (counts[(x * s) + z] + reportPrior[(x * s) + z]) / total;
                        change = Math.Max(change, Math.Abs(v - o[(x * s) + z]));
                        o[(x * s) + z] = v;
                    }
                }
            }

            var piTotal = _piCounts.Sum() + (s * prior);
            for (var x = 0; x < s; x++)
            {
                var v = (_piCounts[x] + prior) / piTotal;
                change = Math.Max(change, Math.Abs(v - _pi[x]));
                _pi[x] = v;
            }

            return change;
        }

        private LearnedMatrix Matrix(int u) =>
            LearnedMatrix.FromPosteriorCounts(_s, [.. _counts[u].Select((n, i) => n + _options.TransitionPrior + _priorRows[u][i])], _options.IntervalLevel);

        private LearnedResponseRate Rate(int k)
        {
            var b = _options.ResponsePrior;
            var m = _options.PriorStrength;
            var centre = _priorRates[k];
            var tail = (1 - _options.IntervalLevel) / 2;
            double[] responses, silences;
            if (_options.StateDependentResponseRates)
            {
                responses = [.. _responded[k].Select((v, x) => v + b + (m * centre[x]))];
                silences = [.. _silent[k].Select((v, x) => v + b + (m * (1 - centre[x])))];
            }
            else
            {
                responses = [_responded[k].Sum() + b + (m * centre[0])];
                silences = [_silent[k].Sum() + b + (m * (1 - centre[0]))];
            }

            var estimate = responses.Zip(silences, (r, n) => r / (r + n)).ToArray();
            var lower = responses.Zip(silences, (r, n) => Beta.InvCDF(r, n, tail)).ToArray();
            var upper = responses.Zip(silences, (r, n) => Beta.InvCDF(r, n, 1 - tail)).ToArray();
            return new LearnedResponseRate(_options.StateDependentResponseRates, estimate, responses, silences, lower, upper);
        }
    }
}
