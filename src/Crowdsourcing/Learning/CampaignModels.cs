using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.DecisionModels;

namespace Crowdsourcing.Learning;

/// <summary>The decision model a campaign decides with: the registered one, in the version its settings name, with only the interventions they allow.</summary>
internal static class CampaignModels
{
    /// <summary>The campaign's model.</summary>
    /// <exception cref="InvalidStateException">The settings name an intervention the model does not have, or a model version the campaign does not keep.</exception>
    public static RegisteredDecisionModel Resolve(IDecisionModelRegistry registry, Campaign campaign)
    {
        var model = registry.GetModel(campaign.DecisionModel);
        var settings = campaign.Decision;
        if (settings.ModelVersion != 1)
        {
            var version = settings.AdoptedModel ?? throw new InvalidStateException(
                $"Campaign '{campaign.Id}' decides with model version {settings.ModelVersion}, which it does not keep; adopt a learned model or set the version back to 1.",
                nameof(Campaign),
                campaign.Id);
            model = model with { Model = Apply(model.Model, version) };
        }

        var allowed = settings.Interventions;
        if (allowed.Count == 0)
        {
            return model;
        }

        var unknown = allowed.Where(a => model.Model.IndexOfIntervention(a.Name) < 0).Select(a => a.Name).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidStateException(
                $"Campaign '{campaign.Id}' allows the intervention '{unknown[0]}', which decision model '{model.Name}' does not have; its interventions: {string.Join(", ", model.Model.Interventions.Select(k => k.Name))}.",
                nameof(Campaign),
                campaign.Id);
        }

        var kept = model.Model.Interventions.Where(k => allowed.Any(a => string.Equals(a.Name, k.Name, StringComparison.Ordinal))).ToList();
        return model with { Model = model.Model.With(interventions: kept) };
    }

    /// <summary>The registered model with an adopted version's T, C_k, r_k and learned O_k (utilities, names and costs
    /// kept; a registered report model is kept where the version learned none).</summary>
    /// <exception cref="InvalidStateException">The version does not fit the model (another number of states).</exception>
    public static DecisionModel Apply(DecisionModel model, CampaignModelVersion version)
    {
        if (version.Transition.Count != model.StateCount)
        {
            throw new InvalidStateException($"Model version {version.Version} has {version.Transition.Count} states; the registered model has {model.StateCount}.");
        }

        var interventions = model.Interventions.Select(k =>
        {
            var learned = version.Interventions.FirstOrDefault(l => string.Equals(l.Name, k.Name, StringComparison.Ordinal));
            if (learned is null)
            {
                return k;
            }

            if (learned.ReportModel is { Count: var rows } && rows != model.StateCount)
            {
                throw new InvalidStateException($"Model version {version.Version} has a report model of {rows} states for intervention '{k.Name}'; the registered model has {model.StateCount}.");
            }

            var matrix = Matrix(learned.Transition);
            var adopted = learned.ResponseRates.Count == 1
                ? new Intervention(k.Name, matrix, k.Cost, learned.ResponseRates[0])
                : new Intervention(k.Name, matrix, k.Cost, learned.ResponseRates);

            // A report model learned from analysts' reviews replaces the registered one; otherwise the registered one stays.
            return adopted.WithReportModel(learned.ReportModel is { } reportModel ? Matrix(reportModel) : k.ReportModel);
        }).ToList();
        return model.With(transition: Matrix(version.Transition), interventions: interventions);
    }

    /// <summary>The version's form of a learned matrix.</summary>
    public static IReadOnlyList<IReadOnlyList<double>> Rows(DecisionMatrix matrix) => [.. matrix.ToRows().Select(r => (IReadOnlyList<double>)r)];

    private static DecisionMatrix Matrix(IReadOnlyList<IReadOnlyList<double>> rows) => DecisionMatrix.FromRows([.. rows.Select(r => r.ToArray())]);
}
