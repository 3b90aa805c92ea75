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

    /// <summary>
    /// What the policy did in the cycle of <paramref name="context"/>, after <see cref="SelectContacts"/> on that context:
    /// the contacts and the spend (weighted, with split entries counted by their shares). Planning and budgeted policies
    /// add their budget, its price and their plan.
    /// </summary>
    /// <param name="context">The context <see cref="SelectContacts"/> was called with; its evaluation holds the selection.</param>
    /// <returns>The report.</returns>
    public virtual PolicyCycleReport Report(in ContactPolicyContext context)
    {
        var (contacts, spend) = Tally(context);
        return new PolicyCycleReport { Cycle = context.Cycle, Policy = Name, Contacts = contacts, Spend = spend };
    }

    /// <summary>
    /// Why entry <paramref name="entry"/> was contacted, or left alone, after <see cref="SelectContacts"/> on
    /// <paramref name="context"/>. The default explains the myopic rule: V_k(b) (or the response-aware value) against c_k.
    /// </summary>
    /// <param name="context">The context <see cref="SelectContacts"/> was called with.</param>
    /// <param name="entry">The entry (participant or class) index.</param>
    /// <returns>The explanation.</returns>
    public virtual ContactExplanation Explain(in ContactPolicyContext context, int entry)
    {
        var (k, share) = Chosen(context, entry);
        var model = context.Model;
        var shown = k >= 0 ? k : BestIntervention(context, entry);
        var value = shown < 0 ? 0 : (RequiresResponseAwareValues ? context.Evaluation.GetResponseAwareValues(shown) : context.Evaluation.GetValues(shown))[entry];
        return new ContactExplanation(Name, k, shown < 0 ? null : model.Interventions[shown].Name, share, value, shown < 0 ? 0 : model.Interventions[shown].Cost, 0, context.CyclesRemaining, 0, null);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The contacts and spend of the context's selection, weighted, split entries by their shares.</summary>
    internal static (double Contacts, double Spend) Tally(in ContactPolicyContext context)
    {
        var selection = context.Evaluation.Selection;
        var interventions = context.Model.Interventions;
        double contacts = 0, spend = 0;
        for (var i = 0; i < selection.Length; i++)
        {
            var w = context.Weights.IsEmpty ? 1 : context.Weights[i];
            if (context.Shares is { } shares && shares.IsSplit(i))
            {
                for (var k = 0; k < interventions.Count; k++)
                {
                    contacts += w * shares[i, k];
                    spend += w * shares[i, k] * interventions[k].Cost;
                }
            }
            else if (selection[i] >= 0)
            {
                contacts += w;
                spend += w * interventions[selection[i]].Cost;
            }
        }

        return (contacts, spend);
    }

    /// <summary>The intervention an entry was contacted with (or -1) and the share contacted.</summary>
    internal static (int Intervention, double Share) Chosen(in ContactPolicyContext context, int entry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(entry, context.Evaluation.Selection.Length);
        var k = context.Evaluation.Selection[entry];
        if (context.Shares is { } shares && shares.IsSplit(entry))
        {
            return (k, k >= 0 ? shares[entry, k] : 0);
        }

        return (k, k >= 0 ? 1 : 0);
    }

    /// <summary>The intervention with the largest V_k − c_k for an entry (-1 without interventions).</summary>
    private int BestIntervention(in ContactPolicyContext context, int entry)
    {
        var best = -1;
        var bestNet = double.NegativeInfinity;
        for (var k = 0; k < context.Model.Interventions.Count; k++)
        {
            var values = RequiresResponseAwareValues ? context.Evaluation.GetResponseAwareValues(k) : context.Evaluation.GetValues(k);
            var net = values[entry] - context.Model.Interventions[k].Cost;
            if (net > bestNet)
            {
                bestNet = net;
                best = k;
            }
        }

        return best;
    }
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
        : this(model, population, evaluation, weights, cycle, cyclesRemaining, null)
    {
    }

    /// <summary>Creates a context whose weighted entries a policy may split.</summary>
    /// <param name="model">The model.</param>
    /// <param name="population">The beliefs at decision time (week t − 1).</param>
    /// <param name="evaluation">MEU_0 and the values, evaluated on <paramref name="population"/>.</param>
    /// <param name="weights">How many participants each entry stands for (expected-mode classes); empty when each entry is one participant.</param>
    /// <param name="cycle">The cycle t (1-based), or 0 when unknown.</param>
    /// <param name="cyclesRemaining">The cycles left including this one, or <see langword="null"/> when unknown.</param>
    /// <param name="shares">Where a policy writes the entries it splits (see <see cref="ContactShares"/>), cleared by the caller; <see langword="null"/> when entries cannot be split (each entry is one participant).</param>
    public ContactPolicyContext(DecisionModel model, BeliefPopulation population, PopulationEvaluation evaluation, ReadOnlySpan<double> weights, int cycle, int? cyclesRemaining, ContactShares? shares)
    {
        Model = model;
        Population = population;
        Evaluation = evaluation;
        Weights = weights;
        Cycle = cycle;
        CyclesRemaining = cyclesRemaining;
        Shares = shares;
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

    /// <summary>
    /// Where a policy records the weighted entries it splits between interventions (and leaving alone), or
    /// <see langword="null"/> when the entries are participants, who are contacted whole. A split entry's selection
    /// should name its largest contacted share.
    /// </summary>
    public ContactShares? Shares { get; }
}
