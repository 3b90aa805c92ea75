using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// Decides whom to contact in a cycle, and with which intervention, from the evaluated population. Subclass it for
/// new policies (a planned policy over the weeks left, a budget per cycle, choices between interventions): the
/// context carries the model, the beliefs, the values, the weights of the entries and the cycle.
/// </summary>
public abstract class ContactPolicy
{
    /// <summary>The policy's name, e.g. <c>myopic</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether <see cref="SelectContacts"/> reads the response-aware values (so that the engine computes them). Default <see langword="false"/>.</summary>
    public virtual bool RequiresResponseAwareValues => false;

    /// <summary>Writes, for every entry, the intervention to contact it with or <see cref="CycleObservations.None"/>.</summary>
    /// <param name="context">The cycle's inputs.</param>
    /// <param name="selection">One entry per participant (or class); every entry must be written.</param>
    public abstract void SelectContacts(in ContactPolicyContext context, Span<int> selection);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The inputs of a <see cref="ContactPolicy"/> in one cycle.</summary>
public readonly ref struct ContactPolicyContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="model">The model.</param>
    /// <param name="population">The beliefs at decision time (week t − 1).</param>
    /// <param name="evaluation">MEU_0 and the values, evaluated on <paramref name="population"/>.</param>
    /// <param name="weights">How many participants each entry stands for (expected-mode classes); empty when each entry is one participant.</param>
    /// <param name="cycle">The cycle t (1-based), or 0 when unknown.</param>
    /// <param name="cyclesRemaining">The cycles left including this one, or <see langword="null"/> when unknown.</param>
    public ContactPolicyContext(DecisionModel model, BeliefPopulation population, PopulationEvaluation evaluation, ReadOnlySpan<double> weights, int cycle, int? cyclesRemaining)
    {
        Model = model;
        Population = population;
        Evaluation = evaluation;
        Weights = weights;
        Cycle = cycle;
        CyclesRemaining = cyclesRemaining;
    }

    /// <summary>The model.</summary>
    public DecisionModel Model { get; }

    /// <summary>The beliefs at decision time (week t − 1).</summary>
    public BeliefPopulation Population { get; }

    /// <summary>MEU_0 and the values of the interventions.</summary>
    public PopulationEvaluation Evaluation { get; }

    /// <summary>How many participants each entry stands for; empty when each entry is one participant.</summary>
    public ReadOnlySpan<double> Weights { get; }

    /// <summary>The cycle t (1-based), or 0 when unknown.</summary>
    public int Cycle { get; }

    /// <summary>The cycles left including this one, or <see langword="null"/> when unknown.</summary>
    public int? CyclesRemaining { get; }
}
