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
}
