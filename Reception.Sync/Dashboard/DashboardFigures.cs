using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Sync.Dashboard;

/// <summary>What the figures need of one visit: no names, no contact details.</summary>
public sealed record VisitTimes(
    Guid Id, Guid ServiceId, Guid? DeskId, VisitStatus Status, int Priority, string Ticket, int TicketNumber,
    DateTime ArrivedAt, DateTime? CalledAt, DateTime? StartedAt, DateTime? CompletedAt, DateTime? ReinstatedAt = null,
    VisitChannel Channel = VisitChannel.Desk)
{
    public QueuePlace PlaceInQueue => new(Priority, ReinstatedAt ?? ArrivedAt, new(TicketNumber, IsProvisional: false), Ticket, Id);
}

public sealed record ServiceInfo(Guid Id, string Name, string Prefix);

public sealed record DeskInfo(Guid Id, string Name, IReadOnlyList<Guid> ServiceIds);

/// <summary>
/// Computes the dashboard's figures from today's visits. Pure and deterministic: the same visits,
/// clock and zone give the same numbers on every instance.
/// </summary>
public static class DashboardFigures
{
    private static readonly TimeSpan RecentlyActive = TimeSpan.FromHours(1);

    /// <param name="visits">Visits that arrived since <paramref name="dayStart"/>, plus any still open from before.</param>
    /// <param name="dayStart">The start of the branch's local day, in UTC.</param>
    /// <param name="now">The server's time, UTC.</param>
    /// <param name="zone">The branch's time zone, for the hours of the chart.</param>
    public static (Figures Totals, IReadOnlyList<ServiceFigures> Services, IReadOnlyList<DeskFigures> Desks,
        ArrivalsChart Arrivals, IReadOnlyList<WaitingVisit> Waiting)
        Compute(IReadOnlyCollection<VisitTimes> visits, IReadOnlyList<ServiceInfo> services, IReadOnlyList<DeskInfo> desks,
            DateTime dayStart, DateTime now, TimeZoneInfo zone)
    {
        var totals = FiguresOf(visits, dayStart, now);
        var branchAverage = totals.AverageService is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;

        var recentDesks = visits
            .Where(v => v.DeskId is not null && v.CalledAt is { } c && now - c <= RecentlyActive)
            .Select(v => v.DeskId!.Value).ToHashSet();

        var waiting = new List<WaitingVisit>();
        var perService = new List<ServiceFigures>();
        foreach (var service in services)
        {
            var ofService = visits.Where(v => v.ServiceId == service.Id).ToList();
            var figures = FiguresOf(ofService, dayStart, now);
            var serving = desks.Where(d => d.ServiceIds.Contains(service.Id)).ToList();
            var open = EstimatedWait.OpenDesks(serving.Count(d => recentDesks.Contains(d.Id)), serving.Count);
            var average = figures.AverageService is { } a ? TimeSpan.FromSeconds(a) : branchAverage;
            perService.Add(new ServiceFigures(service.Id, service.Name, service.Prefix, open, figures));

            var line = ofService.Where(v => v.Status == VisitStatus.Waiting).OrderInQueue(v => v.PlaceInQueue).ToList();
            for (var i = 0; i < line.Count; i++)
            {
                var v = line[i];
                waiting.Add(new WaitingVisit(v.Id, v.Ticket, v.ServiceId, v.Priority, v.ArrivedAt, Seconds(now - v.ArrivedAt),
                    i + 1, EstimatedWait.For(i, open, average)?.TotalSeconds));
            }
        }

        var perDesk = desks.Select(d => new DeskFigures(d.Id, d.Name,
            visits.Count(v => v.DeskId == d.Id && v.Status == VisitStatus.Done && v.CompletedAt >= dayStart),
            visits.Count(v => v.DeskId == d.Id && v.Status == VisitStatus.NoShow && v.CompletedAt >= dayStart),
            AtDesk(visits, d.Id))).ToList();

        return (totals, perService, perDesk, ArrivalsOf(visits, services, dayStart, now, zone), waiting);
    }

    /// <summary>
    /// Everyone called to or served at a desk now, the most recently called first (ties by ticket):
    /// a desk that called three at once shows all three, in the same order on every paint.
    /// </summary>
    public static IReadOnlyList<AtDesk> AtDesk(IReadOnlyCollection<VisitTimes> visits, Guid deskId) =>
        visits.Where(v => v.DeskId == deskId && v.Status is VisitStatus.Called or VisitStatus.Serving)
            .OrderByDescending(v => v.CalledAt).ThenBy(v => v.Ticket, StringComparer.Ordinal)
            .Select(v => v.Status == VisitStatus.Serving
                ? new AtDesk(v.Id, v.Ticket, "serving", v.StartedAt ?? v.CalledAt ?? v.ArrivedAt)
                : new AtDesk(v.Id, v.Ticket, "called", v.CalledAt ?? v.ArrivedAt))
            .ToList();

    public static Figures FiguresOf(IReadOnlyCollection<VisitTimes> visits, DateTime dayStart, DateTime now)
    {
        var waiting = visits.Where(v => v.Status == VisitStatus.Waiting).ToList();
        var waits = visits.Where(v => v.CalledAt is { } c && c >= dayStart).Select(v => v.CalledAt!.Value - v.ArrivedAt).ToList();
        var services = visits.Where(v => v.Status == VisitStatus.Done && v.CompletedAt >= dayStart && v.StartedAt is not null)
            .Select(v => v.CompletedAt!.Value - v.StartedAt!.Value).ToList();
        return new Figures(
            waiting.Count,
            waiting.Count > 0 ? Seconds(now - waiting.Min(v => v.ArrivedAt)) : null,
            Average(waits),
            Average(services),
            visits.Count(v => v.Status == VisitStatus.Done && v.CompletedAt >= dayStart),
            visits.Count(v => v.Status == VisitStatus.NoShow && v.CompletedAt >= dayStart),
            visits.Count(v => v.ArrivedAt >= dayStart));
    }

    /// <summary>
    /// One bucket per local hour, from the first arrival (or a few hours before now, whichever is
    /// earlier) to the current hour.
    /// </summary>
    public static ArrivalsChart ArrivalsOf(IReadOnlyCollection<VisitTimes> visits, IReadOnlyList<ServiceInfo> services,
        DateTime dayStart, DateTime now, TimeZoneInfo zone)
    {
        int HourOf(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Hour;
        var today = visits.Where(v => v.ArrivedAt >= dayStart && v.ArrivedAt <= now).ToList();
        var last = HourOf(now);
        var first = Math.Max(0, last - 4);
        if (today.Count > 0)
        {
            first = Math.Min(first, today.Min(v => HourOf(v.ArrivedAt)));
        }

        var hours = Enumerable.Range(first, last - first + 1).ToList();
        IReadOnlyList<int> Count(IEnumerable<VisitTimes> of)
        {
            var byHour = of.GroupBy(v => HourOf(v.ArrivedAt)).ToDictionary(g => g.Key, g => g.Count());
            return hours.Select(h => byHour.GetValueOrDefault(h)).ToList();
        }

        return new ArrivalsChart(hours, Count(today),
            services.Select(s => new ServiceSeries(s.Id, s.Name, Count(today.Where(v => v.ServiceId == s.Id)))).ToList());
    }

    private static double? Average(IReadOnlyCollection<TimeSpan> spans) =>
        spans.Count == 0 ? null : Math.Round(spans.Average(s => Math.Max(0, s.TotalSeconds)), 1);

    private static double Seconds(TimeSpan span) => Math.Round(Math.Max(0, span.TotalSeconds), 1);
}
