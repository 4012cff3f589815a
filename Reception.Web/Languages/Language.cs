namespace Reception.Web.Languages;

/// <summary>A language Reception speaks: its tag, its name in itself (for the picker), its direction.</summary>
/// <param name="Plural">The locale whose plural rules it follows (the pseudo-locale follows English's).</param>
public sealed record Language(string Tag, string Name, bool RightToLeft, string Plural)
{
    public string Dir => RightToLeft ? "rtl" : "ltr";

    public const string English = "en";

    /// <summary>
    /// Tests only (Reception:Languages:Pseudo): every text is English wrapped in [brackets], accented
    /// and made ~40% longer, so a word that did not come from the catalog, or a box too small for a
    /// longer language, shows at once.
    /// </summary>
    public const string PseudoTag = "qps-ploc";

    /// <summary>The languages people can pick, in the picker's order.</summary>
    public static readonly IReadOnlyList<Language> All =
    [
        new(English, "English", false, "en"),
        new("de", "Deutsch", false, "de"),
        new("es", "Español", false, "es"),
        new("ar", "العربية", true, "ar"),
    ];

    public static readonly Language Pseudo = new(PseudoTag, "[Ƥšéúðó]", false, "en");

    /// <summary>The language of a tag Reception speaks, else English (.NET writes the pseudo-locale "qps-PLOC").</summary>
    public static Language Of(string? tag) =>
        string.Equals(tag, PseudoTag, StringComparison.OrdinalIgnoreCase) ? Pseudo : All.FirstOrDefault(l => l.Tag == tag) ?? All[0];
}
