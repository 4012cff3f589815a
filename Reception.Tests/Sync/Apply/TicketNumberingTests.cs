using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Tests.Sync.Dashboard;

namespace Reception.Tests.Sync.Apply;

/// <summary>
/// Ticket numbers through the real pipeline and database, on each provider: online ones count 001,
/// 002… per service and branch-local day, leased blocks keep to their own range (TicketNumbers).
/// </summary>
public abstract class TicketNumberingTests(ClockedAppFixture fixture)
{
    private ReceptionApp App => fixture.App;

    private FakeTimeProvider Clock => fixture.Clock;

    private async Task<TicketLeaseDto> LeaseAsync(TestBranch branch, TestClient client, Guid serviceId, int count)
    {
        var reply = await App.SendAsync(new LeaseTickets(branch.Slug, client.ClientId, serviceId, count, client.Caller));
        Assert.Null(reply.Problem);
        return reply.Value!;
    }

    private Task<List<(Guid ServiceId, string Ticket, string Name)>> VisitsAsync(TestBranch branch) =>
        App.WithDbAsync(async db => (await db.Visits.Where(v => v.BranchId == branch.Id)
                .Select(v => new { v.ServiceId, v.Ticket, v.Name }).ToListAsync())
            .Select(v => (v.ServiceId, v.Ticket, v.Name)).ToList());

    private static int Number(string ticket) => int.Parse(ticket[(ticket.IndexOf('-') + 1)..]);

    [Fact]
    public async Task ManyDesksRegisteringAtOnceGetConsecutiveNumbersWhileLeasesKeepToTheirOwnRange()
    {
        var branch = await TestBranch.CreateAsync(App);
        const int desks = 5, each = 8, leasers = 3, leasesEach = 4;
        var online = Enumerable.Range(0, desks).Select(_ => new TestClient(App, branch)).ToList();
        var offline = Enumerable.Range(0, leasers).Select(_ => new TestClient(App, branch)).ToList();
        var leases = new System.Collections.Concurrent.ConcurrentBag<(Guid Client, TicketLeaseDto Lease)>();

        // Desks 0–3 register General visitors, desk 4 Billing ones, one push per visitor; meanwhile other
        // clients lease blocks and spend their first number offline, as a desk coming back online would.
        var registering = online.Select((desk, i) => Task.Run(async () =>
        {
            for (var n = 0; n < each; n++)
            {
                var service = i == desks - 1 ? branch.Billing : branch.General;
                await desk.PushOneAsync(desk.Register(Guid.NewGuid(), service, $"online {i}.{n}"));
            }
        }));
        var leasing = offline.Select((client, i) => Task.Run(async () =>
        {
            for (var n = 0; n < leasesEach; n++)
            {
                var lease = await LeaseAsync(branch, client, branch.General, 5);
                leases.Add((client.ClientId, lease));
                await client.PushOneAsync(client.Register(Guid.NewGuid(), branch.General, $"offline {i}.{n}",
                    new { ticket = lease.First }));
            }
        }));
        await Task.WhenAll(registering.Concat(leasing)).WaitAsync(TimeSpan.FromMinutes(2));
        var visits = await WaitForVisitsAsync(branch, desks * each + leasers * leasesEach);

        var general = visits.Where(v => v.ServiceId == branch.General && v.Name.StartsWith("online")).Select(v => v.Ticket);
        var billing = visits.Where(v => v.ServiceId == branch.Billing).Select(v => v.Ticket);
        Assert.Equal(Enumerable.Range(1, (desks - 1) * each).Select(n => $"A-{n:000}"), general.Order());
        Assert.Equal(Enumerable.Range(1, each).Select(n => $"B-{n:000}"), billing.Order());

        var blocks = leases.Select(l => l.Lease).OrderBy(l => l.First).ToList();
        Assert.All(blocks, b => Assert.True(b.First >= TicketNumbers.LeasedFirst && b.Last == b.First + 4, $"{b.First}–{b.Last}"));
        Assert.All(blocks.Zip(blocks.Skip(1)), p => Assert.True(p.Second.First > p.First.Last, $"{p.First.Last} then {p.Second.First}"));
        var offlineTickets = visits.Where(v => v.Name.StartsWith("offline")).Select(v => v.Ticket).Order().ToList();
        Assert.Equal(blocks.Select(b => $"A-{b.First}"), offlineTickets);
        Assert.Equal(visits.Count, visits.Select(v => v.Ticket).Distinct().Count());
    }

