using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

public class RegistrationTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime LastContact = Now.AddMinutes(-30);

    [Fact]
    public void WithNoClaimTheVisitorArrivesNow() =>
        Assert.Equal(Now, Registration.ClampArrival(null, LastContact, Now));

    [Fact]
    public void AClaimBetweenLastContactAndNowIsKept() =>
        Assert.Equal(Now.AddMinutes(-10), Registration.ClampArrival(Now.AddMinutes(-10), LastContact, Now));

    [Fact]
    public void AClaimBeforeTheClientsLastContactIsRaisedToIt() =>
        Assert.Equal(LastContact, Registration.ClampArrival(Now.AddDays(-3), LastContact, Now));

    [Fact]
    public void AClaimInTheFutureIsLoweredToNow() =>
        Assert.Equal(Now, Registration.ClampArrival(Now.AddHours(2), LastContact, Now));

    [Fact]
    public void WithoutALastContactNowIsTheLowerBound() =>
        Assert.Equal(Now, Registration.ClampArrival(Now.AddMinutes(-10), null, Now));

    [Fact]
    public void ALastContactAfterNowCannotPushTheArrivalIntoTheFuture() =>
        Assert.Equal(Now, Registration.ClampArrival(Now.AddMinutes(5), Now.AddMinutes(10), Now));

    [Theory]
    [InlineData("A", 42, "A-042")]
    [InlineData("B", 7, "B-007")]
    [InlineData("A", 999, "A-999")]
    [InlineData("A", 1234, "A-1234")]
    public void TicketLabelIsThePrefixAndAThreeDigitNumber(string prefix, int number, string expected) =>
        Assert.Equal(expected, Registration.TicketLabel(prefix, number));

    [Fact]
    public void CreateMakesAWaitingVisitWhoseFieldsAreAllStampedWithItsVersion()
    {
        var id = Guid.NewGuid();
        var service = Guid.NewGuid();

        var visit = Registration.Create(id, service, "A-001", "Ada Lovelace", null, "wheelchair", 1, LastContact, 7, Now);

        Assert.Equal(VisitStatus.Waiting, visit.Status);
        Assert.Equal((id, service, "A-001", "Ada Lovelace"), (visit.Id, visit.ServiceId, visit.Ticket, visit.Name));
        Assert.Null(visit.DeskId);
        Assert.Equal(LastContact, visit.ArrivedAt);
        Assert.Equal(Now, visit.UpdatedAt);
        Assert.Equal(7, visit.Version);
        Assert.Equal(FieldStamps.All(7), visit.Stamps);
    }

    private static VisitState Queued(string ticket, int priority, int arrivedMinute) => Registration.Create(
        Guid.NewGuid(), Guid.Empty, ticket, "Visitor " + ticket, null, null, priority,
        Now.AddMinutes(arrivedMinute - 60), 1, Now);

    [Fact]
    public void QueueOrderPutsPriorityFirstThenArrivalThenTicket()
    {
        VisitState[] queue =
        [
            Queued("A-005", priority: 0, arrivedMinute: 1),
            Queued("A-004", priority: 1, arrivedMinute: 20),
            Queued("A-003", priority: 0, arrivedMinute: 5),
            Queued("A-002", priority: 1, arrivedMinute: 10),
            Queued("A-007", priority: 0, arrivedMinute: 5),
            Queued("A-006", priority: 0, arrivedMinute: 5),
        ];

        var ordered = queue.Order(QueueOrder.Instance).Select(v => v.Ticket);

        Assert.Equal(["A-002", "A-004", "A-005", "A-003", "A-006", "A-007"], ordered);
    }

    [Fact]
    public void QueueOrderIsAntisymmetric()
    {
        var high = Queued("A-002", priority: 1, arrivedMinute: 30);
        var low = Queued("A-001", priority: 0, arrivedMinute: 0);

        Assert.True(QueueOrder.Instance.Compare(high, low) < 0);
        Assert.True(QueueOrder.Instance.Compare(low, high) > 0);
        Assert.Equal(0, QueueOrder.Instance.Compare(low, low));
    }

    // Arrivals tie whenever several offline registrations are clamped to the same last contact;
    // the tie-break must then follow the ticket number, as callNext's query does (TicketNumber).
    [Fact]
    public void TicketTieBreakFollowsTheTicketNumberPast999()
    {
        VisitState[] queue =
        [
            Queued("A-1000", priority: 0, arrivedMinute: 5),
            Queued("A-999", priority: 0, arrivedMinute: 5),
        ];

        var ordered = queue.Order(QueueOrder.Instance).Select(v => v.Ticket);

        Assert.Equal(["A-999", "A-1000"], ordered);
    }
}
