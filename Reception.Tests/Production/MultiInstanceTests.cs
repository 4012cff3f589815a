using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Web.Live;
using Xunit.Abstractions;

namespace Reception.Tests.Production;

/// <summary>Two real instances on one database and one Redis, and nginx in front of both (deploy/nginx).</summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    public Instances Instances { get; private set; } = null!;
    public ServerProcess A { get; private set; } = null!;
    public ServerProcess B { get; private set; } = null!;
    public NginxServer Nginx { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token; // two instances and nginx
        Instances = new Instances(RedisServer.Shared); // here, not in the constructor: a missing server's message reaches the report
        A = await Instances.StartAsync("A", ct);
        B = await Instances.StartAsync("B", ct);
        Nginx = Instances.Own(await NginxServer.StartAsync([A.BaseAddress, B.BaseAddress], ct));
        foreach (var instance in new[] { A, B })
        {
            await instance.WaitForReadinessAsync((_, r) => r.GetProperty("status").GetString() == "Healthy", ct);
        }
    }

    public async Task DisposeAsync()
    {
        if (Instances is not null)
        {
            await Instances.DisposeAsync();
        }
    }
}

[Collection(ProductionCollection.Name)]
public sealed class MultiInstanceTests(TwoInstancesFixture fixture, ITestOutputHelper output) : IClassFixture<TwoInstancesFixture>
{
    public static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private ServerProcess A => fixture.A;
    private ServerProcess B => fixture.B;

    [Fact]
    public async Task ADeskOfOneInstanceReceivesARegistrationPushedThroughTheOther()
    {
        var ct = Timeout();
        // A token from A works on B: the instances share the signing key.
        var desk1 = await Instances.TokenAsync(A.BaseAddress, "desk1", ct);
        var desk2 = await Instances.TokenAsync(A.BaseAddress, "desk2", ct);
        await using var onA = await LiveDesk.StartAsync(A.BaseAddress, desk1, Instances.Branch, ct);
        await using var onB = await LiveDesk.StartAsync(B.BaseAddress, desk2, Instances.Branch, ct);
        var arrivals = new ConcurrentDictionary<long, long>();
        onA.Connection.On<ChangesMessage>("changes", m => arrivals.TryAdd(m.ToVersion, Stopwatch.GetTimestamp()));
        var actions = new Actions(fixture.Instances.General);

        var delays = new List<double>();
        var versions = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var result = (await onB.PushAsync(ct, actions.Register($"Through B {i}"))).Results.Single();
            Assert.Equal(ResultStatus.Applied, result.Status);
            await onA.WaitForVersionAsync(result.Version!.Value, ct);
            while (!arrivals.ContainsKey(result.Version.Value))
            {
                await Task.Delay(1, ct); // the replica may be updated a moment before this handler runs
            }

            delays.Add(Stopwatch.GetElapsedTime(sent, arrivals[result.Version.Value]).TotalMilliseconds);
            versions.Add(result.Version.Value);
        }

        // Every registration arrived at A as its own `changes`, in order, with nothing missed (no pull).
        var received = onA.Received.OrderBy(m => m.ToVersion).ToList();
        Assert.Equal(versions, received.Select(m => m.ToVersion));
        Assert.All(received, m => Assert.Equal((Instances.Branch, m.ToVersion), (m.Branch, m.FromVersion)));
        Assert.Equal("Through B 0", received[0].Items.Single().Visit.Name);
        Assert.Equal(actions.ClientId, received[0].Items.Single().ClientId);
        Assert.Equal(1, onA.Pulls);
        var server = await Instances.ServerVisitsAsync(A.BaseAddress, desk1, ct);
        Assert.Equal(server, Instances.Visits(onA.Visits.Values));
        Assert.Equal(server, Instances.Visits(onB.Visits.Values));

        delays.Sort();
        output.WriteLine($"push through B → `changes` at a desk of A, over Redis: median {delays[delays.Count / 2]:F1} ms, " +
                         $"max {delays[^1]:F1} ms ({delays.Count} pushes, push round trip included)");
    }

    [Fact]
    public async Task ThroughTheLoadBalancerADeskReceivesAPushAndSoDoTheDesksOfBothInstances()
    {
        var ct = Timeout();
        var nginx = fixture.Nginx.BaseAddress;
        var token = await Instances.TokenAsync(nginx, "desk1", ct);
        // A browser sends its page's origin; through the proxy it must still count as this site.
        await using var viaNginx = await LiveDesk.StartAsync(nginx, token, Instances.Branch, ct,
            origin: nginx.GetLeftPart(UriPartial.Authority));
        await using var onA = await LiveDesk.StartAsync(A.BaseAddress, token, Instances.Branch, ct);
        await using var onB = await LiveDesk.StartAsync(B.BaseAddress, token, Instances.Branch, ct);
        var actions = new Actions(fixture.Instances.General);

        var result = await Instances.PushOverRestAsync(nginx, token, actions.Register("Through nginx"), ct);

        Assert.Equal(ResultStatus.Applied, result.Status);
        foreach (var desk in new[] { viaNginx, onA, onB })
        {
            await desk.WaitForVersionAsync(result.Version!.Value, ct);
            var message = Assert.Single(desk.Received, m => m.ToVersion == result.Version);
            Assert.Equal("Through nginx", message.Items.Single().Visit.Name);
        }

        Assert.Equal(await Instances.ServerVisitsAsync(nginx, token, ct), Instances.Visits(viaNginx.Visits.Values));
    }

    [Fact]
    public async Task LongPollingThroughTheLoadBalancerKeepsToOneInstance()
    {
        var ct = Timeout();
        var nginx = fixture.Nginx.BaseAddress;
        var token = await Instances.TokenAsync(nginx, "desk2", ct);
        // Every poll is a request of its own: without affinity half of them would reach an instance
        // that does not know the connection, and it would close.
        await using var polling = await LiveDesk.StartAsync(nginx, token, Instances.Branch, ct, HttpTransportType.LongPolling);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"ping {i}", await polling.Connection.InvokeAsync<string>("Echo", $"ping {i}", ct));
        }

        var result = await Instances.PushOverRestAsync(B.BaseAddress, token, new Actions(fixture.Instances.General).Register("Polled"), ct);
        await polling.WaitForVersionAsync(result.Version!.Value, ct);

        Assert.Equal(HubConnectionState.Connected, polling.Connection.State);
        Assert.Equal(await Instances.ServerVisitsAsync(nginx, token, ct), Instances.Visits(polling.Visits.Values));
    }

    [Fact]
    public async Task ReadinessThroughTheLoadBalancerReportsTheDatabaseAndRedis()
    {
        var ct = Timeout();
        using var http = new HttpClient { BaseAddress = fixture.Nginx.BaseAddress };

        using var response = await http.GetAsync("/health/ready", ct);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }
}
