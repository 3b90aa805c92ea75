using System.Buffers;
using System.Globalization;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// The planned (non-myopic) contact policy: each cycle, every participant gets the action of the
/// <see cref="PomdpSolution"/> for their belief and the cycles left until the workshop week H. Cycle t (1-based) has
/// H − t + 1 cycles left; after week H nobody is contacted. When the cycle is unknown (0), the context's
/// <see cref="ContactPolicyContext.CyclesRemaining"/> is used, or H.
/// </summary>
public sealed class PlannedPolicy : ContactPolicy
{
    /// <summary>Creates the policy from a solution.</summary>
    /// <param name="solution">The solved planning problem.</param>
    public PlannedPolicy(PomdpSolution solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        Solution = solution;
    }

    /// <summary>The solution the policy follows.</summary>
    public PomdpSolution Solution { get; }

    /// <inheritdoc />
    public override string Name => "planned";

    /// <summary>Solves the planning problem (see <see cref="PomdpSolver.Solve"/>) and wraps it as a policy.</summary>
    /// <param name="model">The model.</param>
    /// <param name="horizon">H, the cycles until the workshop week.</param>
    /// <param name="options">Planning options; <see langword="null"/> for the defaults.</param>
    /// <returns>The policy.</returns>
    public static PlannedPolicy Create(DecisionModel model, int horizon, PomdpSolverOptions? options = null) => new(PomdpSolver.Solve(model, horizon, options));

    /// <summary>The cycles left including cycle <paramref name="cycle"/>: H − t + 1, or the context's count when the cycle is unknown.</summary>
    /// <param name="cycle">The cycle t (1-based), or 0.</param>
    /// <param name="cyclesRemaining">The context's cycles remaining, if known.</param>
    /// <returns>The cycles left (0 or fewer after the workshop week).</returns>
    public int CyclesLeft(int cycle, int? cyclesRemaining) => cycle > 0 ? Solution.Horizon - cycle + 1 : cyclesRemaining ?? Solution.Horizon;

    /// <inheritdoc />
    public override void SelectContacts(in ContactPolicyContext context, Span<int> selection)
    {
        var model = context.Model;
        if (model.StateCount != Solution.Model.StateCount || model.Interventions.Count != Solution.Model.Interventions.Count)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The planned policy was solved for a model with {Solution.Model.StateCount} states and {Solution.Model.Interventions.Count} intervention(s); this one has {model.StateCount} and {model.Interventions.Count}."));
        }

        var left = CyclesLeft(context.Cycle, context.CyclesRemaining);
        if (left <= 0)
        {
            selection.Fill(CycleObservations.None);
            return;
        }

        // Participants who share a belief share the decision: decide once per class.
        var buffer = ArrayPool<int>.Shared.Rent(selection.Length);
        var classes = BeliefClasses.Group(context.Population, [], buffer);
        var decisions = new int[classes.Count];
        Span<double> values = stackalloc double[model.Interventions.Count + 1];
        for (var c = 0; c < classes.Count; c++)
        {
            decisions[c] = Solution.ActionValues(classes.Belief(c), left, values);
        }

        var classOf = classes.ClassOf;
        for (var i = 0; i < selection.Length; i++)
        {
            selection[i] = decisions[classOf[i]];
        }

        ArrayPool<int>.Shared.Return(buffer);
    }

    /// <inheritdoc />
    /// <remarks>Adds <see cref="PolicyCycleReport.WeeksToWorkshop"/>: the cycles left until the workshop week, this one included (0 or fewer after it).</remarks>
    public override PolicyCycleReport Report(in ContactPolicyContext context) =>
        base.Report(context) with { WeeksToWorkshop = CyclesLeft(context.Cycle, context.CyclesRemaining) };

    /// <inheritdoc />
    /// <remarks>The value shown is the expected gain in the total utility at the workshop week from contacting now rather than leaving the participant alone this cycle (both followed by the plan).</remarks>
    public override ContactExplanation Explain(in ContactPolicyContext context, int entry)
    {
        var (k, share) = Chosen(context, entry);
        var left = CyclesLeft(context.Cycle, context.CyclesRemaining);
        var interventions = context.Model.Interventions;
        if (left <= 0)
        {
            return new ContactExplanation(Name, k, null, share, 0, 0, 0, left, 0, null);
        }

        var kCount = interventions.Count;
        Span<double> belief = stackalloc double[context.Model.StateCount];
        Span<double> q = stackalloc double[kCount + 1];
        Span<double> total = stackalloc double[kCount + 1];
        Span<double> spend = stackalloc double[kCount + 1];
        context.Population.GetBelief(entry, belief);
        Solution.ActionOutcomes(belief, left, q, total, spend);
        var shown = k;
        for (var j = 0; shown < 0 && j < kCount; j++)
        {
            shown = j;
        }

        for (var j = 0; k < 0 && j < kCount; j++)
        {
            shown = q[j + 1] > q[shown + 1] ? j : shown;
        }

        var cost = interventions[shown].Cost;
        return new ContactExplanation(Name, k, interventions[shown].Name, share, total[shown + 1] - total[0], cost, spend[shown + 1] - spend[0] - cost, Math.Min(left, Solution.Horizon), 0, null);
    }
}
