using Crowdsourcing.Decision.Population;

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
