using System.Collections.ObjectModel;
using System.Globalization;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Simulation;

/// <summary>
/// A campaign to simulate: how many participants, the share of participants whose known initial state is each state
/// (their week-0 beliefs are certain), how many weekly cycles, and the workshop threshold on the total expected utility.
/// </summary>
public sealed class SimulationScenario
{
    /// <summary>Creates and validates a scenario.</summary>
    /// <param name="participants">The number of participants, at least 1.</param>
    /// <param name="initialStateShares">For each state, the share of participants known to start in it; non-negative, summing to 1 within 1e-9.</param>
    /// <param name="weeks">The number of weekly decision cycles, at least 1.</param>
    /// <param name="threshold">The workshop threshold on the total expected utility; finite.</param>
    /// <exception cref="DecisionModelException">A field is out of range; the message names it and the value.</exception>
    public SimulationScenario(int participants, IReadOnlyList<double> initialStateShares, int weeks, double threshold)
    {
        ArgumentNullException.ThrowIfNull(initialStateShares);
        if (participants < 1)
        {
            throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Field 'scenario.participants' is {participants}; it must be at least 1."), "scenario.participants", value: participants);
        }

        if (weeks < 1)
        {
            throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Field 'scenario.weeks' is {weeks}; it must be at least 1."), "scenario.weeks", value: weeks);
        }

        if (!double.IsFinite(threshold))
        {
            throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Field 'scenario.threshold' is {threshold}; it must be finite."), "scenario.threshold", value: threshold);
        }

        var shares = initialStateShares.ToArray();
        if (shares.Length == 0)
        {
            throw new DecisionModelException("Field 'scenario.initialStates' is empty; give a share for every state.", "scenario.initialStates");
        }

        var sum = 0.0;
        for (var i = 0; i < shares.Length; i++)
        {
            if (!double.IsFinite(shares[i]) || shares[i] < 0)
            {
                throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Field 'scenario.initialStates' entry {i} is {shares[i]}; shares must be finite and non-negative."), "scenario.initialStates", value: shares[i], rowIndex: i);
            }

            sum += shares[i];
        }

        if (Math.Abs(sum - 1) > 1e-9)
        {
            throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Field 'scenario.initialStates' sums to {sum:G12}; the shares must sum to 1 within 1e-9."), "scenario.initialStates", value: sum);
        }

        Participants = participants;
        InitialStateShares = new ReadOnlyCollection<double>(shares);
        Weeks = weeks;
        Threshold = threshold;
    }

    /// <summary>The number of participants.</summary>
    public int Participants { get; }

    /// <summary>For each state, the share of participants known to start in it.</summary>
    public IReadOnlyList<double> InitialStateShares { get; }

    /// <summary>The number of weekly decision cycles.</summary>
    public int Weeks { get; }

    /// <summary>The workshop threshold on the total expected utility.</summary>
    public double Threshold { get; }

    /// <summary>A copy with other values (each <see langword="null"/> keeps the current one).</summary>
    /// <param name="participants">The number of participants.</param>
    /// <param name="weeks">The number of weeks.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The new scenario.</returns>
    public SimulationScenario With(int? participants = null, int? weeks = null, double? threshold = null) =>
        new(participants ?? Participants, InitialStateShares, weeks ?? Weeks, threshold ?? Threshold);

    /// <summary>
    /// Whole-participant counts per state by largest-remainder apportionment of <see cref="InitialStateShares"/>
    /// (ties to the lower state index); for the CrowdArb preset, 336, 168 and 56.
    /// </summary>
    /// <returns>One count per state, summing to <see cref="Participants"/>.</returns>
    public int[] InitialStateCounts()
    {
        var n = InitialStateShares.Count;
        var counts = new int[n];
        var remainders = new double[n];
        var assigned = 0;
        for (var i = 0; i < n; i++)
        {
            var exact = InitialStateShares[i] * Participants;
            counts[i] = (int)Math.Floor(exact + 1e-9);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var j = 0; assigned < Participants; j = (j + 1) % n)
        {
            counts[order[j]]++;
            assigned++;
        }

        return counts;
    }
}
