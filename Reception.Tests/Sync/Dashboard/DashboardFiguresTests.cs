using Reception.Data.Model;
using Reception.Sync.Dashboard;

namespace Reception.Tests.Sync.Dashboard;

/// <summary>The dashboard's figures from a known day of visits, at a known time.</summary>
public sealed class DashboardFiguresTests
{
    private static readonly DateTime DayStart = new(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = DayStart.AddHours(11);
    private static readonly ServiceInfo General = new(Guid.NewGuid(), "General", "A");
    private static readonly ServiceInfo Billing = new(Guid.NewGuid(), "Billing", "B");
    private static readonly DeskInfo Desk1 = new(Guid.NewGuid(), "Desk 1", [General.Id, Billing.Id]);
    private static readonly DeskInfo Desk2 = new(Guid.NewGuid(), "Desk 2", [General.Id]);

    private static int _number;

    private static VisitTimes Visit(ServiceInfo service, VisitStatus status, DateTime arrived, DeskInfo? desk = null,
        DateTime? called = null, DateTime? started = null, DateTime? completed = null, int priority = 0)
    {
        var n = Interlocked.Increment(ref _number);
        return new VisitTimes(Guid.NewGuid(), service.Id, desk?.Id, status, priority, $"{service.Prefix}-{n:000}", n, arrived, called, started,
            completed);
    }

    private static DateTime At(int hour, int minute = 0) => DayStart.AddHours(hour).AddMinutes(minute);

    private static (Figures Totals, IReadOnlyList<ServiceFigures> Services, IReadOnlyList<DeskFigures> Desks, ArrivalsChart Arrivals,
        IReadOnlyList<WaitingVisit> Waiting) Compute(params VisitTimes[] visits) =>
        DashboardFigures.Compute(visits, [General, Billing], [Desk1, Desk2], DayStart, Now, TimeZoneInfo.Utc);

    [Fact]
    public void AveragesCountTodaysCallsAndCompletedServicesOnly()
    {
        var served = Visit(General, VisitStatus.Done, At(9), Desk1, called: At(9, 10), started: At(9, 12), completed: At(9, 20));
        var servedToo = Visit(General, VisitStatus.Done, At(9, 30), Desk2, called: At(9, 50), started: At(9, 50), completed: At(10, 2));
        var beingServed = Visit(General, VisitStatus.Serving, At(10), Desk1, called: At(10, 30), started: At(10, 31));

        var (totals, services, _, _, _) = Compute(served, servedToo, beingServed);

        Assert.Equal((10 + 20 + 30) * 60 / 3.0, totals.AverageWait);      // arrival to call, three calls today
        Assert.Equal((8 + 12) * 60 / 2.0, totals.AverageService);         // start to end, two completed
        Assert.Equal(2, totals.Served);
        Assert.Equal(totals, services.Single(s => s.Id == General.Id).Figures);
        Assert.Null(services.Single(s => s.Id == Billing.Id).Figures.AverageWait);
    }

    [Fact]
    public void WaitingNowLongestWaitAndNoShowsPerServiceAndForTheBranch()
    {
        var (totals, services, _, _, _) = Compute(
            Visit(General, VisitStatus.Waiting, At(10, 15)),
            Visit(General, VisitStatus.Waiting, At(10, 45)),
            Visit(Billing, VisitStatus.Waiting, At(8)),
            Visit(Billing, VisitStatus.NoShow, At(8, 30), Desk1, called: At(8, 40), completed: At(8, 50)));

        Assert.Equal(3, totals.Waiting);
        Assert.Equal(3 * 3600, totals.LongestWait);
        Assert.Equal(1, totals.NoShows);
        var general = services.Single(s => s.Id == General.Id).Figures;
        Assert.Equal(2, general.Waiting);
        Assert.Equal(45 * 60, general.LongestWait);
        Assert.Equal(0, general.NoShows);
    }

    [Fact]
    public void ServedPerDeskAndWhoIsAtEachDeskNow()
    {
        var (_, _, desks, _, _) = Compute(
            Visit(General, VisitStatus.Done, At(9), Desk1, At(9, 5), At(9, 5), At(9, 15)),
            Visit(Billing, VisitStatus.Done, At(9), Desk1, At(9, 20), At(9, 20), At(9, 30)),
            Visit(General, VisitStatus.Done, At(9), Desk2, At(9, 10), At(9, 10), At(9, 40)),
            Visit(General, VisitStatus.Called, At(10), Desk2, At(10, 50)));

        var one = desks.Single(d => d.Id == Desk1.Id);
        var two = desks.Single(d => d.Id == Desk2.Id);
        Assert.Equal(2, one.Served);
        Assert.Empty(one.Now);
        Assert.Equal(1, two.Served);
        var now = Assert.Single(two.Now);
        Assert.Equal(("called", At(10, 50)), (now.Status, now.Since));
        Assert.StartsWith("A-", now.Ticket);
    }

    [Fact]
    public void ADeskWithThreeCalledShowsAllThreeTheLatestCalledFirst()
    {
        var (_, _, desks, _, _) = Compute(
            Visit(General, VisitStatus.Serving, At(9), Desk1, At(9, 30), At(9, 31)),
            Visit(General, VisitStatus.Called, At(9), Desk1, At(9, 40)),
            Visit(General, VisitStatus.Called, At(9), Desk1, At(9, 50)),
            Visit(General, VisitStatus.Called, At(9), Desk1, At(9, 45)));

        var one = desks.Single(d => d.Id == Desk1.Id);
        Assert.Equal([At(9, 50), At(9, 45), At(9, 40), At(9, 31)], one.Now.Select(n => n.Since));
        Assert.Equal(["called", "called", "called", "serving"], one.Now.Select(n => n.Status));
    }

    [Fact]
    public void ArrivalsAreCountedPerLocalHourAndService()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Plus2", TimeSpan.FromHours(2), "Plus2", "Plus2");
        var visits = new[]
        {
            Visit(General, VisitStatus.Waiting, At(6, 10)),   // 08:10 local
            Visit(General, VisitStatus.Waiting, At(6, 50)),
            Visit(Billing, VisitStatus.Waiting, At(7, 5)),    // 09:05 local
        };

        var chart = DashboardFigures.ArrivalsOf(visits, [General, Billing], DayStart, Now, zone);

        Assert.Equal(Enumerable.Range(8, 6), chart.Hours);   // 08:00 to 13:00, the current local hour
        Assert.Equal([2, 1, 0, 0, 0, 0], chart.Total);
        Assert.Equal([2, 0, 0, 0, 0, 0], chart.Series.Single(s => s.ServiceId == General.Id).Counts);
        Assert.Equal([0, 1, 0, 0, 0, 0], chart.Series.Single(s => s.ServiceId == Billing.Id).Counts);
    }

