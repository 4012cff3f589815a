using Reception.Sync.Wire;

namespace Reception.Web.Languages;

/// <summary>
/// What a page's browser modules need to speak: the language it was rendered in, the languages the
/// picker offers, and the catalogs of all of them (the keys under the page's prefixes), so that
/// picking another language works at once and offline (wwwroot/js/i18n.js reads it).
/// </summary>
public static class PageLanguages
{
    /// <summary>
    /// Set in HttpContext.Items once a page wrote its catalog (the _Languages partial), so the layout
    /// does not write a second one.
    /// </summary>
    public const string Rendered = "reception.i18n";

    /// <summary>JSON for a script element; the serializer escapes &lt; and &gt;.</summary>
    public static string Json(params string[] prefixes)
    {
        var current = Texts.Current;
        var offered = current == Language.Pseudo ? [.. Language.All, Language.Pseudo] : Language.All;
        return WireJson.Serialize(new
        {
            lang = current.Tag,
            languages = Language.All.Select(l => new { tag = l.Tag, name = l.Name, dir = l.Dir, plural = l.Plural }),
            pseudo = current == Language.Pseudo ? new { tag = current.Tag, name = current.Name, dir = current.Dir, plural = current.Plural } : null,
            catalogs = offered.ToDictionary(l => l.Tag, l => Texts.Catalog(l.Tag, ["common", .. prefixes])),
        });
    }
}
