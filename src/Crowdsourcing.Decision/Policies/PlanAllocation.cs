using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// Carries out the first cycle of a <see cref="PopulationPlan"/>: weighted entries (expected-mode classes) are split in
/// the plan's shares; participants of a belief class are assigned whole, deterministically, in index order.
/// </summary>
internal static class PlanAllocation
{
    /// <summary>Writes the selection (and the shares of split entries) for the plan's first cycle.</summary>
    /// <param name="plan">The plan, made for the context's entries.</param>
    /// <param name="context">The cycle's context.</param>
    /// <param name="selection">One entry per participant or class.</param>
    /// <param name="budget">
    /// With a budget, participants' counts per class are rounded down and what is left of the budget goes to the
    /// largest remainders; without one, counts are rounded up (a least-spend plan must not fall short of its threshold).
    /// </param>
    public static void Apply(PopulationPlan plan, in ContactPolicyContext context, Span<int> selection, CycleBudget? budget)
    {
        var classes = plan.Classes;
        var kCount = context.Model.Interventions.Count;
        if (!context.Weights.IsEmpty)
        {
            Span<double> shares = stackalloc double[kCount];
            for (var i = 0; i < selection.Length; i++)
            {
                var c = classes.ClassOf[i];
                var best = CycleObservations.None;
                var bestShare = plan.Share(c, CycleObservations.None);
                var contacted = 0.0;
                var largestContact = CycleObservations.None;
                var largestShare = 0.0;
                for (var k = 0; k < kCount; k++)
                {
                    shares[k] = plan.Share(c, k);
                    contacted += shares[k];
                    if (shares[k] > bestShare)
                    {
                        best = k;
                        bestShare = shares[k];
                    }

                    if (shares[k] > largestShare)
                    {
                        largestContact = k;
                        largestShare = shares[k];
                    }
                }

                if (contacted <= 1e-12)
                {
                    selection[i] = CycleObservations.None;
                }
                else if (bestShare >= 1 - 1e-12 || context.Shares is null)
                {
                    // Whole (or, when the caller cannot take shares, the largest part).
                    selection[i] = best;
                }
                else
                {
                    selection[i] = largestContact;
                    context.Shares.Split(i, shares);
                }
            }

            return;
        }

        var counts = Counts(plan, context, budget);
        var next = new int[classes.Count];
        for (var i = 0; i < selection.Length; i++)
        {
            var c = classes.ClassOf[i];
            var k = next[c];
            while (k < kCount && counts[(c * kCount) + k] == 0)
            {
                k++;
            }

            next[c] = k;
            if (k < kCount)
            {
                counts[(c * kCount) + k]--;
                selection[i] = k;
            }
            else
            {
                selection[i] = CycleObservations.None;
            }
        }
    }

    /// <summary>Whole participants per class and intervention.</summary>
    private static int[] Counts(PopulationPlan plan, in ContactPolicyContext context, CycleBudget? budget)
    {
        var classes = plan.Classes;
        var interventions = context.Model.Interventions;
        var kCount = interventions.Count;
        var counts = new int[classes.Count * kCount];
        var remainders = new List<(double Remainder, int Class, int K)>();
        var used = 0.0;
        for (var c = 0; c < classes.Count; c++)
        {
            var n = classes.Counts[c];
            var assigned = 0;
            for (var k = 0; k < kCount; k++)
            {
                var exact = plan.Share(c, k) * n;
                var whole = budget is null ? (int)Math.Ceiling(exact - 1e-9) : (int)Math.Floor(exact + 1e-9);
                whole = Math.Min(whole, n - assigned);
                counts[(c * kCount) + k] = whole;
                assigned += whole;
                used += whole * (budget?.Usage(interventions[k].Cost) ?? 0);
                if (budget is not null && exact - whole > 1e-9)
                {
                    remainders.Add((exact - whole, c, k));
                }
            }
        }

        if (budget is null)
        {
            return counts;
        }

        // What is left of the budget goes to the largest remainders, one participant each, while it fits.
        remainders.Sort(static (x, y) => y.Remainder != x.Remainder ? y.Remainder.CompareTo(x.Remainder) : x.Class != y.Class ? x.Class.CompareTo(y.Class) : x.K.CompareTo(y.K));
        foreach (var (_, c, k) in remainders)
        {
            var usage = budget.Usage(interventions[k].Cost);
            var assigned = 0;
            for (var j = 0; j < kCount; j++)
            {
                assigned += counts[(c * kCount) + j];
            }

            if (assigned < classes.Counts[c] && used + usage <= budget.Amount + 1e-9)
            {
                counts[(c * kCount) + k]++;
                used += usage;
            }
        }

        return counts;
    }
}
