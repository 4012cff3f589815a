using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Reception.Soak;
using Reception.Sync.Wire;

// The real-process soak (issue #9). See README.md here; scripts/soak.sh builds and runs it.
var options = SoakOptions.Parse(args);
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

void Say(string line) => Console.WriteLine($"[soak {clock.Elapsed.TotalSeconds,6:F1}s] {line}");

var cancellationToken = stop.Token;
const string SigningKey = "soak-signing-key-0123456789-0123456789";
const string Password = "Soak-demo-pass-1";
const string ApiKey = "rk_soak_demo_key_0123456789";
var random = new Random(options.Seed);

await using var postgres = await PostgresServer.StartAsync(cancellationToken);
await postgres.ExecuteAsync("postgres", "CREATE DATABASE reception_soak", cancellationToken);
await using var redis = new RedisServer(Tool.FreePort());
await redis.StartAsync(cancellationToken);
// lock_timeout: a table held locked by the fault injector fails the apply with 55P03, a transient error.
var database = postgres.ConnectionString("reception_soak", ";Options=-c lock_timeout=1000;Maximum Pool Size=40");
var settings = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["ConnectionStrings:Reception"] = database,
    ["ConnectionStrings:Redis"] = redis.ConnectionString,
    ["Reception:Auth:SigningKey"] = SigningKey,
    ["Reception:Demo:Enabled"] = "true",
    ["Reception:Demo:Password"] = Password,
    ["Reception:Demo:ApiKey"] = ApiKey,
    ["Reception:Jobs:PollSeconds"] = "0.5",
    ["Reception:RateLimit:PermitsPerSecond"] = "2000",
    ["Reception:RateLimit:Burst"] = "2000",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
};
var web = new[]
{
    new WebInstance("A", Tool.FreePort(), options.WebDll, settings),
    new WebInstance("B", Tool.FreePort(), options.WebDll, settings),
};
var verdict = new Verdict();
var stats = new Stats();
var faults = 0;
var faultLog = new List<string>();
Hostile? hostile = null;
try
{
    await web[0].StartAsync(cancellationToken); // migrates and seeds the demo branch first
    await web[1].StartAsync(cancellationToken);
    var instances = web.Select(w => w.BaseAddress).ToList();
    Say($"PostgreSQL on {postgres.Port}, Redis on {redis.Port}, instances {string.Join(", ", instances)}; seed {options.Seed}, {options.Desks} desks, {options.Seconds} s");

    using var http = new HttpClient { BaseAddress = instances[0], Timeout = TimeSpan.FromSeconds(10) };
    var token = (await (await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = Password }, cancellationToken))
        .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TokenBody>(cancellationToken))!.AccessToken;
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    var snapshot = (await http.GetFromJsonAsync<PullResponse>("/api/v1/sync/pull?branch=demo&since=0", WireJson.Options, cancellationToken))!.Snapshot!;
    var branch = new BranchInfo("demo", snapshot.Services.Select(s => s.Id).ToArray(), snapshot.Desks.Select(d => d.Id).ToArray());

    var desks = Enumerable.Range(0, options.Desks)
        .Select(i => new SoakDesk(i, instances, token, branch, branch.Desks[i % branch.Desks.Length], options.Seed * 1000 + i, stats)).ToList();
    hostile = new Hostile(instances, ApiKey, SigningKey, branch, options.Seed);
    var until = DateTime.UtcNow.AddSeconds(options.Seconds);
    var quietSince = DateTime.UtcNow;
    var faulting = false;
    bool Quiet() => !faulting && DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(1);

    async Task FaultsAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(3, options.Seconds / 5.0)), cancellationToken);
        while (DateTime.UtcNow < until.AddSeconds(-3) && !cancellationToken.IsCancellationRequested)
        {
            faulting = true;
            var kind = random.Next(6);
            var what = "";
            try
            {
                switch (kind)
                {
                    case 0:
                    {
                        var victim = web[random.Next(2)];
                        what = $"SIGKILL instance {victim.Name}, restart";
                        await victim.KillAsync();
                        await Task.Delay(random.Next(300, 2000), cancellationToken);
                        await victim.StartAsync(cancellationToken);
                        break;
                    }
                    case 1:
                        what = "Redis stop, start";
                        await redis.StopAsync();
                        await Task.Delay(random.Next(500, 3000), cancellationToken);
                        await redis.StartAsync(cancellationToken);
                        break;
                    case 2:
                        what = "PostgreSQL stop (immediate), start";
                        await postgres.StopAsync(cancellationToken);
                        await Task.Delay(random.Next(500, 2500), cancellationToken);
                        await postgres.StartAgainAsync(cancellationToken);
                        break;
                    case 3:
                        what = "pg_terminate_backend of the app's connections";
                        await postgres.ExecuteAsync("postgres",
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'reception_soak' AND pid <> pg_backend_pid()", cancellationToken);
                        break;
                    default:
                        what = "LOCK TABLE \"Changes\" for 1.5 s (lock timeouts)";
                        await postgres.ExecuteAsync("reception_soak",
                            "BEGIN; LOCK TABLE \"Changes\" IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT;", cancellationToken);
                        break;
                }

                faults++;
                lock (faultLog) faultLog.Add($"{clock.Elapsed.TotalSeconds:F1}s {what}");
                Say($"fault {faults}: {what}");
            }
            finally
            {
                faulting = false;
                quietSince = DateTime.UtcNow;
            }

            await Task.Delay(random.Next(1500, 5000), cancellationToken);
        }
    }

    await Task.WhenAll(
        Task.WhenAll(desks.Select(d => d.RunAsync(until, cancellationToken))),
        hostile.RunAsync(until, Quiet, () => desks, cancellationToken),
        FaultsAsync());
    Say($"load over; {desks.Sum(d => d.LastMutationId)} actions made, {stats.Pushes} pushes; settling");

    // Settle: everything up, every outbox sent until each action has a final result, the inbox drained.
    foreach (var w in web.Where(w => !w.IsUp)) await w.StartAsync(cancellationToken);
    var settle = DateTime.UtcNow.AddSeconds(options.SettleSeconds);
    await Task.WhenAll(desks.Select(d => d.FinishAsync(settle, cancellationToken)));
    while (DateTime.UtcNow < settle && await PendingAsync()) await Task.Delay(250, cancellationToken);
    foreach (var desk in desks)
    {
        if (!await desk.FinalPullAsync(cancellationToken)) stats.Violation($"desk {desk.Index}: could not pull at the end");
    }

    verdict = await Checker.CheckAsync(postgres.ConnectionString("reception_soak"), "demo", desks, hostile.ClientIds, cancellationToken);
}
catch (Exception e) when (e is not OperationCanceledException)
{
    verdict.Violations.Add($"the soak itself failed: {e}");
    foreach (var w in web) Console.Error.WriteLine(w.Output);
}
finally
{
    foreach (var w in web) await w.DisposeAsync();
}

