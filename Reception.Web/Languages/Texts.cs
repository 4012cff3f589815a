using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace Reception.Web.Languages;

/// <summary>Marks the catalog: Messages.resx (English, the source) and Messages.{de,es,ar}.resx beside it.</summary>
public sealed class Messages;

/// <summary>A text to show, as the machine knows it: a catalog key and its arguments ("count" picks a plural form).</summary>
public sealed record Message(string Key, IReadOnlyDictionary<string, object>? Args = null)
{
    public static Message Of(string key, params (string Name, object Value)[] args) =>
        new(key, args.Length == 0 ? null : args.ToDictionary(a => a.Name, a => a.Value));
}

/// <summary>
/// The catalog, read: every text a page shows, by key, in a language. A key ending in a plural
/// category (".one", ".other"…) is one form of a plural text, chosen by its "count" argument with the
/// language's <see cref="PluralRules"/>. {name} is an argument; a number is written in the language.
/// The browser gets the same catalog with the page (<see cref="Catalog"/>) and formats it the same way
/// (wwwroot/js/i18n.js). Views write <c>@T["key"]</c> or <c>&lt;p i18n="key"&gt;</c> (<see cref="TextTagHelper"/>).
/// </summary>
public sealed partial class Texts
{
    private static readonly ResourceManager Resources = new(typeof(Messages).FullName!, typeof(Messages).Assembly);

    /// <summary>English's keys, a plural text's forms under its one key, with their English (the source of the pseudo-locale).</summary>
    public static readonly FrozenDictionary<string, object> English = Read(CultureInfo.InvariantCulture);

    /// <summary>The text of <paramref name="key"/> in the request's language.</summary>
    public string this[string key] => Get(Current.Tag, key);

    public string this[Message message] => Get(Current.Tag, message.Key, message.Args);

    /// <summary>The request's language (set by RequestLocalization from the cookie or Accept-Language).</summary>
    public static Language Current => Language.Of(CultureInfo.CurrentUICulture.Name);

    public static string Get(string tag, string key, IReadOnlyDictionary<string, object>? args = null)
    {
        var language = Language.Of(tag);
        var raw = args?.GetValueOrDefault("count") is { } count && English.GetValueOrDefault(key) is IReadOnlyDictionary<string, string>
            ? Raw(language, key + "." + PluralRules.Of(language.Plural, Convert.ToInt64(count, CultureInfo.InvariantCulture)))
              ?? Raw(language, key + ".other")
            : Raw(language, key);
        return Format(language, raw ?? key, args);
    }

    /// <summary>
    /// The texts under <paramref name="prefixes"/> in one language, for a page's browser modules:
    /// a plain text as a string, a plural text as its forms by category (those the language needs).
    /// </summary>
    public static Dictionary<string, object> Catalog(string tag, IReadOnlyList<string> prefixes)
    {
        var language = Language.Of(tag);
        var catalog = new Dictionary<string, object>();
        foreach (var (key, english) in English)
        {
            if (!prefixes.Any(p => key.StartsWith(p + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            catalog[key] = english is IReadOnlyDictionary<string, string>
                ? PluralRules.Categories(language.Plural).ToDictionary(c => c, c => Raw(language, key + "." + c) ?? Raw(language, key + ".other") ?? key)
                : Raw(language, key) ?? key;
        }

        return catalog;
    }

    private static string? Raw(Language language, string key) =>
        language == Language.Pseudo
            ? Resources.GetString(key, CultureInfo.InvariantCulture) is { } english ? Pseudo.Of(english) : null
            : Resources.GetString(key, CultureInfo.GetCultureInfo(language.Tag));

    private static string Format(Language language, string text, IReadOnlyDictionary<string, object>? args) =>
        args is null ? text : Placeholder().Replace(text, m => args.TryGetValue(m.Groups[1].Value, out var value) ? Written(language, value) : m.Value);

    /// <summary>A number as the browser's Intl.NumberFormat writes it (Western digits in every language, as the times are).</summary>
    private static string Written(Language language, object value) => value switch
    {
        Message message => Get(language.Tag, message.Key, message.Args), // a phrase inside a sentence, in the same language
        IReadOnlyDictionary<string, string> each => each.GetValueOrDefault(language.Tag) ?? each.GetValueOrDefault(Language.English) ?? "", // written in each language
        int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture)
            .ToString("#,0", language == Language.Pseudo ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language.Tag)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static FrozenDictionary<string, object> Read(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException("The English catalog (Messages.resx) is missing.");
        var texts = new Dictionary<string, object>();
        var plurals = new Dictionary<string, Dictionary<string, string>>();
        foreach (System.Collections.DictionaryEntry entry in set)
        {
            var (key, value) = ((string)entry.Key, (string)entry.Value!);
            var dot = key.LastIndexOf('.');
            if (dot > 0 && PluralRules.AllCategories.Contains(key[(dot + 1)..]))
            {
                (plurals.TryGetValue(key[..dot], out var forms) ? forms : plurals[key[..dot]] = [])[key[(dot + 1)..]] = value;
            }
            else
            {
                texts[key] = value;
            }
        }

        foreach (var (key, forms) in plurals)
        {
            texts[key] = (IReadOnlyDictionary<string, string>)forms;
        }

        return texts.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
