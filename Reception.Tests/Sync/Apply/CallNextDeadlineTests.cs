using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>How long a callNext waited, and when that is too long (pure).</summary>
public sealed class CallNextDeadlineTests
{
    private static readonly DateTime Server = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    [Fact]
    public void TheDesksWaitIsReadFromItsOwnClockSoItsOffsetFromTheServersCancelsOut()
    {
        var deskClock = Server.AddHours(-2); // two hours behind
        var timing = new PushTiming(SentAt: deskClock, ReceivedAt: Server);

        Assert.Equal(new ActionWait(TimeSpan.FromSeconds(5), TimeSpan.Zero), CallNextDeadline.Waited(deskClock.AddSeconds(-5), timing, Server));
        Assert.Equal(new ActionWait(TimeSpan.FromMinutes(5), TimeSpan.Zero), CallNextDeadline.Waited(deskClock.AddMinutes(-5), timing, Server));
    }

    [Fact]
    public void TheServersWaitAddsToTheDesks()
    {
        var timing = new PushTiming(SentAt: Server.AddMinutes(-3), ReceivedAt: Server.AddMinutes(-3));

        // Pressed 40 s before it was sent, then kept 3 minutes in the server's inbox.
        Assert.Equal(new ActionWait(TimeSpan.FromSeconds(40), TimeSpan.FromMinutes(3)), CallNextDeadline.Waited(Server.AddMinutes(-3).AddSeconds(-40), timing, Server));
    }

    [Fact]
    public void WithoutTheDesksTimesOnlyTheServersWaitCountsAndWithoutTimingNothingIsJudged()
    {
        var received = new PushTiming(SentAt: null, ReceivedAt: Server.AddSeconds(-90));

        Assert.Equal(new ActionWait(TimeSpan.Zero, TimeSpan.FromSeconds(90)), CallNextDeadline.Waited(Server.AddHours(-1), received, Server)); // no sentAt
        Assert.Equal(new ActionWait(TimeSpan.Zero, TimeSpan.FromSeconds(90)), CallNextDeadline.Waited(null, received with { SentAt = Server }, Server)); // no queuedAt
        Assert.Null(CallNextDeadline.Waited(Server.AddHours(-1), null, Server));
    }

    [Fact]
    public void AClockThatWentBackwardsIsNoWaitAtAll()
    {
        var timing = new PushTiming(SentAt: Server.AddSeconds(-10), ReceivedAt: Server.AddSeconds(1));

        Assert.Equal(new ActionWait(TimeSpan.Zero, TimeSpan.Zero), CallNextDeadline.Waited(Server, timing, Server));
    }

    [Fact]
    public void OnlyAWaitOverTheLimitExpiresAndTheReasonSaysHowLongWhereAndWhatToDo()
    {
        Assert.Null(CallNextDeadline.Expired(null, Limit));
        Assert.Null(CallNextDeadline.Expired(new ActionWait(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(20)), Limit)?.English);

        var offline = CallNextDeadline.Expired(new ActionWait(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(5)), Limit)?.English;
        var inbox = CallNextDeadline.Expired(new ActionWait(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(7)), Limit)?.English;

        Assert.Equal("Call next was pressed 95 seconds before it could reach the server (the connection was down), " +
                     "so no one was called. Press Call next again if the desk is free.", offline);
        Assert.Equal("Call next waited 7 minutes before the server could apply it (its database was failing), " +
                     "so no one was called. Press Call next again if the desk is free.", inbox);
    }

    [Theory]
    [InlineData(119, "119 seconds")]
    [InlineData(60 * 119, "119 minutes")]
    [InlineData(3600 * 5 + 59, "5 hours")]
    [InlineData(3600 * 24, "more than a day")]
    [InlineData(3600 * 24 * 365 * 9000L, "more than a day")] // a desk clock thousands of years off: once "2147483647 minutes"
    public void AWaitReadsInTheLargestUnitThatReadsWellAndADayOrMoreAsMoreThanADay(long seconds, string reads)
    {
        var reason = CallNextDeadline.Expired(new ActionWait(TimeSpan.FromSeconds(seconds), TimeSpan.Zero), Limit)?.English;

        Assert.StartsWith($"Call next was pressed {reads} before it could reach the server", reason);
    }

    [Fact]
    public void AWaitTooLongToAddUpStillReadsAsMoreThanADay()
    {
        var wait = new ActionWait(TimeSpan.MaxValue, TimeSpan.MaxValue);

        Assert.Equal(TimeSpan.MaxValue, wait.Total);
        Assert.StartsWith("Call next was pressed more than a day before", CallNextDeadline.Expired(wait, Limit)?.English);
    }
}

