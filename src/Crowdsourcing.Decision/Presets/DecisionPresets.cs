using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Presets;

/// <summary>The built-in presets.</summary>
public static class DecisionPresets
{
    /// <summary>
    /// The name of the CrowdArb paper's model (Dasgupta et al., section 5): states poor, fair, good; actions leave-out,
    /// invite; Table 1 utilities; Tables 2 and 3 with rows normalised (row good of Table 2 sums to 0.95 and of Table 3 to
    /// 1.1 as printed); one intervention <c>email-campaign</c> with cost 3 and response rate 0.2; 560 participants known
    /// to start 60% poor, 30% fair, 10% good; 20 weekly cycles; workshop threshold 9000.
    /// </summary>
    public const string CrowdArbPaper = "crowdarb-paper";

    /// <summary>
    /// The name of an illustrative three-channel model, <b>not from the paper</b>: the crowdarb-paper states, actions,
    /// utilities, passive dynamics and scenario, with three interventions to choose between: <c>email</c> (the paper's
    /// campaign: cost 3, response rate 0.2), <c>phone-call</c> (cost 5, stronger push, state-dependent response rates
    /// 0.5 / 0.6 / 0.7 for poor / fair / good) and <c>manager-escalation</c> (cost 12, strongest push, response rates
    /// 0.8 / 0.9 / 0.95). The phone and escalation numbers are made up to show the choice between channels.
    /// </summary>
    public const string CrowdArbMultichannel = "crowdarb-multichannel";

    private static readonly Lazy<DecisionPreset> CrowdArb = new(CreateCrowdArbPaper);
    private static readonly Lazy<DecisionPreset> Multichannel = new(CreateMultichannel);

    /// <summary>The names of the built-in presets.</summary>
    public static IReadOnlyList<string> Names { get; } = [CrowdArbPaper, CrowdArbMultichannel];

    /// <summary>A preset by name (ordinal, case-insensitive).</summary>
    /// <param name="name">The preset's name.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="ArgumentException">There is no preset with that name; the message lists the names.</exception>
    public static DecisionPreset Get(string name) =>
        TryGet(name, out var preset)
            ? preset
            : throw new NotFoundException("decision preset", name ?? string.Empty, $"Unknown preset '{name}'; known presets: {string.Join(", ", Names)}.");

    /// <summary>Looks a preset up by name (ordinal, case-insensitive).</summary>
    /// <param name="name">The preset's name.</param>
    /// <param name="preset">The preset, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public static bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DecisionPreset? preset)
    {
        if (string.Equals(name, CrowdArbPaper, StringComparison.OrdinalIgnoreCase))
        {
            preset = CrowdArb.Value;
            return true;
        }

        if (string.Equals(name, CrowdArbMultichannel, StringComparison.OrdinalIgnoreCase))
        {
            preset = Multichannel.Value;
            return true;
        }

        preset = null;
        return false;
    }

    /// <summary>The paper's Table 2 (time evolution) as printed; row good sums to 0.95.</summary>
    /// <returns>A new matrix.</returns>
    public static DecisionMatrix CrowdArbPrintedTransition() => DecisionMatrix.FromRows(
        [0.85, 0.1, 0.05],
        [0.05, 0.85, 0.1],
        [0.1, 0.05, 0.8]);

    /// <summary>The paper's Table 3 (state after the email campaign) as printed; row good sums to 1.1.</summary>
    /// <returns>A new matrix.</returns>
    public static DecisionMatrix CrowdArbPrintedCampaignTransition() => DecisionMatrix.FromRows(
        [0.8, 0.05, 0.15],
        [0.05, 0.8, 0.15],
        [0.05, 0.15, 0.9]);

    /// <summary>The paper's Table 1 (utility U(state, action)), states poor, fair, good × actions leave-out, invite.</summary>
    /// <returns>A new matrix.</returns>
    public static DecisionMatrix CrowdArbUtility() => DecisionMatrix.FromRows(
        [0, -15],
        [0, 10],
        [0, 40]);

    private static DecisionPreset CreateCrowdArbPaper()
    {
        var model = new DecisionModel(
            ["poor", "fair", "good"],
            ["leave-out", "invite"],
            CrowdArbUtility(),
            CrowdArbPrintedTransition(),
            [new Intervention("email-campaign", CrowdArbPrintedCampaignTransition(), cost: 3, responseRate: 0.2)],
            RowNormalization.Normalize);
        var scenario = new SimulationScenario(560, [0.6, 0.3, 0.1], 20, 9000);
        return new DecisionPreset(
            CrowdArbPaper,
            "CrowdArb (Dasgupta et al.), section 5: Tables 1-3 with rows normalised, email campaign cost 3, response rate 0.2; 560 participants, 60/30/10% poor/fair/good, 20 weeks, threshold 9000.",
            model,
            scenario);
    }

    private static DecisionPreset CreateMultichannel()
    {
        var paper = CrowdArb.Value.Model;
        var model = new DecisionModel(
            paper.States,
            paper.Actions,
            paper.Utility,
            paper.Transition,
            [
                new Intervention("email", paper.Interventions[0].Transition, cost: 3, responseRate: 0.2),
                new Intervention(
                    "phone-call",
                    DecisionMatrix.FromRows([0.55, 0.3, 0.15], [0.02, 0.68, 0.3], [0.02, 0.08, 0.9]),
                    cost: 5,
                    responseRates: [0.5, 0.6, 0.7]),
                new Intervention(
                    "manager-escalation",
                    DecisionMatrix.FromRows([0.35, 0.4, 0.25], [0.02, 0.48, 0.5], [0.01, 0.04, 0.95]),
                    cost: 12,
                    responseRates: [0.8, 0.9, 0.95]),
            ]);
        return new DecisionPreset(
            CrowdArbMultichannel,
            "Illustrative, not from the paper: the crowdarb-paper model and scenario with three channels, email (cost 3, r 0.2), phone-call (cost 5, r 0.5/0.6/0.7) and manager-escalation (cost 12, r 0.8/0.9/0.95).",
            model,
            CrowdArb.Value.Scenario);
    }
}
