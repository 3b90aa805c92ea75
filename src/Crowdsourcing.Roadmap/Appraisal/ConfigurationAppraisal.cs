using System.Globalization;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Appraisal;

/// <summary>The host's estimates for one candidate configuration.</summary>
public sealed record ConfigurationEstimate
{
    /// <summary>Creates an estimate.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="probabilityAcceptable">The probability that the result is of acceptable quality, in [0, 1].</param>
    /// <param name="cost">The cost, finite and non-negative (in the host's currency unit).</param>
    /// <param name="timeWeeks">The time to a result in weeks, finite and non-negative.</param>
    /// <param name="leakageRisk">The probability that sensitive information leaks, in [0, 1].</param>
    /// <exception cref="InitiativeSpecException">A value is out of range; the message names the field.</exception>
    public ConfigurationEstimate(CrowdConfiguration configuration, double probabilityAcceptable, double cost, double timeWeeks, double leakageRisk)
    {
        var where = $"$.appraisal.estimates[{EnumNames.Of(configuration)}]";
        Configuration = configuration;
        ProbabilityAcceptable = Check.Probability(probabilityAcceptable, $"{where}.probabilityAcceptable");
        Cost = Check.NonNegative(cost, $"{where}.cost");
        TimeWeeks = Check.NonNegative(timeWeeks, $"{where}.timeWeeks");
        LeakageRisk = Check.Probability(leakageRisk, $"{where}.leakageRisk");
    }

    /// <summary>The configuration.</summary>
    public CrowdConfiguration Configuration { get; }

    /// <summary>The probability of a result of acceptable quality.</summary>
    public double ProbabilityAcceptable { get; }

    /// <summary>The cost.</summary>
    public double Cost { get; }

    /// <summary>The time to a result, in weeks.</summary>
    public double TimeWeeks { get; }

    /// <summary>The probability of a leak.</summary>
    public double LeakageRisk { get; }
}

/// <summary>
/// How the host values outcomes. Utility of crowdsourcing with a configuration in outcome x:
/// U = (acceptable ? <see cref="ValueOfAcceptableResult"/> : <see cref="ValueOfUnacceptableResult"/>) − <see cref="CostWeight"/>·cost
/// − <see cref="WeekWeight"/>·weeks − (leaked ? <see cref="LeakageLoss"/> : 0). Not crowdsourcing is worth <see cref="DoNotCrowdsourceUtility"/> in every outcome.
/// </summary>
public sealed record AppraisalWeights
{
    /// <summary>Creates the weights.</summary>
    /// <param name="valueOfAcceptableResult">The value of a result of acceptable quality.</param>
    /// <param name="leakageLoss">The loss if sensitive information leaks, non-negative.</param>
    /// <param name="valueOfUnacceptableResult">The value of a result of unacceptable quality; default 0.</param>
    /// <param name="costWeight">Utility per unit of cost, non-negative; default 1.</param>
    /// <param name="weekWeight">Utility lost per week, non-negative; default 0.</param>
    /// <param name="doNotCrowdsourceUtility">The utility of not crowdsourcing this step (doing it in the usual way or not at all); default 0.</param>
    /// <exception cref="InitiativeSpecException">A value is not finite or a weight is negative; the message names the field.</exception>
    public AppraisalWeights(double valueOfAcceptableResult, double leakageLoss, double valueOfUnacceptableResult = 0, double costWeight = 1, double weekWeight = 0, double doNotCrowdsourceUtility = 0)
    {
        ValueOfAcceptableResult = Check.Finite(valueOfAcceptableResult, "$.appraisal.valueOfAcceptableResult");
        LeakageLoss = Check.NonNegative(leakageLoss, "$.appraisal.leakageLoss");
        ValueOfUnacceptableResult = Check.Finite(valueOfUnacceptableResult, "$.appraisal.valueOfUnacceptableResult");
        CostWeight = Check.NonNegative(costWeight, "$.appraisal.costWeight");
        WeekWeight = Check.NonNegative(weekWeight, "$.appraisal.weekWeight");
        DoNotCrowdsourceUtility = Check.Finite(doNotCrowdsourceUtility, "$.appraisal.doNotCrowdsourceUtility");
    }

    /// <summary>The value of an acceptable result.</summary>
    public double ValueOfAcceptableResult { get; }

    /// <summary>The loss on a leak.</summary>
    public double LeakageLoss { get; }

    /// <summary>The value of an unacceptable result.</summary>
    public double ValueOfUnacceptableResult { get; }

    /// <summary>Utility per unit of cost.</summary>
    public double CostWeight { get; }

    /// <summary>Utility lost per week.</summary>
    public double WeekWeight { get; }

    /// <summary>The utility of not crowdsourcing.</summary>
    public double DoNotCrowdsourceUtility { get; }
}

