namespace Crowdsourcing.Decision.Policies;

/// <summary>Explains a planning policy's decision for one entry from its <see cref="PopulationPlan"/>.</summary>
internal static class PlanExplanation
{
    /// <summary>
    /// The value of the chosen intervention (or, for an entry left alone, of the best one) at the plan's final prices:
    /// the expected gain in the workshop total over leaving the entry alone this cycle, the cost, and the change in later
    /// spend, both branches followed by the plan.
    /// </summary>
    public static ContactExplanation Explain(ContactPolicy policy, PopulationPlan? plan, in ContactPolicyContext context, int entry, double price, string priceUnit)
    {
        var (k, share) = ContactPolicy.Chosen(context, entry);
        var interventions = context.Model.Interventions;
        if (plan?.Pricing is not { } solution || plan.CyclesLeft <= 0)
        {
            var name = k >= 0 ? interventions[k].Name : null;
            return new ContactExplanation(policy.Name, k, name, share, 0, k >= 0 ? interventions[k].Cost : 0, 0, plan?.CyclesLeft, 0, null);
        }

        var kCount = interventions.Count;
        var h = plan.CyclesLeft;
        Span<double> q = stackalloc double[kCount + 1];
        Span<double> total = stackalloc double[kCount + 1];
        Span<double> spend = stackalloc double[kCount + 1];
        solution.ActionOutcomes(plan.Classes.Belief(plan.Classes.ClassOf[entry]), h, q, total, spend);
        var shown = k;
        if (shown < 0)
        {
            var best = double.NegativeInfinity;
            for (var j = 0; j < kCount; j++)
            {
                if (q[j + 1] > best)
                {
                    best = q[j + 1];
                    shown = j;
                }
            }
        }

        if (shown < 0 || double.IsNaN(total[shown + 1]))
        {
            return new ContactExplanation(policy.Name, k, null, share, 0, 0, 0, h, 0, null);
        }

        var cost = interventions[shown].Cost;
        return new ContactExplanation(
            policy.Name,
            k,
            interventions[shown].Name,
            share,
            total[shown + 1] - total[0],
            cost,
            spend[shown + 1] - spend[0] - cost,
            h,
            price,
            price > 0 ? priceUnit : null);
    }
}