/// <summary>A callNext that waited too long, through the whole pipeline, on each provider.</summary>
public abstract class StaleCallNextTests(ReceptionApp app)
{
    private static SyncAction CallNextQueuedAt(TestClient desk, Guid deskId, DateTime queuedAt) =>
        desk.Next(ActionTypes.CallNext, null, new { deskId, queuedAt });

    /// <summary>A new branch with one visitor waiting (registered by the desk returned).</summary>
    private async Task<(TestBranch Branch, TestClient Desk, Guid VisitId)> OneWaitingAsync(string name)
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        Assert.Equal(ResultStatus.Applied, (await desk.PushOneAsync(desk.Register(visitId, branch.General, name))).Status);
        return (branch, desk, visitId);
    }

    private async Task<ActionResult> PushAsync(TestBranch branch, TestClient desk, SyncAction action, DateTime sentAt)
    {
        var reply = await app.SendAsync(new PushActions(branch.Slug, [action], desk.Caller, sentAt));
        Assert.Null(reply.Problem);
        return reply.Value!.Results.Single();
    }

    [Fact]
    public async Task ACallNextThatWaitedMinutesOnTheDeskIsRejectedCallsNoOneAndTheDesksNextActionsGoOn()
    {
        var (branch, desk, visitId) = await OneWaitingAsync("Still waiting");
        var deskClock = DateTime.UtcNow.AddHours(-2); // a desk whose clock is two hours off

        var stale = await PushAsync(branch, desk, CallNextQueuedAt(desk, branch.Desk1, deskClock.AddMinutes(-5)), deskClock);

        Assert.Equal((ResultStatus.Rejected, 422), (stale.Status, stale.Code));
        Assert.Contains("pressed 5 minutes before it could reach the server", stale.Reason);
        Assert.Contains("no one was called", stale.Reason);
        Assert.Equal(VisitStatus.Waiting, await app.WithDbAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.Status).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync()));

        // Pressed again, now, on the same (wrong) clock: it goes through, as the desk's next mutation.
        var fresh = await PushAsync(branch, desk, CallNextQueuedAt(desk, branch.Desk1, deskClock.AddSeconds(3)), deskClock.AddSeconds(4));

        Assert.Equal(ResultStatus.Applied, fresh.Status);
        Assert.Equal((visitId, "called"), (fresh.Visit!.Id, fresh.Visit.Status));
    }

    [Fact]
    public async Task ACallNextPressedOnAClockThousandsOfYearsOffReadsMoreThanADayAndCallsNoOne()
    {
        var (branch, desk, visitId) = await OneWaitingAsync("Far future");

        var stale = await PushAsync(branch, desk, CallNextQueuedAt(desk, branch.Desk1, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)),
            new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal((ResultStatus.Rejected, 422), (stale.Status, stale.Code));
        Assert.StartsWith("Call next was pressed more than a day before it could reach the server", stale.Reason);
        Assert.Equal(VisitStatus.Waiting, await app.WithDbAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.Status).SingleAsync()));
    }

    [Fact]
    public async Task ACallNextAppliedInTimeAndResentLaterIsStillADuplicateOfItsCall()
    {
        var (branch, desk, visitId) = await OneWaitingAsync("Called once");
        var pressed = DateTime.UtcNow;
        var callNext = CallNextQueuedAt(desk, branch.Desk1, pressed);

        var first = await PushAsync(branch, desk, callNext, pressed.AddSeconds(1));
        var resent = await PushAsync(branch, desk, callNext, pressed.AddMinutes(10)); // the answer was lost; the desk was offline since

        Assert.Equal(ResultStatus.Applied, first.Status);
        Assert.Equal(ResultStatus.Duplicate, resent.Status);
        Assert.Equal(WireJson.Serialize(first), WireJson.Serialize(resent.Original));
    }

    [Fact]
    public async Task ACallNextFromASenderThatGivesNoTimesIsAppliedAsBefore()
    {
        var (branch, desk, visitId) = await OneWaitingAsync("Legacy");

        var result = await desk.PushOneAsync(desk.CallNext(branch.Desk1));

        Assert.Equal((ResultStatus.Applied, visitId), (result.Status, result.Visit!.Id));
    }
}

public sealed class SqliteStaleCallNextTests(SqliteAppFixture fixture) : StaleCallNextTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresStaleCallNextTests(PostgresAppFixture fixture) : StaleCallNextTests(fixture.App), IClassFixture<PostgresAppFixture>;
