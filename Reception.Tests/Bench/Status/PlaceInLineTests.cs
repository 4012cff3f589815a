using Reception.Bench.Suite.Status;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;

namespace Reception.Tests.Bench.Status;

/// <summary>
/// The status-page benchmark's check (bench/Reception.Bench/Suite/Status/PlaceInLine.cs, compiled in
/// here): it must see a page whose place in line is wrong, not only pass when all are right.
/// </summary>
public sealed class PlaceInLineTests
{
    private static readonly Guid General = Guid.NewGuid();
    private static readonly Guid Billing = Guid.NewGuid();
    private static readonly DateTime Nine = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    // and B-003 wait; A-004 arrived last but has priority; A-005 was called.
    private static readonly VisitDto[] Visits =
    [
        Visit("A-001", General, "waiting", minutes: 0),
        Visit("A-002", General, "waiting", minutes: 1),
        Visit("B-003", Billing, "waiting", minutes: 2),
        Visit("A-004", General, "waiting", minutes: 3, priority: 1),
        Visit("A-005", General, "called", minutes: 4),
    ];

    private static readonly IReadOnlyDictionary<Guid, Standing> Truth =
        PlaceInLine.Truth(new Snapshot(Visits, [], []));

    [Fact]
    public void TheTruthIsEachServicesLineInTheServersQueueOrder()
    {
        Assert.Equal(
            [new Standing("waiting", 1), new Standing("waiting", 2), new Standing("waiting", 0), new Standing("waiting", 0), new Standing("called", null)],
            Visits.Select(v => Truth[v.Id]));
    }

    [Fact]
    public void PagesShowingTheServersPlacesAreRight()
    {
        var pages = Visits.Select(v => (v.Id, (VisitorStatusDto?)Status(v.Ticket, v.Status, Truth[v.Id].Ahead, version: 9)));

        Assert.Empty(PlaceInLine.Wrong(pages, Truth));
    }

    [Fact]
    public void APageFedAWrongCountIsWrong()
    {
        var pages = Visits.Select(v => (v.Id, (VisitorStatusDto?)Status(v.Ticket, v.Status,
            v.Ticket == "A-002" ? 1 : Truth[v.Id].Ahead, version: 9)));

        var wrong = Assert.Single(PlaceInLine.Wrong(pages, Truth));
        Assert.Equal((Visits[1].Id, new Standing("waiting", 1), new Standing("waiting", 2)), (wrong.VisitId, wrong.Shown, wrong.Truth));
    }

    [Fact]
    public void APageStillWaitingAfterItsCallOrShowingNothingIsWrong()
    {
        var pages = new (Guid, VisitorStatusDto?)[]
        {
            (Visits[4].Id, Status("A-005", "waiting", 0, version: 9)),
            (Visits[0].Id, null),
        };

        Assert.Equal([Visits[4].Id, Visits[0].Id], PlaceInLine.Wrong(pages, Truth).Select(w => w.VisitId));
    }

    [Fact]
    public void APageKeepsTheNewestVersionItReceivedAsStatusJsDoes()
    {
        var page = new PageView();
        Assert.True(page.Receive(Status("A-002", "waiting", 2, version: 9)));
        Assert.False(page.Receive(Status("A-002", "waiting", 3, version: 8)));   // late and older: dropped
        Assert.Empty(PlaceInLine.Wrong([(Visits[1].Id, page.Shown)], Truth));

        Assert.True(page.Receive(Status("A-002", "waiting", 1, version: 9)));    // the same version replaces it
        Assert.Single(PlaceInLine.Wrong([(Visits[1].Id, page.Shown)], Truth));
    }

    private static VisitDto Visit(string ticket, Guid service, string status, int minutes, int priority = 0) => new()
    {
        Id = Guid.NewGuid(), Branch = "demo", ServiceId = service, Ticket = ticket, Name = ticket, Status = status, Priority = priority,
        ArrivedAt = Nine.AddMinutes(minutes), FieldVersions = new FieldVersionsDto(1, 1, 1, 1),
    };

    private static VisitorStatusDto Status(string ticket, string status, int? ahead, long version) =>
        new(version, Nine, "Demo branch", "Europe/London", ticket, "General", status, ahead, null, null, 0, 3);
}
