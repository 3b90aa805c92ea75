using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>
/// The text of the expert pages and the organiser's console, in one resource file
/// (<c>UI/CrowdsourcingUIText.resx</c> in the package's sources: every label, button, message and page title, English).
/// <c>AddCrowdsourcingApi()</c> registers an <see cref="IStringLocalizer{T}"/> of this type over that file, looked up in
/// <see cref="CultureInfo.CurrentUICulture"/>. To translate the pages, copy the file, translate its values (the keys
/// and the <c>{0}</c> placeholders stay), and register your own <see cref="IStringLocalizer{T}"/> of this type after
/// <c>AddCrowdsourcingApi()</c> (for example a <see cref="ResourceManagerStringLocalizer"/> over your translated
/// file, with <c>app.UseRequestLocalization(...)</c> choosing the culture). A key your localizer does not know
/// falls back to the English text.
/// </summary>
public sealed class CrowdsourcingUIText
{
    private CrowdsourcingUIText()
    {
    }
}

/// <summary>The package's own localizer over <c>CrowdsourcingUIText.resx</c>.</summary>
internal sealed class DefaultUIText : IStringLocalizer<CrowdsourcingUIText>
{
    internal static readonly ResourceManager Resources = new("Crowdsourcing.AspNetCore.UI.CrowdsourcingUIText", typeof(CrowdsourcingUIText).Assembly);

    public LocalizedString this[string name] => Find(name, null);

    public LocalizedString this[string name, params object[] arguments] => Find(name, arguments);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        using var set = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true);
        if (set is null)
        {
            yield break;
        }

        foreach (System.Collections.DictionaryEntry entry in set)
        {
            var key = (string)entry.Key;
            yield return Find(key, null);
        }
    }

    private static LocalizedString Find(string name, object[]? arguments)
    {
        var text = Resources.GetString(name, CultureInfo.CurrentUICulture);
        if (text is null)
        {
            return new LocalizedString(name, name, resourceNotFound: true);
        }

        return new LocalizedString(name, arguments is { Length: > 0 } ? string.Format(CultureInfo.CurrentCulture, text, arguments) : text);
    }
}

/// <summary>The text of one page render: the host's localizer, falling back to the package's English.</summary>
internal sealed class UIText(IStringLocalizer<CrowdsourcingUIText> localizer)
{
    /// <summary>The text of <paramref name="key"/>.</summary>
    public string this[string key]
    {
        get
        {
            var found = localizer[key];
            return found.ResourceNotFound ? DefaultUIText.Resources.GetString(key, CultureInfo.InvariantCulture) ?? key : found.Value;
        }
    }

    /// <summary>The text of <paramref name="key"/> with its placeholders filled.</summary>
    public string Format(string key, params object?[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, this[key], arguments);
}
