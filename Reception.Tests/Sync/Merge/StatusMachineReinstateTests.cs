using Reception.Sync.Wire;
using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

/// <summary>Reinstate: a no-show or cancelled visitor who turns up the same day goes back in the queue.</summary>
public class StatusMachineReinstateTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly DateTime Arrived = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime ClosedAt = new(2026, 11, 24, 9, 20, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid General = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Desk1 = Guid.Parse("00000000-0000-0000-0000-0000000000d1");

    private static VisitState Closed(VisitStatus status, DateOnly? day = null) =>
        new(Guid.NewGuid(), General, "A-007", "Ada Lovelace", "+44 1", null, 0, status,
            status == VisitStatus.Done ? Desk1 : null, Arrived, CalledAt: Arrived.AddMinutes(5), StartedAt: null,
            CompletedAt: ClosedAt, UpdatedAt: ClosedAt, Version: 10, Stamps: FieldStamps.All(3), Day: day ?? Today);

    private static Transition Reinstate(DateOnly? today = null) => new(TransitionKind.Reinstate, Today: today ?? Today);

    [Theory]
    [InlineData(VisitStatus.NoShow)]
    [InlineData(VisitStatus.Cancelled)]
    public void ReinstatePutsTheVisitBackWaitingWithItsTicketAtTheBackOfTheLine(VisitStatus status)
    {
        var visit = Closed(status);

        var result = StatusMachine.Apply(visit, Reinstate(), 11, Now);

        Assert.True(result.Changed);
        Assert.False(result.IsConflict);
        Assert.False(result.IsRejected);
        Assert.Equal(VisitStatus.Waiting, result.Visit.Status);
        Assert.Equal("A-007", result.Visit.Ticket);
        Assert.Null(result.Visit.DeskId);
        Assert.Null(result.Visit.CalledAt);
        Assert.Null(result.Visit.CompletedAt);
        Assert.Equal(Arrived, result.Visit.ArrivedAt);     // kept for reports
        Assert.Equal(Now, result.Visit.ReinstatedAt);
        Assert.Equal(Now, result.Visit.QueuedAt);
        Assert.Equal(11, result.Visit.Version);
    }

    [Fact]
    public void AReinstatedVisitStandsBehindThoseWhoArrivedBeforeItWasPutBack()
    {
        var reinstated = StatusMachine.Apply(Closed(VisitStatus.NoShow), Reinstate(), 11, Now).Visit;
        var cameLater = Registration.Create(Guid.NewGuid(), General, "A-020", "Grace", null, null, 0, Now.AddMinutes(-30), 9,
            Now.AddMinutes(-30));
        var cameAfter = Registration.Create(Guid.NewGuid(), General, "A-021", "Alan", null, null, 0, Now.AddMinutes(1), 12,
            Now.AddMinutes(1));

        var line = new[] { reinstated, cameAfter, cameLater }.OrderInQueue(QueuePlace.Of).Select(v => v.Ticket);

        Assert.Equal(["A-020", "A-007", "A-021"], line);
    }

    [Fact]
    public void ReinstateOfADoneVisitIsRejectedWithItsCode()
    {
        var done = Closed(VisitStatus.Done);

        var result = StatusMachine.Apply(done, Reinstate(), 11, Now);

        Assert.True(result.IsRejected);
        Assert.Equal(ReasonCodes.ReinstateDone, result.Reason?.Code);
        Assert.False(result.Changed);
        Assert.Equal(done, result.Visit);
        Assert.Contains("A-007", result.Reason?.English);
    }

    [Theory]
    [InlineData(VisitStatus.NoShow)]
    [InlineData(VisitStatus.Cancelled)]
    public void ReinstateOfAnotherDaysVisitIsRejectedWithItsCode(VisitStatus status)
    {
        var yesterdays = Closed(status, Today.AddDays(-1));

        var result = StatusMachine.Apply(yesterdays, Reinstate(), 11, Now);

        Assert.True(result.IsRejected);
        Assert.Equal(ReasonCodes.ReinstateOtherDay, result.Reason?.Code);
        Assert.False(result.Changed);
        Assert.Equal(yesterdays, result.Visit);
    }

    [Fact]
    public void ReinstateWithoutTheDayIsRejectedAsAnotherDay()
    {
        var result = StatusMachine.Apply(Closed(VisitStatus.NoShow), new Transition(TransitionKind.Reinstate), 11, Now);

        Assert.Equal(ReasonCodes.ReinstateOtherDay, result.Reason?.Code);
    }

    [Fact]
    public void ASecondDesksReinstateIsANoOpSuccess()
    {
        var first = StatusMachine.Apply(Closed(VisitStatus.Cancelled), Reinstate(), 11, Now);

        var second = StatusMachine.Apply(first.Visit, Reinstate(), 12, Now.AddSeconds(5));

        Assert.False(second.Changed);
        Assert.False(second.IsConflict);
        Assert.False(second.IsRejected);
        Assert.Equal(first.Visit, second.Visit);
    }

    [Fact]
    public void ReinstateOfAVisitAlreadyCalledAgainIsAStatusConflict()
    {
        var back = StatusMachine.Apply(Closed(VisitStatus.NoShow), Reinstate(), 11, Now).Visit;
        var called = StatusMachine.Apply(back, new Transition(TransitionKind.Call, Desk1), 12, Now.AddMinutes(1)).Visit;

        var result = StatusMachine.Apply(called, Reinstate(), 13, Now.AddMinutes(2));

        Assert.True(result.IsConflict);
        Assert.Equal("called", Assert.Single(result.Conflicts).ServerValue);
        Assert.Equal(called, result.Visit);
    }
}
