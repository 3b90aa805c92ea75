using System.Globalization;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Decision.Policies;

/// <summary>The built-in contact policies.</summary>
public static class ContactPolicies
{
    /// <summary>Never contact anyone.</summary>
    public static ContactPolicy None { get; } = new NoContactPolicy();

    /// <summary>The CrowdArb rule: contact with the intervention k that maximises V_k(b) − c_k, when V_k(b) &gt; c_k.</summary>
    public static ContactPolicy Myopic { get; } = new ThresholdPolicy("myopic", responseAware: false);

    /// <summary>Like <see cref="Myopic"/> with the response-aware value r_k·MEU_k(b) + (1 − r_k)·MEU(b·C_k) − MEU_0(b) in place of V_k(b).</summary>
    public static ContactPolicy ResponseAware { get; } = new ThresholdPolicy("response-aware", responseAware: true);

    /// <summary>The names of the built-in policies: none, myopic, response-aware.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "myopic", "response-aware"];

    /// <summary>A built-in policy by name (case-insensitive).</summary>
    /// <param name="name">none, myopic or response-aware.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">Unknown name; the message lists the names.</exception>
    public static ContactPolicy Get(string name) => name?.ToUpperInvariant() switch
    {
        "NONE" => None,
        "MYOPIC" => Myopic,
        "RESPONSE-AWARE" => ResponseAware,
        _ => throw new NotFoundException("contact policy", name ?? string.Empty, $"Unknown policy '{name}'; known policies: {string.Join(", ", Names)}."),
    };

    /// <summary>
    /// Creates a policy, with or without a budget: none, myopic, response-aware, planned (solved here for the workshop
    /// week) or least spend. Budgeted and least-spend policies keep per-run state (their reports and last plan): create
    /// one per run or campaign. Policies without state are the shared instances above.
    /// </summary>
    /// <param name="model">The model (the planned policy is solved for it).</param>
    /// <param name="options">The policy and its settings.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ValidationFailedException">A required setting is missing or out of range; every problem is listed, each with its path (<c>workshopWeek</c>, <c>threshold</c>, <c>maxIterations</c>, <c>kind</c>).</exception>
    public static ContactPolicy Create(DecisionModel model, ContactPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<ValidationError>();
        var name = Enum.IsDefined(options.Kind) ? EnumNames.Of(options.Kind) : null;
        if (name is null)
        {
            failures.Add(new ValidationError("kind", $"Unknown policy; known policies: {string.Join(", ", EnumNames.All<ContactPolicyKind>())}."));
        }

        var needsWeek = options.Kind is ContactPolicyKind.Planned or ContactPolicyKind.LeastSpend;
        if (needsWeek && options.WorkshopWeek is null)
        {
            failures.Add(new ValidationError("workshopWeek", $"The {name} policy needs a workshop week."));
        }
        else if (needsWeek && options.WorkshopWeek is < 0 or > 10_000)
        {
            failures.Add(new ValidationError("workshopWeek", string.Create(CultureInfo.InvariantCulture, $"The workshop week must be from 0 to 10,000 (value: {options.WorkshopWeek}).")));
        }

        if (options.Kind == ContactPolicyKind.LeastSpend && options.Threshold is not { } threshold)
        {
            failures.Add(new ValidationError("threshold", "The least-spend policy needs a threshold on the expected total."));
        }
        else if (options.Kind == ContactPolicyKind.LeastSpend && !double.IsFinite(options.Threshold!.Value))
        {
            failures.Add(new ValidationError("threshold", string.Create(CultureInfo.InvariantCulture, $"The threshold must be finite (value: {options.Threshold}).")));
        }

        if (options.MaxIterations < 1)
        {
            failures.Add(new ValidationError("maxIterations", string.Create(CultureInfo.InvariantCulture, $"The planner needs at least 1 iteration (value: {options.MaxIterations}).")));
        }

        if (failures.Count > 0)
        {
            throw new ValidationFailedException(string.Join(" ", failures.Select(f => f.Message)), failures);
        }

        var budget = options.Budget;
        return options.Kind switch
        {
            ContactPolicyKind.None => None,
            ContactPolicyKind.Myopic => budget is null ? Myopic : BudgetedPolicy.Myopic(budget),
            ContactPolicyKind.ResponseAware => budget is null ? ResponseAware : BudgetedPolicy.Myopic(budget, responseAware: true),
            ContactPolicyKind.Planned => budget is null
                ? PlannedPolicy.Create(model, options.WorkshopWeek!.Value, options.Planning)
                : BudgetedPolicy.Planned(PlannedPolicy.Create(model, options.WorkshopWeek!.Value, options.Planning), budget, options.MaxIterations),
            _ => new LeastSpendPolicy(options.Threshold!.Value, options.WorkshopWeek!.Value, budget, options.Planning, options.MaxIterations),
        };
    }

    private sealed class NoContactPolicy : ContactPolicy
    {
        public override string Name => "none";

        public override void SelectContacts(in ContactPolicyContext context, Span<int> selection) => selection.Fill(CycleObservations.None);
    }

    private sealed class ThresholdPolicy(string name, bool responseAware) : ContactPolicy
    {
        public override string Name => name;

        public override bool RequiresResponseAwareValues => responseAware;

        public override void SelectContacts(in ContactPolicyContext context, Span<int> selection)
        {
            var evaluation = context.Evaluation;
            var interventions = context.Model.Interventions;
            if (interventions.Count == 1)
            {
                var values = responseAware ? evaluation.GetResponseAwareValues(0) : evaluation.GetValues(0);
                PopulationKernels.Threshold(values, interventions[0].Cost, selection);
                return;
            }

            selection.Fill(CycleObservations.None);
            Span<double> best = selection.Length <= 1024 ? stackalloc double[selection.Length] : new double[selection.Length];
            best.Clear();
            for (var k = 0; k < interventions.Count; k++)
            {
                var values = responseAware ? evaluation.GetResponseAwareValues(k) : evaluation.GetValues(k);
                var cost = interventions[k].Cost;
                for (var i = 0; i < selection.Length; i++)
                {
                    var net = values[i] - cost;
                    if (net > best[i])
                    {
                        best[i] = net;
                        selection[i] = k;
                    }
                }
            }
        }
    }
}
