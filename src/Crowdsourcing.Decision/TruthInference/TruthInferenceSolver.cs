namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// The computation behind <see cref="TruthInferenceEngine"/>: voting, and EM for Dawid-Skene, one-coin Dawid-Skene
/// and GLAD over the flat arrays of <see cref="AnswerData"/>. Posteriors are a T × K row-major array; the E-step works
/// in log space and normalises each item with the log-sum-exp shift (no underflow however many answers an item has);
/// nothing is allocated inside the loops.
/// </summary>
internal sealed class TruthInferenceSolver
{
    /// <summary>Labels whose posterior is within this of the highest are tied; the first in label order wins.</summary>
    public const double TieTolerance = 1e-12;

    private readonly AnswerData _d;
    private readonly TruthInferenceOptions _o;
    private readonly int _k;
    private readonly double _a;
    private readonly double[] _logPrior;
    private readonly Dictionary<int, double[]> _warm = [];
    private readonly double _warmStrength;
    private readonly double[]? _warmPriors;

    // A fresh run starts the warm-started workers from their matrices; an update starts from where it stood.
    private readonly bool _fresh;

    // Dawid-Skene: expected counts and log-probabilities, both indexed ((w·K + answered)·K + true).
    private double[] _logConfusion = [];

    // One-coin and GLAD: per answer the log-probability of a right answer and of each wrong label.
    private double[] _logRight = [];
    private double[] _logWrong = [];

    // GLAD work arrays.
    private double[] _gradAlpha = [];
    private double[] _gradBeta = [];
    private double[] _stepAlpha = [];
    private double[] _stepBeta = [];
    private double[] _trialAlpha = [];
    private double[] _trialBeta = [];

    public TruthInferenceSolver(AnswerData data, TruthInferenceOptions options, TruthInferenceResult? previous)
    {
        _d = data;
        _o = options;
        _k = data.K;
        _a = options.PriorCount;
        (RightPrior, WrongPrior) = AccuracyPrior(_a, _k);
        Posterior = new double[data.TaskCount * _k];
        Prior = new double[_k];
        _logPrior = new double[_k];
        Array.Fill(Prior, 1.0 / _k);
        _fresh = previous is null;
        if (options.WarmStart is { } warm)
        {
            foreach (var (worker, matrix) in warm.Align(data.Labels))
            {
                if (data.WorkerIndex.TryGetValue(worker, out var w))
                {
                    _warm[w] = matrix;
                }
            }

            _warmStrength = warm.Strength;
            _warmPriors = warm.AlignPriors(data.Labels);
        }

        MajorityPosteriors(Posterior);
        if (previous is not null && options.Method is not (TruthInferenceMethod.Majority or TruthInferenceMethod.Wawa))
        {
            // Start from where the previous run stood: its posteriors for the items it knew (gold stays clamped).
            var old = previous.Solver;
            var oldTasks = old._d.TaskCount;
            for (var j = 0; j < oldTasks; j++)
            {
                if (data.Gold[j] < 0)
                {
                    Array.Copy(old.Posterior, j * _k, Posterior, j * _k, _k);
                }
            }

            Array.Copy(old.Prior, Prior, _k);
            if (options.Method == TruthInferenceMethod.Glad)
            {
                InitializeGlad();
                Array.Copy(old.Alpha, Alpha, old.Alpha.Length);
                Array.Copy(old.LogBeta, LogBeta, old.LogBeta.Length);
            }
        }
        else if (options.Method == TruthInferenceMethod.Glad)
        {
            InitializeGlad();
        }
    }

    public double[] Posterior { get; }

    /// <summary>The prior pseudo-counts of right and of wrong answers: 2(K − 1)·a and (K − 1)·a (K = 1: a and a).</summary>
    public double RightPrior { get; }

    public double WrongPrior { get; }

    public double[] Prior { get; }

    /// <summary>Dawid-Skene: the expected counts of the last M-step, indexed ((w·K + answered)·K + true).</summary>
    public double[] Counts { get; private set; } = [];

