using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;
using Reception.Web.Live;

namespace Reception.Bench;

/// <summary>
/// Two desks of the demo branch over real WebSockets: the pusher (desk1) and the receiver (desk2),
/// each on the instance it was given. Each push is one register; the receiver's <c>changes</c>
/// handler recognises it by the pusher's clientId and the push's mutationId.
/// </summary>
internal sealed class FanoutSetup : IAsyncDisposable
{
    internal const string Branch = "demo";
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(10);

    private readonly HubConnection _pusher;
    private readonly HubConnection _receiver;
    private readonly Guid _service;
    private readonly Guid _clientId = Guid.NewGuid();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _awaited = new();
    private long _mutationId;

    private FanoutSetup(string name, HubConnection pusher, HubConnection receiver, Guid service)
    {
        Name = name;
        _pusher = pusher;
        _receiver = receiver;
        _service = service;
        receiver.On<ChangesMessage>("changes", OnChanges);
    }

    public string Name { get; }

    /// <summary>Registers go through <paramref name="pushThrough"/>; the receiving desk is connected to <paramref name="receiveFrom"/>.</summary>
    public static async Task<FanoutSetup> ConnectAsync(string name, Uri pushThrough, Uri receiveFrom, CancellationToken cancellationToken)
    {
        var pusherToken = await TokenAsync(pushThrough, "desk1", cancellationToken);
        var receiverToken = await TokenAsync(receiveFrom, "desk2", cancellationToken);
        var service = await GeneralServiceAsync(pushThrough, pusherToken, cancellationToken);
        var pusher = Connect(pushThrough, pusherToken);
        var receiver = Connect(receiveFrom, receiverToken);
        var setup = new FanoutSetup(name, pusher, receiver, service);
        try
        {
            await pusher.StartAsync(cancellationToken);
            await receiver.StartAsync(cancellationToken);
            // A desk joins its branch's group in OnConnectedAsync, which may still run after the handshake;
            // the hub takes a connection's first call only once it is done.
            await pusher.InvokeAsync<string>("Echo", "joined", cancellationToken);
            await receiver.InvokeAsync<string>("Echo", "joined", cancellationToken);
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="pushes"/> times, one after another: an Echo, then one register pushed, then
    /// a wait until the receiving desk has its change, so that the next call starts on quiet
    /// connections. The baseline and the candidate thus alternate call by call: both see the same
    /// background (a collection, a checkpoint, a timer of the instances), which a separate run of echoes,
    /// over a hundred times shorter than a run of pushes, would mostly miss.
    /// </summary>
    public async Task<FanoutRun> RunAsync(int pushes, CancellationToken cancellationToken)
    {
        var echo = new double[pushes];
        var push = new double[pushes];
        var afterReturn = new double[pushes];
        var fromSend = new double[pushes];
        var early = 0;
        for (var i = 0; i < pushes; i++)
        {
            var called = Stopwatch.GetTimestamp();
            var echoed = await _pusher.InvokeAsync<string>("Echo", "ping", cancellationToken);
            echo[i] = Milliseconds(called, Stopwatch.GetTimestamp());
            if (echoed != "ping")
            {
                throw new BenchFailure($"{Name}: Echo answered '{echoed}'.");
            }

            var action = Register();
            var receipt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited[action.MutationId] = receipt;

            var sent = Stopwatch.GetTimestamp();
            var response = await _pusher.InvokeAsync<PushResponse>("Push", new PushRequest { Branch = Branch, Actions = [action] },
                cancellationToken);
            var returned = Stopwatch.GetTimestamp();
            if (response.Results is not [{ Status: ResultStatus.Applied }])
            {
                throw new BenchFailure($"{Name}: register #{action.MutationId} was not applied: {WireJson.Serialize(response)}");
            }

            long received;
            try
            {
                received = await receipt.Task.WaitAsync(ReceiptTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new BenchFailure($"{Name}: the receiving desk never got register #{action.MutationId} (waited {ReceiptTimeout.TotalSeconds:F0} s).");
            }

            push[i] = Milliseconds(sent, returned);
            afterReturn[i] = Milliseconds(returned, received); // negative when the change beat the answer
            fromSend[i] = Milliseconds(sent, received);
            if (received < returned)
            {
                early++;
            }
        }

        return new FanoutRun(
            LatencyRun.Of(Name, Measures.Echo, echo),
            LatencyRun.Of(Name, Measures.Push, push),
            LatencyRun.Of(Name, Measures.AfterReturn, afterReturn),
            LatencyRun.Of(Name, Measures.FromSend, fromSend),
            early);
    }

    public async ValueTask DisposeAsync()
    {
        await _pusher.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    // The timestamp comes first: the receipt is when the message reached the desk's code.
    private void OnChanges(ChangesMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var change in message.Items)
        {
            if (change.ClientId == _clientId && change.MutationId is { } id && _awaited.TryRemove(id, out var receipt))
            {
                receipt.TrySetResult(now);
            }
        }
    }

    private SyncAction Register() => Register(_clientId, ++_mutationId, _service);

    /// <summary>A register of a new visit to <paramref name="service"/>, named after its mutationId.</summary>
    internal static SyncAction Register(Guid clientId, long mutationId, Guid service) => new()
    {
        ClientId = clientId,
        MutationId = mutationId,
        Type = ActionTypes.Register,
        VisitId = Guid.NewGuid(),
        Args = JsonSerializer.SerializeToElement(new { serviceId = service, name = $"Fan-out {mutationId:00000}" }, WireJson.Options),
    };

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    internal static HubConnection Connect(Uri server, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, LiveExtensions.HubPath), o =>
            {
                // WebSockets only, as a browser on a good network; no negotiate round trip.
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();

    /// <summary>A demo login's access token, from <c>POST /api/v1/auth/token</c>.</summary>
    internal static async Task<string> TokenAsync(Uri server, string userName, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token",
            new { username = userName, password = FanoutServer.DemoPassword }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailure($"token for {userName} at {server}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The demo branch's General service (prefix A), from a snapshot.</summary>
    internal static async Task<Guid> GeneralServiceAsync(Uri server, string token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var pull = await http.GetFromJsonAsync<PullResponse>($"/api/v1/sync/pull?branch={Branch}&since=0", WireJson.Options,
            cancellationToken);
        return pull?.Snapshot?.Services.SingleOrDefault(s => s.Prefix == "A")?.Id
            ?? throw new BenchFailure($"{server}: the demo branch has no General service (prefix A).");
    }
}

/// <summary>One run: the echo baseline, the push's own round trip, its change's delay after it and from before it.</summary>
internal sealed record FanoutRun(LatencyRun Echo, LatencyRun Push, LatencyRun AfterReturn, LatencyRun FromSend, int Early)
{
    public IEnumerable<LatencyRun> All => [Echo, Push, AfterReturn, FromSend];
}