/// <summary>The host's input to the "should this step be crowdsourced at all?" appraisal: the weights and one estimate per candidate configuration.</summary>
public sealed record AppraisalInput
{
    /// <summary>Creates the input.</summary>
    /// <param name="weights">The weights.</param>
    /// <param name="estimates">One estimate per candidate configuration (at least one, no configuration twice).</param>
    /// <exception cref="InitiativeSpecException">There is no estimate or a configuration is estimated twice.</exception>
    public AppraisalInput(AppraisalWeights weights, IReadOnlyList<ConfigurationEstimate> estimates)
    {
        Weights = weights ?? throw InitiativeSpecException.Missing("$.appraisal");
        if (estimates is null || estimates.Count == 0)
        {
            throw InitiativeSpecException.Missing("$.appraisal.estimates");
        }

        var seen = new HashSet<CrowdConfiguration>();
        for (var i = 0; i < estimates.Count; i++)
        {
            var e = estimates[i] ?? throw InitiativeSpecException.Missing($"$.appraisal.estimates[{i}]");
            if (!seen.Add(e.Configuration))
            {
                throw InitiativeSpecException.Invalid($"$.appraisal.estimates[{i}].configuration", $"'{EnumNames.Of(e.Configuration)}' is estimated twice.");
            }
        }

        Estimates = [.. estimates];
    }

    /// <summary>The weights.</summary>
    public AppraisalWeights Weights { get; }

    /// <summary>The estimates.</summary>
    public IReadOnlyList<ConfigurationEstimate> Estimates { get; }
}

/// <summary>One appraised configuration.</summary>
/// <param name="Estimate">The host's estimate.</param>
/// <param name="ExpectedUtility">EU of crowdsourcing with this configuration, computed with <see cref="DecisionEvaluator"/>.</param>
/// <param name="MaximumExpectedUtility">MEU: the better of crowdsourcing with it and not crowdsourcing.</param>
/// <param name="ValueOfPerfectInformation">What knowing the outcome before committing would be worth (V_k of a revealing intervention): an upper bound on the worth of a pilot.</param>
/// <param name="ExcludedByRules">Whether the roadmap's rules exclude the configuration (e.g. open for sensitive work).</param>
public sealed record AppraisedConfiguration(ConfigurationEstimate Estimate, double ExpectedUtility, double MaximumExpectedUtility, double ValueOfPerfectInformation, bool ExcludedByRules)
{
    /// <summary>The configuration.</summary>
    public CrowdConfiguration Configuration => Estimate.Configuration;
}

/// <summary>The answer to "should this step be crowdsourced at all?": the candidates ranked by expected utility and the recommendation.</summary>
/// <param name="Options">The candidates, best expected utility first; excluded ones last.</param>
/// <param name="DoNotCrowdsourceUtility">The utility of not crowdsourcing.</param>
/// <param name="Recommended">The configuration to use, or <see langword="null"/> when not crowdsourcing is better.</param>
/// <param name="Reason">Why, with the numbers.</param>
/// <param name="Sources">The sources.</param>
public sealed record ConfigurationAppraisal(
    IReadOnlyList<AppraisedConfiguration> Options,
    double DoNotCrowdsourceUtility,
    CrowdConfiguration? Recommended,
    string Reason,
    IReadOnlyList<RuleSource> Sources)
{
    /// <summary>Whether crowdsourcing is recommended.</summary>
    public bool Crowdsource => Recommended is not null;
}

/// <summary>
/// Prices candidate configurations with the decision engine (<c>Crowdsourcing.Decision</c>). For each configuration the outcome
/// states are acceptable-contained, acceptable-leaked, unacceptable-contained and unacceptable-leaked, with the belief
/// b = (p(1−l), pl, (1−p)(1−l), (1−p)l) from the host's probability p of acceptable quality and leakage risk l; the actions are
/// <c>crowdsource</c> and <c>do-not-crowdsource</c>; the utility table follows <see cref="AppraisalWeights"/>.
/// EU(b, crowdsource) ranks the configurations; MEU(b) tells whether each beats not crowdsourcing.
/// </summary>
public static class ConfigurationAppraiser
{
    /// <summary>The outcome states of the appraisal model.</summary>
    public static IReadOnlyList<string> States { get; } = ["acceptable-contained", "acceptable-leaked", "unacceptable-contained", "unacceptable-leaked"];

    /// <summary>The actions of the appraisal model.</summary>
    public static IReadOnlyList<string> Actions { get; } = ["crowdsource", "do-not-crowdsource"];

    private static readonly RuleSource[] Sources =
    [
        new PaperPassage(PaperPassage.CrowdArbPaper, "Abstract", "As such, not every step in a business process can successfully lend itself to crowdsourcing."),
        new PaperPassage(PaperPassage.CrowdArbPaper, "6 Summary and Future Work",
            "CrowdArb employs decision-theoretic methodology that computes the expected utility for a decision problem D, given an action a; action being execution of crowdsourcing."),
        new PlannerHeuristic("The four outcome states (acceptable or not, leaked or not) and a utility table built from the host's weights are the planner's model of the question."),
    ];