    /// <summary>Dawid-Skene: the warm-start pseudo-counts (Strength × matrix), same index, or empty.</summary>
    public double[] WarmCounts { get; private set; } = [];

    /// <summary>One-coin: the expected right answers per worker in the last M-step, and the resulting accuracy.</summary>
    public double[] Correct { get; private set; } = [];

    /// <summary>One-coin: the accuracy per worker; majority and Wawa: the rate of agreement with the majority vote.</summary>
    public double[] Skill { get; private set; } = [];

    /// <summary>One-coin: the warm-start pseudo-counts of right answers (Strength × s0) per worker, or empty.</summary>
    public double[] WarmSkill { get; private set; } = [];

    /// <summary>Majority and Wawa: per worker, the answers equal to the majority vote (gold where known).</summary>
    public double[] Agreement { get; private set; } = [];

    /// <summary>GLAD: each worker's ability α.</summary>
    public double[] Alpha { get; private set; } = [];

    /// <summary>GLAD: each item's log inverse difficulty, log β.</summary>
    public double[] LogBeta { get; private set; } = [];

    /// <summary>GLAD: each worker's ability prior mean and precision.</summary>
    public double[] AlphaMean { get; private set; } = [];

    public double[] AlphaPrecision { get; private set; } = [];

    public int Iterations { get; private set; }

    public bool Converged { get; private set; }

    /// <summary>The change of the log-likelihood per answer in the last iteration.</summary>
    public double LastChange { get; private set; }

    /// <summary>The largest change of any posterior probability in the last iteration.</summary>
    public double LastPosteriorChange { get; private set; }

    public double? LogLikelihood { get; private set; }

    public AnswerData Data => _d;

    public TruthInferenceOptions Options => _o;

    /// <summary>The accuracy prior of <see cref="TruthInferenceOptions.PriorCount"/> a with K labels: prior mean 2/3, worth 3(K − 1)·a answers.</summary>
    public static (double Right, double Wrong) AccuracyPrior(double a, int k) => (2 * a * Math.Max(k - 1, 1), a * Math.Max(k - 1, 1));

    /// <summary>The Dirichlet pseudo-count of confusion cell (true c, answered l): 2(K − 1)·a on the diagonal, a elsewhere (K = 1: a).</summary>
    public double CellPrior(int c, int l) => c == l && _k > 1 ? RightPrior : _a;

    /// <summary>The index of the largest entry; entries within <see cref="TieTolerance"/> of it are tied and the first wins.</summary>
    public static int Best(ReadOnlySpan<double> p)
    {
        var max = double.NegativeInfinity;
        foreach (var v in p)
        {
            max = Math.Max(max, v);
        }

        for (var c = 0; c < p.Length; c++)
        {
            if (p[c] >= max - TieTolerance)
            {
                return c;
            }
        }

        return 0;
    }

    public void Run(CancellationToken cancellationToken)
    {
        switch (_o.Method)
        {
            case TruthInferenceMethod.Majority:
                Agreement = AgreementWith(Posterior);
                Skill = Rates(Agreement);
                Converged = true;
                break;
            case TruthInferenceMethod.Wawa:
                Wawa();
                Converged = true;
                break;
            default:
                Em(cancellationToken);
                break;
        }
    }

    /// <summary>Each item's posterior is its vote share per label (gold items: the gold label).</summary>
    private void MajorityPosteriors(double[] posterior)
    {
        var k = _k;
        for (var j = 0; j < _d.TaskCount; j++)
        {
            var p = posterior.AsSpan(j * k, k);
            p.Clear();
            if (_d.Gold[j] >= 0)
            {
                p[_d.Gold[j]] = 1;
                continue;
            }

            var start = _d.TaskStart[j];
            var end = _d.TaskStart[j + 1];
            for (var a = start; a < end; a++)
            {
                p[_d.AnswerLabel[a]] += 1;
            }

            var n = end - start;
            for (var c = 0; c < k; c++)
            {
                p[c] /= n;
            }
        }
    }