    [Fact]
    public void EachWaitingVisitorGetsAPlaceInTheirServiceLineAndAnEstimate()
    {
        var today = new[]
        {
            // Desk 2 served General ten minutes ago: one desk of General's two counts as open.
            Visit(General, VisitStatus.Done, At(10), Desk2, called: At(10, 40), started: At(10, 40), completed: At(10, 50)),
            Visit(General, VisitStatus.Waiting, At(10, 30)),
            Visit(General, VisitStatus.Waiting, At(10, 20), priority: 1),
            Visit(Billing, VisitStatus.Waiting, At(10, 25)),
        };

        var (_, services, _, _, waiting) = Compute(today);

        Assert.Equal(1, services.Single(s => s.Id == General.Id).OpenDesks);
        Assert.Equal(1, services.Single(s => s.Id == Billing.Id).OpenDesks);   // Desk 1, not active lately: every desk of Billing
        Assert.Equal([today[2].Id, today[1].Id, today[3].Id], waiting.Select(w => w.Id));   // by service, in queue order
        var first = waiting.Single(w => w.Id == today[2].Id);
        var second = waiting.Single(w => w.Id == today[1].Id);
        Assert.Equal((1, 2), (first.Position, second.Position));
        Assert.Equal(5 * 60, first.EstimatedWait);    // ten-minute services, half of one
        Assert.Equal(15 * 60, second.EstimatedWait);
        // Billing has no service time of its own today: the branch's average stands in.
        Assert.Equal(5 * 60, waiting.Single(w => w.Id == today[3].Id).EstimatedWait);
    }

    [Fact]
    public void TheSameVisitsGiveTheSameFiguresInAnyOrder()
    {
        var visits = new[]
        {
            Visit(General, VisitStatus.Done, At(9), Desk1, At(9, 5), At(9, 6), At(9, 16)),
            Visit(General, VisitStatus.Waiting, At(10)),
            Visit(Billing, VisitStatus.Waiting, At(10)),
            Visit(General, VisitStatus.Waiting, At(10)),
        };

        var a = Compute(visits);
        var b = Compute(visits.Reverse().ToArray());

        Assert.Equal(a.Totals, b.Totals);
        Assert.Equal(a.Waiting, b.Waiting);
        Assert.Equal(a.Services.Select(s => s.Figures), b.Services.Select(s => s.Figures));
    }
}
