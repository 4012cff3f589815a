using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

/// <summary>The laws of <see cref="Postpone"/>: only a waiting visitor moves, never forward, and it is marked as used.</summary>
public sealed class PostponeTests
{
    private static readonly DateTime Arrived = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = Arrived.AddMinutes(20);

    private static VisitState Visit(VisitStatus status) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "A-002", "Ada Lovelace", null, null, 0, status, null, Arrived, null, null, null, Arrived, 5,
            FieldStamps.All(5), Code: "code", Channel: VisitChannel.Remote);

    [Fact]
    public void AWaitingVisitorGoesJustBehindTheOneNamedAndIsMarkedPostponed()
    {
        var behind = Arrived.AddMinutes(4);
        var result = Postpone.Apply(Visit(VisitStatus.Waiting), behind, 9, Now);

        Assert.True(result.Changed);
        Assert.Equal((behind.AddMicroseconds(1), true, 9L, Now), (result.Visit.QueuedAt, result.Visit.Postponed, result.Visit.Version, result.Visit.UpdatedAt));
        Assert.Equal(Arrived, result.Visit.ArrivedAt);   // reports still measure the wait from the arrival
        Assert.Equal(("code", VisitChannel.Remote), (result.Visit.Code, result.Visit.Channel));   // carried along
    }

    [Theory]
    [InlineData(null)]
    [InlineData(-5)]   // a "behind" that is earlier would move them forward
    public void NoOneBehindOrSomeoneAheadLeavesTheArrivalAsItWasButUsesTheChance(int? minutes)
    {
        var result = Postpone.Apply(Visit(VisitStatus.Waiting), minutes is { } m ? Arrived.AddMinutes(m) : null, 9, Now);

        Assert.Equal((Arrived, true), (result.Visit.QueuedAt, result.Visit.Postponed));
    }

    [Theory]
    [InlineData(VisitStatus.Called)]
    [InlineData(VisitStatus.Serving)]
    [InlineData(VisitStatus.Done)]
    [InlineData(VisitStatus.NoShow)]
    [InlineData(VisitStatus.Cancelled)]
    public void OnlyAWaitingVisitorMoves(VisitStatus status)
    {
        var visit = Visit(status);
        var result = Postpone.Apply(visit, Arrived.AddMinutes(4), 9, Now);

        Assert.False(result.Changed);
        Assert.True(result.IsConflict);
        Assert.Same(visit, result.Visit);
    }
}