    /// <summary>Per worker: how many answers equal the item's label under <paramref name="posterior"/> (the tie rule of <see cref="Best"/>).</summary>
    private double[] AgreementWith(double[] posterior)
    {
        var agreement = new double[_d.WorkerCount];
        for (var j = 0; j < _d.TaskCount; j++)
        {
            var label = Best(posterior.AsSpan(j * _k, _k));
            for (var a = _d.TaskStart[j]; a < _d.TaskStart[j + 1]; a++)
            {
                if (_d.AnswerLabel[a] == label)
                {
                    agreement[_d.AnswerWorker[a]] += 1;
                }
            }
        }

        return agreement;
    }

    private double[] Rates(double[] agreement) =>
        [.. agreement.Select((c, w) => _d.WorkerAnswers[w] == 0 ? 0 : c / _d.WorkerAnswers[w])];

    /// <summary>crowd-kit's Wawa: weights = agreement with the majority vote; then the weighted vote shares.</summary>
    private void Wawa()
    {
        Agreement = AgreementWith(Posterior);
        Skill = Rates(Agreement);
        var k = _k;
        var weighted = new double[k];
        for (var j = 0; j < _d.TaskCount; j++)
        {
            if (_d.Gold[j] >= 0)
            {
                continue;
            }

            Array.Clear(weighted);
            var total = 0.0;
            for (var a = _d.TaskStart[j]; a < _d.TaskStart[j + 1]; a++)
            {
                var weight = Skill[_d.AnswerWorker[a]];
                weighted[_d.AnswerLabel[a]] += weight;
                total += weight;
            }

            if (total > 0)
            {
                // Every worker agreeing with nobody leaves the plain vote shares in place.
                for (var c = 0; c < k; c++)
                {
                    Posterior[(j * k) + c] = weighted[c] / total;
                }
            }
        }
    }

    private void InitializeGlad()
    {
        Alpha = new double[_d.WorkerCount];
        AlphaMean = new double[_d.WorkerCount];
        AlphaPrecision = new double[_d.WorkerCount];
        Array.Fill(Alpha, 1.0);
        Array.Fill(AlphaMean, 1.0);
        Array.Fill(AlphaPrecision, 1.0);
        foreach (var (w, matrix) in _warm)
        {
            var s = Math.Clamp(Diagonal(matrix), 0.01, 0.99);
            Alpha[w] = Math.Log(s / (1 - s));
            AlphaMean[w] = Alpha[w];
            AlphaPrecision[w] = 1 + _warmStrength;
        }

        LogBeta = new double[_d.TaskCount];
        _gradAlpha = new double[_d.WorkerCount];
        _stepAlpha = new double[_d.WorkerCount];
        _trialAlpha = new double[_d.WorkerCount];
        _gradBeta = new double[_d.TaskCount];
        _stepBeta = new double[_d.TaskCount];
        _trialBeta = new double[_d.TaskCount];
    }

    private double Diagonal(double[] matrix)
    {
        var sum = 0.0;
        for (var c = 0; c < _k; c++)
        {
            sum += matrix[(c * _k) + c];
        }

        return sum / _k;
    }

    private void Em(CancellationToken cancellationToken)
    {
        var w = _d.WorkerCount;
        var k = _k;
        switch (_o.Method)
        {
            case TruthInferenceMethod.DawidSkene:
                Counts = new double[w * k * k];
                _logConfusion = new double[w * k * k];
                if (_warm.Count > 0 && _warmStrength > 0)
                {
                    WarmCounts = new double[w * k * k];
                    foreach (var (worker, matrix) in _warm)
                    {
                        for (var c = 0; c < k; c++)
                        {
                            for (var l = 0; l < k; l++)
                            {
                                WarmCounts[(((worker * k) + l) * k) + c] = _warmStrength * matrix[(c * k) + l];
                            }
                        }
                    }
                }

                break;
            case TruthInferenceMethod.OneCoin:
                Correct = new double[w];
                Skill = new double[w];
                if (_warm.Count > 0 && _warmStrength > 0)
                {
                    WarmSkill = new double[w];
                    foreach (var (worker, matrix) in _warm)
                    {
                        WarmSkill[worker] = _warmStrength * Diagonal(matrix);
                    }
                }

                goto default;
            default:
                _logRight = new double[_d.AnswerCount];
                _logWrong = new double[_d.AnswerCount];
                break;
        }

        var previous = double.NegativeInfinity;
        for (var iteration = 1; iteration <= _o.MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            MStep(first: iteration == 1);
            LastPosteriorChange = EStep();
            var logLikelihood = LogLikelihood!.Value;
            Iterations = iteration;
            LastChange = Math.Abs(logLikelihood - previous) / _d.AnswerCount;
            previous = logLikelihood;
            if (LastChange <= _o.Tolerance)
            {
                Converged = true;
                break;
            }
        }
    }

