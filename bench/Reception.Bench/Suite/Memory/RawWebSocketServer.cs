using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Reception.Bench.Suite.Memory;

/// <summary>
/// The memory scenario's baseline: about the least an ASP.NET Core process holds per open WebSocket.
/// It is this benchmark's own executable started again in a hidden mode (<see cref="Flag"/>), so it
/// runs on the same runtime and GC settings as Reception.Web (Server GC, as ASP.NET Core apps default
/// to: both runtimeconfig.json files say so). Disposing kills it.
/// </summary>
internal sealed class RawWebSocketServer : IAsyncDisposable
{
    public const string Flag = "--raw-websocket-server";
    private const string SocketPath = "/ws";

    private readonly Process _process;

    private RawWebSocketServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>ws://127.0.0.1:port/ws</summary>
    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// The child: Kestrel on a free loopback port, one endpoint that accepts a WebSocket and reads
    /// until the client closes it (with a 4 KB buffer per socket, as the ASP.NET Core WebSockets
    /// sample does). Prints its address, then serves until its standard input closes, which also
    /// happens when the benchmark dies.
    /// </summary>
    public static async Task<int> ServeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseWebSockets();
        app.Map(SocketPath, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4 * 1024];
            try
            {
                while ((await socket.ReceiveAsync(buffer, context.RequestAborted)).MessageType != WebSocketMessageType.Close)
                {
                }

                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The client went away without a close handshake.
            }
        });

        await app.StartAsync();
        Console.WriteLine(app.Urls.Single());
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts the child and waits until it prints the address it listens on.</summary>
    public static async Task<RawWebSocketServer> StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(RawWebSocketServer).Assembly.Location, Flag },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new BenchFailure("Could not start the raw WebSocket server.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var listening = await process.StandardOutput.ReadLineAsync(timeout.Token)
                            ?? throw new BenchFailure("The raw WebSocket server exited before it listened.");
            return new RawWebSocketServer(process, new UriBuilder(listening) { Scheme = "ws", Path = SocketPath }.Uri);
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    public ValueTask DisposeAsync() => StopAsync(_process);

    private static async ValueTask StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
    }
}
