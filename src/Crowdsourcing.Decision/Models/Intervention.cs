using System.Globalization;

namespace Crowdsourcing.Decision.Models;

/// <summary>
/// An intervention k the organiser can apply to a participant in a cycle (the CrowdArb paper's email campaign): its
/// transition matrix C_k (row = state before, column = state after the intervention acted), the cost c_k per contacted
/// participant and the response rate r_k, the probability that a contacted participant reports their state.
/// </summary>
/// <remarks>
/// <para>The response rate is either one number for every state, or one rate per state, r_k(x): the probability that a
/// participant who is in state x when contacted (week t − 1, before the intervention acts) responds and reports their
/// state of week t. With state-dependent rates a non-response is evidence: the belief after a silence is the Bayes
/// posterior b̃(y) ∝ Σ_x b(x)·(1 − r_k(x))·C_k(x, y), which is b·C_k when the rate is the same for every state.</para>
/// <para>The name, cost and response rates are validated here; the matrix's dimensions and rows, and the number of
/// per-state rates, are validated by the <see cref="DecisionModel"/> that holds the intervention, because they depend
/// on its states.</para>
/// </remarks>
public sealed class Intervention
{
    private DecisionMatrix? _reportModel;

    /// <summary>Creates an intervention.</summary>
    /// <param name="name">A non-empty name, unique within the model.</param>
    /// <param name="transition">The matrix C_k, states × states.</param>
    /// <param name="cost">The cost per contacted participant, in utility units; finite and non-negative.</param>
    /// <param name="responseRate">The probability that a contacted participant responds, in [0, 1].</param>
    /// <exception cref="DecisionModelException">The name is empty, the cost is negative or not finite, or the response rate is outside [0, 1].</exception>
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> is <see langword="null"/>.</exception>
    public Intervention(string name, DecisionMatrix transition, double cost, double responseRate)
        : this(name, transition, cost, responseRate, "intervention")
    {
    }

    /// <summary>Creates an intervention whose response rate depends on the participant's state when contacted.</summary>
    /// <param name="name">A non-empty name, unique within the model.</param>
    /// <param name="transition">The matrix C_k, states × states.</param>
    /// <param name="cost">The cost per contacted participant, in utility units; finite and non-negative.</param>
    /// <param name="responseRates">r_k(x), one probability per state of the model (in the order of its states), each in [0, 1].</param>
    /// <exception cref="DecisionModelException">The name is empty, the cost is negative or not finite, there are no rates, or a rate is outside [0, 1] (the message names its index).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> or <paramref name="responseRates"/> is <see langword="null"/>.</exception>
    public Intervention(string name, DecisionMatrix transition, double cost, IReadOnlyList<double> responseRates)
        : this(name, transition, cost, responseRates, "intervention")
    {
    }

    internal Intervention(string name, DecisionMatrix transition, double cost, IReadOnlyList<double> responseRates, string path)
        : this(name, transition, cost, Mean(responseRates, path, name), path)
    {
        var rates = responseRates.ToArray();
        for (var i = 0; i < rates.Length; i++)
        {
            var r = rates[i];
            if (!double.IsFinite(r) || r < 0 || r > 1)
            {
                throw new DecisionModelException(
                    string.Create(CultureInfo.InvariantCulture, $"Field '{path}.responseRate[{i}]' of intervention '{name}' is {r}; a response rate must be in [0, 1]."),
                    string.Create(CultureInfo.InvariantCulture, $"{path}.responseRate[{i}]"),
                    value: r);
            }
        }

        StateResponseRates = Array.AsReadOnly(rates);
    }

