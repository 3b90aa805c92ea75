using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Policies;

/// <summary>
/// The factory of one of the engine's policies (<see cref="ContactPolicyKind"/>): <c>none</c>, <c>myopic</c>,
/// <c>response-aware</c>, <c>planned</c> and <c>least-spend</c>, each in its budgeted form when the campaign's
/// <see cref="CampaignDecisionSettings.Budget"/> is set. A new policy every cycle, planned from that cycle's beliefs
/// (receding horizon): the workshop week and threshold come from the campaign's settings.
/// </summary>
internal sealed class EngineContactPolicyFactory(ContactPolicyKind kind) : IContactPolicyFactory
{
    /// <summary>The factories of every built-in policy.</summary>
    public static IReadOnlyList<EngineContactPolicyFactory> All { get; } = [.. Enum.GetValues<ContactPolicyKind>().Select(k => new EngineContactPolicyFactory(k))];

    public string Name => EnumNames.Of(kind);

    /// <exception cref="InvalidStateException">A planning policy without a workshop week.</exception>
    public ContactPolicy Create(ContactPolicyRequest request)
    {
        var campaign = request.Campaign;
        var settings = campaign.Decision;
        var week = settings.ResolveWorkshopWeek(campaign.StartsAt, campaign.CycleLength);
        if (week is null && kind is ContactPolicyKind.Planned or ContactPolicyKind.LeastSpend)
        {
            throw new InvalidStateException(
                $"Campaign '{campaign.Id}' uses the '{Name}' policy, which plans toward the workshop, but its decision settings give no workshop week or date; set one (campaign settings --workshop-week W).",
                nameof(Campaign),
                campaign.Id);
        }

        return ContactPolicies.Create(request.Model.Model, new ContactPolicyOptions
        {
            Kind = kind,
            WorkshopWeek = week,
            Threshold = settings.Threshold ?? campaign.WorkshopThreshold,
            Budget = Budget(settings),
        });
    }

    /// <summary>The campaign's budget per cycle, or <see langword="null"/>.</summary>
    /// <exception cref="ValidationFailedException">A contacts budget that is not a whole number.</exception>
    public static CycleBudget? Budget(CampaignDecisionSettings settings)
    {
        if (settings.Budget is not { } amount)
        {
            return null;
        }

        if (EnumNames.Parse<BudgetKind>(settings.BudgetKind, "budgetKind") == BudgetKind.Money)
        {
            return CycleBudget.MaxSpend(amount);
        }

        return amount == Math.Floor(amount) && amount <= int.MaxValue
            ? CycleBudget.MaxContacts((int)amount)
            : throw new ValidationFailedException("decision.budget", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A budget of contacts per cycle must be a whole number up to {int.MaxValue}; got {amount}."));
    }
}
