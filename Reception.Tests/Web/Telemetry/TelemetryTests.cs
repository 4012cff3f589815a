using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Telemetry;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;
using Reception.Web.Telemetry;
using Xunit.Abstractions;

namespace Reception.Tests.Web.Telemetry;

/// <summary>The app on PostgreSQL with tracing on and every finished span kept in memory.</summary>
public sealed class TracedAppFixture : IAsyncLifetime
{
    /// <summary>In the connection string (the test server trusts local connections, so any password works): no span may show it.</summary>
    public const string DatabasePassword = "Pw-otel-never-exported-31";

    public TracedAppFixture() => App = new ReceptionApp(Provider.Postgres,
        new Dictionary<string, string?> { ["Reception:Telemetry:Tracing"] = "true" },
        database: TestPostgres.CreateDatabase() + $";Password={DatabasePassword}",
        services: s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(Spans));
            s.AddSingleton<IInterceptor>(Faults);
        });

    /// <summary>Idle unless a test arms it: then the app's change-feed writes fail transiently.</summary>
    public FaultInjector Faults { get; } = new();

    public ReceptionApp App { get; }

    /// <summary>Every span the app's tracer exported (and, since sources are process-wide, other apps' of this run).</summary>
    public List<Activity> Spans { get; } = [];

    public Task InitializeAsync()
    {
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Metrics and traces as an operator reads them: the reception.* metrics move when actions are applied,
/// one trace runs from a push (REST and hub) to its broadcast, /metrics is Prometheus text for admins
/// only, and no visitor's name, phone, notes or code is in anything exported.
/// </summary>
public sealed class TelemetryTests(TracedAppFixture fixture, ITestOutputHelper output) : IClassFixture<TracedAppFixture>
{
    private readonly ReceptionApp app = fixture.App;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task AppliedActionsMoveTheCounterByTypeAndResultAndTheApplyBatchAndPullHistograms()
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        var device = new TestClient(app, branch);
        using var measured = new Measurements(app);

        var first = device.Register(Guid.NewGuid(), branch.General, "Ada");
        var results = await (await http.PushAsync(branch.Slug, first, device.Register(Guid.NewGuid(), branch.General, "Grace"))).ResultsAsync();
        await (await http.PushAsync(branch.Slug, first)).ResultsAsync(); // a replay: duplicate
        var unknown = device.Next("teleport", Guid.NewGuid());
        var refused = (await (await http.PushAsync(branch.Slug, unknown)).ResultsAsync()).Single();
        await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=0", Timeout());
        await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=1", Timeout());

        Assert.All(results, r => Assert.Equal(ResultStatus.Applied, r.Status));
        Assert.Equal(ResultStatus.Rejected, refused.Status);
        Assert.Equal(2, measured.Sum("reception.actions", ("type", "register"), ("result", "applied")));
        Assert.Equal(1, measured.Sum("reception.actions", ("type", "register"), ("result", "duplicate")));
        Assert.Equal(1, measured.Sum("reception.actions", ("type", "other"), ("result", "rejected")));
        Assert.Equal(1, measured.Count("reception.apply.duration", ("mode", "batch")));
        Assert.Equal(new double[] { 2, 1, 1 }, measured.Values("reception.push.batch.size"));
        Assert.Equal(new double[] { 2 }, measured.Values("reception.pull.size", ("kind", "snapshot")));
        Assert.Equal(new double[] { 1 }, measured.Values("reception.pull.size", ("kind", "changes")));
        await app.Services.GetRequiredService<CommitAnnouncer>().AnnouncedAsync(); // the pushes do not wait for the broadcast
        var delay = Assert.Single(measured.Values("reception.broadcast.delay"));
        Assert.InRange(delay, 0, 5);
    }

    [Fact]
    public async Task ADeferredActionAndItsGivingUpAreCounted()
    {
        var branch = await TestBranch.CreateAsync(app);
        var device = new TestClient(app, branch);
        using var measured = new Measurements(app);
        fixture.Faults.FailNext(1000);
        try
        {
            Assert.Equal(ResultStatus.Deferred, (await device.PushOneAsync(device.Register(Guid.NewGuid(), branch.General, "Never"))).Status);
            for (var i = 0; i < DrainInboxHandler.MaxAttempts; i++)
            {
                try
                {
                    await app.SendAsync(new DrainInbox(branch.Id, device.ClientId));
                }
                catch (Exception e) when (Reception.Data.TransientFailures.IsTransient(e))
                {
                    // a failed attempt, as the job would see it (its own retries run beside these)
                }
            }
        }
        finally
        {
            fixture.Faults.FailNext(0);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (measured.Sum("reception.inbox.given_up") < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, measured.Sum("reception.actions", ("type", "register"), ("result", "deferred")));
        Assert.Equal(1, measured.Sum("reception.inbox.given_up"));
        Assert.Equal(1, measured.Sum("reception.actions", ("type", "register"), ("result", "rejected")));
    }

    [Fact]
    public async Task LiveConnectionsAndTheInboxAreObserved()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var desk = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        using var measured = new Measurements(app);
        await app.WithDbAsync(async db =>
        {
            db.Inbox.Add(new InboxItem
            {
                BranchId = branch.Id, ClientId = Guid.NewGuid(), MutationId = 1, Action = "{}", Caller = "{}",
                Status = InboxStatus.Pending, CreatedAt = DateTime.UtcNow.AddMinutes(-2),
            });
            return await db.SaveChangesAsync();
        });

        await using (await LiveDesk.StartAsync(app, await desk.TokenAsync(app, ct), branch.Slug, ct))
        {
            await app.Services.GetServices<IHostedService>().OfType<InboxSampler>().Single().SampleAsync(ct);
            measured.Observe();
            Assert.Equal(1, measured.Last("reception.connections", ("kind", "desk")));
            Assert.Equal(0, measured.Last("reception.connections", ("kind", "display")));
            Assert.True(measured.Last("reception.inbox.depth") >= 1);
            Assert.InRange(measured.Last("reception.inbox.oldest_pending.age"), 110, 3600);
        }

        // The server notices the closed connection a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(20, ct);
            measured.Observe();
        }
        while (measured.Last("reception.connections", ("kind", "desk")) != 0 && DateTime.UtcNow < deadline);

        Assert.Equal(0, measured.Last("reception.connections", ("kind", "desk")));
    }

    [Fact]
    public async Task OneTraceRunsFromARestPushThroughApplyAndCommitToTheBroadcast()
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        var device = new TestClient(app, branch);

        await (await http.PushAsync(branch.Slug, device.Register(Guid.NewGuid(), branch.General, "Ada"))).ResultsAsync();

        var trace = await TraceOfPushAsync(branch.Slug);
        var push = trace.Single(s => s.DisplayName == ReceptionTelemetry.PushSpan);
        Assert.Equal((ResultStatus.Applied, "register", "1"), (Tag(push, ReceptionTelemetry.ResultAttribute),
            Tag(push, ReceptionTelemetry.TypeAttribute), Tag(push, ReceptionTelemetry.ActionsAttribute)));
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/api/v1/sync/push", server.GetTagItem("http.route"));
        Assert.Null(server.Parent);
        Describe(trace);
    }

    [Fact]
    public async Task OneTraceRunsFromAHubPushThroughApplyAndCommitToTheBroadcast()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        await using var desk = await LiveDesk.StartAsync(app, await login.TokenAsync(app, ct), branch.Slug, ct);
        var device = new TestClient(app, branch);

        var result = (await desk.PushAsync(ct, device.Register(Guid.NewGuid(), branch.General, "Ada"))).Results.Single();
        await desk.WaitForVersionAsync(result.Version!.Value, ct);

        var trace = await TraceOfPushAsync(branch.Slug);
        Assert.Equal(ResultStatus.Applied, Tag(trace.Single(s => s.DisplayName == ReceptionTelemetry.PushSpan), ReceptionTelemetry.ResultAttribute));
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.AspNetCore.SignalR.Server" && s.DisplayName.EndsWith("/Push", StringComparison.Ordinal));
        Describe(trace);
    }

    /// <summary>The trace as a tree in the test's output (what an operator sees in Tempo or Jaeger).</summary>
    private void Describe(IReadOnlyList<Activity> trace)
    {
        void Write(Activity span, int depth)
        {
            var tags = string.Join(", ", span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            output.WriteLine($"{new string(' ', depth * 2)}{span.DisplayName} [{span.Source.Name}] {span.Duration.TotalMilliseconds:0.0} ms {tags}");
            foreach (var child in trace.Where(c => c.ParentSpanId == span.SpanId).OrderBy(c => c.StartTimeUtc))
            {
                Write(child, depth + 1);
            }
        }

        output.WriteLine($"trace {trace[0].TraceId}");
        foreach (var root in trace.Where(s => trace.All(p => p.SpanId != s.ParentSpanId)))
        {
            Write(root, 0);
        }
    }

    [Fact]
    public async Task NoVisitorNamePhoneNotesOrCodeAppearsInAnySpanOrMetric()
    {
        var ct = Timeout();
        const string name = "Zebulon Quixotic-Marmalade";
        const string phone = "+44 7700 900461";
        const string notes = "allergic to periwinkle sorbet";
        var branch = await TestBranch.CreateAsync(app);
        var http = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        await using var desk = await LiveDesk.StartAsync(app, await login.TokenAsync(app, ct), branch.Slug, ct);
        var rest = new TestClient(app, branch);
        var hub = new TestClient(app, branch);
        var viaRest = Guid.NewGuid();
        var viaHub = Guid.NewGuid();

        var registered = (await (await http.PushAsync(branch.Slug,
            rest.Register(viaRest, branch.General, name, new { phone, notes }))).ResultsAsync()).Single();
        var edited = (await desk.PushAsync(ct,
            hub.Register(viaHub, branch.Billing, name + " Junior", new { phone }),
            hub.Edit(viaRest, registered.Version!.Value, new { notes = notes + " and cats", phone = phone + "9" }),
            hub.Call(viaRest, branch.Desk1),
            hub.Next(name, viaHub, new { name, phone, notes }))).Results; // a type no server knows: rejected
        var code = await app.WithDbAsync(db => db.Visits.Where(v => v.Id == viaRest).Select(v => v.Code).SingleAsync());
        Assert.False(string.IsNullOrEmpty(code));
        await app.CreateClient().GetAsync($"/v/{code}", ct); // the visitor's own status page
        await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=0", ct);
        await http.GetAsync($"/api/v1/branches/{branch.Slug}/queue", ct);
        using var admin = app.ClientWith(await app.TokenAsync("admin"));
        var scrape = await (await admin.GetAsync(TelemetryExtensions.MetricsPath, ct)).Content.ReadAsStringAsync(ct);
        var trace = await TraceOfPushAsync(branch.Slug);

        Assert.Equal((ResultStatus.Applied, ResultStatus.Rejected), (edited[0].Status, edited[^1].Status));
        Assert.NotEmpty(trace);
        var exported = ExportedText().Append(scrape).ToList();
        Assert.Contains(exported, t => t.Contains(branch.Slug, StringComparison.Ordinal)); // the spans of this test are there
        foreach (var secret in new[] { "Zebulon", "Quixotic", "Marmalade", "7700 900461", "900461", "periwinkle", code,
                     TracedAppFixture.DatabasePassword })
        {
            Assert.DoesNotContain(exported, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task MetricsAnswerPrometheusTextToAnAdminAndRefuseEveryoneElse()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(app);
        await new TestClient(app, branch).PushOneAsync(new TestClient(app, branch).Register(Guid.NewGuid(), branch.General, "Ada"));
        var deskLogin = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        var managerLogin = await TestLogin.CreateAsync(app, branch, Roles.Manager);
        using var admin = app.ClientWith(await app.TokenAsync("admin"));
        using var desk = app.ClientWith(await deskLogin.TokenAsync(app, ct));
        using var manager = app.ClientWith(await managerLogin.TokenAsync(app, ct));
        using var apiKey = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var scrape = await admin.GetAsync(TelemetryExtensions.MetricsPath, ct);
        var text = await scrape.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE reception_actions_total counter", text);
        Assert.Contains("reception_apply_duration_seconds_bucket{", text);
        Assert.Contains("reception_connections{", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(TelemetryExtensions.MetricsPath, ct)).StatusCode);
        foreach (var other in new[] { desk, manager, apiKey })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(TelemetryExtensions.MetricsPath, ct)).StatusCode);
        }
    }

    /// <summary>
    /// The spans of the last push to <paramref name="branch"/>: one trace holding the push, at least one apply
    /// and commit, and the broadcast, all tagged with the branch and none with anything else of the visit.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> TraceOfPushAsync(string branch)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var spans = Snapshot();
            var push = spans.LastOrDefault(s => s.DisplayName == ReceptionTelemetry.PushSpan && Tag(s, ReceptionTelemetry.BranchAttribute) == branch);
            var trace = push is null ? [] : spans.Where(s => s.TraceId == push.TraceId).ToList();
            var names = trace.Select(s => s.DisplayName).ToHashSet();
            if (names.IsSupersetOf([ReceptionTelemetry.PushSpan, ReceptionTelemetry.ApplySpan, ReceptionTelemetry.CommitSpan,
                    ReceptionTelemetry.BroadcastSpan]) && trace.Any(s => s.Kind == ActivityKind.Server))
            {
                Assert.All(trace.Where(s => s.Source.Name == ReceptionTelemetry.Name && s.DisplayName != ReceptionTelemetry.CommitSpan),
                    s => Assert.Equal(branch, Tag(s, ReceptionTelemetry.BranchAttribute)));
                Assert.Equal(push!.SpanId, trace.Single(s => s.DisplayName == ReceptionTelemetry.BroadcastSpan).ParentSpanId);
                return trace;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No complete trace of a push to {branch}: saw {string.Join(", ", names)}");
            await Task.Delay(50);
        }
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    // The exporter only ever appends (and never reallocates under a reader's copy in a way that throws).
    private List<Activity> Snapshot() => [.. fixture.Spans];

    /// <summary>Everything a span exports as text: names, attributes, events and their attributes, links, status.</summary>
    private IEnumerable<string> ExportedText() => Snapshot().SelectMany(s =>
        new[] { s.DisplayName, s.OperationName, s.StatusDescription ?? "" }
            .Concat(s.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(s.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)))
            .Concat(s.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []))
            .Concat(s.Baggage.Select(b => $"{b.Key}={b.Value}")));

    /// <summary>Every measurement of this app's own Reception meter (not another app's of the same process).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _all = new();

        public Measurements(ReceptionApp app)
        {
            var scope = app.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ReceptionTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public double Sum(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Sum();

        public int Count(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Count;

        public double Last(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Last();

        public List<double> Values(string instrument, params (string Key, string Value)[] tags) =>
            _all.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value))
                .Select(m => m.Value).ToList();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            _all.Enqueue((instrument.Name, value, copy));
        }

        public void Dispose() => _listener.Dispose();
    }
}
