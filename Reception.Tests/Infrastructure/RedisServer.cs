using System.Net;
using System.Net.Sockets;
using System.Text;
using Reception.Testing.Processes;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// Redis for the multi-instance tests: the shared throwaway server that scripts/test.sh starts, or a
/// private redis-server on a free port that a test may stop and start again (same port, no data).
/// Missing = a failing test, never a skipped one.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Variable = "RECEPTION_TEST_REDIS";

    private ChildProcess? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server scripts/test.sh started (host:port).</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException(
                $"{Variable} is not set, so there is no Redis to test against. Run the suite with `bash scripts/test.sh`, which installs and starts a throwaway Redis.");

    public static async Task<RedisServer> StartPrivateAsync(CancellationToken cancellationToken)
    {
        var server = Reserve();
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>A private server's free port, with nothing listening on it until <see cref="StartAsync"/>.</summary>
    public static RedisServer Reserve() => new(Tool.FreePort());

    /// <summary>How many connections (here: instances) are subscribed to <paramref name="channel"/>.</summary>
    public async Task<int> SubscribersAsync(string channel, CancellationToken cancellationToken) =>
        int.Parse((await CommandAsync(cancellationToken, "PUBSUB", "NUMSUB", channel)).Split(' ')[^1]);

    /// <summary>Waits until <paramref name="count"/> connections are subscribed to <paramref name="channel"/>.</summary>
    public async Task WaitForSubscribersAsync(string channel, int count, CancellationToken cancellationToken)
    {
        try
        {
            while (await SubscribersAsync(channel, cancellationToken) != count)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException e)
        {
            var channels = await CommandAsync(CancellationToken.None, "PUBSUB", "CHANNELS");
            throw new TimeoutException($"{channel} never had {count} subscribers; channels: {channels}", e);
        }
    }

    /// <summary>Starts (again) on the same port and waits until it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _process = RedisProcess.Start(Port, "redis-server is not installed. Run the suite with `bash scripts/test.sh`, which installs it.");
        while (true)
        {
            try
            {
                if (await CommandAsync(cancellationToken, "PING") == "PONG")
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} on port {Port}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Kills the server at once, as a crash or a lost host would: its clients see the connection drop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One command over RESP; answers a simple string, an integer, or the elements of an array of
    /// bulk strings and integers joined by spaces (enough for PING and PUBSUB NUMSUB).
    /// </summary>
    public Task<string> CommandAsync(CancellationToken cancellationToken, params string[] command) =>
        CommandAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken, command);

    public static async Task<string> CommandAsync(EndPoint endPoint, CancellationToken cancellationToken, params string[] command)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = new StringBuilder($"*{command.Length}\r\n");
        foreach (var part in command)
        {
            request.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await ReadAsync(reader, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await StopAsync(timeout.Token);
    }

    private static async Task<string> ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("Redis closed the connection.");
        switch (line[0])
        {
            case '+':
            case ':':
                return line[1..];
            case '-':
                throw new IOException("Redis: " + line[1..]);
            case '$':
                return int.Parse(line[1..]) < 0 ? "" : await reader.ReadLineAsync(cancellationToken) ?? "";
            case '*':
                var parts = new List<string>();
                for (var i = int.Parse(line[1..]); i > 0; i--)
                {
                    parts.Add(await ReadAsync(reader, cancellationToken));
                }

                return string.Join(' ', parts);
            default:
                throw new IOException("Unexpected reply from Redis: " + line);
        }
    }
}
