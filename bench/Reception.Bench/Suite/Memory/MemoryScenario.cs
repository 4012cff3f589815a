using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Access;
using Reception.Web.Live;
using static System.FormattableString;

namespace Reception.Bench.Suite.Memory;

/// <summary>
/// What an idle, connected desk costs the server in memory: the growth of a fresh Reception.Web
/// process's resident memory when N desks connect to it, warm and idle, divided by N; beside it, the
/// same for N plain WebSockets on a minimal ASP.NET Core app. Every sample is a fresh process, so all
/// start alike: one whose earlier clients left keeps much of their memory in its GC heap and pools for
/// the next ones to reuse, and one that keeps them open measured less per client the more it held
/// (63 → 50 KB per desk from 1,100 to 5,100 open, when this was written).
/// </summary>
internal sealed class MemoryScenario : ISuiteScenario
{
    public string Name => "memory";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context)
    {
        var token = context.Token;
        var block = context.Short ? 300 : 1000;
        RequireOpenFiles(IdleClients.Warm + block + 256);

        var database = await context.NewDatabaseAsync();
        var secrets = FanoutSecrets.New();

        async Task<MemorySample> Reception()
        {
            await using var web = await FanoutServer.StartAsync(Name, database, redis: null, secrets, token);
            var login = await FanoutSetup.TokenAsync(web.BaseAddress, "desk1", token);
            return await IdleClients.MeasureAsync(web.ProcessId, block, ct => ConnectDeskAsync(web.BaseAddress, login, ct), token);
        }

        async Task<MemorySample> Raw()
        {
            await using var raw = await RawWebSocketServer.StartAsync(token);
            return await IdleClients.MeasureAsync(raw.ProcessId, block, ct => ConnectRawAsync(raw.Address, ct), token);
        }

        // Every sample is a fresh process pair; short mode skips the discarded pair to stay under 2 minutes.
        var (reception, plain) = await Abba.RunAsync(context.Rounds, Reception, Raw,
            (label, sample) => context.Log.WriteLine($"   {label}: {sample}"), warmUp: !context.Short);
        return
        [
            new Figure(Name, "memory per idle desk", "KB",
                Stats.Of(reception.Select(s => s.PerClient)), "raw WebSocket", Stats.Of(plain.Select(s => s.PerClient)),
                Target.AtMost(64, "≤ 64 KB"), Note(block, reception, plain, context.Short)),
        ];
    }

    /// <summary>
    /// Every client holds a socket here and one in the server, which inherits this process's limits;
    /// the runtime's own files come on top. The runtime raises a process's soft limit on open files to
    /// the hard one as it starts, so only a low hard limit can stop the run.
    /// </summary>
    private static void RequireOpenFiles(int needed)
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        if (long.TryParse(soft, out var limit) && limit < needed)
        {
            throw new BenchFailure($"This process may open {limit} files and the scenario needs over {needed}: raise the hard limit (ulimit -Hn, as root) and run it again.");
        }
    }

    /// <summary>A desk as the browser connects one: authenticated, over WebSockets, subscribed to its branch.</summary>
    internal static async Task<IAsyncDisposable> ConnectDeskAsync(Uri server, string login, CancellationToken cancellationToken)
    {
        var connection = FanoutSetup.Connect(server, login);
        try
        {
            await connection.StartAsync(cancellationToken);
            await connection.InvokeAsync<BranchFeed>(nameof(QueueHub.Subscribe), "demo", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<IAsyncDisposable> ConnectRawAsync(Uri address, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
            return new RawClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Note(int block, IReadOnlyList<MemorySample> reception, IReadOnlyList<MemorySample> raw, bool quick) =>
        string.Join(" ",
            Invariant($"Each sample: a fresh process, {IdleClients.Warm} idle clients connected first and kept open (JIT and tier-up,"),
            "caches, the GC sizing its heap for a server with clients), then",
            Invariant($"{block:N0} more{(quick ? " (short mode; 1,000 in a full run)" : "")}; resident memory (VmRSS from /proc) once it"),
            "settled, before and after those, divided by their number. Reception: desks as the SignalR .NET client over WebSockets with",
            "desk1's token, each subscribed to the demo branch. Raw: ClientWebSockets to a minimal ASP.NET Core app that reads each",
            "socket with a 4 KB buffer, started from the benchmark's own executable with the same Server GC setting. RSS counts",
            "everything the clients made the process keep: GC heap growth, Kestrel's and SignalR's buffers and pools, native memory;",
            "not the managed heap alone. Reception's grows in steps of about 14 MB every few hundred desks as the GC takes memory,",
            "so a block of 1,000 reads within about ±10 KB per desk of the trend; one of 300 (short mode) holds a whole step or none",
            "and reads far from it: judge the target on a full run.",
            "Without file-backed and shared pages (RssAnon):",
            Invariant($"Reception {Stats.Of(reception.Select(s => s.AnonymousPerClient)).Median:F1} KB, raw {Stats.Of(raw.Select(s => s.AnonymousPerClient)).Median:F1} KB per client.") +
            (reception.Concat(raw).All(s => s.Settled) ? "" : Invariant($" Memory did not settle within {IdleClients.SettleLimit.TotalSeconds:F0} s in some samples (the log says which).")));

    private sealed class RawClient(ClientWebSocket socket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
