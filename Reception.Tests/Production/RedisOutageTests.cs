using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reception.Tests.Production;

/// <summary>Real instances and a private Redis that the tests stop and start again (docs/architecture.md, "When Redis is down").</summary>
[Collection(ProductionCollection.Name)]
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    private const int RedisWait = 10_000;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task WithRedisDownEachInstanceServesItsOwnDesksAndADeskThatMissedAChangePullsItOnceRedisIsBack()
    {
        var ct = Timeout();
        await using var redis = await RedisServer.StartPrivateAsync(ct);
        // Redis timeouts far above anything a push takes, even on a busy machine: a push that
        // waited for Redis would stand out by seconds.
        await using var instances = new Instances(redis.ConnectionString + $",asyncTimeout={RedisWait},syncTimeout={RedisWait}");
        var a = await instances.StartAsync("A", ct);
        var b = await instances.StartAsync("B", ct);
        await RedisIsAsync("Healthy", ct, a, b);
        var token = await Instances.TokenAsync(a.BaseAddress, "desk1", ct);
        await using var onA = await LiveDesk.StartAsync(a.BaseAddress, token, Instances.Branch, ct);
        await using var pusherOnB = await LiveDesk.StartAsync(b.BaseAddress, token, Instances.Branch, ct);
        await using var otherOnB = await LiveDesk.StartAsync(b.BaseAddress, token, Instances.Branch, ct);
        var actions = new Actions(instances.General);
        var before = (await pusherOnB.PushAsync(ct, actions.Register("Before the outage"))).Results.Single();
        await onA.WaitForVersionAsync(before.Version!.Value, ct);

        await redis.StopAsync(ct);
        var degraded = await RedisIsAsync("Degraded", ct, a, b);

        var clock = Stopwatch.StartNew();
        var during = (await pusherOnB.PushAsync(ct, actions.Register("During the outage"))).Results.Single();
        var pushDuring = clock.Elapsed;
        Assert.Equal(ResultStatus.Applied, during.Status);
        // Not a benchmark: far below the Redis timeout it would wait for if it queued for Redis.
        Assert.True(pushDuring < TimeSpan.FromMilliseconds(RedisWait / 2), $"a push took {pushDuring.TotalMilliseconds:F0} ms while Redis was down");
        await otherOnB.WaitForVersionAsync(during.Version!.Value, ct); // B's own desks stay live
        await using var joinedOnA = await LiveDesk.StartAsync(a.BaseAddress, token, Instances.Branch, ct); // A still serves
        Assert.Equal(during.Version, joinedOnA.Version);
        await Task.Delay(300, ct);
        Assert.Equal(before.Version, onA.Version); // nothing carried B's change to A

        await redis.StartAsync(ct);
        await RedisIsAsync("Healthy", ct, a, b);
        await redis.WaitForSubscribersAsync(instances.GroupChannel, 2, ct);
        await a.WaitForOutputAsync("[4112]", ct); // A registered the desk that joined during the outage
        var after = (await pusherOnB.PushAsync(ct, actions.Register("After the outage"))).Results.Single();

        foreach (var desk in new[] { onA, joinedOnA, pusherOnB, otherOnB })
        {
            await desk.WaitForVersionAsync(after.Version!.Value, ct);
            Assert.Contains(desk.Received, m => m.ToVersion == after.Version); // live, over Redis again
        }

        Assert.Equal(2, onA.Pulls); // the snapshot, and the gap noticed at the first change after the outage
        Assert.Equal(1, joinedOnA.Pulls);
        var server = await Instances.ServerVisitsAsync(a.BaseAddress, token, ct);
        foreach (var desk in new[] { onA, joinedOnA, pusherOnB, otherOnB })
        {
            Assert.Equal(server, Instances.Visits(desk.Visits.Values));
        }

        Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
        Assert.Equal("Healthy", degraded.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        output.WriteLine($"push through B while Redis was down: {pushDuring.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task AnInstanceStartedWithoutRedisServesItsDesksAndJoinsTheBackplaneWhenRedisComes()
    {
        var ct = Timeout();
        await using var redis = RedisServer.Reserve(); // nothing listens there yet
        await using var instances = new Instances(redis.ConnectionString);
        var clock = Stopwatch.StartNew();
        var a = await instances.StartAsync("A", ct);
        var startedIn = clock.Elapsed;
        var degraded = await RedisIsAsync("Degraded", ct, a);
        var token = await Instances.TokenAsync(a.BaseAddress, "desk1", ct);
        await using var onA = await LiveDesk.StartAsync(a.BaseAddress, token, Instances.Branch, ct);
        var actions = new Actions(instances.General);

        var alone = await Instances.PushOverRestAsync(a.BaseAddress, token, actions.Register("No Redis yet"), ct);
        await onA.WaitForVersionAsync(alone.Version!.Value, ct);

        await redis.StartAsync(ct);
        await RedisIsAsync("Healthy", ct, a);
        var b = await instances.StartAsync("B", ct);
        await RedisIsAsync("Healthy", ct, b);
        await redis.WaitForSubscribersAsync(instances.GroupChannel, 1, ct); // A's desk, registered now that Redis is there
        await using var onB = await LiveDesk.StartAsync(b.BaseAddress, token, Instances.Branch, ct);
        await redis.WaitForSubscribersAsync(instances.GroupChannel, 2, ct);
        var shared = await Instances.PushOverRestAsync(b.BaseAddress, token, actions.Register("Through B"), ct);

        await onA.WaitForVersionAsync(shared.Version!.Value, ct);
        Assert.Contains(onA.Received, m => m.ToVersion == shared.Version);
        Assert.Equal(1, onA.Pulls);
        Assert.Equal(await Instances.ServerVisitsAsync(b.BaseAddress, token, ct), Instances.Visits(onA.Visits.Values));
        Assert.Equal(HttpStatusCode.OK, (await a.ReadinessAsync(ct)).Status);
        Assert.Equal("Degraded", degraded.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        output.WriteLine($"instance ready with Redis unreachable in {startedIn.TotalMilliseconds:F0} ms (process start, migrations, seeding)");
    }

    /// <summary>Waits until every instance's readiness answers 200 with the Redis check at <paramref name="status"/>; returns the last report.</summary>
    private static async Task<JsonElement> RedisIsAsync(string status, CancellationToken cancellationToken, params ServerProcess[] servers)
    {
        var report = default(JsonElement);
        foreach (var server in servers)
        {
            report = await server.WaitForReadinessAsync((code, r) => code == HttpStatusCode.OK
                && r.GetProperty("checks").TryGetProperty("redis", out var check)
                && check.GetProperty("status").GetString() == status, cancellationToken);
        }

        return report;
    }
}
