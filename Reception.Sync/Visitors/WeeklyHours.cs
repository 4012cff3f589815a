using System.Globalization;

namespace Reception.Sync.Visitors;

/// <summary>One day's opening hours on the branch's clock; closes after it opens, the same day.</summary>
public readonly record struct DayHours(TimeOnly Opens, TimeOnly Closes);

/// <summary>
/// A branch's weekly opening hours on its own clock, Monday first; a null day is closed. Stored as
/// seven ";"-separated "HH:MM-HH:MM" entries (empty: closed); an entry that does not read counts as
/// closed. Pure: times come in as values.
/// </summary>
/// <summary>Why a day's typed hours were refused: <paramref name="Day"/> (Monday = 0) does not read as two HH:MM times, or closes before it opens.</summary>
public sealed record HoursProblem(int Day, bool ClosesFirst);

public sealed record WeeklyHours(IReadOnlyList<DayHours?> Days)
{
    public static readonly IReadOnlyList<string> DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static WeeklyHours Closed { get; } = new(new DayHours?[7]);

    public static WeeklyHours Parse(string? text)
    {
        var entries = (text ?? "").Split(';');
        return new WeeklyHours(Enumerable.Range(0, 7).Select(i => i < entries.Length ? ReadDay(entries[i]) : null).ToList());
    }

    /// <summary>The hours from seven (opens, closes) pairs as typed (HH:MM, both empty for a closed day), or why not (in English).</summary>
    public static (WeeklyHours? Hours, string? Error) FromForm(IReadOnlyList<(string? Opens, string? Closes)> days) =>
        Read(days) switch
        {
            { Hours: { } hours } => (hours, null),
            { Problem: { ClosesFirst: true } p } => (null, $"{DayNames[p.Day]}: the closing time must come after the opening time."),
            var r => (null, $"{DayNames[r.Problem!.Day]}: give both times as HH:MM (24-hour clock), or leave both empty for a closed day."),
        };

    /// <summary>The hours from seven (opens, closes) pairs as typed, or the first day that does not read (Monday = 0) and why.</summary>
    public static (WeeklyHours? Hours, HoursProblem? Problem) Read(IReadOnlyList<(string? Opens, string? Closes)> days)
    {
        var read = new List<DayHours?>(7);
        for (var i = 0; i < 7; i++)
        {
            var (opens, closes) = i < days.Count ? days[i] : (null, null);
            if (string.IsNullOrWhiteSpace(opens) && string.IsNullOrWhiteSpace(closes))
            {
                read.Add(null);
                continue;
            }

            if (!TryTime(opens, out var o) || !TryTime(closes, out var c))
            {
                return (null, new HoursProblem(i, ClosesFirst: false));
            }

            if (c <= o)
            {
                return (null, new HoursProblem(i, ClosesFirst: true));
            }

            read.Add(new DayHours(o, c));
        }

        return (new WeeklyHours(read), null);
    }

    public string Format() => string.Join(";", Days.Select(d => d is { } h ? $"{Hm(h.Opens)}-{Hm(h.Closes)}" : ""));

    public static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>When the branch next opens at or after <paramref name="utc"/> (that instant itself while open), or null when it never does.</summary>
    public DateTime? NextOpen(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        for (var d = 0; d <= 7; d++)
        {
            var date = DateOnly.FromDateTime(local).AddDays(d);
            if (Days[Index(date.DayOfWeek)] is not { } hours)
            {
                continue;
            }

            var opens = date.ToDateTime(hours.Opens);
            var closes = date.ToDateTime(hours.Closes);
            if (local >= closes)
            {
                continue;
            }

            return local >= opens ? utc : Utc(opens, zone);
        }

        return null;
    }

    public bool IsOpen(DateTime utc, TimeZoneInfo zone) => NextOpen(utc, zone) == utc;

    private static DateTime Utc(DateTime local, TimeZoneInfo zone)
    {
        // A wall-clock time skipped by a daylight-saving change: the branch opens when the clock has jumped.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
    }

    private static int Index(DayOfWeek day) => ((int)day + 6) % 7;

    private static DayHours? ReadDay(string entry) =>
        entry.Split('-') is [var o, var c] && TryTime(o, out var opens) && TryTime(c, out var closes) && closes > opens
            ? new DayHours(opens, closes)
            : null;

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
