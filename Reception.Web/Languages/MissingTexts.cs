using System.Collections;
using System.Globalization;
using System.Resources;

namespace Reception.Web.Languages;

/// <summary>
/// What a language lacks against English: every English key it has no text for, a plural text once
/// for each form its plural rules need (shown to admins at /admin/languages).
/// </summary>
public static class MissingTexts
{
    /// <summary>The keys <paramref name="own"/> has no text for, in order.</summary>
    public static IReadOnlyList<string> Of(Language language, IReadOnlyDictionary<string, object> english, Func<string, string?> own) =>
        english.SelectMany(text => text.Value is IReadOnlyDictionary<string, string>
                ? PluralRules.Categories(language.Plural).Select(category => text.Key + "." + category)
                : [text.Key])
            .Where(key => string.IsNullOrWhiteSpace(own(key)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>What <paramref name="language"/>'s own catalog file (Messages.{tag}.resx, not English behind it) lacks.</summary>
    public static IReadOnlyList<string> Of(Language language)
    {
        var resources = new ResourceManager(typeof(Messages).FullName!, typeof(Messages).Assembly);
        var culture = language.Tag == Language.English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language.Tag);
        var own = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string) ?? [];
        return Of(language, Texts.English, own.GetValueOrDefault);
    }
}
