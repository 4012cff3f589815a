using System.Globalization;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Dashboard;

/// <summary>
/// Durations, counts and days as the board pages write them, in the request's language;
/// wwwroot/js/board/format.js follows the same rules. Times of day are BranchZone.Clock's.
/// </summary>
public static class Format
{
    public static string Duration(double? seconds)
    {
        var tag = Texts.Current.Tag;
        if (seconds is not { } s)
        {
            return Texts.Get(tag, "board.duration.none");
        }

        if (s < 60)
        {
            return Texts.Get(tag, "board.duration.underMinute");
        }

        var minutes = (int)Math.Round(s / 60, MidpointRounding.AwayFromZero);
        return minutes < 60
            ? Texts.Get(tag, "board.duration.minutes", new Dictionary<string, object> { ["minutes"] = minutes })
            : Texts.Get(tag, "board.duration.hours", new Dictionary<string, object>
            {
                ["hours"] = minutes / 60, ["minutes"] = (minutes % 60).ToString("00", CultureInfo.InvariantCulture),
            });
    }

    public static string Hour(int hour) => string.Create(CultureInfo.InvariantCulture, $"{hour:00}:00");

    /// <summary>A count as the language writes it (1.234 in German), in Western digits, as i18n.js's number().</summary>
    public static string Number(long n) => n.ToString("#,0", Culture);

    /// <summary>A day in the language's own pattern (the catalog's board.dayFormat): "Wed 2 Dec 2026", "Mi., 2. Dez. 2026".</summary>
    public static string Day(DateOnly day) => Day(day, Texts.Current);

    /// <summary>A day as each language writes it, by tag: an argument a page words again in place on a change of language (i18n.js).</summary>
    public static Dictionary<string, string> DayInEach(DateOnly day) =>
        Language.All.Append(Language.Pseudo).ToDictionary(l => l.Tag, l => Day(day, l));

    private static string Day(DateOnly day, Language language) =>
        day.ToString(Texts.Get(language == Language.Pseudo ? Language.English : language.Tag, "board.dayFormat"), CultureOf(language));

    /// <summary>The request's language's formats, with Western digits and the Gregorian calendar in every language.</summary>
    private static CultureInfo Culture => CultureOf(Texts.Current);

    private static CultureInfo CultureOf(Language current)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(current == Language.Pseudo ? Language.English : current.Tag).Clone();
        culture.NumberFormat.NativeDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        culture.NumberFormat.DigitSubstitution = DigitShapes.None;
        if (culture.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault() is { } gregorian)
        {
            culture.DateTimeFormat.Calendar = gregorian;   // the branch's calendar is the one its reports count days in
        }

        return culture;
    }
}
