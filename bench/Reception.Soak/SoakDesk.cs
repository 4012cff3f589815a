using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;

namespace Reception.Soak;

/// <summary>What the hub sends every connection of a branch after a commit.</summary>
internal sealed record ChangesMessage(string Branch, long FromVersion, long ToVersion, IReadOnlyList<ChangeDto> Items);

/// <summary>Counters shared by every desk (Interlocked).</summary>
internal sealed class Stats
{
    public int Pushes, Broadcasts, LostAcks, Replays, InFlightResends, TransientErrors, Reconnects, GapPulls, OfflinePeriods;
    public readonly List<string> ServerErrors = [];
    public readonly List<string> Violations = [];

    public void Violation(string what)
    {
        lock (Violations) Violations.Add(what);
    }

    public void ServerError(string what)
    {
        lock (ServerErrors) ServerErrors.Add(what);
    }
}

/// <summary>
/// A desk over a real SignalR connection (WebSockets) to one of the instances, failing over to the
/// other when its own is down: an outbox of actions without a final result, offline periods,
/// batches re-sent after a lost answer, a replica kept from broadcasts with gap detection and pulls.
/// </summary>
internal sealed class SoakDesk(int index, IReadOnlyList<Uri> instances, string token, BranchInfo branch, Guid deskId, int seed, Stats stats)
{
    private readonly Random _random = new(seed);
    private readonly object _gate = new();
    private readonly Dictionary<Guid, VisitDto> _replica = [];
    private readonly List<Guid> _local = [];
    private HubConnection? _connection;
    private bool _pullNeeded;
    private DateTime _offlineUntil = DateTime.MinValue;

    public int Index { get; } = index;
    public Guid ClientId { get; } = Workload.NewGuid(new Random(seed ^ 0x51ab));
    public long LastMutationId { get; private set; }
    public List<Issued> Outbox { get; } = [];
    public Dictionary<long, Issued> Issued { get; } = [];
    public long Version { get; private set; }

    public IReadOnlyDictionary<Guid, VisitDto> Replica
    {
        get { lock (_gate) return new Dictionary<Guid, VisitDto>(_replica); }
    }

    public async Task RunAsync(DateTime until, CancellationToken cancellationToken)
    {
        while (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            var online = DateTime.UtcNow >= _offlineUntil && await EnsureConnectedAsync(cancellationToken);
            if (online && _random.Next(60) == 0)
            {
                Interlocked.Increment(ref stats.OfflinePeriods);
                _offlineUntil = DateTime.UtcNow.AddMilliseconds(_random.Next(500, 4000));
                await DropConnectionAsync();
                online = false;
            }

            Issue(online);
            if (online)
            {
                if (_pullNeeded) await PullAsync(cancellationToken);
                await FlushAsync(faults: true, cancellationToken);
                if (_random.Next(30) == 0) await ReplayOldAsync(cancellationToken);
                if (_random.Next(15) == 0) await ResendInFlightAsync(cancellationToken);
                if (_random.Next(10) == 0) await PullAsync(cancellationToken);
            }

            await Task.Delay(_random.Next(20, 150), cancellationToken);
        }
    }