    private void MStep(bool first)
    {
        var k = _k;
        var t = _d.TaskCount;
        for (var c = 0; c < k; c++)
        {
            Prior[c] = 0;
        }

        for (var j = 0; j < t; j++)
        {
            var p = Posterior.AsSpan(j * k, k);
            for (var c = 0; c < k; c++)
            {
                Prior[c] += p[c];
            }
        }

        for (var c = 0; c < k; c++)
        {
            Prior[c] = (Prior[c] + _a) / (t + (k * _a));
        }

        first &= _fresh;
        if (first && _warmPriors is not null)
        {
            Array.Copy(_warmPriors, Prior, k);
        }

        for (var c = 0; c < k; c++)
        {
            _logPrior[c] = Math.Log(Prior[c]);
        }

        switch (_o.Method)
        {
            case TruthInferenceMethod.DawidSkene:
                DawidSkeneMStep(first);
                break;
            case TruthInferenceMethod.OneCoin:
                OneCoinMStep(first);
                break;
            default:
                GladMStep();
                break;
        }
    }

    private void DawidSkeneMStep(bool first)
    {
        var k = _k;
        var counts = Counts;
        Array.Clear(counts);
        var workerOf = _d.AnswerWorker;
        var labelOf = _d.AnswerLabel;
        var start = _d.TaskStart;
        for (var j = 0; j < _d.TaskCount; j++)
        {
            var p = Posterior.AsSpan(j * k, k);
            for (var a = start[j]; a < start[j + 1]; a++)
            {
                var row = counts.AsSpan(((workerOf[a] * k) + labelOf[a]) * k, k);
                for (var c = 0; c < k; c++)
                {
                    row[c] += p[c];
                }
            }
        }

        var warm = WarmCounts;
        var size = k * k;
        for (var w = 0; w < _d.WorkerCount; w++)
        {
            var b = w * size;
            for (var c = 0; c < k; c++)
            {
                var total = 0.0;
                for (var l = 0; l < k; l++)
                {
                    var i = b + (l * k) + c;
                    total += counts[i] + CellPrior(c, l) + (warm.Length > 0 ? warm[i] : 0);
                }

                var logTotal = Math.Log(total);
                for (var l = 0; l < k; l++)
                {
                    var i = b + (l * k) + c;
                    _logConfusion[i] = Math.Log(counts[i] + CellPrior(c, l) + (warm.Length > 0 ? warm[i] : 0)) - logTotal;
                }
            }
        }

        if (first)
        {
            foreach (var (w, matrix) in _warm)
            {
                for (var c = 0; c < k; c++)
                {
                    for (var l = 0; l < k; l++)
                    {
                        _logConfusion[(w * size) + (l * k) + c] = Math.Log(Math.Max(matrix[(c * k) + l], 1e-12));
                    }
                }
            }
        }
    }

