using System.Globalization;
using System.Text;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// Why a policy contacted an entry with an intervention, or left it alone, in one cycle, in the terms the policy
/// weighed: e.g. <c>value 6.79 with email, cost 3, 4 weeks to the workshop</c>.
/// </summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Intervention">The intervention contacted with, or -1 when left alone.</param>
/// <param name="InterventionName">Its name; for an entry left alone, the best intervention's (or <see langword="null"/> without one).</param>
/// <param name="Share">The share of the entry contacted: 1 for a contacted participant, 0 when left alone, in between for a split class.</param>
/// <param name="Value">
/// The value of contacting with that intervention before its cost: V_k(b) for the myopic rule, the response-aware value,
/// or, for planning policies, the expected gain in the total utility at the workshop week over leaving the entry alone
/// this cycle (both followed by the plan).
/// </param>
/// <param name="Cost">The intervention's cost c_k.</param>
/// <param name="LaterSpendChange">For planning policies, how the contact changes the expected spend of later cycles (often negative: an answer makes later contacts unnecessary); 0 otherwise.</param>
/// <param name="WeeksToWorkshop">The weeks until the workshop week, this cycle included; <see langword="null"/> when the policy has none.</param>
/// <param name="Price">The price the policy charged on top of the cost: the budget's price per unit, or for least spend the price on spend λ; 0 when none.</param>
/// <param name="PriceUnit">What <paramref name="Price"/> is per: <c>contact</c>, <c>unit of money</c> or <c>unit of spend</c>; <see langword="null"/> when no price applies.</param>
public sealed record ContactExplanation(
    string Policy,
    int Intervention,
    string? InterventionName,
    double Share,
    double Value,
    double Cost,
    double LaterSpendChange,
    int? WeeksToWorkshop,
    double Price,
    string? PriceUnit)
{
    /// <summary>Whether any of the entry is contacted.</summary>
    public bool Contacted => Intervention >= 0 && Share > 0;

    /// <summary>The sentence: <c>value 6.79 with email, cost 3, 4 weeks to the workshop</c>, or <c>left alone: value 1.5 with email, cost 3</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (!Contacted)
        {
            text.Append("left alone");
            if (InterventionName is null)
            {
                return text.ToString();
            }

            text.Append(": ");
        }

        text.Append(CultureInfo.InvariantCulture, $"value {Value:0.##} with {InterventionName}, cost {Cost:0.##}");
        if (Math.Abs(LaterSpendChange) >= 0.005)
        {
            text.Append(CultureInfo.InvariantCulture, $", later spend {LaterSpendChange:+0.##;-0.##}");
        }

        if (WeeksToWorkshop is { } weeks)
        {
            text.Append(CultureInfo.InvariantCulture, $", {weeks} {(weeks == 1 ? "week" : "weeks")} to the workshop");
        }

        if (Price > 0 && PriceUnit is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", price {Price:0.###} per {PriceUnit}");
        }

        if (Contacted && Share < 1)
        {
            text.Append(CultureInfo.InvariantCulture, $", {Share:0.##%} of the class");
        }

        return text.ToString();
    }
}