    /// <summary>Back online for good: sends until every action has a final result (or the time is up).</summary>
    public async Task FinishAsync(DateTime until, CancellationToken cancellationToken)
    {
        _offlineUntil = DateTime.MinValue;
        while (DateTime.UtcNow < until)
        {
            if (await EnsureConnectedAsync(cancellationToken))
            {
                await FlushAsync(faults: false, cancellationToken);
                if (Outbox.Count == 0 && await PullAsync(cancellationToken)) return;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public async Task<bool> FinalPullAsync(CancellationToken cancellationToken) =>
        await EnsureConnectedAsync(cancellationToken) && await PullAsync(cancellationToken);

    private void Issue(bool online)
    {
        List<VisitDto> replica;
        lock (_gate) replica = _replica.Values.ToList();
        var action = Workload.Next(_random, ClientId, ++LastMutationId, deskId, branch, replica, _local, online);
        var issued = new Issued(action);
        Issued[action.MutationId] = issued;
        Outbox.Add(issued);
        if (action.Type == ActionTypes.Register) _local.Add(action.VisitId!.Value);
    }

    private async Task FlushAsync(bool faults, CancellationToken cancellationToken)
    {
        while (Outbox.Count > 0)
        {
            var batch = Outbox.Take(_random.Next(3) == 0 ? _random.Next(1, Outbox.Count + 1) : Math.Min(Outbox.Count, 100))
                .Select(i => i.Action).ToList();
            var results = await PushAsync(batch, cancellationToken);
            if (results is null) return;
            if (faults && _random.Next(12) == 0)
            {
                Interlocked.Increment(ref stats.LostAcks);
                return; // the answer is lost: the same actions go again later
            }

            Receive(batch, results);
            if (Outbox.Count > 0 && Outbox[0].Action.MutationId <= batch[^1].MutationId) return; // deferred: later
        }
    }

    private async Task ReplayOldAsync(CancellationToken cancellationToken)
    {
        var done = Issued.Values.Where(i => i.Final is not null).ToList();
        if (done.Count == 0) return;
        var batch = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => done[_random.Next(done.Count)].Action)
            .DistinctBy(a => a.MutationId).OrderBy(a => a.MutationId).ToList();
        Interlocked.Increment(ref stats.Replays);
        var results = await PushAsync(batch, cancellationToken);
        if (results is null) return;
        foreach (var (action, result) in batch.Zip(results))
        {
            // Deferred: the apply failed transiently before the replay could be recognised; the inbox's retry
            // answers it duplicate later. Whether it was applied again is what the checker reads from the database.
            if (result.Status is not (ResultStatus.Duplicate or ResultStatus.Deferred))
            {
                stats.Violation($"desk {Index} mutation {action.MutationId} re-sent after its final result answered {result.Status}, not duplicate");
            }
        }

        Receive(batch, results);
    }

    /// <summary>The same batch twice at once (a re-send after a lost answer while the first is still in flight).</summary>
    private async Task ResendInFlightAsync(CancellationToken cancellationToken)
    {
        if (Outbox.Count == 0) return;
        var batch = Outbox.Select(i => i.Action).Take(100).ToList();
        Interlocked.Increment(ref stats.InFlightResends);
        // The hub runs one connection's invocations one at a time, so the twin goes over REST to the other instance.
        var twins = await Task.WhenAll(PushAsync(batch, cancellationToken), PushOverRestAsync(batch, cancellationToken));
        foreach (var results in twins.OfType<IReadOnlyList<ActionResult>>()) Receive(batch, results);
    }

    private async Task<IReadOnlyList<ActionResult>?> PushAsync(IReadOnlyList<SyncAction> batch, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is not { State: HubConnectionState.Connected }) return null;
        Interlocked.Increment(ref stats.Pushes);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            var response = await connection.InvokeAsync<PushResponse>("Push", new PushRequest { Branch = branch.Slug, Actions = batch }, timeout.Token);
            if (response.Results.Count != batch.Count)
            {
                stats.Violation($"desk {Index}: {batch.Count} actions pushed, {response.Results.Count} results");
                return null;
            }

            return response.Results;
        }
        catch (HubException e) when (e.Message.Contains("Unavailable", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref stats.TransientErrors);
            return null;
        }
        catch (HubException e)
        {
            stats.ServerError($"desk {Index}: push of mutations {batch[0].MutationId}–{batch[^1].MutationId}: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException
                                      or System.Net.WebSockets.WebSocketException or HttpRequestException)
        {
            Interlocked.Increment(ref stats.TransientErrors); // the instance died or the connection broke: send again later
            await DropConnectionAsync();
            return null;
        }
    }

    private static readonly HttpClient Rest = new() { Timeout = TimeSpan.FromSeconds(15) };

    private async Task<IReadOnlyList<ActionResult>?> PushOverRestAsync(IReadOnlyList<SyncAction> batch, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var instance = instances[(Index + 1) % instances.Count];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance, "/api/v1/sync/push"))
        {
            Content = JsonContent.Create(new PushRequest { Branch = branch.Slug, Actions = batch }, options: WireJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await Rest.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    stats.ServerError($"desk {Index}: REST twin of mutations {batch[0].MutationId}–{batch[^1].MutationId} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
                }

                return null;
            }

            if (!response.IsSuccessStatusCode) return null;
            var pushed = await response.Content.ReadFromJsonAsync<PushResponse>(WireJson.Options, cancellationToken);
            return pushed?.Results.Count == batch.Count ? pushed.Results : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // the other instance is down
        }
    }

    private void Receive(IReadOnlyList<SyncAction> batch, IReadOnlyList<ActionResult> results)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var issued = Issued[batch[i].MutationId];
            var result = results[i];
            var final = result.Status switch
            {
                ResultStatus.Applied or ResultStatus.Conflict or ResultStatus.Rejected => result,
                ResultStatus.Duplicate => result.Original ?? result,
                _ => null,
            };
            if (final is null) continue;
            if (issued.Final is { } known)
            {
                if (WireJson.Serialize(known) != WireJson.Serialize(final))
                {
                    stats.Violation($"desk {Index} mutation {batch[i].MutationId}: answered {known.Status} v{known.Version} first, then {final.Status} v{final.Version}");
                }
            }
            else
            {
                issued.Final = final;
            }

            Outbox.Remove(issued);
        }
    }

    private async Task<bool> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: HubConnectionState.Connected }) return true;
        await DropConnectionAsync();
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[(Index + i) % instances.Count];
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(instance, "/hubs/queue"), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            connection.On<ChangesMessage>("changes", OnChanges);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await connection.StartAsync(timeout.Token);
                await connection.InvokeAsync<object>("Subscribe", branch.Slug, timeout.Token);
                _connection = connection;
                Interlocked.Increment(ref stats.Reconnects);
                return await PullAsync(cancellationToken); // a reconnect always pulls what it missed
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await connection.DisposeAsync();
            }
        }

        return false;
    }

    private async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception)
            {
                // it is gone either way
            }
        }
    }

    private void OnChanges(ChangesMessage message)
    {
        Interlocked.Increment(ref stats.Broadcasts);
        lock (_gate)
        {
            if (message.ToVersion <= Version) return;
            if (message.FromVersion != Version + 1)
            {
                _pullNeeded = true; // a gap: the next step pulls from the version held
                Interlocked.Increment(ref stats.GapPulls);
                return;
            }

            Apply(message.Items);
        }
    }

    private void Apply(IEnumerable<ChangeDto> items)
    {
        foreach (var change in items)
        {
            if (change.Version != Version + 1)
            {
                stats.Violation($"desk {Index}: change {change.Version} arrived right after {Version}");
            }

            _replica[change.Visit.Id] = change.Visit;
            _local.Remove(change.Visit.Id);
            Version = change.Version;
        }
    }

    private async Task<bool> PullAsync(CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null) return false;
        try
        {
            while (true)
            {
                long since;
                lock (_gate) since = Version;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                var pull = await connection.InvokeAsync<PullResponse>("Pull", branch.Slug, since, timeout.Token);
                lock (_gate)
                {
                    if (pull.Snapshot is { } snapshot)
                    {
                        _replica.Clear();
                        foreach (var visit in snapshot.Visits) _replica[visit.Id] = visit;
                        Version = pull.ToVersion;
                    }
                    else
                    {
                        // Broadcasts may have moved the replica on meanwhile: only what follows it applies.
                        Apply((pull.Changes ?? []).Where(c => c.Version > Version));
                    }

                    _pullNeeded = false;
                }

                if (!pull.HasMore) return true;
            }
        }
        catch (Exception e) when (e is HubException or OperationCanceledException or InvalidOperationException or IOException
                                      or System.Net.WebSockets.WebSocketException)
        {
            await DropConnectionAsync();
            return false;
        }
    }
}
