using Reception.Data.Model;

namespace Reception.Sync.Dashboard;

/// <summary>A visit as a report reads it: times, service, desk and channel, no names or contact details.</summary>
public sealed record ReportVisit(
    Guid Id, string Ticket, Guid ServiceId, Guid? DeskId, VisitStatus Status, DateTime ArrivedAt, DateTime? CalledAt,
    DateTime? StartedAt, DateTime? CompletedAt, VisitChannel Channel = VisitChannel.Desk)
{
    /// <summary>From arrival to the first call, for a visitor who was called.</summary>
    public TimeSpan? Wait => CalledAt is { } c ? Clamp(c - ArrivedAt) : null;

    /// <summary>From the start of service to its end, for a visit that was served.</summary>
    public TimeSpan? Service => Status == VisitStatus.Done && StartedAt is { } s && CompletedAt is { } e ? Clamp(e - s) : null;

    private static TimeSpan Clamp(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}

/// <param name="Name">The service, desk or channel ("No desk" for visits no desk took).</param>
/// <param name="Visits">Visitors who arrived in the range.</param>
/// <param name="AverageWait">Seconds, over the visitors who were called; null when none was.</param>
/// <param name="P90Wait">Seconds: nine in ten called visitors waited at most this long (nearest rank).</param>
/// <param name="AverageService">Seconds, over the visits served.</param>
public sealed record ReportLine(
    string Name, int Visits, int Served, int NoShows, int Cancelled, int Open, double? AverageWait, double? P90Wait,
    double? AverageService);

/// <summary>One day of a report: its visitors, split by channel.</summary>
public sealed record ReportDay(DateOnly Date, int Visits, IReadOnlyList<ChannelCount> Channels);

/// <summary>Figures over a date range. Pure: the same visits give the same figures.</summary>
public static class ReportFigures
{
    public const string NoDesk = "No desk";

    public static ReportLine Line(string name, IReadOnlyCollection<ReportVisit> visits)
    {
        var waits = visits.Select(v => v.Wait).OfType<TimeSpan>().Select(w => w.TotalSeconds).Order().ToList();
        var services = visits.Select(v => v.Service).OfType<TimeSpan>().Select(s => s.TotalSeconds).ToList();
        return new ReportLine(name, visits.Count,
            visits.Count(v => v.Status == VisitStatus.Done),
            visits.Count(v => v.Status == VisitStatus.NoShow),
            visits.Count(v => v.Status == VisitStatus.Cancelled),
            visits.Count(v => v.Status is VisitStatus.Waiting or VisitStatus.Called or VisitStatus.Serving),
            waits.Count == 0 ? null : Math.Round(waits.Average(), 1),
            Percentile(waits, 0.9),
            services.Count == 0 ? null : Math.Round(services.Average(), 1));
    }

    /// <summary>One line per channel, all four in <see cref="ChannelSplit.Order"/>, each named for people.</summary>
    public static IReadOnlyList<ReportLine> Channels(IReadOnlyCollection<ReportVisit> visits) =>
        ChannelSplit.Order.Select(c => Line(ChannelSplit.Name(c), visits.Where(v => v.Channel == c).ToList())).ToList();

    /// <summary>Each day of the range with its arrivals split by channel, in date order (days without visits included).</summary>
    public static IReadOnlyList<ReportDay> Days(IReadOnlyCollection<ReportVisit> visits, ReportRange range, TimeZoneInfo zone)
    {
        var byDay = visits.ToLookup(v => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(v.ArrivedAt, zone)));
        return Enumerable.Range(0, range.Days).Select(i => range.From.AddDays(i))
            .Select(d => new ReportDay(d, byDay[d].Count(), ChannelSplit.Of(byDay[d].Select(v => v.Channel)))).ToList();
    }

    /// <summary>The nearest-rank percentile of ascending values: the smallest value with at least p of them at or below it.</summary>
    public static double? Percentile(IReadOnlyList<double> ascending, double p) =>
        ascending.Count == 0 ? null : Math.Round(ascending[Math.Max(0, (int)Math.Ceiling(p * ascending.Count) - 1)], 1);
}