    private void OneCoinMStep(bool first)
    {
        var k = _k;
        Array.Clear(Correct);
        for (var j = 0; j < _d.TaskCount; j++)
        {
            for (var a = _d.TaskStart[j]; a < _d.TaskStart[j + 1]; a++)
            {
                Correct[_d.AnswerWorker[a]] += Posterior[(j * k) + _d.AnswerLabel[a]];
            }
        }

        var strength = WarmSkill.Length > 0 ? _warmStrength : 0;
        for (var w = 0; w < _d.WorkerCount; w++)
        {
            var warm = WarmSkill.Length > 0 ? WarmSkill[w] : 0;
            var extra = WarmSkill.Length > 0 && _warm.ContainsKey(w) ? strength : 0;
            Skill[w] = (Correct[w] + RightPrior + warm) / (_d.WorkerAnswers[w] + RightPrior + WrongPrior + extra);
        }

        if (first)
        {
            foreach (var (w, matrix) in _warm)
            {
                Skill[w] = Math.Clamp(Diagonal(matrix), 1e-12, 1 - 1e-12);
            }
        }

        var logOthers = k > 1 ? Math.Log(k - 1) : 0;
        for (var a = 0; a < _d.AnswerCount; a++)
        {
            var s = Skill[_d.AnswerWorker[a]];
            _logRight[a] = k > 1 ? Math.Log(s) : 0;
            _logWrong[a] = k > 1 ? Math.Log(1 - s) - logOthers : 0;
        }
    }

    private double EStep()
    {
        var k = _k;
        Span<double> lp = stackalloc double[k];
        var change = 0.0;
        var logLikelihood = 0.0;
        var dawidSkene = _o.Method == TruthInferenceMethod.DawidSkene;
        var workerOf = _d.AnswerWorker;
        var labelOf = _d.AnswerLabel;
        var start = _d.TaskStart;
        for (var j = 0; j < _d.TaskCount; j++)
        {
            _logPrior.CopyTo(lp);
            if (dawidSkene)
            {
                for (var a = start[j]; a < start[j + 1]; a++)
                {
                    var row = _logConfusion.AsSpan(((workerOf[a] * k) + labelOf[a]) * k, k);
                    for (var c = 0; c < k; c++)
                    {
                        lp[c] += row[c];
                    }
                }
            }
            else
            {
                var wrong = 0.0;
                for (var a = start[j]; a < start[j + 1]; a++)
                {
                    wrong += _logWrong[a];
                    lp[labelOf[a]] += _logRight[a] - _logWrong[a];
                }

                for (var c = 0; c < k; c++)
                {
                    lp[c] += wrong;
                }
            }

            var p = Posterior.AsSpan(j * k, k);
            var gold = _d.Gold[j];
            if (gold >= 0)
            {
                logLikelihood += lp[gold];
                continue;
            }

            var max = double.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                max = Math.Max(max, lp[c]);
            }

            var sum = 0.0;
            for (var c = 0; c < k; c++)
            {
                lp[c] = Math.Exp(lp[c] - max);
                sum += lp[c];
            }

            logLikelihood += max + Math.Log(sum);
            for (var c = 0; c < k; c++)
            {
                var v = lp[c] / sum;
                change = Math.Max(change, Math.Abs(v - p[c]));
                p[c] = v;
            }
        }

