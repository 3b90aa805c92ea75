using Crowdsourcing.Roadmap.Initiatives;

namespace Crowdsourcing.Roadmap.Licensing;

/// <summary>A Creative Commons 4.0 licence: one of the six that combine the four conditions (attribution, non-commercial, no-derivatives, share-alike).</summary>
/// <param name="Code">The short name, e.g. <c>CC BY-NC-SA 4.0</c>.</param>
/// <param name="Url">The licence deed.</param>
/// <param name="Conditions">The conditions it sets, e.g. <c>attribution</c>, <c>non-commercial</c>, <c>share-alike</c>.</param>
public sealed record CreativeCommonsLicence(string Code, Uri Url, IReadOnlyList<string> Conditions);

/// <summary>
/// Chooses a Creative Commons licence from the conditions a firm or cluster sets on reuse (clusters paper, §Strategic dimensions:
/// "a choice of four different conditions for access to his work, which combine in six different licenses"; Hofmokl et al. [50]).
/// </summary>
public static class CreativeCommons
{
    /// <summary>The licence that fits the conditions. Attribution is always required; commercial use, derivatives and share-alike follow the conditions.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>CC BY, CC BY-SA, CC BY-ND, CC BY-NC, CC BY-NC-SA or CC BY-NC-ND (4.0).</returns>
    public static CreativeCommonsLicence Choose(IpConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var parts = new List<string> { "BY" };
        var names = new List<string> { "attribution" };
        if (!conditions.CommercialUse)
        {
            parts.Add("NC");
            names.Add("non-commercial");
        }

        if (!conditions.Derivatives)
        {
            parts.Add("ND");
            names.Add("no-derivatives");
        }
        else if (conditions.ShareAlike)
        {
            parts.Add("SA");
            names.Add("share-alike");
        }

        var slug = string.Join('-', parts).ToLowerInvariant();
        return new CreativeCommonsLicence($"CC {string.Join('-', parts)} 4.0", new Uri($"https://creativecommons.org/licenses/{slug}/4.0/"), names);
    }
}