    [Fact]
    public async Task ANewDayOnTheBranchsClockStartsAgainAt001AndYesterdaysLeaseIsNotHonoured()
    {
        var branch = await TestBranch.CreateAsync(App);
        const string zoneId = "Pacific/Auckland";
        await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.TimeZoneId, zoneId)));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        // 23:00 on the branch's clock, later than any earlier test's clock.
        var local = TimeZoneInfo.ConvertTimeFromUtc(Clock.GetUtcNow().UtcDateTime, zone).Date.AddDays(1).AddHours(23);
        Clock.SetUtcNow(TimeZoneInfo.ConvertTimeToUtc(local, zone));
        var desk = new TestClient(App, branch);
        var lateEvening = await desk.PushAsync(
            desk.Register(Guid.NewGuid(), branch.General, "Late one"),
            desk.Register(Guid.NewGuid(), branch.General, "Late two"));
        var lease = await LeaseAsync(branch, desk, branch.General, 5);
        var leasedLate = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Offline late", new { ticket = 501 }));

        // 00:30 the next morning at the branch; in UTC it is still the same day.
        var before = Clock.GetUtcNow().UtcDateTime;
        Clock.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(before.Date, Clock.GetUtcNow().UtcDateTime.Date);
        var morning = await desk.PushAsync(
            desk.Register(Guid.NewGuid(), branch.General, "Early one"),
            desk.Register(Guid.NewGuid(), branch.General, "Yesterday's lease", new { ticket = 502 }));
        var newLease = await LeaseAsync(branch, desk, branch.General, 5);

        Assert.Equal(["A-001", "A-002"], lateEvening.Select(r => r.Visit!.Ticket));
        Assert.Equal((501, 505, DateOnly.FromDateTime(local), zoneId), (lease.First, lease.Last, lease.Day, lease.TimeZone));
        Assert.Equal("A-501", leasedLate.Visit!.Ticket);
        Assert.Equal(["A-001", "A-002"], morning.Select(r => r.Visit!.Ticket));
        Assert.Equal((501, DateOnly.FromDateTime(local).AddDays(1)), (newLease.First, newLease.Day));
    }

    [Fact]
    public async Task ATransferredVisitorKeepsTheirTicketAndBothServicesNumberOnAsBefore()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk = new TestClient(App, branch);
        Guid ada = Guid.NewGuid(), bob = Guid.NewGuid();
        await desk.PushAsync(
            desk.Register(ada, branch.General, "Ada"),
            desk.Register(bob, branch.General, "Bob"),
            desk.Register(Guid.NewGuid(), branch.Billing, "Cleo"),
            desk.Call(ada, branch.Desk1));

        var moved = await desk.PushOneAsync(desk.Next(ActionTypes.Transfer, ada, new { serviceId = branch.Billing }));
        var after = await desk.PushAsync(
            desk.Register(Guid.NewGuid(), branch.Billing, "Dan"),
            desk.Register(Guid.NewGuid(), branch.General, "Eve"));

        Assert.Equal(ResultStatus.Applied, moved.Status);
        Assert.Equal(("A-001", branch.Billing, "waiting"), (moved.Visit!.Ticket, moved.Visit.ServiceId, moved.Visit.Status));
        Assert.Equal(["B-002", "A-003"], after.Select(r => r.Visit!.Ticket));
        var queue = await App.SendAsync(new GetQueue(branch.Slug, desk.Caller));
        Assert.Equal(["A-001", "B-001", "B-002"],
            queue.Value!.Visits.Where(v => v.ServiceId == branch.Billing).Select(v => v.Ticket).Order());
    }

    /// <summary>The branch's visits once all have landed (a busy SQLite may defer some to the inbox).</summary>
    private async Task<List<(Guid ServiceId, string Ticket, string Name)>> WaitForVisitsAsync(TestBranch branch, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var visits = await VisitsAsync(branch);
            if (visits.Count >= count || DateTime.UtcNow > until)
            {
                Assert.Equal(count, visits.Count);
                Assert.All(visits, v => Assert.True(Number(v.Ticket) > 0));
                return visits;
            }

            await Task.Delay(100);
        }
    }
}

public sealed class SqliteTicketNumberingTests(SqliteClockedAppFixture fixture)
    : TicketNumberingTests(fixture), IClassFixture<SqliteClockedAppFixture>;

public sealed class PostgresTicketNumberingTests(PostgresClockedAppFixture fixture)
    : TicketNumberingTests(fixture), IClassFixture<PostgresClockedAppFixture>;