        LogLikelihood = logLikelihood;
        return change;
    }

    /// <summary>log σ(x) computed without overflow.</summary>
    public static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>
    /// GLAD's M-step: gradient ascent on Q(α, log β) = Σ_answers [p·log σ(αβ) + (1 − p)·log(1 − σ(αβ))] − Σ_w τ_w(α_w − μ_w)²/2
    /// − Σ_j (log β_j)²/2, p the posterior of the answered label. Each step scales the gradient by a bound on the
    /// curvature of each coordinate and halves the step until Q increases.
    /// </summary>
    private void GladMStep()
    {
        var q = GladQ(Alpha, LogBeta);
        for (var step = 0; step < _o.GladGradientSteps; step++)
        {
            GladGradient();
            var accepted = false;
            var scale = 1.0;
            for (var halving = 0; halving < 30; halving++)
            {
                for (var w = 0; w < Alpha.Length; w++)
                {
                    _trialAlpha[w] = Alpha[w] + (scale * _stepAlpha[w]);
                }

                for (var j = 0; j < LogBeta.Length; j++)
                {
                    _trialBeta[j] = Math.Clamp(LogBeta[j] + (scale * _stepBeta[j]), -20, 20);
                }

                var trial = GladQ(_trialAlpha, _trialBeta);
                if (trial >= q)
                {
                    accepted = true;
                    (Alpha, _trialAlpha) = (_trialAlpha, Alpha);
                    (LogBeta, _trialBeta) = (_trialBeta, LogBeta);
                    var moved = q;
                    q = trial;
                    if (trial - moved <= 1e-10 * Math.Max(1, Math.Abs(trial)))
                    {
                        step = _o.GladGradientSteps;
                    }

                    break;
                }

                scale /= 2;
            }

            if (!accepted)
            {
                break;
            }
        }

        var k = _k;
        var logOthers = k > 1 ? Math.Log(k - 1) : 0;
        for (var j = 0; j < _d.TaskCount; j++)
        {
            var beta = Math.Exp(LogBeta[j]);
            for (var a = _d.TaskStart[j]; a < _d.TaskStart[j + 1]; a++)
            {
                var x = Alpha[_d.AnswerWorker[a]] * beta;
                _logRight[a] = k > 1 ? LogSigmoid(x) : 0;
                _logWrong[a] = k > 1 ? LogSigmoid(-x) - logOthers : 0;
            }
        }
    }

    private double GladQ(double[] alpha, double[] logBeta)
    {
        var k = _k;
        var q = 0.0;
        for (var j = 0; j < _d.TaskCount; j++)
        {
            var beta = Math.Exp(logBeta[j]);
            for (var a = _d.TaskStart[j]; a < _d.TaskStart[j + 1]; a++)
            {
                var x = alpha[_d.AnswerWorker[a]] * beta;
                var p = Posterior[(j * k) + _d.AnswerLabel[a]];
                q += (p * LogSigmoid(x)) + ((1 - p) * LogSigmoid(-x));
            }

            q -= logBeta[j] * logBeta[j] / 2;
        }

        for (var w = 0; w < alpha.Length; w++)
        {
            var d = alpha[w] - AlphaMean[w];
            q -= AlphaPrecision[w] * d * d / 2;
        }

        return q;
    }

    private void GladGradient()
    {
        var k = _k;
        var curvatureAlpha = _stepAlpha;
        for (var w = 0; w < Alpha.Length; w++)
        {
            _gradAlpha[w] = -AlphaPrecision[w] * (Alpha[w] - AlphaMean[w]);
            curvatureAlpha[w] = AlphaPrecision[w];
        }

        for (var j = 0; j < _d.TaskCount; j++)
        {
            var beta = Math.Exp(LogBeta[j]);
            var gradient = -LogBeta[j];
            var curvature = 1.0;
            for (var a = _d.TaskStart[j]; a < _d.TaskStart[j + 1]; a++)
            {
                var w = _d.AnswerWorker[a];
                var x = Alpha[w] * beta;
                var residual = Posterior[(j * k) + _d.AnswerLabel[a]] - Sigmoid(x);
                _gradAlpha[w] += residual * beta;
                curvatureAlpha[w] += beta * beta / 4;
                gradient += residual * x;
                curvature += (x * x / 4) + Math.Abs(residual * x);
            }

            _gradBeta[j] = gradient;
            _stepBeta[j] = gradient / curvature;
        }

        for (var w = 0; w < Alpha.Length; w++)
        {
            _stepAlpha[w] = _gradAlpha[w] / curvatureAlpha[w];
        }
    }

    /// <summary>GLAD: the curvature −∂²Q/∂α_w² at the final parameters (for the Laplace interval of the ability).</summary>
    public double[] AbilityCurvature()
    {
        var curvature = AlphaPrecision.ToArray();
        for (var j = 0; j < _d.TaskCount; j++)
        {
            var beta = Math.Exp(LogBeta[j]);
            for (var a = _d.TaskStart[j]; a < _d.TaskStart[j + 1]; a++)
            {
                var w = _d.AnswerWorker[a];
                var s = Sigmoid(Alpha[w] * beta);
                curvature[w] += s * (1 - s) * beta * beta;
            }
        }

        return curvature;
    }
}