    internal Intervention(string name, DecisionMatrix transition, double cost, double responseRate, string path)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DecisionModelException($"Field '{path}.name' is empty; every intervention needs a name.", path + ".name");
        }

        if (!double.IsFinite(cost) || cost < 0)
        {
            throw new DecisionModelException(
                string.Create(CultureInfo.InvariantCulture, $"Field '{path}.cost' of intervention '{name}' is {cost}; a cost must be finite and non-negative."),
                path + ".cost",
                value: cost);
        }

        if (!double.IsFinite(responseRate) || responseRate < 0 || responseRate > 1)
        {
            throw new DecisionModelException(
                string.Create(CultureInfo.InvariantCulture, $"Field '{path}.responseRate' of intervention '{name}' is {responseRate}; a response rate must be in [0, 1]."),
                path + ".responseRate",
                value: responseRate);
        }

        Name = name;
        Transition = transition;
        Cost = cost;
        ResponseRate = responseRate;
    }

    /// <summary>The intervention's name.</summary>
    public string Name { get; }

    /// <summary>The transition matrix C_k: the state after the intervention acted, given the state before.</summary>
    public DecisionMatrix Transition { get; }

    /// <summary>The cost c_k per contacted participant, in utility units.</summary>
    public double Cost { get; }

    /// <summary>
    /// The probability r_k that a contacted participant responds and reports their state. With state-dependent rates
    /// (<see cref="IsResponseRateStateDependent"/>) this is the unweighted mean of <see cref="StateResponseRates"/>, a
    /// summary only: the engine uses <see cref="GetResponseRate(int)"/>.
    /// </summary>
    public double ResponseRate { get; }

    /// <summary>r_k(x) per state when the rate depends on the state; <see langword="null"/> when one rate applies to every state.</summary>
    public IReadOnlyList<double>? StateResponseRates { get; }

    /// <summary>Whether the response rate depends on the state (<see cref="StateResponseRates"/> is set).</summary>
    public bool IsResponseRateStateDependent => StateResponseRates is not null;

    /// <summary>r_k(x): the probability that a participant in state <paramref name="state"/> when contacted responds.</summary>
    /// <param name="state">The state index (the state before the intervention acted).</param>
    /// <returns>The rate.</returns>
    public double GetResponseRate(int state) => StateResponseRates is { } rates ? rates[state] : ResponseRate;

    /// <summary>
    /// The observation model of a readiness report, O(x, o): the probability that a participant whose state is x is
    /// reported as o (rows = true state, columns = reported state, in the order of the model's states); or
    /// <see langword="null"/> (the default) when reports are the truth, O = identity, as in the CrowdArb paper. With a
    /// report model a report is evidence: the belief after report o is the Bayes posterior b'(x) ∝ b(x)·O(x, o). Its
    /// dimensions and rows are validated by the <see cref="DecisionModel"/> that holds the intervention.
    /// </summary>
    public DecisionMatrix? ReportModel => _reportModel;

    /// <summary>Whether reports are noisy (<see cref="ReportModel"/> is set).</summary>
    public bool IsReportNoisy => ReportModel is not null;

    /// <summary>O(x, o): the probability that a participant in state <paramref name="state"/> is reported as <paramref name="reported"/> (1 or 0 without a report model).</summary>
    /// <param name="state">The true state index x.</param>
    /// <param name="reported">The reported state index o.</param>
    /// <returns>The probability.</returns>
    public double GetReportProbability(int state, int reported) => ReportModel is { } o ? o[state, reported] : state == reported ? 1 : 0;

    /// <summary>A copy with another cost (the same name, matrix, response rates and report model).</summary>
    /// <param name="cost">The new cost, finite and non-negative.</param>
    /// <returns>The new intervention.</returns>
    /// <exception cref="DecisionModelException">The cost is negative or not finite.</exception>
    public Intervention WithCost(double cost) => (StateResponseRates is { } rates
        ? new Intervention(Name, Transition, cost, rates)
        : new Intervention(Name, Transition, cost, ResponseRate))
        .Carrying(
ReportModel);

    /// <summary>A copy whose reports follow <paramref name="reportModel"/> (see <see cref="ReportModel"/>); <see langword="null"/> makes reports the truth again.</summary>
    /// <param name="reportModel">O(x, o), states × states with rows summing to 1 (checked by the model that holds the intervention), or <see langword="null"/>.</param>
    /// <returns>The new intervention.</returns>
    public Intervention WithReportModel(DecisionMatrix? reportModel) => (StateResponseRates is { } rates
        ? new Intervention(Name, Transition, Cost, rates)
        : new Intervention(Name, Transition, Cost, ResponseRate))
        .Carrying(
reportModel);

    private Intervention Carrying(DecisionMatrix? reportModel)
    {
        _reportModel = reportModel;
        return this;
    }

    internal Intervention WithTransition(DecisionMatrix transition) => (StateResponseRates is { } rates
        ? new Intervention(Name, transition, Cost, rates, "intervention")
        : new Intervention(Name, transition, Cost, ResponseRate, "intervention"))
        .Carrying(
ReportModel);

    private static double Mean(IReadOnlyList<double> rates, string path, string name)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count == 0)
        {
            throw new DecisionModelException($"Field '{path}.responseRate' of intervention '{name}' is an empty list; give one rate per state or a single number.", path + ".responseRate");
        }

        var sum = 0.0;
        foreach (var r in rates)
        {
            sum += double.IsFinite(r) ? r : 0;
        }

        return Math.Clamp(sum / rates.Count, 0, 1);
    }
}
