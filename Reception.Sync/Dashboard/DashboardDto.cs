namespace Reception.Sync.Dashboard;

/// <summary>
/// A branch's live figures for today (its local day). Durations are in seconds; null where there is
/// nothing to average yet. <see cref="Version"/> is the feed version the figures were read at: a
/// client keeps the newest. <see cref="Problems"/> counts today's conflicts and given-up retries.
/// <see cref="TimeZone"/> is the branch's IANA zone: every time is shown on the branch's clock.
/// <see cref="Channels"/> splits today's arrivals by where the visitors came from (<see cref="ChannelSplit"/>).
/// </summary>
public sealed record DashboardDto(
    string Branch,
    string BranchName,
    long Version,
    DateTime At,
    DateTime DayStart,
    Figures Totals,
    IReadOnlyList<ServiceFigures> Services,
    IReadOnlyList<DeskFigures> Desks,
    ArrivalsChart Arrivals,
    IReadOnlyList<WaitingVisit> Waiting,
    int Problems,
    string TimeZone,
    IReadOnlyList<ChannelCount> Channels);

/// <param name="Waiting">Waiting now.</param>
/// <param name="LongestWait">How long the visitor waiting longest has waited so far.</param>
/// <param name="AverageWait">From arrival to being called, over the visitors called today.</param>
/// <param name="AverageService">From the start of service to its end, over the visits completed today.</param>
/// <param name="Served">Visits completed today.</param>
/// <param name="NoShows">Visitors marked as no-shows today.</param>
/// <param name="Arrived">Visitors who arrived today.</param>
public sealed record Figures(
    int Waiting, double? LongestWait, double? AverageWait, double? AverageService, int Served, int NoShows, int Arrived);

public sealed record ServiceFigures(Guid Id, string Name, string Prefix, int OpenDesks, Figures Figures);

/// <param name="Now">Every visitor called to or served at the desk now, the most recently called first.</param>
public sealed record DeskFigures(Guid Id, string Name, int Served, int NoShows, IReadOnlyList<AtDesk> Now);

/// <summary>A visitor at a desk: "called" or "serving", since when (UTC).</summary>
public sealed record AtDesk(Guid Id, string Ticket, string Status, DateTime Since);

/// <summary>Arrivals per hour of the branch's local day: <see cref="Hours"/> are the x axis, one row of counts per service.</summary>
public sealed record ArrivalsChart(IReadOnlyList<int> Hours, IReadOnlyList<int> Total, IReadOnlyList<ServiceSeries> Series);

public sealed record ServiceSeries(Guid ServiceId, string Name, IReadOnlyList<int> Counts);

/// <summary>
/// A waiting visitor, by ticket only, with their place in their service's line and the estimated wait.
/// The dashboard lists them service by service, each line in queue order.
/// </summary>
public sealed record WaitingVisit(
    Guid Id, string Ticket, Guid ServiceId, int Priority, DateTime ArrivedAt, double Waited, int Position, double? EstimatedWait);
