using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Visitors;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Visitors;

/// <summary>
/// Remote joining below the page: one ticket per submission key however often and however
/// concurrently it is sent, the caps per device and address, and nothing created when refused.
/// </summary>
public abstract class JoinQueueTests(ReceptionApp app)
{
    private async Task<TestBranch> OpenBranchAsync()
    {
        var branch = await TestBranch.CreateAsync(app);
        await app.WithDbAsync(async db =>
        {
            var b = await db.Branches.SingleAsync(x => x.Id == branch.Id);
            b.RemoteJoin = true;
            return await db.SaveChangesAsync();
        });
        return branch;
    }

    private static JoinQueue Join(TestBranch branch, Guid key, string name, string device = "device-1", string address = "address-1") =>
        new(branch.Slug, key, branch.General, name, null, device, address);

    [Fact]
    public async Task TheSameSubmissionSentManyTimesAtOnceIsOneTicketAndEveryAnswerOpensIt()
    {
        var branch = await OpenBranchAsync();
        var key = Guid.NewGuid();

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.SendAsync(Join(branch, key, "Double Tap"))));

        Assert.All(replies, r => Assert.Equal(JoinOutcome.Joined, r.Outcome));
        Assert.Single(replies.Select(r => r.Code).Distinct());
        var visits = await app.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id).ToListAsync());
        var visit = Assert.Single(visits);
        Assert.Equal(VisitChannel.Remote, visit.Channel);
        Assert.Equal(JoinQueueHandler.VisitOf(key), visit.Id);
        Assert.NotEqual(key, visit.Id);
    }

    [Fact]
    public async Task ADeviceHoldsOneOpenTicketAndAnAddressThree()
    {
        var branch = await OpenBranchAsync();
        Assert.Equal(JoinOutcome.Joined, (await app.SendAsync(Join(branch, Guid.NewGuid(), "First", "d1"))).Outcome);

        var again = await app.SendAsync(Join(branch, Guid.NewGuid(), "Second", "d1"));
        Assert.Equal(JoinOutcome.TooMany, again.Outcome);
        Assert.NotNull(again.Code);

        Assert.Equal(JoinOutcome.Joined, (await app.SendAsync(Join(branch, Guid.NewGuid(), "Third", "d2"))).Outcome);
        Assert.Equal(JoinOutcome.Joined, (await app.SendAsync(Join(branch, Guid.NewGuid(), "Fourth", "d3"))).Outcome);
        var fourth = await app.SendAsync(Join(branch, Guid.NewGuid(), "Fifth", "d4"));
        Assert.Equal(JoinOutcome.TooMany, fourth.Outcome);
        Assert.Null(fourth.Code);
        Assert.Equal(3, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    [Fact]
    public async Task ManyDifferentSubmissionsFromOnePhoneAtOnceGetOneTicket()
    {
        var branch = await OpenBranchAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => app.SendAsync(Join(branch, Guid.NewGuid(), $"Flood {i}", "flooding-phone", $"address-{i}"))));

        Assert.Single(replies, r => r.Outcome == JoinOutcome.Joined);
        Assert.All(replies.Where(r => r.Outcome != JoinOutcome.Joined), r => Assert.Equal(JoinOutcome.TooMany, r.Outcome));
        Assert.Equal(1, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    [Theory]
    [InlineData("Zero\u200Bwidth", "Name")]
    [InlineData("   ", "Name")]
    public async Task ARefusedNameNamesItsFieldAndCreatesNothing(string name, string field)
    {
        var branch = await OpenBranchAsync();

        var reply = await app.SendAsync(Join(branch, Guid.NewGuid(), name));

        Assert.Equal((JoinOutcome.Invalid, field), (reply.Outcome, reply.Field));
        Assert.Equal(0, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    [Fact]
    public async Task AServiceNotForSelfCheckInOrABranchWithJoiningOffIsRefused()
    {
        var branch = await OpenBranchAsync();
        await app.WithDbAsync(db => db.Services.Where(s => s.Id == branch.General)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.NotForSelfCheckIn, true)));
        Assert.Equal("ServiceId", (await app.SendAsync(Join(branch, Guid.NewGuid(), "Ann"))).Field);

        var off = await TestBranch.CreateAsync(app);
        Assert.Equal(JoinOutcome.Unavailable, (await app.SendAsync(Join(off, Guid.NewGuid(), "Ann"))).Outcome);
        Assert.Equal(0, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id || v.BranchId == off.Id)));
    }
}

public sealed class SqliteJoinQueueTests(SqliteAppFixture fixture) : JoinQueueTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresJoinQueueTests(PostgresAppFixture fixture) : JoinQueueTests(fixture.App), IClassFixture<PostgresAppFixture>;
