using StackExchange.Redis;

namespace Reception.Web.Live;

/// <summary>
/// This instance's one Redis connection, shared by the SignalR backplane and readiness.
/// Redis is optional at every moment. Invariants:
/// - start-up never waits for it: the first connect runs in the background (AbortOnConnectFail off);
/// - while it is away, a command fails at once (BacklogPolicy.FailFast) instead of queueing until a
///   timeout, so a push never waits for Redis: the backplane falls back to this instance's connections;
/// - it reconnects by itself, within about two seconds of Redis answering again.
/// </summary>
public sealed partial class RedisConnection(ConfigurationOptions options, ILogger<RedisConnection> logger)
    : IHostedService, IDisposable
{
    public const string ConnectionStringName = "Redis";

    /// <summary>Prefix of every SignalR channel: instances that should hear each other share it.</summary>
    public const string ChannelPrefixKey = "Reception:Redis:ChannelPrefix";

    // The connection string may override any of these (its values come later and win).
    private const string Defaults = "abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000,keepAlive=10";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource<IConnectionMultiplexer> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>The options for <c>ConnectionStrings:Redis</c>, or null when it is not set (a single instance).</summary>
    public static ConfigurationOptions? OptionsFrom(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ConnectionStringName) is not { Length: > 0 } connectionString)
        {
            return null;
        }

        var parsed = ConfigurationOptions.Parse(Defaults + "," + connectionString);
        parsed.BacklogPolicy = BacklogPolicy.FailFast;
        parsed.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        if (configuration[ChannelPrefixKey] is { Length: > 0 } prefix)
        {
            parsed.ChannelPrefix = RedisChannel.Literal(prefix);
        }

        return parsed;
    }

    public ConfigurationOptions Options => options;

    /// <summary>Publishing works and this instance's subscriptions receive.</summary>
    public bool IsConnected => _multiplexer is { IsConnected: true } m && m.GetSubscriber().IsConnected();

    /// <summary>For readiness: throws until the first connect attempt has finished.</summary>
    public IConnectionMultiplexer Multiplexer =>
        _multiplexer ?? throw new InvalidOperationException("The connection to Redis is still being opened.");

    public async Task<IConnectionMultiplexer> ConnectAsync(TextWriter? log = null)
    {
        if (_multiplexer is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync();
        try
        {
            if (_multiplexer is null)
            {
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(options, log);
                multiplexer.ConnectionFailed += OnFailed;
                multiplexer.ConnectionRestored += OnRestored;
                if (!multiplexer.IsConnected)
                {
                    Log.Unreachable(logger, string.Join(", ", options.EndPoints));
                }

                _multiplexer = multiplexer;
                _connected.TrySetResult(multiplexer);
            }

            return _multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="use"/> with the connection once it exists (now, if it does): Redis tracing.</summary>
    public void WhenConnected(Action<IConnectionMultiplexer> use) =>
        _connected.Task.ContinueWith(t => use(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);

    // Deliberately not awaited: an instance without Redis starts and serves its own connections.
    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await ConnectAsync();
            }
            catch (Exception e)
            {
                Log.ConnectFailed(logger, e);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _multiplexer?.Dispose();
        _gate.Dispose();
    }

    // Each event comes once per physical connection; the subscription one is what the backplane lives on.
    private void OnFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Log.Lost(logger, e.FailureType.ToString(), e.Exception);
        }
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Log.Back(logger);
        }
    }

    // Event ids 4101-4199 belong to the Redis backplane (4001-4099: the rest of Reception.Web.Live).
    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Warning,
            "Redis at {EndPoints} does not answer: this instance serves its own live connections only, and keeps trying",
            EventName = "RedisUnreachable")]
        public static partial void Unreachable(ILogger logger, string endPoints);

        [LoggerMessage(4102, LogLevel.Warning,
            "Lost Redis ({FailureType}): live changes reach only this instance's connections until it is back; the others catch up by pulling",
            EventName = "RedisLost")]
        public static partial void Lost(ILogger logger, string failureType, Exception? exception);

        [LoggerMessage(4103, LogLevel.Information, "Redis is back: live changes reach every instance again", EventName = "RedisBack")]
        public static partial void Back(ILogger logger);

        [LoggerMessage(4104, LogLevel.Error, "Connecting to Redis failed; the backplane is off", EventName = "RedisConnectFailed")]
        public static partial void ConnectFailed(ILogger logger, Exception exception);
    }
}
