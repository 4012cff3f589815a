namespace Reception.Web.Languages;

/// <summary>
/// CLDR's plural categories for whole numbers, for the languages Reception speaks: which form of a
/// plural text a count takes. The browser asks <c>Intl.PluralRules</c> the same question
/// (wwwroot/js/i18n.js); PluralRulesAgreementTests checks the two agree.
/// </summary>
public static class PluralRules
{
    public static readonly IReadOnlyList<string> AllCategories = ["zero", "one", "two", "few", "many", "other"];

    /// <summary>The categories a language's catalog must give every plural text.</summary>
    public static IReadOnlyList<string> Categories(string plural) => plural switch
    {
        "ar" => AllCategories,
        "es" => ["one", "many", "other"],
        _ => ["one", "other"],
    };

    public static string Of(string plural, long n) => plural switch
    {
        "ar" => n switch
        {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ when n % 100 is >= 3 and <= 10 => "few",
            _ when n % 100 is >= 11 and <= 99 => "many",
            _ => "other",
        },
        // "many" is for the millions ("1 millón de personas"), as CLDR has it since version 42.
        "es" => n == 1 ? "one" : n != 0 && n % 1_000_000 == 0 ? "many" : "other",
        _ => n == 1 ? "one" : "other",
    };
}
