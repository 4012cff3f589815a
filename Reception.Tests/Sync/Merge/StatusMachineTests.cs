using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

public class StatusMachineTests
{
    private static readonly DateTime Arrived = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Earlier = new(2026, 11, 24, 9, 10, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private static readonly Guid Desk1 = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid Desk2 = Guid.Parse("00000000-0000-0000-0000-0000000000d2");
    private static readonly Guid General = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Billing = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private const long Current = 10;
    private const long Next = 11;

    // The machine as docs/protocol.md ("Status machine") draws it, written out independently of StatusMachine.Rules.
    private static readonly Dictionary<TransitionKind, (VisitStatus[] From, VisitStatus To)> Designed = new()
    {
        [TransitionKind.Call] = ([VisitStatus.Waiting], VisitStatus.Called),
        [TransitionKind.Recall] = ([VisitStatus.Called], VisitStatus.Called),
        [TransitionKind.StartService] = ([VisitStatus.Called], VisitStatus.Serving),
        [TransitionKind.Complete] = ([VisitStatus.Serving], VisitStatus.Done),
        [TransitionKind.NoShow] = ([VisitStatus.Waiting, VisitStatus.Called], VisitStatus.NoShow),
        [TransitionKind.Cancel] = ([VisitStatus.Waiting, VisitStatus.Called], VisitStatus.Cancelled),
        [TransitionKind.Requeue] = ([VisitStatus.Called], VisitStatus.Waiting),
        [TransitionKind.Transfer] = ([VisitStatus.Waiting, VisitStatus.Called, VisitStatus.Serving], VisitStatus.Waiting),
        [TransitionKind.Reinstate] = ([VisitStatus.NoShow, VisitStatus.Cancelled], VisitStatus.Waiting),
    };

    private static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>A visit in <paramref name="status"/>, with the timestamps that status implies, held by Desk1.</summary>
    private static VisitState Visit(VisitStatus status, Guid? desk = null)
    {
        var atDesk = status is VisitStatus.Called or VisitStatus.Serving or VisitStatus.Done;
        return new VisitState(Guid.NewGuid(), General, "A-042", "Ada Lovelace", null, null, 0, status,
            atDesk ? desk ?? Desk1 : null, Arrived,
            CalledAt: atDesk ? Earlier : null,
            StartedAt: status is VisitStatus.Serving or VisitStatus.Done ? Earlier : null,
            CompletedAt: status is VisitStatus.Done or VisitStatus.NoShow or VisitStatus.Cancelled ? Earlier : null,
            UpdatedAt: Earlier, Version: Current, Stamps: FieldStamps.All(3), Day: Today);
    }

    private static Transition By(TransitionKind kind, Guid desk) =>
        new(kind, desk, kind == TransitionKind.Transfer ? Billing : null, kind == TransitionKind.Reinstate ? Today : null);

    public static IEnumerable<object[]> AllowedPairs() =>
        Designed.SelectMany(r => r.Value.From.Select(from => new object[] { r.Key, from }));

    // Everything else, minus repeats (a visit already where a desk-free transition leads): those are no-ops;
    // and minus a reinstate of a done visit, which is rejected (ReinstateOfADoneVisitIsRejectedWithItsCode).
    public static IEnumerable<object[]> DisallowedPairs() =>
        from kind in Enum.GetValues<TransitionKind>()
        from status in Enum.GetValues<VisitStatus>()
        where !Designed[kind].From.Contains(status)
              && !(status == Designed[kind].To && !StatusMachine.Rules[kind].DeskBound)
              && !(kind == TransitionKind.Reinstate && status == VisitStatus.Done)
        select new object[] { kind, status };

    [Fact]
    public void RulesAreTheDesignedMachine()
    {
        Assert.Equal(Designed.Keys.Order(), StatusMachine.Rules.Keys.Order());
        foreach (var (kind, (from, to)) in Designed)
        {
            Assert.Equal(from.Order(), StatusMachine.Rules[kind].From.Order());
            Assert.Equal(to, StatusMachine.Rules[kind].To);
        }
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void EveryAllowedTransitionLeadsToItsTargetAtTheNewVersion(TransitionKind kind, VisitStatus from)
    {
        var result = StatusMachine.Apply(Visit(from), By(kind, Desk1), Next, Now);

        Assert.False(result.IsConflict);
        Assert.True(result.Changed);
        Assert.Null(result.Reason);
        Assert.Equal(Designed[kind].To, result.Visit.Status);
        Assert.Equal(Next, result.Visit.Version);
        Assert.Equal(Now, result.Visit.UpdatedAt);
    }

    [Fact]
    public void CallOnAWaitingVisitCallsItToThatDeskAndAnnouncesIt()
    {
        var result = StatusMachine.Apply(Visit(VisitStatus.Waiting), new Transition(TransitionKind.Call, Desk2), Next, Now);

        Assert.Equal(VisitStatus.Called, result.Visit.Status);
        Assert.Equal(Desk2, result.Visit.DeskId);
        Assert.Equal(Now, result.Visit.CalledAt);
        Assert.Null(result.Visit.StartedAt);
        Assert.Equal(Announcement.Called, result.Announce);
    }

    [Fact]
    public void StartServiceByTheCallingDeskStampsStartedAt()
    {
        var result = StatusMachine.Apply(Visit(VisitStatus.Called) with { StartedAt = null },
            new Transition(TransitionKind.StartService, Desk1), Next, Now);

        Assert.Equal(VisitStatus.Serving, result.Visit.Status);
        Assert.Equal(Desk1, result.Visit.DeskId);
        Assert.Equal(Earlier, result.Visit.CalledAt);
        Assert.Equal(Now, result.Visit.StartedAt);
        Assert.Equal(Announcement.None, result.Announce);
    }

    [Fact]
    public void CompleteWhileServingStampsCompletedAt()
    {
        var result = StatusMachine.Apply(Visit(VisitStatus.Serving), new Transition(TransitionKind.Complete), Next, Now);

        Assert.Equal(VisitStatus.Done, result.Visit.Status);
        Assert.Equal(Earlier, result.Visit.StartedAt);
        Assert.Equal(Now, result.Visit.CompletedAt);
    }

    [Theory]
    [InlineData(TransitionKind.NoShow, VisitStatus.Waiting, VisitStatus.NoShow)]
    [InlineData(TransitionKind.NoShow, VisitStatus.Called, VisitStatus.NoShow)]
    [InlineData(TransitionKind.Cancel, VisitStatus.Waiting, VisitStatus.Cancelled)]
    [InlineData(TransitionKind.Cancel, VisitStatus.Called, VisitStatus.Cancelled)]
    public void NoShowAndCancelCloseTheVisitAtNow(TransitionKind kind, VisitStatus from, VisitStatus to)
    {
        var result = StatusMachine.Apply(Visit(from), new Transition(kind), Next, Now);

        Assert.Equal(to, result.Visit.Status);
        Assert.Equal(Now, result.Visit.CompletedAt);
        Assert.True(result.Visit.IsFinal);
    }

    [Fact]
    public void RequeueReturnsACalledVisitToTheQueueAndFreesTheDesk()
    {
        var result = StatusMachine.Apply(Visit(VisitStatus.Called), new Transition(TransitionKind.Requeue), Next, Now);

        Assert.Equal(VisitStatus.Waiting, result.Visit.Status);
        Assert.Null(result.Visit.DeskId);
        Assert.Null(result.Visit.CalledAt);
        Assert.Equal(Arrived, result.Visit.ArrivedAt);
    }

    [Theory]
    [InlineData(VisitStatus.Waiting)]
    [InlineData(VisitStatus.Called)]
    [InlineData(VisitStatus.Serving)]
    public void TransferChangesServiceAndClearsDesk(VisitStatus from)
    {
        var result = StatusMachine.Apply(Visit(from), new Transition(TransitionKind.Transfer, ServiceId: Billing), Next, Now);

        Assert.Equal(VisitStatus.Waiting, result.Visit.Status);
        Assert.Equal(Billing, result.Visit.ServiceId);
        Assert.Null(result.Visit.DeskId);
        Assert.Null(result.Visit.CalledAt);
        Assert.Null(result.Visit.StartedAt);
        Assert.Equal(Arrived, result.Visit.ArrivedAt);
    }

    [Fact]
    public void RecallByTheCallingDeskIsAnnouncedAndKeepsTheState()
    {
        var called = Visit(VisitStatus.Called);

        var first = StatusMachine.Apply(called, new Transition(TransitionKind.Recall, Desk1), Next, Now);
        var second = StatusMachine.Apply(first.Visit, new Transition(TransitionKind.Recall, Desk1), Next + 1, Now.AddMinutes(1));

        Assert.Equal(Announcement.Recalled, first.Announce);
        Assert.Equal(Announcement.Recalled, second.Announce);
        Assert.True(first.Changed);
        Assert.True(second.Changed);
        Assert.False(second.IsConflict);
        Assert.Equal(called with { Version = Next, UpdatedAt = Now }, first.Visit);
        Assert.Equal(called with { Version = Next + 1, UpdatedAt = Now.AddMinutes(1) }, second.Visit);
    }

    [Theory]
    [InlineData(TransitionKind.Recall)]
    [InlineData(TransitionKind.StartService)]
    public void OnlyTheCallingDeskCanRecallOrServe(TransitionKind kind)
    {
        var called = Visit(VisitStatus.Called, Desk1);

        var result = StatusMachine.Apply(called, new Transition(kind, Desk2), Next, Now);

        AssertStatusConflict(result, called, "called");
        Assert.Contains("another desk", result.Reason?.English);
        Assert.Equal(Announcement.None, result.Announce);
    }

    [Theory]
    [InlineData(TransitionKind.Complete, VisitStatus.Done)]
    [InlineData(TransitionKind.NoShow, VisitStatus.NoShow)]
    [InlineData(TransitionKind.Cancel, VisitStatus.Cancelled)]
    [InlineData(TransitionKind.Call, VisitStatus.Called)]
    [InlineData(TransitionKind.StartService, VisitStatus.Serving)]
    [InlineData(TransitionKind.Requeue, VisitStatus.Waiting)]
    [InlineData(TransitionKind.Transfer, VisitStatus.Waiting)]
    public void RepeatingTheTransitionAVisitIsAlreadyInIsANoOpSuccess(TransitionKind kind, VisitStatus status)
    {
        var visit = Visit(status, Desk1);

        // Same desk, and for transfer the service the visit already waits for.
        var result = StatusMachine.Apply(visit, new Transition(kind, Desk1, kind == TransitionKind.Transfer ? General : null), Next, Now);

        Assert.False(result.Changed);
        Assert.Empty(result.Conflicts);
        Assert.Null(result.Reason);
        Assert.Equal(Announcement.None, result.Announce);
        Assert.Equal(visit, result.Visit);
    }

    [Fact]
    public void CallOnAVisitCalledByAnotherDeskIsAStatusConflict()
    {
        var called = Visit(VisitStatus.Called, Desk1);

        var result = StatusMachine.Apply(called, new Transition(TransitionKind.Call, Desk2), Next, Now);

        AssertStatusConflict(result, called, "called");
        Assert.Equal(Desk1, result.Visit.DeskId);
    }

    [Theory]
    [MemberData(nameof(DisallowedPairs))]
    public void EveryDisallowedTransitionIsAConflictNamingTheCurrentStatus(TransitionKind kind, VisitStatus status)
    {
        // Held by Desk2 and acted on by Desk1, so a desk-bound target status is not a repeat either.
        var visit = Visit(status, Desk2);

        var result = StatusMachine.Apply(visit, By(kind, Desk1), Next, Now);

        AssertStatusConflict(result, visit, StatusNames.Of(status));
        Assert.Contains(StatusNames.Describe(status), result.Reason?.English);
    }

    [Theory]
    [InlineData(VisitStatus.Done)]
    [InlineData(VisitStatus.NoShow)]
    [InlineData(VisitStatus.Cancelled)]
    public void AFinalStatusIsNeverLeftButByAReinstateOfANoShowOrCancelledVisit(VisitStatus final)
    {
        var visit = Visit(final, Desk1);
        foreach (var transition in Enum.GetValues<TransitionKind>().SelectMany(k => new[] { By(k, Desk1), By(k, Desk2) })
                     .Where(t => t.Kind != TransitionKind.Reinstate || final == VisitStatus.Done))
        {
            var result = StatusMachine.Apply(visit, transition, Next, Now);

            Assert.False(result.Changed, $"{transition} changed a {final} visit");
            Assert.Equal(visit, result.Visit);
        }
    }

    private static void AssertStatusConflict(MergeResult result, VisitState before, string serverStatus)
    {
        Assert.True(result.IsConflict);
        Assert.False(result.Changed);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal("status", conflict.Field);
        Assert.Equal(serverStatus, conflict.ServerValue);
        Assert.Equal(before, result.Visit);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason?.English));
        Assert.Contains(before.Ticket, result.Reason?.English);
        Assert.EndsWith(".", result.Reason?.English);
    }
}
