using System.Globalization;
using Crowdsourcing.Decision.Internal;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Learning;

/// <summary>
/// Generates the event log of a simulated campaign with known parameters, for tests, benchmarks and demonstrations of
/// <see cref="ParameterLearner"/>: each week every participant is contacted with probability
/// <c>contactProbability</c> (the intervention drawn uniformly), moves by C_k or T, responds with
/// probability r_k(x) (x the state at contact time), and a participant left alone has their state recorded with
/// probability <c>observationProbability</c> (e.g. a survey). Week 0 is recorded with probability
/// <c>initialObservationProbability</c>. Deterministic for a seed.
/// </summary>
public static class SyntheticEventLog
{
    /// <summary>Generates a log.</summary>
    /// <param name="model">The true parameters.</param>
    /// <param name="participants">The number of participants (named p0, p1, …).</param>
    /// <param name="weeks">The number of cycles.</param>
    /// <param name="contactProbability">The chance of a contact per participant and week.</param>
    /// <param name="observationProbability">The chance that a week left alone has its state recorded.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="initialStateShares">The distribution of week-0 states; <see langword="null"/> for uniform.</param>
    /// <param name="initialObservationProbability">The chance that week 0 is recorded; default 1.</param>
    /// <returns>The rows (a row only for weeks with a contact or a recorded state, and for recorded week-0 states).</returns>
    public static IReadOnlyList<CampaignEvent> Generate(
        DecisionModel model, int participants, int weeks, double contactProbability, double observationProbability, int seed, IReadOnlyList<double>? initialStateShares = null, double initialObservationProbability = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(participants);
        ArgumentOutOfRangeException.ThrowIfNegative(weeks);
        var s = model.StateCount;
        var shares = initialStateShares?.ToArray() ?? [.. Enumerable.Repeat(1.0 / s, s)];
        var events = new List<CampaignEvent>();
        for (var p = 0; p < participants; p++)
        {
            var rng = SplitMix64.For(seed, p, 0, 0);
            var name = "p" + p.ToString(CultureInfo.InvariantCulture);
            var x = Draw(shares, rng.NextDouble());
            if (rng.NextDouble() < initialObservationProbability)
            {
                events.Add(new CampaignEvent(name, 0, null, model.States[x]));
            }

            for (var t = 1; t <= weeks; t++)
            {
                if (rng.NextDouble() < contactProbability)
                {
                    var k = (int)Math.Min(model.Interventions.Count - 1, Math.Floor(rng.NextDouble() * model.Interventions.Count));
                    var intervention = model.Interventions[k];
                    var responds = rng.NextDouble() < intervention.GetResponseRate(x);
                    x = Draw(intervention.Transition.GetRow(x), rng.NextDouble());
                    events.Add(new CampaignEvent(name, t, intervention.Name, responds ? model.States[x] : null));
                }
                else
                {
                    x = Draw(model.Transition.GetRow(x), rng.NextDouble());
                    if (rng.NextDouble() < observationProbability)
                    {
                        events.Add(new CampaignEvent(name, t, null, model.States[x]));
                    }
                }
            }
        }

        return events;
    }

    private static int Draw(ReadOnlySpan<double> distribution, double u)
    {
        var acc = 0.0;
        for (var i = 0; i < distribution.Length - 1; i++)
        {
            acc += distribution[i];
            if (u < acc)
            {
                return i;
            }
        }

        return distribution.Length - 1;
    }
}
