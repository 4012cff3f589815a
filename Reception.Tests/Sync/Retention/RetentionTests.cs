using System.Data.Common;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Dashboard;
using Reception.Sync.Retention;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Web.Jobs;

namespace Reception.Tests.Sync.Retention;

/// <summary>
/// The retention job on each provider: visits of long ago are seeded through the real pipeline (a
/// desk's register and edits, another desk's conflicting edit, a deferred action applied by the
/// retry, one given up, a remote join), then the job runs and every string column of every table
/// of the model is searched for what the visitors typed.
/// </summary>
public abstract class RetentionTests(Provider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 8, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly FaultInjector _faults = new();
    private ReceptionApp _app = null!;

    public Task InitializeAsync()
    {
        // A small pool whose idle connections close soon: the suite shares one server's max_connections.
        var database = provider == Provider.Postgres
            ? new NpgsqlConnectionStringBuilder(TestPostgres.CreateDatabase()) { MaxPoolSize = 10, ConnectionIdleLifetime = 20 }.ConnectionString
            : null;
        _app = new ReceptionApp(provider, database: database, services: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<IInterceptor>(_faults);
        });
        _ = _app.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // What the old visitors typed: none of it may remain anywhere once the job has run.
    private const string OldName = "Zebulon Quixotic";
    private const string RenamedTo = "Zebulon Quixoté-Marsh";
    private const string OldPhone = "+44 7700 900431";
    private const string OtherDesksPhone = "+44 7700 900432";
    private const string OldNotes = "Allergic to quokka fur";
    private const string DeferredName = "Xanthippe Deferrington";
    private const string GivenUpName = "Yolanda Neverapplied";
    private const string NoShowName = "Quirinus Absentee";
    private const string RemoteName = "Ottoline Farjoiner";
    private const string RemoteDevice = "device-quagga-77";
    private const string RemoteAddress = "address-quagga-77";

    // What must stay: today's visitors, and an old visitor still waiting.
    private const string StillWaiting = "Wilhelmina Stillhere";
    private const string TodaysName = "Theodora Today";
    private const string TodaysNotes = "Brought the quince forms";

    private static readonly string[] Removed =
        [OldName, RenamedTo, OldPhone, OtherDesksPhone, OldNotes, DeferredName, GivenUpName, NoShowName, RemoteName, RemoteDevice, RemoteAddress];

    private static Caller ManagerOf(TestBranch branch) => new("manager-" + branch.Slug, CallerKind.Manager, branch.Id);

    [Fact]
    public async Task NoPersonalDetailOfAnOldVisitRemainsInAnyTableAndTheFiguresOfThoseDaysAreUnchanged()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var deskA = new TestClient(_app, branch, new Caller("desk-a", CallerKind.Desk, branch.Id, DeskId: branch.Desk1));
        var deskB = new TestClient(_app, branch, new Caller("desk-b", CallerKind.Desk, branch.Id, DeskId: branch.Desk2));
        var oldDay = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var still = await SeedOldDayAsync(branch, deskA, deskB);

        _clock.Advance(TimeSpan.FromDays(100));
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        Guid served = Guid.NewGuid(), waiting = Guid.NewGuid();
        await deskA.PushAsync(deskA.Register(served, branch.General, TodaysName, new { notes = TodaysNotes }),
            deskA.Register(waiting, branch.Billing, TodaysName + " Two"));
        await deskA.PushAsync(deskA.Call(served, branch.Desk1), deskA.Next("startService", served, new { deskId = branch.Desk1 }),
            deskA.Next("complete", served));

        var oldReport = await ReportAsync(branch, oldDay, oldDay);
        var wholeReport = await ReportAsync(branch, oldDay, today);
        var dashboard = await DashboardAsync(branch);
        var todays = await TodaysRowsAsync(branch, today);
        foreach (var text in Removed)
        {
            Assert.True((await FindAsync(text)).Count > 0, $"The seeding did not leave \"{text}\" anywhere (or the search misses it).");
        }

        var run = await _app.SendAsync(new ApplyRetention(BatchSize: 2));

        foreach (var text in Removed)
        {
            Assert.True((await FindAsync(text)).Count == 0, $"\"{text}\" is still in {string.Join(", ", await FindAsync(text))}");
        }

        // Served, no-show, remote (cancelled), deferred (cancelled); not the one still waiting.
        Assert.Equal(4, await _app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id && v.RedactedAt != null)));
        Assert.True(run.Visits >= 4);
        Assert.Equal(oldReport, await ReportAsync(branch, oldDay, oldDay));
        Assert.Equal(wholeReport, await ReportAsync(branch, oldDay, today));
        Assert.Equal(dashboard, await DashboardAsync(branch));
        Assert.Equal(todays, await TodaysRowsAsync(branch, today));
        var open = await _app.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == still));
        Assert.Equal((StillWaiting, (DateTime?)null), (open.Name, open.RedactedAt));

        var again = await _app.SendAsync(new ApplyRetention(BatchSize: 2));
        Assert.Equal((0, 0), (again.Visits, again.Notifications));
        Assert.Equal(oldReport, await ReportAsync(branch, oldDay, oldDay));
    }

    [Fact]
    public async Task TheJobIsOnHangfiresScheduleAndRunsThroughIt()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var desk = new TestClient(_app, branch, new Caller("desk-a", CallerKind.Desk, branch.Id, DeskId: branch.Desk1));
        var visit = Guid.NewGuid();
        await desk.PushAsync(desk.Register(visit, branch.General, OldName), desk.Next("cancel", visit));
        _clock.Advance(TimeSpan.FromDays(95));

        var storage = _app.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == RetentionJob.Id && j.Cron == "0 0 31 2 *");
        }

        _app.Services.GetRequiredService<IRecurringJobManager>().Trigger(RetentionJob.Id);
        await EventuallyAsync(() => _app.WithDbAsync(db => db.Visits.AnyAsync(v => v.Id == visit && v.RedactedAt != null)),
            "the triggered retention job redacted the old visit");

        Assert.Equal("", await _app.WithDbAsync(db => db.Visits.Where(v => v.Id == visit).Select(v => v.Name).SingleAsync()));
    }

    [Fact]
    public async Task AVisitInsideTheBranchsRetentionKeepsItsDetails()
    {
        var branch = await TestBranch.CreateAsync(_app);
        await _app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.RetentionDays, 30)));
        var desk = new TestClient(_app, branch, new Caller("desk-a", CallerKind.Desk, branch.Id, DeskId: branch.Desk1));
        Guid kept = Guid.NewGuid(), gone = Guid.NewGuid();
        await desk.PushAsync(desk.Register(gone, branch.General, NoShowName), desk.Next("cancel", gone));
        _clock.Advance(TimeSpan.FromDays(10));
        await desk.PushAsync(desk.Register(kept, branch.General, TodaysName), desk.Next("cancel", kept));
        _clock.Advance(TimeSpan.FromDays(25));   // gone is 35 days old, kept 25

        await _app.SendAsync(new ApplyRetention());

        var names = await _app.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id).ToDictionaryAsync(v => v.Id, v => v.Name));
        Assert.Equal(("", TodaysName), (names[gone], names[kept]));
    }

    [Fact]
    public async Task TheJobRunsWhileADeskWorksAndNeitherDisturbsTheOther()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var desk = new TestClient(_app, branch, new Caller("desk-a", CallerKind.Desk, branch.Id, DeskId: branch.Desk1));
        var old = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid()).ToList();
        await desk.PushAsync([.. old.SelectMany(id => new[] { desk.Register(id, branch.General, OldName), desk.Next("cancel", id) })]);
        _clock.Advance(TimeSpan.FromDays(100));

        var job = Task.Run(() => _app.SendAsync(new ApplyRetention(BatchSize: 3)));
        var results = new List<ActionResult>();
        for (var i = 0; i < 10; i++)
        {
            var id = Guid.NewGuid();
            results.AddRange(await desk.PushAsync(desk.Register(id, branch.Billing, $"{TodaysName} {i}"), desk.Next("cancel", id)));
        }

        await job;
        Assert.All(results, r => Assert.Equal(ResultStatus.Applied, r.Status));
        var names = await _app.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id).Select(v => new { v.Id, v.Name }).ToListAsync());
        Assert.All(names.Where(v => old.Contains(v.Id)), v => Assert.Equal("", v.Name));
        Assert.Equal(10, names.Count(v => v.Name.StartsWith(TodaysName, StringComparison.Ordinal)));
    }

    /// <summary>One day's work at the branch, as it happens; answers the visit left waiting.</summary>
    private async Task<Guid> SeedOldDayAsync(TestBranch branch, TestClient deskA, TestClient deskB)
    {
        Guid served = Guid.NewGuid(), absent = Guid.NewGuid(), still = Guid.NewGuid(), deferred = Guid.NewGuid();
        var registered = await deskA.PushOneAsync(deskA.Register(served, branch.General, OldName, new { phone = OldPhone, notes = OldNotes }));
        var seen = registered.Visit!;
        var renamed = await deskA.PushOneAsync(deskA.Edit(served, seen.Version, new { name = RenamedTo }, new() { ["name"] = seen.FieldVersions.Name }));
        var phoned = await deskA.PushOneAsync(deskA.Edit(served, renamed.Visit!.Version, new { phone = OldPhone + "9" },
            new() { ["phone"] = seen.FieldVersions.Phone }));
        // Desk B had not seen A's new phone: its edit loses, and the conflict keeps both values.
        var conflict = await deskB.PushOneAsync(deskB.Edit(served, seen.Version, new { phone = OtherDesksPhone },
            new() { ["phone"] = seen.FieldVersions.Phone }));
        Assert.Equal(ResultStatus.Conflict, conflict.Status);
        await deskA.PushOneAsync(deskA.Edit(served, phoned.Visit!.Version, new { phone = OldPhone, notes = OldNotes + " (checked)" },
            new() { ["phone"] = phoned.Visit.FieldVersions.Phone, ["notes"] = phoned.Visit.FieldVersions.Notes }));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await deskA.PushAsync(deskA.Call(served, branch.Desk1), deskA.Next("startService", served, new { deskId = branch.Desk1 }));
        _clock.Advance(TimeSpan.FromMinutes(7));
        await deskA.PushAsync(deskA.Next("complete", served), deskA.Register(absent, branch.Billing, NoShowName), deskA.Next("noShow", absent),
            deskA.Register(still, branch.General, StillWaiting));

        // Deferred after a transient failure, then applied by the retry: the inbox row keeps its result.
        _faults.FailNext(1);
        Assert.Equal(ResultStatus.Deferred, (await deskB.PushOneAsync(deskB.Register(deferred, branch.Billing, DeferredName))).Status);
        await DrainAsync(branch, deskB, times: 1);
        await EventuallyAsync(() => _app.WithDbAsync(db => db.Inbox.AnyAsync(i => i.ClientId == deskB.ClientId && i.Status == InboxStatus.Done)),
            "the retry applied the deferred registration");
        await deskB.PushOneAsync(deskB.Next("cancel", deferred));

        // Given up after its retries: a rejected result, a failed inbox row, a notification naming the visitor.
        var stuck = new TestClient(_app, branch, new Caller("desk-c", CallerKind.Desk, branch.Id, DeskId: branch.Desk2));
        _faults.FailNext(1000);
        await stuck.PushOneAsync(stuck.Register(Guid.NewGuid(), branch.General, GivenUpName));
        await DrainAsync(branch, stuck, DrainInboxHandler.MaxAttempts + 1);
        _faults.FailNext(0);
        await EventuallyAsync(() => _app.WithDbAsync(db => db.Inbox.AnyAsync(i => i.ClientId == stuck.ClientId && i.Status == InboxStatus.Failed)),
            "the action was given up");
        Assert.Contains(GivenUpName, await _app.WithDbAsync(db => db.Notifications.Where(n => n.BranchId == branch.Id && n.Kind == "failed")
            .Select(n => n.Message).SingleAsync()));

        // Joined from a phone, then cancelled at the desk.
        await _app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.RemoteJoin, true)));
        var key = Guid.NewGuid();
        Assert.Equal(JoinOutcome.Joined,
            (await _app.SendAsync(new JoinQueue(branch.Slug, key, branch.General, RemoteName, null, RemoteDevice, RemoteAddress))).Outcome);
        await deskA.PushOneAsync(deskA.Next("cancel", JoinQueueHandler.VisitOf(key)));
        return still;
    }

    // Hangfire's own retries run beside the test's drains, on its schedule.
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }

    private async Task DrainAsync(TestBranch branch, TestClient client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            try
            {
                await _app.SendAsync(new DrainInbox(branch.Id, client.ClientId));
            }
            catch (Exception e) when (TransientFailures.IsTransient(e))
            {
                // a failed attempt, as the job would see it
            }
        }
    }

    private async Task<string> ReportAsync(TestBranch branch, DateOnly from, DateOnly to)
    {
        var reply = await _app.SendAsync(new GetReport(branch.Slug, ManagerOf(branch), $"{from:yyyy-MM-dd}", $"{to:yyyy-MM-dd}"));
        Assert.Null(reply.Problem);
        Assert.True(reply.Value!.Totals.Visits > 0);
        return WireJson.Serialize(reply.Value);
    }

    private async Task<string> DashboardAsync(TestBranch branch)
    {
        var reply = await _app.SendAsync(new GetDashboard(branch.Slug, ManagerOf(branch)));
        Assert.Null(reply.Problem);
        return WireJson.Serialize(reply.Value);
    }

    /// <summary>Today's visits and their feed entries, whole.</summary>
    private Task<string> TodaysRowsAsync(TestBranch branch, DateOnly today) => _app.WithDbAsync(async db =>
    {
        var visits = await db.Visits.AsNoTracking().Where(v => v.BranchId == branch.Id && v.TicketDay == today).OrderBy(v => v.Ticket).ToListAsync();
        var ids = visits.Select(v => v.Id).ToList();
        var changes = await db.Changes.AsNoTracking().Where(c => ids.Contains(c.VisitId)).OrderBy(c => c.Version).ToListAsync();
        Assert.Equal(2, visits.Count);
        return WireJson.Serialize(new { visits, changes });
    });

    /// <summary>
    /// Every string column of every table in the model that holds <paramref name="text"/>, as
    /// itself or as JSON writes it ("+" and "é" are escaped there), as "table.column": the model is
    /// enumerated, so a table added later is searched too.
    /// </summary>
    private Task<List<string>> FindAsync(string text) => _app.WithDbAsync(async db =>
    {
        var forms = new[] { text, WireJson.Serialize(text)[1..^1], System.Text.Json.Nodes.JsonValue.Create(text).ToJsonString()[1..^1] }
            .Distinct().ToList();
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.GetProviderClrType() == typeof(string) || p.ClrType == typeof(string)))
            {
                if (property.GetColumnName(store) is not { } column)
                {
                    continue;
                }

                await using var command = connection.CreateCommand();
                var where = string.Join(" OR ", forms.Select((_, i) => $"\"{column}\" LIKE @needle{i}"));
                command.CommandText = entity.GetSchema() is { } schema
                    ? $"SELECT COUNT(*) FROM \"{schema}\".\"{table}\" WHERE {where}"
                    : $"SELECT COUNT(*) FROM \"{table}\" WHERE {where}";
                for (var i = 0; i < forms.Count; i++)
                {
                    var needle = command.CreateParameter();
                    needle.ParameterName = $"@needle{i}";
                    needle.Value = "%" + forms[i] + "%";
                    command.Parameters.Add(needle);
                }
                if (Convert.ToInt64(await command.ExecuteScalarAsync()) > 0)
                {
                    found.Add($"{table}.{column}");
                }
            }
        }

        Assert.Contains(db.Model.GetEntityTypes(), e => e.GetTableName() == "Changes");
        return found;
    });
}

public sealed class SqliteRetentionTests() : RetentionTests(Provider.Sqlite);

public sealed class PostgresRetentionTests() : RetentionTests(Provider.Postgres);
