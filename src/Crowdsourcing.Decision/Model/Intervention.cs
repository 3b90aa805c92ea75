using System.Globalization;

namespace Crowdsourcing.Decision;

/// <summary>
/// An intervention k the organiser can apply to a participant in a cycle (the CrowdArb paper's email campaign): its
/// transition matrix C_k (row = state before, column = state after the intervention acted), the cost c_k per contacted
/// participant and the response rate r_k, the probability that a contacted participant reports their state.
/// </summary>
/// <remarks>
/// The name, cost and response rate are validated here; the matrix's dimensions and rows are validated by the
/// <see cref="DecisionModel"/> that holds the intervention, because they depend on its states.
/// </remarks>
public sealed class Intervention
{
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

    /// <summary>The probability r_k that a contacted participant responds and reports their state.</summary>
    public double ResponseRate { get; }

    internal Intervention WithTransition(DecisionMatrix transition) => new(Name, transition, Cost, ResponseRate, "intervention");
}
