using System.Globalization;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>
/// A report's dates, from and to inclusive, on the branch's calendar. Checked once here: both are
/// yyyy-MM-dd dates, from is not after to, and the range is at most <see cref="MaxDays"/> days.
/// </summary>
public sealed record ReportRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The range, or why not in words; either date missing means the branch's today.</summary>
    public static (ReportRange? Range, SyncProblem? Problem) Parse(string? from, string? to, DateOnly today)
    {
        if (!TryDate(from, today, out var first))
        {
            return (null, SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.ReportStart, ("value", Shorten(from)))));
        }

        if (!TryDate(to, today, out var last))
        {
            return (null, SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.ReportEnd, ("value", Shorten(to)))));
        }

        if (last < first)
        {
            return (null, SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.ReportReversed,
                ("from", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))));
        }

        var range = new ReportRange(first, last);
        return range.Days > MaxDays
            ? (null, SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.ReportTooLong, ("days", range.Days), ("max", MaxDays))))
            : (range, null);
    }

    /// <summary>The range in UTC, [start, end): from the start of From to the start of the day after To, on the branch's clock.</summary>
    public (DateTime Start, DateTime End) Utc(TimeZoneInfo zone) =>
        (TimeZoneInfo.ConvertTimeToUtc(From.ToDateTime(TimeOnly.MinValue), zone),
            TimeZoneInfo.ConvertTimeToUtc(To.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));

    private static bool TryDate(string? text, DateOnly today, out DateOnly date)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            date = today;
            return true;
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 20 ? s : s[..20] + "…";
}
