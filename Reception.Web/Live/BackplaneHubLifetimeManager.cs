using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;

namespace Reception.Web.Live;

/// <summary>
/// The Redis backplane when Redis is there, this instance's own connections when it is not.
/// Invariants:
/// - a send goes through Redis while it is connected; when it is not, or the publish fails, the
///   connections of this instance still get it (another instance's desks notice the gap later and pull);
/// - a connection or group joined while Redis is away is registered with Redis once it is back
///   (within half a second, and always before the next send), without the client reconnecting;
/// - Redis is never asked to register anything while it is away. RedisHubLifetimeManager would
///   keep a subscription whose SUBSCRIBE failed, with no handler, and never retry it: that group
///   would stay deaf on this instance. The same holds for its start-up subscriptions, which is
///   why it is created only once Redis has answered.
/// </summary>
public sealed partial class BackplaneHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    private static readonly TimeSpan ResyncEvery = TimeSpan.FromMilliseconds(500);

    private readonly DefaultHubLifetimeManager<THub> _local;
    private readonly IServiceProvider _services;
    private readonly RedisConnection _redis;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Member> _members = new();
    private readonly ConcurrentDictionary<string, Member> _unsynced = new();
    private readonly CancellationTokenSource _stopping = new();
    private RedisHubLifetimeManager<THub>? _backplane;

    public BackplaneHubLifetimeManager(DefaultHubLifetimeManager<THub> local, IServiceProvider services, RedisConnection redis,
        ILogger<BackplaneHubLifetimeManager<THub>> logger)
    {
        _local = local;
        _services = services;
        _redis = redis;
        _logger = logger;
        _ = ResyncInBackgroundAsync(_stopping.Token);
    }

    /// <summary>The Redis side, or null while Redis is away.</summary>
    private RedisHubLifetimeManager<THub>? Backplane =>
        _redis.IsConnected ? _backplane ??= _services.GetRequiredService<RedisHubLifetimeManager<THub>>() : null;

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await _local.OnConnectedAsync(connection);
        var member = new Member(connection);
        _members[connection.ConnectionId] = member;
        await member.Gate.WaitAsync();
        try
        {
            if (!await TrySyncLockedAsync(member))
            {
                _unsynced[connection.ConnectionId] = member;
            }
        }
        finally
        {
            member.Gate.Release();
        }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        await _local.OnDisconnectedAsync(connection);
        if (!_members.TryRemove(connection.ConnectionId, out var member))
        {
            return;
        }

        await member.Gate.WaitAsync();
        try
        {
            member.Gone = true;
            _unsynced.TryRemove(connection.ConnectionId, out _);
            if (member.KnownToRedis)
            {
                // Also while Redis is away: it clears the manager's own bookkeeping; the unsubscribe may fail.
                await TryRedisAsync(() => _backplane!.OnDisconnectedAsync(connection), "disconnect");
            }
        }
        finally
        {
            member.Gate.Release();
        }
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(connectionId, groupName, add: true, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(connectionId, groupName, add: false, cancellationToken);

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllAsync(methodName, args, cancellationToken), "all");

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds,
        CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken), "all");

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        _members.ContainsKey(connectionId)
            ? _local.SendConnectionAsync(connectionId, methodName, args, cancellationToken)
            : SendAsync(m => m.SendConnectionAsync(connectionId, methodName, args, cancellationToken), "connection");

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken), "connections");

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupAsync(groupName, methodName, args, cancellationToken), groupName);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupsAsync(groupNames, methodName, args, cancellationToken), string.Join(",", groupNames));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args,
        IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken), groupName);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUserAsync(userId, methodName, args, cancellationToken), "user");

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUsersAsync(userIds, methodName, args, cancellationToken), "users");

    // Client results: a local connection is asked directly; its answer goes back to whichever side asked.
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args,
        CancellationToken cancellationToken) =>
        _members.ContainsKey(connectionId) || Backplane is not { } backplane
            ? _local.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken)
            : backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        _backplane is { } backplane && backplane.TryGetReturnType(result.InvocationId!, out _)
            ? backplane.SetConnectionResultAsync(connectionId, result)
            : _local.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [NotNullWhen(true)] out Type? type) =>
        _local.TryGetReturnType(invocationId, out type) || _backplane?.TryGetReturnType(invocationId, out type) == true;

    private async Task SendAsync(Func<HubLifetimeManager<THub>, Task> send, string target)
    {
        if (!_unsynced.IsEmpty && _redis.IsConnected)
        {
            await ResyncAsync();
        }

        if (Backplane is { } backplane)
        {
            try
            {
                await send(backplane);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SentLocally(_logger, target, e);
            }
        }

        await send(_local);
    }

    private async Task ChangeGroupAsync(string connectionId, string groupName, bool add, CancellationToken cancellationToken)
    {
        if (add)
        {
            await _local.AddToGroupAsync(connectionId, groupName, cancellationToken);
        }
        else
        {
            await _local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        }

        if (!_members.TryGetValue(connectionId, out var member))
        {
            // A connection of another instance: only Redis can reach it.
            if (Backplane is { } backplane)
            {
                await (add
                    ? backplane.AddToGroupAsync(connectionId, groupName, cancellationToken)
                    : backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken));
            }

            return;
        }

        await member.Gate.WaitAsync(cancellationToken);
        try
        {
            if (add ? !member.Groups.Add(groupName) : !member.Groups.Remove(groupName))
            {
                return;
            }

            if (member.Gone || _unsynced.ContainsKey(connectionId))
            {
                return; // the resync registers the groups it has then
            }

            var synced = Backplane is { } backplane && await TryRedisAsync(() => add
                ? backplane.AddToGroupAsync(connectionId, groupName, cancellationToken)
                : backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken), "group");
            if (!synced)
            {
                _unsynced[connectionId] = member;
            }
        }
        finally
        {
            member.Gate.Release();
        }
    }

    /// <summary>Rebuilds Redis's view of one connection from scratch, so no half-made subscription survives.</summary>
    private async Task<bool> TrySyncLockedAsync(Member member)
    {
        if (Backplane is not { } backplane)
        {
            return false;
        }

        var connection = member.Connection;
        if (member.KnownToRedis)
        {
            // Best effort: it may fail on what a failed registration left half made, which is what goes now.
            await TryRedisAsync(() => backplane.OnDisconnectedAsync(connection), "reset");
        }

        member.KnownToRedis = true;
        if (!await TryRedisAsync(() => backplane.OnConnectedAsync(connection), "connect"))
        {
            return false;
        }

        foreach (var group in member.Groups)
        {
            if (!await TryRedisAsync(() => backplane.AddToGroupAsync(connection.ConnectionId, group), "group"))
            {
                return false;
            }
        }

        return true;
    }

    private async Task ResyncAsync()
    {
        var synced = 0;
        foreach (var (id, member) in _unsynced)
        {
            await member.Gate.WaitAsync();
            try
            {
                if (member.Gone || !_unsynced.ContainsKey(id))
                {
                    continue;
                }

                if (!await TrySyncLockedAsync(member))
                {
                    return;
                }

                _unsynced.TryRemove(id, out _);
                synced++;
            }
            finally
            {
                member.Gate.Release();
            }
        }

        if (synced > 0)
        {
            Log.Resynced(_logger, synced);
        }
    }

    // Polled rather than driven by Redis's "restored" event: that event can fire before anyone
    // listens (Redis answering during the first connect), and then nothing would ever resync.
    private async Task ResyncInBackgroundAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ResyncEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_unsynced.IsEmpty || !_redis.IsConnected)
                {
                    continue;
                }

                try
                {
                    await ResyncAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ResyncFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task<bool> TryRedisAsync(Func<Task> step, string what)
    {
        try
        {
            await step();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RedisStepFailed(_logger, what, e);
            return false;
        }
    }

    private sealed class Member(HubConnectionContext connection)
    {
        public HubConnectionContext Connection { get; } = connection;

        /// <summary>Serialises this connection's Redis registration: joins, leaves and a resync never interleave.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);

        /// <summary>RedisHubLifetimeManager has been told about it (and may hold half of it, after a failure).</summary>
        public bool KnownToRedis { get; set; }

        public bool Gone { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(4110, LogLevel.Debug, "Redis did not take a send to {Target}; delivered to this instance's connections only",
            EventName = "SentLocally")]
        public static partial void SentLocally(ILogger logger, string target, Exception exception);

        [LoggerMessage(4111, LogLevel.Debug, "Redis did not take a {Step} of a live connection; it is registered again when Redis is back",
            EventName = "RedisStepFailed")]
        public static partial void RedisStepFailed(ILogger logger, string step, Exception exception);

        [LoggerMessage(4112, LogLevel.Information, "Registered {Count} live connection(s) with Redis that joined while it was away",
            EventName = "ConnectionsResynced")]
        public static partial void Resynced(ILogger logger, int count);

        [LoggerMessage(4113, LogLevel.Warning, "Registering live connections with Redis after an outage failed; trying again shortly",
            EventName = "ResyncFailed")]
        public static partial void ResyncFailed(ILogger logger, Exception exception);
    }
}