    /// <summary>Appraises the candidates. When a plan is given, configurations its rules exclude are ranked last and never recommended.</summary>
    /// <param name="input">The weights and estimates.</param>
    /// <param name="plan">The roadmap plan, or <see langword="null"/>.</param>
    /// <returns>The appraisal.</returns>
    public static ConfigurationAppraisal Appraise(AppraisalInput input, RoadmapPlan? plan = null) => Appraise(input, plan?.Crowd);

    internal static ConfigurationAppraisal Appraise(AppraisalInput input, CrowdRecommendation? crowd)
    {
        ArgumentNullException.ThrowIfNull(input);
        var w = input.Weights;
        var options = new List<AppraisedConfiguration>();
        foreach (var e in input.Estimates)
        {
            var crowdsourcing = -(w.CostWeight * e.Cost) - (w.WeekWeight * e.TimeWeeks);
            var utility = DecisionMatrix.FromRows(
                [w.ValueOfAcceptableResult + crowdsourcing, w.DoNotCrowdsourceUtility],
                [w.ValueOfAcceptableResult + crowdsourcing - w.LeakageLoss, w.DoNotCrowdsourceUtility],
                [w.ValueOfUnacceptableResult + crowdsourcing, w.DoNotCrowdsourceUtility],
                [w.ValueOfUnacceptableResult + crowdsourcing - w.LeakageLoss, w.DoNotCrowdsourceUtility]);
            var identity = DecisionMatrix.Identity(States.Count);
            var model = new DecisionModel(States, Actions, utility, identity, [new Intervention("reveal-outcome", identity, 0, 1)]);
            var evaluator = new DecisionEvaluator(model);
            var (p, l) = (e.ProbabilityAcceptable, e.LeakageRisk);
            var belief = Belief.Create(p * (1 - l), p * l, (1 - p) * (1 - l), (1 - p) * l);
            var eu = evaluator.ExpectedUtilities(belief)[0];
            var meu = evaluator.MaximumExpectedUtility(belief).ExpectedUtility;
            var voi = evaluator.InterventionValue(belief);
            var excluded = crowd?.Configurations.Any(c => c.Option == e.Configuration && c.Excluded) ?? false;
            options.Add(new AppraisedConfiguration(e, eu, meu, voi, excluded));
        }

        var ranked = options.OrderBy(o => o.ExcludedByRules).ThenByDescending(o => o.ExpectedUtility).ThenBy(o => o.Configuration).ToList();
        var best = ranked.FirstOrDefault(o => !o.ExcludedByRules);
        var inv = CultureInfo.InvariantCulture;
        string reason;
        CrowdConfiguration? recommended = null;
        if (best is null)
        {
            reason = "Every estimated configuration is excluded by the roadmap's rules: do not crowdsource this step with them.";
        }
        else if (best.ExpectedUtility > w.DoNotCrowdsourceUtility)
        {
            recommended = best.Configuration;
            reason = string.Create(inv, $"Crowdsource via '{EnumNames.Of(best.Configuration)}': its expected utility {best.ExpectedUtility:0.##} is the highest and exceeds {w.DoNotCrowdsourceUtility:0.##} for not crowdsourcing.");
        }
        else
        {
            reason = string.Create(inv, $"Do not crowdsource this step: the best configuration, '{EnumNames.Of(best.Configuration)}', has expected utility {best.ExpectedUtility:0.##}, not above {w.DoNotCrowdsourceUtility:0.##} for not crowdsourcing.");
        }

        var excludedNames = ranked.Where(o => o.ExcludedByRules).Select(o => $"'{EnumNames.Of(o.Configuration)}'").ToList();
        if (excludedNames.Count > 0 && best is not null)
        {
            reason += $" Excluded by the roadmap's rules whatever its number: {string.Join(", ", excludedNames)}.";
        }

        return new ConfigurationAppraisal(ranked, w.DoNotCrowdsourceUtility, recommended, reason, Sources);
    }
}

internal static class Check
{
    public static double Finite(double value, string path)
        => double.IsFinite(value) ? value : throw InitiativeSpecException.Invalid(path, $"{value} is not a finite number.");

    public static double NonNegative(double value, string path)
        => Finite(value, path) >= 0 ? value : throw InitiativeSpecException.Invalid(path, string.Create(CultureInfo.InvariantCulture, $"{value} is negative."));

    public static double Probability(double value, string path)
        => Finite(value, path) is >= 0 and <= 1 ? value : throw InitiativeSpecException.Invalid(path, string.Create(CultureInfo.InvariantCulture, $"{value} is not a probability in [0, 1]."));
}