verdict.Violations.InsertRange(0, stats.Violations);
if (hostile is not null) verdict.Violations.AddRange(hostile.Violations);
Say($"faults: {string.Join("; ", faultLog)}");
Say($"desks: pushes {stats.Pushes}, lost answers {stats.LostAcks}, replays {stats.Replays}, in-flight re-sends {stats.InFlightResends}, transient errors {stats.TransientErrors}, (re)connects {stats.Reconnects}, broadcasts {stats.Broadcasts} (out of order or after a gap: {stats.GapPulls}), offline periods {stats.OfflinePeriods}");
Say($"bad input: {hostile?.Sent ?? 0} requests answered, {hostile?.Violations.Count ?? 0} not 4xx, {hostile?.Excused ?? 0} 5xx excused (sent during a fault), {hostile?.Deferred ?? 0} bad single actions answered 202 deferred [{string.Join(", ", hostile?.DeferredKinds.Distinct() ?? [])}] (checked by the inbox's retry)");
Say($"views: {verdict.ViewsCompared} desk views compared on {verdict.VisitsTouched} visits");
Say($"actions: lost {verdict.Lost}, applied once {verdict.AppliedOnce}, duplicated {verdict.Duplicated}, unexpected {verdict.Unexpected}");
Say($"server errors answered to well-formed pushes: {stats.ServerErrors.Count}{(options.StrictServerErrors ? " (counted as violations)" : "")}");
foreach (var e in stats.ServerErrors.Take(5)) Say("  " + e);
if (options.StrictServerErrors) verdict.Violations.AddRange(stats.ServerErrors);
foreach (var violation in verdict.Violations.Take(40)) Say("VIOLATION " + violation);
Console.WriteLine($"soak: {verdict.Actions} actions, {faults} faults, {verdict.Violations.Count} violations (seed {options.Seed})");
return verdict.Violations.Count == 0 && verdict.Actions > 0 ? 0 : 1;

async Task<bool> PendingAsync()
{
    try
    {
        await using var db = new Npgsql.NpgsqlConnection(postgres.ConnectionString("reception_soak"));
        await db.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM "Inbox" WHERE "Status" = 'Pending'""", db);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }
    catch (Npgsql.NpgsqlException)
    {
        return true;
    }
}

internal sealed record TokenBody(string AccessToken, DateTime ExpiresAt);
