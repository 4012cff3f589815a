using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;

namespace Reception.Tests.Sync.Visitors;

/// <summary>
/// The visitor's capability (a code made with every visit) and what it opens: that one visit's
/// status, and two actions on it through the pipeline, exactly once, under a clientId the visit owns.
/// </summary>
public abstract partial class VisitorStatusTests(ReceptionApp app)
{
    [System.Text.RegularExpressions.GeneratedRegex("<code[^>]*>[^<]*</code>")]
    private static partial System.Text.RegularExpressions.Regex EchoedAddress();

    private TestClient Desk(TestBranch branch) => new(app, branch, new Caller("setup", CallerKind.Manager, branch.Id));

    private async Task<(TestBranch Branch, TestClient Desk, IReadOnlyList<VisitDto> Visits)> QueueAsync(params string[] names)
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = Desk(branch);
        var visits = new List<VisitDto>();
        foreach (var name in names)
        {
            // One push each, as desks register walk-ins: each visitor arrives at a time of their own.
            visits.Add((await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, name))).Visit!);
        }

        return (branch, desk, visits);
    }

    [Fact]
    public async Task EveryRegistrationGetsItsOwnUnguessableCodeAndRecordsItsChannel()
    {
        var (branch, _, visits) = await QueueAsync("Ada Lovelace", "Alan Turing");
        var api = new TestClient(app, branch, new Caller("legacy", CallerKind.ApiClient, branch.Id, "apiclient:x"));
        var fromApi = (await api.PushOneAsync(api.Register(Guid.NewGuid(), branch.General, "Grace Hopper"))).Visit!;

        Assert.All(visits.Append(fromApi), v => Assert.True(VisitCodes.LooksValid(v.Code), $"'{v.Code}' is not a code"));
        Assert.Equal(3, visits.Append(fromApi).Select(v => v.Code).Distinct().Count());
        Assert.Equal([ChannelNames.Desk, ChannelNames.Desk, ChannelNames.Api], visits.Append(fromApi).Select(v => v.Channel));
        var stored = await app.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == fromApi.Id));
        Assert.Equal((fromApi.Code, VisitChannel.Api), (stored.Code, stored.Channel));
    }

    [Fact]
    public async Task ACodeOpensItsVisitsPlaceInLineAndNothingOfAnyoneElse()
    {
        var (branch, desk, visits) = await QueueAsync("Ada Lovelace", "Alan Turing", "Grace Hopper");
        var view = await app.SendAsync(new GetVisitorStatus(visits[2].Code));
        Assert.NotNull(view);
        Assert.Equal((visits[2].Id, "A-003", "General", "waiting", 2), (view.VisitId, view.Status.Ticket, view.Status.Service, view.Status.Status, view.Status.Ahead));

        await desk.PushOneAsync(desk.Call(visits[0].Id, branch.Desk2));
        Assert.Equal(1, (await app.SendAsync(new GetVisitorStatus(visits[2].Code)))!.Status.Ahead);
        await desk.PushOneAsync(desk.Call(visits[2].Id, branch.Desk1));
        var called = (await app.SendAsync(new GetVisitorStatus(visits[2].Code)))!.Status;
        Assert.Equal(("called", "Desk 1", (int?)null), (called.Status, called.Desk, called.Ahead));
        Assert.True(called.CallId > 0);

        var json = WireJson.Serialize(called);
        Assert.DoesNotContain("Ada", json);
        Assert.DoesNotContain("Grace", json);
        Assert.DoesNotContain(visits[2].Code!, json);
    }

    [Fact]
    public async Task ForgedMalformedAndGuessedCodesAllAnswerTheSame404()
    {
        var (_, _, visits) = await QueueAsync("Ada Lovelace");
        var real = visits[0].Code!;
        var flipped = (real[0] == 'A' ? "B" : "A") + real[1..];
        string[] forged = [flipped, VisitCodes.New(), "abc", new string('A', 23), new string('A', 25), "AAAAAAAAAAAAAAAAAAAAAA%2F", "%E2%80%AEAAAAAAAAAAAAAAAAAAAAAA", new string('x', 3000), VisitCodes.Nowhere];
        using var http = app.CreateClient();

        var bodies = new List<string>();
        foreach (var code in forged)
        {
            var response = await http.GetAsync("/v/" + code, ApiHttp.Timeout());
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"/v/{code[..Math.Min(30, code.Length)]} answered {(int)response.StatusCode}");
            // The same page, but for the address it echoes.
            bodies.Add(EchoedAddress().Replace(await response.Content.ReadAsStringAsync(), "<code></code>"));
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v/" + real, ApiHttp.Timeout())).StatusCode);
        Assert.Single(bodies.Distinct());
        // The QR picture is for staff only.
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var qr = await anonymous.GetAsync($"/v/{real}/qr.svg", ApiHttp.Timeout());
        Assert.NotEqual(HttpStatusCode.OK, qr.StatusCode);
        Assert.Null(await app.SendAsync(new GetVisitorStatus(flipped)));
    }

    [Fact]
    public async Task AWellFormedUnknownCodeTakesNoLongerOrShorterThanAMalformedOne()
    {
        await QueueAsync("Ada Lovelace");
        using var http = app.CreateClient();
        async Task<double> TimeAsync(string code)
        {
            var watch = Stopwatch.StartNew();
            var response = await http.GetAsync("/v/" + code, ApiHttp.Timeout());
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }

        for (var i = 0; i < 5; i++) await TimeAsync(VisitCodes.New());   // warm up
        var unknown = new List<double>();
        var malformed = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            unknown.Add(await TimeAsync(VisitCodes.New()));
            malformed.Add(await TimeAsync("x" + i));
        }

        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        // Both do one indexed lookup and render the same page: any difference is noise.
        Assert.InRange(Math.Abs(Median(unknown) - Median(malformed)), 0, 15);
    }

    [Fact]
    public async Task LeavingIsAppliedOnceUnderAClientIdTheVisitOwnsAndNoOtherVisitMaySpendIt()
    {
        var (_, _, visits) = await QueueAsync("Ada Lovelace", "Alan Turing");
        var clientId = Guid.NewGuid();

        var first = await app.SendAsync(new VisitorAct(visits[0].Code, VisitorActionKind.Leave, clientId, 1));
        var again = await app.SendAsync(new VisitorAct(visits[0].Code, VisitorActionKind.Leave, clientId, 1));
        var someoneElse = await app.SendAsync(new VisitorAct(visits[1].Code, VisitorActionKind.Leave, clientId, 2));

        Assert.Equal(("applied", "cancelled"), (first!.Status, first.Visit!.Status));
        Assert.Equal(("duplicate", "cancelled"), (again!.Status, again.Visit!.Status));
        Assert.Equal(("refused", 403), (someoneElse!.Status, someoneElse.Code));
        Assert.Equal("waiting", (await app.SendAsync(new GetVisitorStatus(visits[1].Code)))!.Status.Status);
        var changes = await app.WithDbAsync(db => db.Changes.AsNoTracking().Where(c => c.VisitId == visits[0].Id).ToListAsync());
        Assert.Equal(2, changes.Count);   // registered, then left once
        Assert.Equal((clientId, (long?)1, "visitor A-001"), (changes[1].ClientId, changes[1].MutationId, changes[1].By));
        Assert.Equal("visit:" + visits[0].Id,
            await app.WithDbAsync(db => db.ClientOwners.AsNoTracking().Where(o => o.ClientId == clientId).Select(o => o.Owner).SingleAsync()));
        Assert.Null(await app.SendAsync(new VisitorAct(VisitCodes.New(), VisitorActionKind.Leave, Guid.NewGuid(), 1)));
    }

    [Fact]
    public async Task AFewMoreMinutesMovesAVisitorBackTheBranchsPlacesOnceAndNotAgain()
    {
        var (branch, _, visits) = await QueueAsync("V1", "V2", "V3", "V4", "V5", "V6");
        var clientId = Guid.NewGuid();
        Assert.Equal(3, (await app.SendAsync(new GetVisitorStatus(visits[1].Code)))!.Status.PostponePlaces);

        var moved = await app.SendAsync(new VisitorAct(visits[1].Code, VisitorActionKind.Postpone, clientId, 1));
        Assert.Equal(("applied", 4, 0), (moved!.Status, moved.Visit!.Ahead, moved.Visit.PostponePlaces));
        Assert.Equal(1, (await app.SendAsync(new GetVisitorStatus(visits[2].Code)))!.Status.Ahead);   // V3 moved up, behind V1

        var twice = await app.SendAsync(new VisitorAct(visits[1].Code, VisitorActionKind.Postpone, clientId, 2));
        Assert.Equal(("rejected", 422, 4), (twice!.Status, twice.Code, twice.Visit!.Ahead));

        // The last in line stays last; a branch that turned it off refuses.
        var last = await app.SendAsync(new VisitorAct(visits[5].Code, VisitorActionKind.Postpone, Guid.NewGuid(), 1));
        Assert.Equal(("applied", 5), (last!.Status, last.Visit!.Ahead));
        await app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.PostponePlaces, 0)));
        Assert.Equal(0, (await app.SendAsync(new GetVisitorStatus(visits[3].Code)))!.Status.PostponePlaces);
        var off = await app.SendAsync(new VisitorAct(visits[3].Code, VisitorActionKind.Postpone, Guid.NewGuid(), 1));
        Assert.Equal("rejected", off!.Status);
    }
}

public sealed class SqliteVisitorStatusTests(SqliteAppFixture fixture) : VisitorStatusTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresVisitorStatusTests(PostgresAppFixture fixture) : VisitorStatusTests(fixture.App), IClassFixture<PostgresAppFixture>;
